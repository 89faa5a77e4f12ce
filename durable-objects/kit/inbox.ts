import type { DoMigration } from "./migrations";
import type { Timers } from "./timers";

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

/**
 * Inbox records are kept 30 days: a sender retries at most every 5 minutes, so a duplicate can
 * only come later if its object was down for a month (docs/universe-cross-shard.md §2).
 */
export const INBOX_RETENTION_MS = 30 * 24 * 3_600_000;
/** Key and kind of the daily timer that prunes the inbox. */
export const INBOX_PRUNE_TIMER = "inbox-prune";
const DAY_MS = 24 * 3_600_000;

/** Puts the daily prune in place if it is not: call it wherever an object records effects. */
export function keepInboxPruned(timers: Timers, now: number): void {
  if (!timers.get(INBOX_PRUNE_TIMER)) timers.schedule(INBOX_PRUNE_TIMER, now + DAY_MS, INBOX_PRUNE_TIMER);
}

/** The prune timer's handler: drops records older than the retention and comes back in a day. */
export function pruneInbox(storage: DurableObjectStorage, timers: Timers, now: number): number {
  const n = storage.sql.exec("DELETE FROM _inbox WHERE received_at < ?", now - INBOX_RETENTION_MS).rowsWritten;
  timers.schedule(INBOX_PRUNE_TIMER, now + DAY_MS, INBOX_PRUNE_TIMER);
  return n;
}
