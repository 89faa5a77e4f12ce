import type { Context } from "hono";
import { db } from "../db/client";
import type { AppEnv } from "../http/app-env";
import { ApiError } from "../http/errors";
import { cachedAccountState } from "./account-cache";
import { currentUser } from "./middleware";

export type VerifiedScope = "ranked_rooms" | "universes";

/**
 * Refuses with 403 `email_unverified` when REQUIRE_VERIFIED_EMAIL names the scope, the action
 * falls under it (`applies`, asked only when the scope is on) and the caller's email is not
 * verified. Unverified accounts keep every other way to play.
 */
export async function requireVerifiedEmail(
  c: Context<AppEnv>,
  scope: VerifiedScope,
  applies: () => boolean | Promise<boolean> = () => true,
) {
  if (!c.get("config").REQUIRE_VERIFIED_EMAIL.includes(scope) || !(await applies())) return;
  // The request's own account check has just cached the account (see account-cache.ts); a
  // verification empties it (`profileChanged`).
  const { id, sessionId } = currentUser(c);
  const user = await cachedAccountState(db(c.env), id, sessionId, c.get("config").SESSION_CACHE_MS);
  if (user?.emailVerifiedAt == null) {
    throw new ApiError(
      403,
      "email_unverified",
      `${scope === "universes" ? "joining a universe" : "a seat in a ranked game"} needs a verified email`,
      {
        scope,
        hint: "POST /v1/auth/verify-email/resend",
      },
    );
  }
}
