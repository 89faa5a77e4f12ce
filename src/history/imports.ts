/**
 * Limits on imported replays, which a user can otherwise add to D1 without end: a storage quota
 * per importer (compact log bytes, checked in the same statement that inserts the game, so
 * concurrent imports cannot overshoot it), deletion by the importer, and a retention period after
 * which the daily cron removes them. Imported games never count for stats, so removing one changes
 * nobody's numbers.
 */
import { and, eq, lt, type SQL, sql } from "drizzle-orm";
import { type Db, db } from "../db/client";
import { gameRecords } from "../db/schema/index";
import type { AuthUser } from "../http/app-env";
import { ApiError } from "../http/errors";
import { type PreparedGame, storeUncounted } from "./record";
import { notFound } from "./store";

/** Compact log bytes one user may keep in imported games (the export of ~300 nine-hole Golf games). */
export const IMPORT_QUOTA_BYTES = 8 * 1024 * 1024;
/** Imported games are deleted this long after their import. */
export const IMPORT_RETENTION_MS = 180 * 24 * 60 * 60 * 1000;

const usedBy = (userId: string): SQL =>
  sql`(SELECT COALESCE(SUM(${gameRecords.logBytes}), 0) FROM ${gameRecords} WHERE ${gameRecords.imported} = 1 AND ${gameRecords.importedBy} = ${userId})`;

/** Stores an imported game unless it would take the importer over the quota (409 `import_quota_exceeded`). */
export async function storeImport(d: Db, prepared: PreparedGame, userId: string): Promise<void> {
  const bytes = prepared.row.logBytes ?? 0;
  if (await storeUncounted(d, prepared, sql`${usedBy(userId)} + ${bytes} <= ${IMPORT_QUOTA_BYTES}`)) return;
  const [row] = await d.all<{ used: number }>(sql`SELECT ${usedBy(userId)} AS used`);
  throw new ApiError(
    409,
    "import_quota_exceeded",
    `imported replays are limited to ${IMPORT_QUOTA_BYTES} bytes per user; delete some first`,
    {
      usedBytes: row?.used ?? 0,
      documentBytes: bytes,
      limitBytes: IMPORT_QUOTA_BYTES,
    },
  );
}

/** Deletes an imported game (its importer or an admin); games recorded by rooms cannot be deleted. */
export async function deleteImport(d: Db, id: string, user: AuthUser): Promise<void> {
  const row = (
    await d
      .select({ imported: gameRecords.imported, importedBy: gameRecords.importedBy })
      .from(gameRecords)
      .where(eq(gameRecords.id, id))
      .limit(1)
  )[0];
  if (!row) throw notFound();
  if (!row.imported) throw new ApiError(409, "not_imported", "only imported games can be deleted");
  if (row.importedBy !== user.id && user.role !== "admin") throw ApiError.of("forbidden", "only the importer can delete an imported game");
  // Players, share codes and log chunks go with it (ON DELETE CASCADE).
  await d.delete(gameRecords).where(and(eq(gameRecords.id, id), eq(gameRecords.imported, true)));
}

/** The retention rule, for the daily cron: deletes imported games older than the retention period. */
export async function purgeOldImports(env: Pick<Env, "DB">, now = Date.now()): Promise<number> {
  const res = await db(env)
    .delete(gameRecords)
    .where(and(eq(gameRecords.imported, true), eq(gameRecords.counted, false), lt(gameRecords.recordedAt, now - IMPORT_RETENTION_MS)));
  return res.meta.changes ?? 0;
}
