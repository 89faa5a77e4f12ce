import { describe, expect, it } from "vitest";
import { call, expectError, registerUser } from "../helpers/http";

describe("the per-user API limit (the API_RATE_LIMIT binding)", () => {
  it("refuses a user's requests past 100 in a window with 429 rate_limited, whatever the IP; other users carry on", async () => {
    const a = await registerUser("rla");
    const b = await registerUser("rlb");
    let allowed = 0;
    let refused: Response | undefined;
    // Windows are fixed: one may end mid-loop and give a fresh 100, hence the room for 250 calls.
    for (let i = 0; i < 250 && !refused; i++) {
      const res = await call("/v1/auth/me", { token: a.accessToken });
      if (res.status === 429) refused = res;
      else {
        expect(res.status).toBe(200);
        allowed++;
      }
    }
    expect(allowed).toBeGreaterThanOrEqual(100);
    expect(refused).toBeDefined();
    expect(refused!.headers.get("Retry-After")).toBe("60");
    const err = await expectError(refused!, 429, "rate_limited");
    expect(err.details).toEqual({ retryAfterSeconds: 60 });
    expect((await call("/v1/auth/me", { token: b.accessToken })).status).toBe(200);
  });
});
