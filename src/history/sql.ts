/** Conditional writes drizzle's builders cannot express: `INSERT … SELECT … WHERE guard ON CONFLICT …`. */
import { getTableColumns, type SQL, sql } from "drizzle-orm";
import type { SQLiteTable } from "drizzle-orm/sqlite-core";
import type { Db } from "../db/client";

type Values<T extends SQLiteTable> = { [K in keyof T["$inferInsert"]]?: T["$inferInsert"][K] };

function entries<T extends SQLiteTable>(table: T, values: Values<T>) {
  const columns = getTableColumns(table) as Record<string, Parameters<typeof sql.param>[1] & { name: string }>;
  return Object.entries(values)
    .filter(([, v]) => v !== undefined)
    .map(([key, value]) => {
      const column = columns[key];
      if (!column) throw new Error(`${key} is not a column`);
      return { column, value };
    });
}

/**
 * One row, written only when `where` holds. SQLite needs the WHERE before an upsert clause anyway,
 * and values go through the columns' encoders (JSON, booleans) like the query builders do.
 */
export function insertWhere<T extends SQLiteTable>(table: T, values: Values<T>, where: SQL, onConflict: SQL): SQL {
  const e = entries(table, values);
  const names = sql.join(
    e.map(({ column }) => sql.identifier(column.name)),
    sql`, `,
  );
  const params = sql.join(
    e.map(({ column, value }) => sql.param(value, column)),
    sql`, `,
  );
  return sql`INSERT INTO ${table} (${names}) SELECT ${params} WHERE ${where} ${onConflict}`;
}

/** Several rows of one table, written only when `where` holds. */
export function insertManyWhere<T extends SQLiteTable>(table: T, rows: Values<T>[], where: SQL, onConflict: SQL): SQL {
  const first = entries(table, rows[0] as Values<T>);
  const names = sql.join(
    first.map(({ column }) => sql.identifier(column.name)),
    sql`, `,
  );
  const tuples = sql.join(
    rows.map(
      (row) =>
        sql`(${sql.join(
          entries(table, row).map(({ column, value }) => sql.param(value, column)),
          sql`, `,
        )})`,
    ),
    sql`, `,
  );
  const picks = sql.raw(first.map((_, i) => `column${i + 1}`).join(", "));
  return sql`INSERT INTO ${table} (${names}) SELECT ${picks} FROM (VALUES ${tuples}) WHERE ${where} ${onConflict}`;
}

/** `SET a = excluded.a, …` for an upsert that overwrites every given column but the keys. */
export function setExcluded<T extends SQLiteTable>(table: T, values: Values<T>, keys: readonly string[]): SQL {
  const e = entries(table, values).filter(({ column }) => !keys.includes(column.name));
  return sql.join(
    e.map(({ column }) => sql`${sql.identifier(column.name)} = excluded.${sql.identifier(column.name)}`),
    sql`, `,
  );
}

/**
 * Runs raw statements as one D1 batch (one transaction). drizzle's own `batch` cannot take raw
 * SQL with parameters, so the statements are rendered by drizzle (encoders included) and bound
 * on the D1 client directly.
 */
export async function runBatch(d: Db, statements: readonly SQL[]): Promise<D1Result[]> {
  const prepared = statements.map((s) => {
    const q = d.run(s).getQuery();
    return d.$client.prepare(q.sql).bind(...q.params);
  });
  return d.$client.batch(prepared);
}
