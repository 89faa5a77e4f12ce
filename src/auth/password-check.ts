import type { Context } from "hono";
import type { UserRow } from "../db/schema/index";
import type { AppEnv } from "../http/app-env";
import { ApiError } from "../http/errors";
import { reserveLoginAttempt } from "./login-lock";
import { verifyPassword } from "./password";
import { ipHash } from "./routes";

/**
 * Re-checks the password before a sensitive change. Failures count against the same per-account
 * and per-IP lock as logins, so a stolen access token cannot be used to guess the password.
 */
export async function confirmPassword(c: Context<AppEnv>, user: UserRow, password: string): Promise<void> {
  const cfg = c.get("config");
  const reservation = await reserveLoginAttempt(c, user, user.usernameKey, await ipHash(cfg, c.get("ip")));
  const check = await verifyPassword(password, user.passwordHash, cfg.PASSWORD_ITERATIONS);
  if (!check.ok) throw new ApiError(403, "wrong_password", "the password is not correct");
  await reservation.succeeded();
}
