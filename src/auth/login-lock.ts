import type { Context } from "hono";
import { writeAudit } from "../audit/log";
import { db } from "../db/client";
import type { UserRow } from "../db/schema/index";
import type { AppEnv } from "../http/app-env";
import { limiter, rateLimitedError } from "../http/rate-limit";

const accountKey = (userId: string) => `login-fail:acct:${userId}`;

/** A password reset proves the inbox: the account's failed logins stop counting. */
export async function clearLoginFailures(env: Pick<Env, "RATE_LIMITER">, userId: string): Promise<void> {
  await limiter(env, accountKey(userId)).reset();
}

export interface LoginReservation {
  /** The password was right: the account's failures are cleared and the IP gets its attempt back. */
  succeeded(): Promise<void>;
}

/**
 * Failed-login throttling per account and per IP. An attempt is reserved before the password is
 * checked, and the check-and-take is one step inside each limiter object, so parallel guesses
 * cannot all pass a check made before any of them was recorded. A failed attempt keeps its
 * reservation, which is the failure record; a success gives it back.
 *
 * The account lock is keyed by user id, so a username, its case variants and the email share one
 * counter. Text that matches no account is locked by that text, so 429s do not reveal which
 * accounts exist.
 */
export async function reserveLoginAttempt(
  c: Context<AppEnv>,
  user: UserRow | undefined,
  login: string,
  ipHash: string,
): Promise<LoginReservation> {
  const cfg = c.get("config");
  const period = cfg.LOGIN_FAILURE_WINDOW_SECONDS * 1000;
  const acctLimit = cfg.LOGIN_MAX_FAILURES_PER_ACCOUNT;
  const ipLimit = cfg.LOGIN_MAX_FAILURES_PER_IP;
  const acct = limiter(c.env, user ? accountKey(user.id) : `login-fail:name:${login.toLowerCase()}`);
  const ip = limiter(c.env, `login-fail:ip:${ipHash}`);
  const [a, i] = await Promise.all([acct.take(acctLimit, period), ip.take(ipLimit, period)]);
  if (!a.allowed || !i.allowed) {
    // Refused, the attempt never reaches the password, so a limiter that did grant it gets its token back.
    await Promise.all([a.allowed && acct.refund(acctLimit, period), i.allowed && ip.refund(ipLimit, period)]);
    await writeAudit(db(c.env), {
      action: "security.login_locked",
      actorId: null,
      ...(user ? { targetType: "user" as const, targetId: user.id } : {}),
      requestId: c.get("requestId"),
      details: { login: login.slice(0, 64), ipHash, locked: a.allowed ? "ip" : "account" },
    });
    throw rateLimitedError(a.allowed ? i : a, "too many failed logins; try again later");
  }
  return {
    succeeded: async () => {
      await Promise.all([acct.reset(), ip.refund(ipLimit, period)]);
    },
  };
}
