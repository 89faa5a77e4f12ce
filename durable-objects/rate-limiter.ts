import { DurableObject } from "cloudflare:workers";

export interface RateDecision {
  allowed: boolean;
  remaining: number;
  retryAfterMs: number;
}

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/**
 * One object per rate-limit key (e.g. `auth:ip:<hash>`), holding a token bucket. Kept in the
 * object's storage so a limit survives eviction; strongly consistent across every edge isolate.
 */
export class RateLimiter extends DurableObject<Env> {
  private bucket(limit: number, periodMs: number, now: number): Bucket {
    const stored = this.ctx.storage.kv.get<Bucket>("bucket");
    if (!stored) return { tokens: limit, updatedAt: now };
    const refill = ((now - stored.updatedAt) / periodMs) * limit;
    return { tokens: Math.min(limit, stored.tokens + refill), updatedAt: now };
  }

  private decide(b: Bucket, limit: number, periodMs: number, cost: number): RateDecision {
    if (b.tokens >= cost) return { allowed: true, remaining: Math.floor(b.tokens - cost), retryAfterMs: 0 };
    return { allowed: false, remaining: 0, retryAfterMs: Math.ceil(((cost - b.tokens) / limit) * periodMs) };
  }

  /**
   * Consumes `cost` tokens if available. Checking and consuming are one step in this object, so
   * callers that reserve before doing the limited work cannot all slip past the limit in parallel.
   */
  take(limit: number, periodMs: number, cost = 1): RateDecision {
    const now = Date.now();
    const b = this.bucket(limit, periodMs, now);
    const d = this.decide(b, limit, periodMs, cost);
    if (d.allowed) b.tokens -= cost;
    this.ctx.storage.kv.put("bucket", b);
    return d;
  }

  /**
   * Grants up to `max` whole tokens at once (as many as the bucket holds), for a caller that spends
   * them itself; `remaining` is what the bucket keeps after the grant.
   */
  takeUpTo(limit: number, periodMs: number, max: number): RateDecision & { granted: number } {
    const now = Date.now();
    const b = this.bucket(limit, periodMs, now);
    const granted = Math.max(0, Math.min(max, Math.floor(b.tokens)));
    b.tokens -= granted;
    this.ctx.storage.kv.put("bucket", b);
    if (granted > 0) return { allowed: true, granted, remaining: Math.floor(b.tokens), retryAfterMs: 0 };
    return { ...this.decide(b, limit, periodMs, 1), granted: 0 };
  }

  /** Gives back tokens a reservation took when the limited thing turned out not to count. */
  refund(limit: number, periodMs: number, cost = 1): void {
    const b = this.bucket(limit, periodMs, Date.now());
    b.tokens = Math.min(limit, b.tokens + cost);
    this.ctx.storage.kv.put("bucket", b);
  }

  reset(): void {
    this.ctx.storage.kv.delete("bucket");
  }
}
