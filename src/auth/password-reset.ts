import { and, eq, isNull } from "drizzle-orm";
import type { Context } from "hono";
import { db } from "../db/client";
import { users } from "../db/schema/index";
import type { AppEnv } from "../http/app-env";
import { ApiError } from "../http/errors";
import { limiter, rateLimitedError } from "../http/rate-limit";
import { mailSender } from "../mail/sender";
import { noAccountMail, resetPasswordMail } from "../mail/templates";
import { issueToken, redeemToken } from "./account-tokens";
import { linkBase } from "./email-verification";
import { clearLoginFailures } from "./login-lock";
import { hashPassword } from "./password";
import { endAllSessions } from "./revocation";

export const RESET_TTL_MS = 3_600_000;

/**
 * Answers the same for every address: both paths take the per-address limit, store a token row
 * (one for no account when the address is unknown, which can never be redeemed) and send one mail
 * (the link, or a notice that no account uses the address), so neither the answer nor its timing
 * tells whether an account exists.
 */
export async function requestReset(c: Context<AppEnv>, address: string): Promise<void> {
  const cfg = c.get("config");
  const d = db(c.env);
  const sender = mailSender(c.env, cfg);
  const email = address.toLowerCase();
  const decision = await limiter(c.env, `password-reset:${email}`).take(cfg.PASSWORD_RESETS_PER_HOUR, 3_600_000);
  if (!decision.allowed) throw rateLimitedError(decision, "too many reset requests for this address; try again later");
  const user = await d.query.users.findFirst({ where: and(eq(users.email, email), isNull(users.deletedAt)) });
  const token = await issueToken(d, cfg.jwtSecret, { kind: "reset_password", userId: user?.id ?? null, email, ttlMs: RESET_TTL_MS });
  const url = `${linkBase(c)}/reset-password?token=${encodeURIComponent(token)}`;
  const mail = user ? resetPasswordMail(email, user.username, url, token, RESET_TTL_MS / 60_000) : noAccountMail(email);
  await sender.send(mail);
}

/**
 * Sets the new password and ends every session, closing open sockets too. Following the mailed
 * link proves the inbox, so the address counts as verified if it is still the account's.
 */
export async function completeReset(c: Context<AppEnv>, token: string, password: string): Promise<number> {
  const cfg = c.get("config");
  const d = db(c.env);
  const now = Date.now();
  const spent = await redeemToken(d, cfg.jwtSecret, "reset_password", token, now);
  const user = await d.query.users.findFirst({ where: and(eq(users.id, spent.userId), isNull(users.deletedAt)) });
  if (!user) throw new ApiError(400, "invalid_token", "the account no longer exists");
  const passwordHash = await hashPassword(password, cfg.PASSWORD_ITERATIONS);
  const verified = user.email === spent.email && user.emailVerifiedAt === null ? { emailVerifiedAt: now } : {};
  await d
    .update(users)
    .set({ passwordHash, ...verified })
    .where(eq(users.id, spent.userId));
  await clearLoginFailures(c.env, spent.userId);
  return endAllSessions(c.env, d, spent.userId, "password_reset");
}
