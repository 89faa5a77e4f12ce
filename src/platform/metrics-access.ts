import type { MiddlewareHandler } from "hono";
import { bearerToken } from "../auth/middleware";
import { MisconfiguredError } from "../config";
import type { AppEnv } from "../http/app-env";
import { ApiError } from "../http/errors";

/**
 * `/metrics` reveals traffic and game activity, so in production it takes the METRICS_TOKEN bearer
 * token. A production Worker without one keeps `/metrics` closed (500 `misconfigured`, logged)
 * rather than open; only development serves it to anyone.
 */
export const requireMetricsToken: MiddlewareHandler<AppEnv> = async (c, next) => {
  const { ENVIRONMENT, METRICS_TOKEN } = c.get("config");
  if (ENVIRONMENT !== "development") {
    if (!METRICS_TOKEN) throw new MisconfiguredError("METRICS_TOKEN is not set; /metrics stays closed in production");
    const token = bearerToken(c.req.header("Authorization"));
    if (!token || !(await sameSecret(token, METRICS_TOKEN))) {
      throw ApiError.of("unauthorized", "metrics require the METRICS_TOKEN bearer token", undefined, {
        "WWW-Authenticate": 'Bearer realm="metrics"',
      });
    }
  }
  await next();
};

/** Compares digests, which have equal length, in constant time, so timing reveals nothing of the token. */
async function sameSecret(given: string, expected: string): Promise<boolean> {
  const digest = (s: string) => crypto.subtle.digest("SHA-256", new TextEncoder().encode(s));
  const [a, b] = await Promise.all([digest(given), digest(expected)]);
  return crypto.subtle.timingSafeEqual(a, b);
}
