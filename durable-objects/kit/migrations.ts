/**
 * Versioned schema migrations for a Durable Object's SQLite storage. They run in the constructor
 * so no request or alarm ever sees an old schema, and each one commits with its version row.
 * Every version not yet recorded runs, in version order; so kit migrations (below 100) and an
 * object's own (100 and up) must not depend on each other, as a new kit migration can run after
 * an object's later ones.
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
  // A set, not MAX(version): a kit migration added later (say 3) must still reach every object
  // that has already applied its own versions from 100 up.
  const applied = new Set(sql.exec<{ version: number }>("SELECT version FROM _migrations").toArray().map((r) => r.version));
  const pending = migrations.filter((m) => !applied.has(m.version)).sort((a, b) => a.version - b.version);
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
