import type { MiddlewareHandler } from "hono";
import { db } from "../db/client";
import type { AppEnv, AuthUser } from "../http/app-env";
import { ApiError } from "../http/errors";
import { rateLimit } from "../http/rate-limit";
import { verifyAccessToken } from "./jwt";
import { accountState } from "./sessions";

/**
 * Verifies an access token and re-checks the account on every request, so a ban, a logout or a
 * revoked session takes effect at once rather than when the token expires.
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
  const user = await accountState(db(env), sub, sid);
  if (!user) throw ApiError.of("unauthorized", "account no longer exists", { reason: "invalid" });
  const live = user.live === 1;
  if (user.banned) throw ApiError.of("forbidden", "account is banned", { reason: "banned", banReason: user.banReason });
  if (!live) throw ApiError.of("unauthorized", "session has ended", { reason: "revoked" });
  return { id: sub, username: name, role: user.role ?? role, sessionId: sid };
}

export function bearerToken(header: string | undefined): string | undefined {
  const m = header?.match(/^Bearer\s+(\S+)$/i);
  return m?.[1];
}

const requireUser: MiddlewareHandler<AppEnv> = async (c, next) => {
  c.set("user", await authenticate(c.env, c.var.config, bearerToken(c.req.header("Authorization"))));
  await next();
};

const perUserLimit = rateLimit({
  name: "api:user",
  key: (c) => c.var.user?.id ?? c.var.ip,
  limit: (cfg) => cfg.RATE_LIMIT_API_PER_MINUTE,
});

/** Authenticated routes: identity first, then the per-user API rate limit. */
export const requireAuth: MiddlewareHandler<AppEnv>[] = [requireUser, perUserLimit];

/**
 * Public routes: authenticates when a bearer token is sent (so a bad or banned token is still
 * refused), and limits callers per user, or per IP when anonymous, under the bucket `name`.
 */
export function publicRoute(name: string): MiddlewareHandler<AppEnv>[] {
  return [
    async (c, next) => {
      const token = bearerToken(c.req.header("Authorization"));
      if (token) c.set("user", await authenticate(c.env, c.var.config, token));
      await next();
    },
    rateLimit({ name, key: (c) => c.var.user?.id ?? `ip:${c.var.ip}`, limit: (cfg) => cfg.RATE_LIMIT_API_PER_MINUTE }),
  ];
}

export const requireAdmin: MiddlewareHandler<AppEnv>[] = [
  ...requireAuth,
  async (c, next) => {
    if (c.var.user?.role !== "admin") throw ApiError.of("forbidden", "admin role required");
    await next();
  },
];

export function currentUser(c: { var: AppEnv["Variables"] }): AuthUser {
  const u = c.var.user;
  if (!u) throw ApiError.of("unauthorized", "authentication required");
  return u;
}
