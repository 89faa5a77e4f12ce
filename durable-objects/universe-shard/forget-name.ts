import { type NameChange, renamedCell } from "../../src/universe/name-change";

/*
 * Account deletion renames a player in every object of the universe that may hold a copy of the
 * name (src/universe/accounts.ts). JSON copies sit in many tables (fleets, arrivals, holders,
 * unions, missiles, reports, notices' data, outbox payloads, inbox answers, timer payloads), so
 * every text column of every table is read, and a future table is covered too; what changes is
 * only ever a person's name, by the rule of name-change.ts, never a value equal to it.
 */

/** The workerd tables (`_cf_…`: the KV's own) and SQLite's hold no game data. */
const SKIP = /^(_cf_|sqlite_)|^_migrations$/;

/** SQLite's text affinity (and no declared type, which may hold text too). */
const TEXT_AFFINITY = /TEXT|CHAR|CLOB|^$/i;

type Column = { name: string; type: string; pk: number };

/** Renames the player everywhere in this object's SQLite, in one transaction; answers the rows changed. Idempotent. */
export function forgetName(storage: DurableObjectStorage, change: NameChange): number {
  let changed = 0;
  storage.transactionSync(() => {
    const tables = storage.sql
      .exec<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'")
      .toArray()
      .map((t) => t.name)
      .filter((name) => !SKIP.test(name));
    for (const table of tables) {
      const columns = storage.sql.exec<Column>("SELECT name, type, pk FROM pragma_table_info(?)", table).toArray();
      // A WITHOUT ROWID table always has a primary key; a table without one has a rowid.
      const key = columns
        .filter((c) => c.pk > 0)
        .sort((a, b) => a.pk - b.pk)
        .map((c) => c.name);
      for (const c of columns) if (TEXT_AFFINITY.test(c.type)) changed += renameColumn(storage.sql, table, c.name, key, change);
    }
  });
  return changed;
}

function renameColumn(sql: SqlStorage, table: string, column: string, key: string[], change: NameChange): number {
  const where = key.length > 0 ? key.map((k) => `"${k}" IS ?`).join(" AND ") : "rowid = ?";
  const select = key.length > 0 ? "*" : "rowid AS _rowid, *";
  const rows = sql
    .exec<Record<string, SqlStorageValue>>(`SELECT ${select} FROM "${table}" WHERE instr("${column}", ?) > 0`, change.from)
    .toArray();
  let changed = 0;
  for (const row of rows) {
    const next = renamedCell(table, column, row, change);
    if (next === null) continue;
    const ids = key.length > 0 ? key.map((k) => row[k]) : [row._rowid];
    sql.exec(`UPDATE "${table}" SET "${column}" = ? WHERE ${where}`, next, ...ids);
    changed += 1;
  }
  return changed;
}
