/**
 * Versioned schema migrations for a Durable Object's SQLite storage. They run in the constructor
 * so no request or alarm ever sees an old schema, and each one commits with its version row.
 */
export interface DoMigration {
  version: number;
  name: string;
  sql: string;
}

export function migrate(storage: DurableObjectStorage, migrations: readonly DoMigration[]): number {
  const sql = storage.sql;
  sql.exec(
    "CREATE TABLE IF NOT EXISTS _migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)",
  );
  const row = sql.exec<{ v: number | null }>("SELECT MAX(version) AS v FROM _migrations").one();
  const current = row.v ?? 0;
  const pending = [...migrations].filter((m) => m.version > current).sort((a, b) => a.version - b.version);
  for (const m of pending) {
    storage.transactionSync(() => {
      sql.exec(m.sql);
      sql.exec("INSERT INTO _migrations (version, name, applied_at) VALUES (?, ?, ?)", m.version, m.name, Date.now());
    });
  }
  return pending.length;
}

export function appliedMigrations(storage: DurableObjectStorage): { version: number; name: string }[] {
  return storage.sql
    .exec<{ version: number; name: string }>("SELECT version, name FROM _migrations ORDER BY version")
    .toArray();
}
