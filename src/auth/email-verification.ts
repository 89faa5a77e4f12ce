import { and, eq } from "drizzle-orm";
import type { Context } from "hono";
import type { Config } from "../config";
import type { Db } from "../db/client";
import { type UserRow, users } from "../db/schema/index";
import type { AppEnv } from "../http/app-env";
import { ApiError } from "../http/errors";
import { mailSender } from "../mail/sender";
import { verifyEmailMail } from "../mail/templates";
import { profileChanged } from "./account-cache";
import { issueToken, redeemToken } from "./account-tokens";

export const VERIFY_TTL_MS = 24 * 3_600_000;

/** Where mailed links point: PUBLIC_BASE_URL, or the origin the request came in on. */
export function linkBase(c: Context<AppEnv>): string {
  return (c.get("config").PUBLIC_BASE_URL ?? new URL(c.req.url).origin).replace(/\/+$/, "");
}

/** Mails a fresh verification link for the user's current email; earlier links stop working. */
export async function sendVerification(c: Context<AppEnv>, d: Db, user: Pick<UserRow, "id" | "username" | "email">): Promise<void> {
  const cfg = c.get("config");
  if (!user.email) throw new ApiError(400, "no_email", "the account has no email to verify");
  const token = await issueToken(d, cfg.jwtSecret, { kind: "verify_email", userId: user.id, email: user.email, ttlMs: VERIFY_TTL_MS });
  const url = `${linkBase(c)}/v1/auth/verify-email?token=${encodeURIComponent(token)}`;
  await mailSender(c.env, cfg).send(verifyEmailMail(user.email, user.username, url, VERIFY_TTL_MS / 3_600_000));
}

/**
 * At registration the mail is a courtesy: an account whose mail could not leave (a provider
 * outage, no sender configured) is still created, and `POST /v1/auth/verify-email/resend` retries.
 */
export async function sendVerificationQuietly(c: Context<AppEnv>, d: Db, user: Pick<UserRow, "id" | "username" | "email">): Promise<void> {
  try {
    await sendVerification(c, d, user);
  } catch (e) {
    console.log(JSON.stringify({ level: "warn", msg: "verification mail not sent", userId: user.id, error: String(e) }));
  }
}

/** Confirms the address the token was issued for, provided it is still the account's email. */
export async function confirmEmail(d: Db, cfg: Config, token: string, now = Date.now()): Promise<UserRow> {
  const spent = await redeemToken(d, cfg.jwtSecret, "verify_email", token, now);
  const [user] = await d
    .update(users)
    .set({ emailVerifiedAt: now })
    .where(and(eq(users.id, spent.userId), eq(users.email, spent.email)))
    .returning();
  profileChanged(spent.userId);
  if (!user) throw new ApiError(400, "invalid_token", "the token is for an email the account no longer has");
  return user;
}
