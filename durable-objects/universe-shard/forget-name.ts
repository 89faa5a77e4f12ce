import { type NameChange, renamedStored } from "../../src/universe/name-change";

/*
 * Account deletion renames a player in every object of the universe that may hold a copy of the
 * name (src/universe/accounts.ts). The copies are too many to list (an arrival's owner, report
 * parties, notices, unions, holders, missiles, outbox payloads, inbox answers, timer payloads),
 * and a list would miss the next table, so every text column of every table of the object is
 * searched: rows whose text holds the old name are rewritten by the rule of name-change.ts.
 */

/** The workerd tables (`_cf_…`: the KV's own) and SQLite's hold no game data. */
const SKIP = /^(_cf_|sqlite_)|^_migrations$/;

/** SQLite's text affinity (and no declared type, which may hold text too). */
const TEXT_AFFINITY = /TEXT|CHAR|CLOB|^$/i;

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
      const columns = storage.sql
        .exec<{ name: string; type: string }>("SELECT name, type FROM pragma_table_info(?)", table)
        .toArray()
        .filter((c) => TEXT_AFFINITY.test(c.type))
        .map((c) => c.name);
      for (const column of columns) changed += renameColumn(storage.sql, table, column, change);
    }
  });
  return changed;
}

function renameColumn(sql: SqlStorage, table: string, column: string, change: NameChange): number {
  const rows = sql
    .exec<Record<string, SqlStorageValue>>(`SELECT rowid AS _row, * FROM "${table}" WHERE instr("${column}", ?) > 0`, change.from)
    .toArray();
  let changed = 0;
  for (const row of rows) {
    const next = renamedStored(String(row[column]), column, row, change);
    if (next === null) continue;
    sql.exec(`UPDATE "${table}" SET "${column}" = ? WHERE rowid = ?`, next, row._row);
    changed += 1;
  }
  return changed;
}
