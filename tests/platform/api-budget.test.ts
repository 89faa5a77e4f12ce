import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { RateLimiter } from "../../durable-objects/rate-limiter";
import { limiter } from "../../src/http/rate-limit";
import { call, expectError, registerUser } from "../helpers/http";

describe("the per-user API budget", () => {
  it("is leased ten tokens at a time: nine more requests need no limiter call, and the limit still refuses", async () => {
    const u = await registerUser("bud");
    const me = () => call("/v1/auth/me", { token: u.accessToken });
    const first = await me();
    expect(first.status).toBe(200);
    expect(first.headers.get("X-RateLimit-Limit")).toBe("100");
    expect(first.headers.get("X-RateLimit-Remaining")).toBe("99");

    // Empty the user's bucket in the object: only the isolate's lease can admit what follows.
    const stub = limiter(env, `api:user:${u.id}`);
    await runInDurableObject(stub, (_: RateLimiter, state) => state.storage.kv.put("bucket", { tokens: 0, updatedAt: Date.now() }));
    for (let i = 0; i < 9; i++) expect((await me()).status).toBe(200);

    // The lease is spent; the object, refilling at 100 per minute, admits a token or two at most.
    let refused: Response | undefined;
    for (let i = 0; i < 20 && !refused; i++) {
      const res = await me();
      if (res.status === 429) refused = res;
    }
    expect(refused).toBeDefined();
    await expectError(refused!, 429, "rate_limited");
    expect(Number(refused!.headers.get("Retry-After"))).toBeGreaterThan(0);
  });
});
