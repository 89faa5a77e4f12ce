/**
 * Replay share codes: 12 URL-safe characters (72 random bits) that open one game's replay to
 * anyone. A code lasts until it expires or its creator (or an admin) revokes it. Expired codes
 * answer 410 `share_expired` once, are deleted on that read, and `purgeExpiredShares` sweeps the
 * rest for a scheduled caller.
 */
import { and, asc, desc, eq, gt, isNull, lte, or, sql } from "drizzle-orm";
import { type Db, db } from "../db/client";
import { isUniqueViolation } from "../db/errors";
import { type ReplayShareRow, replayShares } from "../db/schema/index";
import type { AuthUser } from "../http/app-env";
import { ApiError } from "../http/errors";
import { randomToken } from "../lib/encoding";
import { SHARE_CODE_PATTERN } from "./schemas";

const DAY_MS = 24 * 60 * 60 * 1000;

/** 9 random bytes are exactly 12 base64url characters. */
export function newShareCode(): string {
  return randomToken(9);
}

export function shareOf(row: ReplayShareRow) {
  return {
    code: row.code,
    gameId: row.gameId,
    title: row.title,
    description: row.description,
    views: row.views,
    createdAt: row.createdAt,
    expiresAt: row.expiresAt,
    url: `/v1/replays/${row.code}`,
  };
}

export async function createShare(
  d: Db,
  input: { gameId: string; createdBy: string; expiresInDays?: number; title?: string; description?: string },
  now: number,
): Promise<ReplayShareRow> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const row: ReplayShareRow = {
      code: newShareCode(),
      gameId: input.gameId,
      createdBy: input.createdBy,
      title: input.title ?? null,
      description: input.description || null,
      views: 0,
      createdAt: now,
      expiresAt: input.expiresInDays === undefined ? null : now + input.expiresInDays * DAY_MS,
    };
    try {
      await d.insert(replayShares).values(row);
      return row;
    } catch (e) {
      if (!isUniqueViolation(e)) throw e;
    }
  }
  throw new Error("could not draw a free share code");
}

const expired = (row: ReplayShareRow, now: number) => row.expiresAt !== null && row.expiresAt <= now;

/** The live share with this code; an expired one is deleted and answered with 410 `share_expired`. */
export async function resolveShare(d: Db, code: string, now: number): Promise<ReplayShareRow> {
  const row = SHARE_CODE_PATTERN.test(code)
    ? (await d.select().from(replayShares).where(eq(replayShares.code, code)).limit(1))[0]
    : undefined;
  if (!row) throw new ApiError(404, "share_not_found", "no such share code (it may have been revoked)");
  if (expired(row, now)) {
    await d.delete(replayShares).where(eq(replayShares.code, code));
    throw new ApiError(410, "share_expired", "this share code has expired", { expiredAt: row.expiresAt });
  }
  return row;
}

/** Counts one view and returns the share with its new count. */
export async function countView(d: Db, row: ReplayShareRow): Promise<ReplayShareRow> {
  const [updated] = await d
    .update(replayShares)
    .set({ views: sql`${replayShares.views} + 1` })
    .where(eq(replayShares.code, row.code))
    .returning();
  return updated ?? row;
}

export async function revokeShare(d: Db, code: string, user: AuthUser, now: number): Promise<void> {
  const row = await resolveShare(d, code, now);
  if (row.createdBy !== user.id && user.role !== "admin")
    throw ApiError.of("forbidden", "only the creator of a share code or an admin can revoke it");
  await d.delete(replayShares).where(eq(replayShares.code, code));
}

/** A user's live share codes, newest first; the user's expired ones are purged on the way. */
export async function listSharesOf(d: Db, userId: string, now: number): Promise<ReplayShareRow[]> {
  await d.delete(replayShares).where(and(eq(replayShares.createdBy, userId), lte(replayShares.expiresAt, now)));
  return d
    .select()
    .from(replayShares)
    .where(and(eq(replayShares.createdBy, userId), or(isNull(replayShares.expiresAt), gt(replayShares.expiresAt, now))))
    .orderBy(desc(replayShares.createdAt), asc(replayShares.code));
}

/** Deletes every expired share code; returns how many. For a cron trigger or an alarm. */
export async function purgeExpiredShares(env: Pick<Env, "DB">, now = Date.now()): Promise<number> {
  const res = await db(env).delete(replayShares).where(lte(replayShares.expiresAt, now));
  return res.meta.changes ?? 0;
}
