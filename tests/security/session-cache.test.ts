/**
 * The per-request account check is cached in the isolate (src/auth/account-cache.ts). Each test
 * first makes a request so the check is cached, then changes the account through the API: the
 * very next request must see the change.
 */
import { describe, expect, it } from "vitest";
import { call, expectError, json, loginAdmin, registerUser, uniqueName } from "../helpers/http";
import { createUniverse } from "../universe/helpers";
import { mailedToken, registerWithEmail, uniqueEmail } from "../accounts/helpers";
import { secondSession } from "./helpers";

const me = (token: string) => call("/v1/auth/me", { token });

describe("the cached account check", () => {
  it("sees a logout, a revoked session and a logout everywhere on the next request", async () => {
    const a = await registerUser("scl");
    const b = await secondSession(a);
    const c = await secondSession(a);
    for (const s of [a, b, c]) expect((await me(s.accessToken)).status).toBe(200);

    expect((await call("/v1/auth/logout", { method: "POST", token: a.accessToken })).status).toBe(200);
    await expectError(await me(a.accessToken), 401, "unauthorized");
    expect((await me(b.accessToken)).status).toBe(200);

    expect((await call(`/v1/auth/sessions/${c.sessionId}`, { method: "DELETE", token: b.accessToken })).status).toBe(200);
    await expectError(await me(c.accessToken), 401, "unauthorized");
    expect((await me(b.accessToken)).status).toBe(200);

    expect((await call("/v1/auth/logout-all", { method: "POST", token: b.accessToken })).status).toBe(200);
    await expectError(await me(b.accessToken), 401, "unauthorized");
  });

  it("sees a ban, a mute, an unmute and a role change on the next request", async () => {
    const admin = await loginAdmin();
    const p = await registerUser("scm");
    const createRoom = () => call("/v1/rooms", { token: p.accessToken, body: { game: "counter", visibility: "public" } });
    expect((await me(p.accessToken)).status).toBe(200);

    const until = Date.now() + 3_600_000;
    expect((await call(`/v1/admin/users/${p.id}/mute`, { token: admin, body: { reason: "spam", until } })).status).toBe(200);
    await expectError(await createRoom(), 403, "muted");
    expect((await call(`/v1/admin/users/${p.id}/unmute`, { method: "POST", token: admin })).status).toBe(200);
    expect((await createRoom()).status).toBe(201);

    await expectError(await call("/v1/admin/users", { token: p.accessToken }), 403, "forbidden");
    const promoted = await call(`/v1/admin/users/${p.id}/role`, { method: "PUT", token: admin, body: { role: "moderator", reason: "volunteer" } });
    expect(promoted.status).toBe(200);
    expect((await call("/v1/admin/users", { token: p.accessToken })).status).toBe(200);
    const demoted = await call(`/v1/admin/users/${p.id}/role`, { method: "PUT", token: admin, body: { role: "player", reason: "stepped down" } });
    expect(demoted.status).toBe(200);
    await expectError(await call("/v1/admin/users", { token: p.accessToken }), 403, "forbidden");

    expect((await call(`/v1/admin/users/${p.id}/ban`, { token: admin, body: { reason: "cheating" } })).status).toBe(200);
    const banned = await expectError(await me(p.accessToken), 403, "forbidden");
    expect(banned.details).toMatchObject({ reason: "banned" });
  });

  it("answers GET /v1/auth/me with a changed email, its verification and a new login on the next request", async () => {
    const u = await registerWithEmail("scp");
    expect(await json(await me(u.accessToken))).toMatchObject({ email: u.email, emailVerified: false });
    const next = uniqueEmail("scpnew");
    expect((await call("/v1/me/email", { body: { password: u.password, email: next }, token: u.accessToken })).status).toBe(200);
    expect(await json(await me(u.accessToken))).toMatchObject({ email: next, emailVerified: false });
    expect((await call(`/v1/auth/verify-email?token=${encodeURIComponent(await mailedToken(next))}`)).status).toBe(200);
    expect(await json(await me(u.accessToken))).toMatchObject({ email: next, emailVerified: true });
    const before = (await json(await me(u.accessToken))).lastLoginAt;
    const other = await secondSession(u);
    const after = (await json(await me(u.accessToken))).lastLoginAt;
    expect(after).toBeGreaterThan(before ?? 0);
    expect(await json(await me(other.accessToken))).toMatchObject({ id: u.id, lastLoginAt: after });
  });

  it("sees a guest's upgrade on the next request", async () => {
    const universe = await createUniverse();
    const g = await json(await call("/v1/auth/guest", { method: "POST" }));
    await expectError(await call(`/v1/universes/${universe}/join`, { method: "POST", token: g.accessToken }), 403, "guest_not_allowed");
    const username = uniqueName("scg");
    const up = await call("/v1/auth/guest/upgrade", { token: g.accessToken, body: { username, password: "correct horse battery" } });
    expect(up.status).toBe(200);
    // The guest's own access token, whose account check was cached while it was still a guest.
    expect((await call(`/v1/universes/${universe}/join`, { method: "POST", token: g.accessToken })).status).toBe(201);
  });
});
