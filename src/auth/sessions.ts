import { and, desc, eq, gt, isNull, sql } from "drizzle-orm";
import type { Config } from "../config";
import type { Db } from "../db/client";
import { sessions, users } from "../db/schema/index";
import { randomToken, sha256Hex } from "../lib/encoding";
import { accountChanged } from "./account-cache";

const DAY_MS = 86_400_000;

export type EndAllReason = "logout_all" | "banned" | "password_reset" | "account_deleted";

export interface IssuedSession {
  familyId: string;
  refreshToken: string;
  expiresAt: number;
}

interface Client {
  userAgent: string | null;
  ipHash: string | null;
}

async function insertToken(d: Db, cfg: Config, userId: string, familyId: string, client: Client, now: number): Promise<IssuedSession> {
  const refreshToken = randomToken(32);
  const expiresAt = now + cfg.REFRESH_TOKEN_TTL_DAYS * DAY_MS;
  await d.insert(sessions).values({
    id: crypto.randomUUID(),
    userId,
    familyId,
    tokenHash: await sha256Hex(refreshToken),
    createdAt: now,
    expiresAt,
    lastUsedAt: now,
    userAgent: client.userAgent?.slice(0, 256) ?? null,
    ipHash: client.ipHash,
  });
  return { familyId, refreshToken, expiresAt };
}

export function startSession(d: Db, cfg: Config, userId: string, client: Client): Promise<IssuedSession> {
  return insertToken(d, cfg, userId, crypto.randomUUID(), client, Date.now());
}

export type RotateOutcome =
  | { kind: "rotated"; userId: string; session: IssuedSession }
  | { kind: "invalid" }
  | { kind: "reuse"; userId: string; familyId: string };

/**
 * Rotates a refresh token. Presenting a token that was already rotated means it leaked (or a
 * client raced itself): the whole family is revoked so the thief's copy dies with the original.
 */
export async function rotate(d: Db, cfg: Config, refreshToken: string, client: Client): Promise<RotateOutcome> {
  const now = Date.now();
  const row = await d.query.sessions.findFirst({ where: eq(sessions.tokenHash, await sha256Hex(refreshToken)) });
  if (!row) return { kind: "invalid" };
  if (row.revokedAt !== null) {
    if (row.revokedReason === "rotated") {
      await revokeFamily(d, row.familyId, "reuse_detected");
      return { kind: "reuse", userId: row.userId, familyId: row.familyId };
    }
    return { kind: "invalid" };
  }
  if (row.expiresAt <= now) return { kind: "invalid" };
  // The conditional update is the lock: of two concurrent rotations only one sees changes === 1.
  const claimed = await d
    .update(sessions)
    .set({ revokedAt: now, revokedReason: "rotated", lastUsedAt: now })
    .where(and(eq(sessions.id, row.id), isNull(sessions.revokedAt)));
  if (claimed.meta.changes !== 1) {
    await revokeFamily(d, row.familyId, "reuse_detected");
    return { kind: "reuse", userId: row.userId, familyId: row.familyId };
  }
  const session = await insertToken(d, cfg, row.userId, row.familyId, client, now);
  return { kind: "rotated", userId: row.userId, session };
}

export async function revokeFamily(
  d: Db,
  familyId: string,
  reason: "logout" | "revoked" | "reuse_detected" | "password_changed",
): Promise<number> {
  const res = await d
    .update(sessions)
    .set({ revokedAt: Date.now(), revokedReason: reason })
    .where(and(eq(sessions.familyId, familyId), isNull(sessions.revokedAt)));
  accountChanged();
  return res.meta.changes;
}

/** Revokes every live session of the user; returns the families that ended (one live token each). */
export async function revokeAllForUser(d: Db, userId: string, reason: EndAllReason): Promise<string[]> {
  const rows = await d
    .update(sessions)
    .set({ revokedAt: Date.now(), revokedReason: reason })
    .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt)))
    .returning({ familyId: sessions.familyId });
  accountChanged();
  return [...new Set(rows.map((r) => r.familyId))];
}

/** Live sessions, one per family (the family's current token). */
export async function listLiveSessions(d: Db, userId: string) {
  return d.query.sessions.findMany({
    where: and(eq(sessions.userId, userId), isNull(sessions.revokedAt), gt(sessions.expiresAt, Date.now())),
    orderBy: desc(sessions.lastUsedAt),
  });
}

/**
 * The account check's query, built once per client: the session cache reads it about every
 * SESSION_CACHE_MS for each active user, and drizzle would otherwise build the same SQL each time.
 */
const accountStateQueries = new WeakMap<Db, ReturnType<typeof prepareAccountState>>();

function prepareAccountState(d: Db) {
  return d
    .select({
      id: users.id,
      username: users.username,
      email: users.email,
      emailVerifiedAt: users.emailVerifiedAt,
      createdAt: users.createdAt,
      lastLoginAt: users.lastLoginAt,
      role: users.role,
      banned: users.banned,
      banReason: users.banReason,
      banExpiresAt: users.banExpiresAt,
      isGuest: users.isGuest,
      mutedUntil: users.mutedUntil,
      live: sql<number>`exists (select 1 from ${sessions} where ${sessions.familyId} = ${sql.placeholder("familyId")} and ${sessions.revokedAt} is null and ${sessions.expiresAt} > ${sql.placeholder("now")})`,
    })
    .from(users)
    .where(eq(users.id, sql.placeholder("userId")))
    .prepare();
}

/**
 * One round trip per authenticated request: the account's role and ban, whether the session
 * lives, and the public profile `GET /v1/auth/me` answers with (so it needs no read of its own).
 */
export async function accountState(d: Db, userId: string, familyId: string) {
  let query = accountStateQueries.get(d);
  if (!query) {
    query = prepareAccountState(d);
    accountStateQueries.set(d, query);
  }
  const [row] = await query.all({ userId, familyId, now: Date.now() });
  return row;
}
