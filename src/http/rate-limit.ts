import type { Context, MiddlewareHandler } from "hono";
import type { RateDecision } from "../../durable-objects/rate-limiter";
import type { Config } from "../config";
import type { AppEnv } from "./app-env";
import { ApiError } from "./errors";

export function limiter(env: Pick<Env, "RATE_LIMITER">, key: string) {
  return env.RATE_LIMITER.get(env.RATE_LIMITER.idFromName(key));
}

export function rateLimitedError(decision: RateDecision, message = "too many requests"): ApiError {
  const retryAfter = Math.max(1, Math.ceil(decision.retryAfterMs / 1000));
  return ApiError.of("rate_limited", message, { retryAfterSeconds: retryAfter }, { "Retry-After": String(retryAfter) });
}

/** Token-bucket limit per key, backed by a RateLimiter object so it holds across isolates. */
export function rateLimit(opts: {
  name: string;
  key: (c: Context<AppEnv>) => string;
  limit: (cfg: Config) => number;
  periodMs?: number;
}): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const limit = opts.limit(c.var.config);
    const decision = await limiter(c.env, `${opts.name}:${opts.key(c)}`).take(limit, opts.periodMs ?? 60_000);
    c.header("X-RateLimit-Limit", String(limit));
    c.header("X-RateLimit-Remaining", String(decision.remaining));
    if (!decision.allowed) throw rateLimitedError(decision);
    await next();
  };
}
