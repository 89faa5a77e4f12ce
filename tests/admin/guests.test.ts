import { createExecutionContext, createScheduledController, env, waitOnExecutionContext } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import worker from "../../src/index";
import { call, expectError, json, type TestUser, uniqueIp, uniqueName } from "../helpers/http";
import { connect } from "../rooms/helpers";

async function guest(ip = uniqueIp()) {
  const res = await call("/v1/auth/guest", { method: "POST", ip });
  expect(res.status).toBe(201);
  return json(res);
}

describe("guests", () => {
  it("get a session under a generated name and can create, join and watch unranked rooms", async () => {
    const a = await guest();
    expect(a.user).toMatchObject({ guest: true, role: "player", email: null });
    expect(a.user.username).toMatch(/^guest-[a-z0-9]{8}$/);
    const me = await json(await call("/v1/auth/me", { token: a.accessToken }));
    expect(me).toMatchObject({ id: a.user.id, guest: true });

    const room = await call("/v1/rooms", { token: a.accessToken, body: { game: "counter", visibility: "public" } });
    expect(room.status).toBe(201);
    const b = await guest();
    const { id, code } = await json(room);
    const joined = await call("/v1/rooms/join", { token: b.accessToken, body: { code } });
    expect(joined.status).toBe(200);

    // A third guest watches over the room's socket.
    const c = await guest();
    const watcher = await connect(id, { accessToken: c.accessToken } as TestUser);
    await watcher.join({ mode: "watch" });
    expect(await watcher.waitFor((m) => m.type === "state")).toMatchObject({ you: { mode: "watch", seat: null } });
    watcher.ws.close(1000, "done");
  });

  it("are refused universes and quick match (rated) with 403 guest_not_allowed", async () => {
    const g = await guest();
    await expectError(await call("/v1/universes/milky-way/join", { token: g.accessToken, body: {} }), 403, "guest_not_allowed");
    await expectError(await call("/v1/matchmaking/golf", { method: "POST", token: g.accessToken }), 403, "guest_not_allowed");
  });

  it("cannot register a name in the guest- namespace", async () => {
    await expectError(
      await call("/v1/auth/register", { body: { username: "guest-abcdefgh", password: "correct horse battery" } }),
      400,
      "invalid_request",
    );
  });

  it("upgrade in place: same id, same room membership, then log in with the new name and join a universe", async () => {
    const g = await guest();
    const room = await json(await call("/v1/rooms", { token: g.accessToken, body: { game: "counter", visibility: "public" } }));
    const username = uniqueName("up");
    const res = await call("/v1/auth/guest/upgrade", {
      token: g.accessToken,
      body: { username, password: "correct horse battery", email: `${username}@example.com` },
    });
    expect(res.status).toBe(200);
    const up = await json(res);
    expect(up.user).toMatchObject({ id: g.user.id, username, guest: false, email: `${username}@example.com` });

    // The new access token works and the old session is still live (same refresh token).
    const active = await json(await call("/v1/rooms/me/active", { token: up.accessToken }));
    expect(JSON.stringify(active)).toContain(room.id);
    const refreshed = await call("/v1/auth/refresh", { body: { refreshToken: g.refreshToken } });
    expect(refreshed.status).toBe(200);
    expect((await json(refreshed)).user).toMatchObject({ id: g.user.id, username, guest: false });

    const login = await call("/v1/auth/login", { body: { login: username, password: "correct horse battery" } });
    expect(login.status).toBe(200);
    expect((await json(login)).user.id).toBe(g.user.id);
    expect((await call("/v1/universes/milky-way/join", { token: up.accessToken, body: {} })).status).toBe(201);

    await expectError(
      await call("/v1/auth/guest/upgrade", {
        token: up.accessToken,
        body: { username: uniqueName("again"), password: "correct horse battery" },
      }),
      409,
      "not_a_guest",
    );
  });

  it("upgrade refuses a taken username with 409 conflict and keeps the guest a guest", async () => {
    const taken = uniqueName("taken");
    expect((await call("/v1/auth/register", { body: { username: taken, password: "correct horse battery" } })).status).toBe(201);
    const g = await guest();
    const res = await call("/v1/auth/guest/upgrade", {
      token: g.accessToken,
      body: { username: taken.toUpperCase(), password: "correct horse battery" },
    });
    const err = await expectError(res, 409, "conflict");
    expect(err.details).toEqual({ field: "username" });
    expect((await json(await call("/v1/auth/me", { token: g.accessToken }))).guest).toBe(true);
  });

  it("are rate limited per IP like registration", async () => {
    const ip = uniqueIp();
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await call("/v1/auth/guest", { method: "POST", ip })).status);
    expect(statuses.slice(0, 10).every((s) => s === 201)).toBe(true);
    expect(statuses[10]).toBe(429);
    // Registration shares the same per-IP budget.
    await expectError(
      await call("/v1/auth/register", { ip, body: { username: uniqueName("r"), password: "correct horse battery" } }),
      429,
      "rate_limited",
    );
  });

  it("unused for 30 days are purged by the daily cron; recently used guests and full accounts stay", async () => {
    const idle = await guest();
    const recent = await guest();
    const full = await json(await call("/v1/auth/register", { body: { username: uniqueName("full"), password: "correct horse battery" } }));
    const old = Date.now() - 31 * 86_400_000;
    for (const id of [idle.user.id, recent.user.id, full.user.id]) {
      await env.DB.prepare("UPDATE users SET created_at = ? WHERE id = ?").bind(old, id).run();
      await env.DB.prepare("UPDATE sessions SET last_used_at = ?, created_at = ? WHERE user_id = ?").bind(old, old, id).run();
    }
    // The recent guest refreshed its session yesterday.
    await env.DB.prepare("UPDATE sessions SET last_used_at = ? WHERE user_id = ?")
      .bind(Date.now() - 86_400_000, recent.user.id)
      .run();

    const ctx = createExecutionContext();
    await worker.scheduled(createScheduledController({ scheduledTime: Date.now(), cron: "17 3 * * *" }), env, ctx);
    await waitOnExecutionContext(ctx);

    const left = (
      await env.DB.prepare("SELECT id FROM users WHERE id IN (?, ?, ?)")
        .bind(idle.user.id, recent.user.id, full.user.id)
        .all<{ id: string }>()
    ).results.map((r) => r.id);
    expect(left.sort()).toEqual([recent.user.id, full.user.id].sort());
    expect(
      (await env.DB.prepare("SELECT COUNT(*) AS n FROM sessions WHERE user_id = ?").bind(idle.user.id).first<{ n: number }>())?.n,
    ).toBe(0);
    await expectError(await call("/v1/auth/refresh", { body: { refreshToken: idle.refreshToken } }), 401, "unauthorized");
  });
});
