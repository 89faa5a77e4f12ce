import { and, eq, gt, isNull, lt } from "drizzle-orm";
import type { Db } from "../db/client";
import { type AccountTokenRow, accountTokens } from "../db/schema/index";
import { ApiError } from "../http/errors";
import { hmacHex } from "../lib/encoding";

export type TokenKind = AccountTokenRow["kind"];

/** Expired rows are kept this long so a late click still answers `token_expired` rather than `invalid_token`. */
const KEEP_EXPIRED_MS = 7 * 86_400_000;

function mac(secret: string, row: Pick<AccountTokenRow, "id" | "kind" | "userId" | "email">): Promise<string> {
  return hmacHex(secret, `account-token:${row.kind}:${row.id}:${row.userId ?? "-"}:${row.email}`);
}

function sameText(a: string, b: string): boolean {
  const x = new TextEncoder().encode(a);
  const y = new TextEncoder().encode(b);
  return x.byteLength === y.byteLength && crypto.subtle.timingSafeEqual(x, y);
}

/**
 * Issues a single-use token `<id>.<mac>`: the MAC (keyed by the JWT secret) binds the id to its
 * kind, user and email, so a guessed id yields no working link; the row holds expiry and use.
 * Earlier unused tokens of the same kind for the user are spent, so only the newest mail works.
 */
export async function issueToken(
  d: Db,
  secret: string,
  input: { kind: TokenKind; userId: string | null; email: string; ttlMs: number },
  now = Date.now(),
): Promise<string> {
  const row = {
    id: crypto.randomUUID(),
    kind: input.kind,
    userId: input.userId,
    email: input.email,
    createdAt: now,
    expiresAt: now + input.ttlMs,
  };
  const insert = d.insert(accountTokens).values(row);
  if (input.userId) {
    const supersede = d
      .update(accountTokens)
      .set({ usedAt: now })
      .where(and(eq(accountTokens.userId, input.userId), eq(accountTokens.kind, input.kind), isNull(accountTokens.usedAt)));
    await d.batch([supersede, insert]);
  } else {
    await insert;
  }
  return `${row.id}.${await mac(secret, row)}`;
}

const invalid = () => new ApiError(400, "invalid_token", "the token is not valid");

/**
 * Spends a token: refused with 400 `invalid_token` (unknown, forged, another kind, or for no
 * account), 410 `token_used` or 410 `token_expired`. The conditional update is the lock: of two
 * concurrent redemptions only one spends it.
 */
export async function redeemToken(
  d: Db,
  secret: string,
  kind: TokenKind,
  token: string,
  now = Date.now(),
): Promise<AccountTokenRow & { userId: string }> {
  const [id, given] = token.split(".");
  if (!id || !given) throw invalid();
  const row = await d.query.accountTokens.findFirst({ where: eq(accountTokens.id, id) });
  if (!row || row.kind !== kind || !sameText(await mac(secret, row), given) || row.userId === null) throw invalid();
  if (row.usedAt !== null) throw new ApiError(410, "token_used", "the token was already used (or a newer one was sent)");
  if (row.expiresAt <= now)
    throw new ApiError(410, "token_expired", "the token has expired; ask for a new one", { expiredAt: row.expiresAt });
  const spent = await d
    .update(accountTokens)
    .set({ usedAt: now })
    .where(and(eq(accountTokens.id, id), isNull(accountTokens.usedAt), gt(accountTokens.expiresAt, now)));
  if (spent.meta.changes !== 1) throw new ApiError(410, "token_used", "the token was already used (or a newer one was sent)");
  return { ...row, userId: row.userId, usedAt: now };
}

export async function purgeExpiredTokens(d: Db, now = Date.now()): Promise<number> {
  return (await d.delete(accountTokens).where(lt(accountTokens.expiresAt, now - KEEP_EXPIRED_MS))).meta.changes;
}
