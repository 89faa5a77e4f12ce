import type { DoMigration } from "./migrations";

/**
 * Exactly-once effects for messages between objects: the sender attaches an idempotency key, the
 * receiver records it in the same transaction as the effect, and a retry returns the stored answer.
 */
export const INBOX_MIGRATION: DoMigration = {
  version: 2,
  name: "inbox",
  sql: `CREATE TABLE IF NOT EXISTS _inbox (
    key TEXT PRIMARY KEY,
    result TEXT NOT NULL,
    received_at INTEGER NOT NULL
  );`,
};

export function applyOnce<R>(storage: DurableObjectStorage, key: string, effect: () => R): { result: R; replayed: boolean } {
  return storage.transactionSync(() => {
    const seen = storage.sql.exec<{ result: string }>("SELECT result FROM _inbox WHERE key = ?", key).toArray()[0];
    if (seen) return { result: JSON.parse(seen.result) as R, replayed: true };
    const result = effect();
    storage.sql.exec(
      "INSERT INTO _inbox (key, result, received_at) VALUES (?, ?, ?)",
      key,
      JSON.stringify(result ?? null),
      Date.now(),
    );
    return { result, replayed: false };
  });
}

/** The result recorded under `key`, if an earlier call applied it (for a replay answered before any check). */
export function recordedResult<R>(storage: DurableObjectStorage, key: string): R | undefined {
  const seen = storage.sql.exec<{ result: string }>("SELECT result FROM _inbox WHERE key = ?", key).toArray()[0];
  return seen ? (JSON.parse(seen.result) as R) : undefined;
}
