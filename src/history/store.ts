/** D1 reads of game history, and the access rule for a game. */
import { and, asc, desc, eq, getTableColumns, type SQL, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { type GameRecordRow, gameLogChunks, gamePlayers, gameRecords, type RecordedAction } from "../db/schema/index";
import type { AuthUser } from "../http/app-env";
import { ApiError } from "../http/errors";
import { decodeLog, isChunked } from "./log-codec";
import { GAME_ID_PATTERN } from "./schemas";

/** Every column but the log and the recording nonce: what lists of games select. */
const { log: _log, recordToken: _token, ...summaryColumns } = getTableColumns(gameRecords);

export { summaryColumns };

export type GameSummaryRow = Omit<GameRecordRow, "log" | "recordToken">;

/** A game with its action log decoded (chunks joined). */
export type GameWithLog = Omit<GameRecordRow, "log"> & { log: RecordedAction[] };

export async function findGameRecord(d: Db, id: string): Promise<GameWithLog | undefined> {
  if (!GAME_ID_PATTERN.test(id)) return undefined;
  const row = (await d.select().from(gameRecords).where(eq(gameRecords.id, id)).limit(1))[0];
  if (!row) return undefined;
  const chunks = isChunked(row.log)
    ? (
        await d.select({ data: gameLogChunks.data }).from(gameLogChunks).where(eq(gameLogChunks.gameId, id)).orderBy(asc(gameLogChunks.idx))
      ).map((c) => c.data)
    : [];
  return { ...row, log: decodeLog(row.log, chunks) };
}

export async function findGameSummary(d: Db, id: string): Promise<GameSummaryRow | undefined> {
  if (!GAME_ID_PATTERN.test(id)) return undefined;
  return (await d.select(summaryColumns).from(gameRecords).where(eq(gameRecords.id, id)).limit(1))[0];
}

export async function isMember(d: Db, gameId: string, userId: string): Promise<boolean> {
  const rows = await d
    .select({ userId: gamePlayers.userId })
    .from(gamePlayers)
    .where(and(eq(gamePlayers.gameId, gameId), eq(gamePlayers.userId, userId)))
    .limit(1);
  return rows.length > 0;
}

/** Players of a game (and the importer of an imported one) and admins may read it; anyone else gets 403. */
export async function assertCanRead(d: Db, gameId: string, user: AuthUser | undefined): Promise<void> {
  if (!user) throw ApiError.of("unauthorized", "sign in, or use a share code of this game");
  if (user.role === "admin") return;
  if (!(await isMember(d, gameId, user.id))) throw ApiError.of("forbidden", "only the players of this game can see it");
}

export function notFound(): ApiError {
  return ApiError.of("not_found", "no such game");
}

/** `endedAt.id` of the last game of a page; the next page starts strictly after it (older). */
function cursorOf(row: { endedAt: number; id: string }): string {
  return `${row.endedAt}.${row.id}`;
}

export function parseCursor(text: string): { endedAt: number; id: string } | null {
  const m = /^(\d{1,16})\.([A-Za-z0-9_-]{1,64})$/.exec(text);
  return m ? { endedAt: Number(m[1]), id: m[2] as string } : null;
}

/** A user's games, newest first (by end time), in keyset pages. */
export async function listGamesOf(d: Db, userId: string, opts: { limit: number; before?: string; game?: string }) {
  const cursor = opts.before === undefined ? null : parseCursor(opts.before);
  if (opts.before !== undefined && !cursor) {
    throw ApiError.of("invalid_request", "malformed cursor", [{ path: "query.before", code: "invalid_format", message: "use nextCursor" }]);
  }
  const where: (SQL | undefined)[] = [eq(gamePlayers.userId, userId)];
  if (cursor) where.push(sql`(${gamePlayers.endedAt}, ${gamePlayers.gameId}) < (${cursor.endedAt}, ${cursor.id})`);
  if (opts.game) where.push(eq(gameRecords.game, opts.game));
  const rows = await d
    .select({ ...summaryColumns, mySeat: gamePlayers.seat })
    .from(gamePlayers)
    .innerJoin(gameRecords, eq(gameRecords.id, gamePlayers.gameId))
    .where(and(...where))
    .orderBy(desc(gamePlayers.endedAt), desc(gamePlayers.gameId))
    .limit(opts.limit + 1);
  const page = rows.slice(0, opts.limit);
  const last = page.at(-1);
  return { rows: page, nextCursor: rows.length > opts.limit && last ? cursorOf(last) : null };
}

export function summaryOf(row: GameSummaryRow) {
  return {
    id: row.id,
    game: row.game,
    status: row.status,
    ranked: row.ranked,
    imported: row.imported,
    seats: row.seats,
    result: row.result ?? null,
    winnerSeat: row.winnerSeat,
    winnerUserId: row.winnerUserId,
    holesWon: row.holesWon ?? null,
    startedAt: row.startedAt,
    endedAt: row.endedAt,
    durationSeconds: row.durationMs / 1000,
    actionCount: row.actionCount,
  };
}

export function detailOf(row: GameSummaryRow) {
  return {
    ...summaryOf(row),
    options: row.options,
    seed: row.seed,
    importedFrom: row.importedFrom,
    counted: row.counted,
    replayable: row.replayError === null,
  };
}
