import type { MiddlewareHandler } from "hono";
import { db } from "../db/client";
import type { AppEnv, AuthUser, Role } from "../http/app-env";
import { ApiError } from "../http/errors";
import { rateLimit } from "../http/rate-limit";
import { verifyAccessToken } from "./jwt";
import { cachedAccountState } from "./account-cache";
import { banActive, bannedError } from "./users";

/**
 * Verifies an access token and re-checks the account on every request (through the isolate's
 * short-lived cache, see account-cache.ts), so a ban, a logout or a revoked session takes effect
 * at once rather than when the token expires.
 */
export async function authenticate(env: Env, config: AppEnv["Variables"]["config"], token: string | undefined): Promise<AuthUser> {
  if (!token) throw ApiError.of("unauthorized", "missing bearer token");
  const verified = await verifyAccessToken(config, token);
  if (!verified.ok) {
    throw ApiError.of("unauthorized", verified.reason === "expired" ? "access token expired" : "invalid access token", {
      reason: verified.reason,
    });
  }
  const { sub, sid, role, name } = verified.claims;
  const user = await cachedAccountState(db(env), sub, sid, config.SESSION_CACHE_MS);
  if (!user) throw ApiError.of("unauthorized", "account no longer exists", { reason: "invalid" });
  const live = user.live === 1;
  if (banActive(user)) throw bannedError(user);
  if (!live) throw ApiError.of("unauthorized", "session has ended", { reason: "revoked" });
  return { id: sub, username: name, role: user.role ?? role, sessionId: sid, guest: user.isGuest, mutedUntil: user.mutedUntil };
}

export function bearerToken(header: string | undefined): string | undefined {
  const m = header?.match(/^Bearer\s+(\S+)$/i);
  return m?.[1];
}

/** Tokens of the API budget an isolate takes per RateLimiter call (see `rateLimit`'s `lease`). */
const API_LEASE = 10;

const perUserLimit = rateLimit({
  name: "api:user",
  key: (c) => c.get("user")?.id ?? c.get("ip"),
  limit: (cfg) => cfg.RATE_LIMIT_API_PER_MINUTE,
  lease: API_LEASE,
});

/** Authenticated routes: identity first, then the per-user API rate limit, in one middleware step. */
export const requireAuth: MiddlewareHandler<AppEnv>[] = [
  async (c, next) => {
    c.set("user", await authenticate(c.env, c.get("config"), bearerToken(c.req.header("Authorization"))));
    await perUserLimit(c, next);
  },
];

/**
 * Public routes: authenticates when a bearer token is sent (so a bad or banned token is still
 * refused), and limits callers per user, or per IP when anonymous, under the bucket `name`.
 */
export function publicRoute(name: string): MiddlewareHandler<AppEnv>[] {
  const limit = rateLimit({
    name,
    key: (c) => c.get("user")?.id ?? `ip:${c.get("ip")}`,
    limit: (cfg) => cfg.RATE_LIMIT_API_PER_MINUTE,
    lease: API_LEASE,
  });
  return [
    async (c, next) => {
      const token = bearerToken(c.req.header("Authorization"));
      if (token) c.set("user", await authenticate(c.env, c.get("config"), token));
      await limit(c, next);
    },
  ];
}

const RANK: Record<Role, number> = { player: 0, moderator: 1, admin: 2 };

/** Authenticated routes open to `role` and the roles above it (player < moderator < admin). */
function requireRole(role: Exclude<Role, "player">): MiddlewareHandler<AppEnv>[] {
  return [
    ...requireAuth,
    async (c, next) => {
      if (RANK[c.get("user")?.role ?? "player"] < RANK[role]) throw ApiError.of("forbidden", `${role} role required`, { reason: "role" });
      await next();
    },
  ];
}

export const requireModerator = requireRole("moderator");
export const requireAdmin = requireRole("admin");

/** Muted accounts (a moderator's sanction) cannot create rooms; 403 `muted` with the end of the mute. */
export const refuseMuted: MiddlewareHandler<AppEnv> = async (c, next) => {
  const until = c.get("user")?.mutedUntil ?? null;
  if (until !== null && until > Date.now())
    throw new ApiError(403, "muted", "this account is muted and cannot create rooms", { mutedUntil: until });
  await next();
};

export function currentUser(c: { get(key: "user"): AuthUser | undefined }): AuthUser {
  const u = c.get("user");
  if (!u) throw ApiError.of("unauthorized", "authentication required");
  return u;
}
