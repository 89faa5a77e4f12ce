import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:test";
import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import type { RateLimiter } from "../../durable-objects/rate-limiter";
import type { AppEnv } from "../../src/http/app-env";
import { limiter, rateLimit } from "../../src/http/rate-limit";
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

  describe("a lease spent within a second", () => {
    // An hour's period: the bucket refills by a fraction of a token while a test runs.
    const HOUR = 3_600_000;
    const leased = () => {
      const key = crypto.randomUUID();
      const app = new Hono<AppEnv>();
      app.use(rateLimit({ name: "test:lease", key: () => key, limit: () => 1000, periodMs: HOUR, lease: 10 }));
      app.get("/", (c) => c.text("ok"));
      const inBucket = () =>
        runInDurableObject(limiter(env, `test:lease:${key}`), (_: RateLimiter, state) =>
          Math.floor(state.storage.kv.get<{ tokens: number }>("bucket")?.tokens ?? 1000),
        );
      return {
        async hit(times: number) {
          for (let i = 0; i < times; i++) expect((await app.request("/", {}, env)).status).toBe(200);
        },
        inBucket,
      };
    };

    it("is followed by one twice its size, up to a tenth of the limit", async () => {
      const caller = leased();
      await caller.hit(1);
      expect(await caller.inBucket()).toBe(990);
      await caller.hit(10);
      expect(await caller.inBucket()).toBe(970);
      await caller.hit(20 + 40 + 80);
      // Leases of 10, 20, 40, 80, then 100 (a tenth of 1000), not 160.
      expect(await caller.inBucket()).toBe(750);
      await caller.hit(100);
      expect(await caller.inBucket()).toBe(650);
    });

    it("is not grown for a caller who took longer", async () => {
      const caller = leased();
      await caller.hit(10);
      await new Promise((resolve) => setTimeout(resolve, 1_100));
      await caller.hit(1);
      expect(await caller.inBucket()).toBe(980);
    });
  });
});
