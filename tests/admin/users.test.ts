import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { call, expectError, json, loginAdmin, registerUser, type TestUser, uniqueIp } from "../helpers/http";
import { open } from "../security/helpers";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function moderator(admin: string): Promise<TestUser> {
  const m = await registerUser("mod");
  const res = await call(`/v1/admin/users/${m.id}/role`, { method: "PUT", token: admin, body: { role: "moderator", reason: "volunteer" } });
  expect(res.status).toBe(200);
  expect((await json(res)).role).toBe("moderator");
  return m;
}

async function audit(admin: string, query: string) {
  const res = await call(`/v1/admin/audit?${query}`, { token: admin });
  expect(res.status).toBe(200);
  return json(res);
}

describe("admin console: users", () => {
  it("searches by name or email and shows an account's sessions, games, universes and sanctions", async () => {
    const admin = await loginAdmin();
    const p = await registerUser("findme", { email: `${crypto.randomUUID().slice(0, 8)}@search.example` });
    const byName = await json(await call(`/v1/admin/users?q=${p.username.slice(7).toUpperCase()}`, { token: admin }));
    expect(byName.users.map((u: { id: string }) => u.id)).toEqual([p.id]);
    const email = byName.users[0].email as string;
    const byEmail = await json(await call(`/v1/admin/users?q=${encodeURIComponent(email)}`, { token: admin }));
    expect(byEmail.users.map((u: { id: string }) => u.id)).toEqual([p.id]);

    expect((await call("/v1/universes/milky-way/join", { token: p.accessToken, body: {} })).status).toBe(201);
    await call(`/v1/admin/users/${p.id}/mute`, { token: admin, body: { reason: "spam", until: Date.now() + 60_000 } });
    const view = await json(await call(`/v1/admin/users/${p.id}`, { token: admin }));
    expect(view.user).toMatchObject({ id: p.id, username: p.username, guest: false });
    expect(view.sessions.map((s: { id: string }) => s.id)).toEqual([p.sessionId]);
    expect(view.universes).toEqual([expect.objectContaining({ universeId: "milky-way" })]);
    expect(view.games).toEqual([]);
    expect(view.sanctions).toEqual([expect.objectContaining({ action: "user.mute", reason: "spam", targetId: p.id })]);
    await expectError(await call(`/v1/admin/users/${crypto.randomUUID()}`, { token: admin }), 404, "not_found");
  });

  it("bans with a reason and an expiry that lifts itself at auth time, and unbans", async () => {
    const admin = await loginAdmin();
    const p = await registerUser("timed");
    const expiresAt = Date.now() + 1500;
    const banned = await call(`/v1/admin/users/${p.id}/ban`, { token: admin, body: { reason: "cooling off", expiresAt } });
    expect(banned.status).toBe(200);
    expect(await json(banned)).toMatchObject({ banned: true, banReason: "cooling off", banExpiresAt: expiresAt });
    const refused = await expectError(
      await call("/v1/auth/login", { body: { login: p.username, password: p.password } }),
      403,
      "forbidden",
    );
    expect(refused.details).toMatchObject({ reason: "banned", banReason: "cooling off", banExpiresAt: expiresAt });
    await expectError(await call("/v1/auth/me", { token: p.accessToken }), 403, "forbidden");

    await sleep(expiresAt - Date.now() + 100);
    const back = await call("/v1/auth/login", { body: { login: p.username, password: p.password }, ip: uniqueIp() });
    expect(back.status).toBe(200);
    const token = (await json(back)).accessToken;
    expect((await json(await call("/v1/auth/me", { token }))).banned).toBe(false);

    await expectError(
      await call(`/v1/admin/users/${p.id}/ban`, { token: admin, body: { reason: "x", expiresAt: Date.now() - 1 } }),
      400,
      "invalid_request",
    );
    expect((await call(`/v1/admin/users/${p.id}/ban`, { token: admin, body: { reason: "for good" } })).status).toBe(200);
    await expectError(await call("/v1/auth/me", { token }), 403, "forbidden");
    const unbanned = await call(`/v1/admin/users/${p.id}/unban`, { token: admin, body: { reason: "appeal" } });
    expect(await json(unbanned)).toMatchObject({ banned: false, banReason: null, banExpiresAt: null });
    expect((await call("/v1/auth/login", { body: { login: p.username, password: p.password }, ip: uniqueIp() })).status).toBe(200);

    const log = await audit(admin, `target=${p.id}`);
    expect(log.entries.map((e: { action: string }) => e.action)).toEqual(["user.unban", "user.ban", "user.ban"]);
    expect(log.entries[2]).toMatchObject({ reason: "cooling off", details: { expiresAt }, targetType: "user" });
    expect(log.entries[0].requestId).toBe(unbanned.headers.get("X-Request-Id"));
  });

  it("force logout ends every session and closes the account's sockets", async () => {
    const admin = await loginAdmin();
    const p = await registerUser("kick");
    const socket = await open("/v1/ws/echo", p.accessToken);
    const res = await call(`/v1/admin/users/${p.id}/logout`, { token: admin, body: { reason: "compromised" } });
    expect(await json(res)).toEqual({ revoked: 1 });
    expect((await socket.closed()).code).toBe(4401);
    await expectError(await call("/v1/auth/me", { token: p.accessToken }), 401, "unauthorized");
    expect((await call("/v1/auth/login", { body: { login: p.username, password: p.password } })).status).toBe(200);
    expect((await audit(admin, `action=user.logout&target=${p.id}`)).entries).toEqual([
      expect.objectContaining({ reason: "compromised", details: { revoked: 1 } }),
    ]);
  });

  it("muted accounts cannot create rooms until unmuted", async () => {
    const admin = await loginAdmin();
    const m = await moderator(admin);
    const p = await registerUser("muted");
    const until = Date.now() + 3_600_000;
    expect((await call(`/v1/admin/users/${p.id}/mute`, { token: m.accessToken, body: { reason: "spam", until } })).status).toBe(200);
    const err = await expectError(
      await call("/v1/rooms", { token: p.accessToken, body: { game: "counter", visibility: "public" } }),
      403,
      "muted",
    );
    expect(err.details).toEqual({ mutedUntil: until });
    expect((await call(`/v1/admin/users/${p.id}/unmute`, { method: "POST", token: m.accessToken })).status).toBe(200);
    expect((await call("/v1/rooms", { token: p.accessToken, body: { game: "counter", visibility: "public" } })).status).toBe(201);
  });

  it("moderators ban and mute players but not staff, and reach none of the admin-only routes", async () => {
    const admin = await loginAdmin();
    const m = await moderator(admin);
    const other = await moderator(admin);
    const p = await registerUser("modded");
    expect((await call(`/v1/admin/users?q=${p.username}`, { token: m.accessToken })).status).toBe(200);
    expect((await call(`/v1/admin/users/${p.id}`, { token: m.accessToken })).status).toBe(200);
    expect((await call(`/v1/admin/users/${p.id}/ban`, { token: m.accessToken, body: { reason: "abuse" } })).status).toBe(200);
    expect((await call(`/v1/admin/users/${p.id}/unban`, { method: "POST", token: m.accessToken })).status).toBe(200);
    await expectError(await call(`/v1/admin/users/${other.id}/ban`, { token: m.accessToken, body: { reason: "coup" } }), 403, "forbidden");
    await expectError(await call(`/v1/admin/users/${m.id}/ban`, { token: m.accessToken, body: { reason: "self" } }), 409, "conflict");
    for (const [method, path, body] of [
      ["POST", `/v1/admin/users/${p.id}/logout`, undefined],
      ["PUT", `/v1/admin/users/${p.id}/role`, { role: "admin" }],
      ["GET", "/v1/admin/rooms", undefined],
      ["GET", "/v1/admin/universes", undefined],
      ["GET", "/v1/admin/audit", undefined],
    ] as const) {
      await expectError(await call(path, { method, token: m.accessToken, ...(body ? { body } : {}) }), 403, "forbidden");
    }
    // A player reaches none of the console.
    await expectError(await call(`/v1/admin/users?q=x`, { token: (await registerUser("plain")).accessToken }), 403, "forbidden");
    // Demoted, the moderator loses the console on the next request.
    expect((await call(`/v1/admin/users/${m.id}/role`, { method: "PUT", token: admin, body: { role: "player" } })).status).toBe(200);
    await expectError(await call(`/v1/admin/users?q=x`, { token: m.accessToken }), 403, "forbidden");
    const roles = await audit(admin, `action=user.role&target=${m.id}`);
    expect(roles.entries.map((e: { details: unknown }) => e.details)).toEqual([
      { from: "moderator", to: "player" },
      { from: "player", to: "moderator" },
    ]);
  });
});

describe("audit log", () => {
  it("records login lock-outs and refresh-token reuse as security events", async () => {
    const admin = await loginAdmin();
    const p = await registerUser("sec");
    const ip = uniqueIp();
    for (let i = 0; i < 5; i++) await call("/v1/auth/login", { ip, body: { login: p.username, password: "wrong password" } });
    await expectError(await call("/v1/auth/login", { ip, body: { login: p.username, password: "wrong password" } }), 429, "rate_limited");
    const locked = await audit(admin, `action=security.login_locked&target=${p.id}`);
    expect(locked.entries).toEqual([
      expect.objectContaining({ actorId: null, targetType: "user", details: expect.objectContaining({ locked: "account" }) }),
    ]);

    const rotated = await call("/v1/auth/refresh", { body: { refreshToken: p.refreshToken } });
    expect(rotated.status).toBe(200);
    await expectError(await call("/v1/auth/refresh", { body: { refreshToken: p.refreshToken } }), 401, "unauthorized");
    const reuse = await audit(admin, `action=security.refresh_reuse&target=${p.id}`);
    expect(reuse.entries).toEqual([expect.objectContaining({ details: { sessionId: p.sessionId } })]);
  });

  it("pages newest first with a cursor, filters by actor, and refuses updates and deletes", async () => {
    const admin = await loginAdmin();
    const adminId = (await json(await call("/v1/auth/me", { token: admin }))).id;
    const p = await registerUser("pages");
    for (let i = 0; i < 3; i++)
      await call(`/v1/admin/users/${p.id}/mute`, { token: admin, body: { reason: `r${i}`, until: Date.now() + 60_000 } });
    const first = await audit(admin, `target=${p.id}&limit=2`);
    expect(first.entries.map((e: { reason: string }) => e.reason)).toEqual(["r2", "r1"]);
    expect(first.nextBefore).toBe(first.entries[1].id);
    const second = await audit(admin, `target=${p.id}&limit=2&before=${first.nextBefore}`);
    expect(second.entries.map((e: { reason: string }) => e.reason)).toEqual(["r0"]);
    expect(second.nextBefore).toBeNull();
    const mine = await audit(admin, `actor=${adminId}&action=user.mute&limit=200`);
    expect(mine.entries.every((e: { actorId: string }) => e.actorId === adminId)).toBe(true);
    await expectError(await call("/v1/admin/audit?action=user.explode", { token: admin }), 400, "invalid_request");

    await expect(env.DB.prepare("UPDATE audit_log SET reason = 'edited' WHERE target_id = ?").bind(p.id).run()).rejects.toThrow(
      /append-only/,
    );
    await expect(env.DB.prepare("DELETE FROM audit_log WHERE target_id = ?").bind(p.id).run()).rejects.toThrow(/append-only/);
  });
});
