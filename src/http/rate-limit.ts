import type { Context, MiddlewareHandler } from "hono";
import type { RateDecision } from "../../durable-objects/rate-limiter";
import type { Config } from "../config";
import type { AppEnv } from "./app-env";
import { ApiError } from "./errors";
import { objectByName } from "../lib/objects";

export function limiter(env: Pick<Env, "RATE_LIMITER">, key: string) {
  return objectByName(env.RATE_LIMITER, key);
}

export function rateLimitedError(decision: RateDecision, message = "too many requests"): ApiError {
  const retryAfter = Math.max(1, Math.ceil(decision.retryAfterMs / 1000));
  return ApiError.of("rate_limited", message, { retryAfterSeconds: retryAfter }, { "Retry-After": String(retryAfter) });
}

/**
 * Tokens an isolate took from a RateLimiter ahead of use, by key. A lease that is not spent
 * within `LEASE_MS` lapses: its tokens are lost to the caller, never handed out twice, so a
 * leased limit can refuse a little early but never admits more than the object granted.
 */
const leases = new Map<string, { tokens: number; until: number; inBucket: number; size: number; grantedAt: number }>();
const LEASE_MS = 10_000;
/** Bounds the lease table of a busy isolate; the oldest leases lapse first. */
const MAX_LEASES = 10_000;
/**
 * A lease spent within this long was too small for its caller: the next one asks for twice as
 * many tokens, so a busy caller settles at about one object call per this long rather than one per
 * `batch` requests.
 */
const GROW_WITHIN_MS = 1_000;
/** A grown lease holds at most this share of the limit (and never less than `batch`): one isolate holds little of a caller's budget. */
const MAX_LEASE_SHARE = 0.1;

/** One request's token: from this isolate's lease when it holds one, else a new lease of `batch` tokens or more (see `GROW_WITHIN_MS`). */
async function takeLeased(env: Pick<Env, "RATE_LIMITER">, key: string, limit: number, periodMs: number, batch: number): Promise<RateDecision> {
  const now = Date.now();
  const held = leases.get(key);
  if (held && held.tokens > 0 && held.until > now) {
    held.tokens--;
    return { allowed: true, remaining: held.inBucket + held.tokens, retryAfterMs: 0 };
  }
  const spentFast = held !== undefined && held.tokens === 0 && now - held.grantedAt < GROW_WITHIN_MS;
  const size = spentFast ? Math.min(held.size * 2, Math.max(batch, Math.floor(limit * MAX_LEASE_SHARE))) : batch;
  const grant = await limiter(env, key).takeUpTo(limit, periodMs, size);
  leases.delete(key);
  if (grant.granted === 0) return grant;
  if (leases.size >= MAX_LEASES) leases.delete(leases.keys().next().value as string);
  leases.set(key, { tokens: grant.granted - 1, until: now + LEASE_MS, inBucket: grant.remaining, size, grantedAt: now });
  return { allowed: true, remaining: grant.remaining + grant.granted - 1, retryAfterMs: 0 };
}

/**
 * Token-bucket limit per key, backed by a RateLimiter object so it holds across isolates. With
 * `lease`, an isolate takes up to that many tokens per object call (more for a busy caller, see
 * `GROW_WITHIN_MS`) and spends them locally: one call per `lease` requests or fewer instead of one
 * per request, for the per-request API budgets. Limits that must count exactly (auth, the login
 * lock) take one token per call.
 */
export function rateLimit(opts: {
  name: string;
  key: (c: Context<AppEnv>) => string;
  limit: (cfg: Config) => number;
  periodMs?: number;
  lease?: number;
}): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const limit = opts.limit(c.get("config"));
    const key = `${opts.name}:${opts.key(c)}`;
    const periodMs = opts.periodMs ?? 60_000;
    const decision = opts.lease ? await takeLeased(c.env, key, limit, periodMs, opts.lease) : await limiter(c.env, key).take(limit, periodMs);
    c.header("X-RateLimit-Limit", String(limit));
    c.header("X-RateLimit-Remaining", String(decision.remaining));
    if (!decision.allowed) throw rateLimitedError(decision);
    await next();
  };
}
