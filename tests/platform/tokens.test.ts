import { env } from "cloudflare:test";
import { SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { call, expectError, registerUser } from "../helpers/http";

const secret = new TextEncoder().encode((env as unknown as { JWT_SECRET: string }).JWT_SECRET);
const b64 = (o: unknown) => btoa(JSON.stringify(o)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");

async function forge(claims: Record<string, unknown>, opts: { key?: Uint8Array; exp?: number; aud?: string; iss?: string } = {}) {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT(claims)
    .setProtectedHeader({ alg: "HS256" })
    .setIssuer(opts.iss ?? "orrery")
    .setAudience(opts.aud ?? "orrery-api")
    .setIssuedAt(now - 10)
    .setExpirationTime(opts.exp ?? now + 600)
    .setJti(crypto.randomUUID())
    .sign(opts.key ?? secret);
}

describe("access token attacks", () => {
  it("accepts a correctly signed token and rejects every tampered variant", async () => {
    const u = await registerUser("tok");
    const base = { sub: u.id, role: "player", sid: u.sessionId, name: u.username };
    const good = await forge(base);
    expect((await call("/v1/auth/me", { token: good })).status).toBe(200);

    const expired = await forge(base, { exp: Math.floor(Date.now() / 1000) - 5 });
    const e = await expectError(await call("/v1/auth/me", { token: expired }), 401, "unauthorized");
    expect(e.details.reason).toBe("expired");

    const wrongSecret = await forge(base, { key: new TextEncoder().encode("some-other-secret-of-enough-length!!") });
    await expectError(await call("/v1/auth/me", { token: wrongSecret }), 401, "unauthorized");

    await expectError(await call("/v1/auth/me", { token: await forge(base, { aud: "someone-else" }) }), 401, "unauthorized");
    await expectError(await call("/v1/auth/me", { token: await forge(base, { iss: "evil" }) }), 401, "unauthorized");

    const [h, p, s] = good.split(".");
    const payload = JSON.parse(atob(p!.replace(/-/g, "+").replace(/_/g, "/")));
    const escalated = `${h}.${b64({ ...payload, role: "admin" })}.${s}`;
    await expectError(await call("/v1/auth/me", { token: escalated }), 401, "unauthorized");

    const none = `${b64({ alg: "none", typ: "JWT" })}.${p}.`;
    await expectError(await call("/v1/auth/me", { token: none }), 401, "unauthorized");

    const hs512 = await new SignJWT(base)
      .setProtectedHeader({ alg: "HS512" })
      .setIssuer("orrery")
      .setAudience("orrery-api")
      .setIssuedAt()
      .setExpirationTime("10m")
      .setJti("x")
      .sign(new Uint8Array(64).fill(7));
    await expectError(await call("/v1/auth/me", { token: hs512 }), 401, "unauthorized");
    await expectError(await call("/v1/auth/me", { token: "not.a.jwt" }), 401, "unauthorized");
    await expectError(await call("/v1/auth/me"), 401, "unauthorized");
  });
});
