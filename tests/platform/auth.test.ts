import { describe, expect, it } from "vitest";
import { call, expectError, json, loginAdmin, registerUser, uniqueIp, uniqueName } from "../helpers/http";

describe("register and login", () => {
  it("registers, logs in by username and by email, and returns the account", async () => {
    const username = uniqueName("Reg");
    const email = `${username.toLowerCase()}@example.com`;
    const reg = await call("/v1/auth/register", { body: { username, password: "password-123", email } });
    expect(reg.status).toBe(201);
    const r = await json(reg);
    expect(r.user).toMatchObject({ username, email, role: "player", banned: false });
    expect(r.tokenType).toBe("Bearer");
    expect(r.expiresIn).toBe(900);

    for (const login of [username, email.toUpperCase()]) {
      const res = await call("/v1/auth/login", { body: { login, password: "password-123" } });
      expect(res.status).toBe(200);
      const me = await call("/v1/auth/me", { token: (await json(res)).accessToken });
      expect(me.status).toBe(200);
      const body = await json(me);
      expect(body.username).toBe(username);
      expect(body.lastLoginAt).toBeTypeOf("number");
      expect(JSON.stringify(body)).not.toContain("password");
    }
  });

  it("rejects a username differing only in case with 409 conflict", async () => {
    const u = await registerUser("Case");
    const res = await call("/v1/auth/register", { body: { username: u.username.toUpperCase(), password: "another-pass" } });
    const err = await expectError(res, 409, "conflict");
    expect(err.details.field).toBe("username");
  });

  it("rejects a wrong password with 401 and does not reveal whether the user exists", async () => {
    const u = await registerUser();
    const wrong = await expectError(await call("/v1/auth/login", { body: { login: u.username, password: "nope-nope-nope" } }), 401, "unauthorized");
    const ghost = await expectError(await call("/v1/auth/login", { body: { login: uniqueName("ghost"), password: "nope-nope-nope" } }), 401, "unauthorized");
    expect(wrong.message).toBe(ghost.message);
  });

  it("validates usernames and passwords with field paths", async () => {
    const res = await call("/v1/auth/register", { body: { username: "a!", password: "short" } });
    const err = await expectError(res, 400, "invalid_request");
    const paths = err.details.map((d: { path: string }) => d.path);
    expect(paths).toContain("json.username");
    expect(paths).toContain("json.password");
  });
});

describe("login throttling", () => {
  it("locks an account after repeated failures with 429 and Retry-After, even for the right password", async () => {
    const u = await registerUser("thr");
    for (let i = 0; i < 5; i++) {
      await expectError(await call("/v1/auth/login", { body: { login: u.username, password: "wrong-password" } }), 401, "unauthorized");
    }
    const locked = await call("/v1/auth/login", { body: { login: u.username, password: u.password } });
    await expectError(locked.clone(), 429, "rate_limited");
    expect(Number(locked.headers.get("Retry-After"))).toBeGreaterThan(0);
  });

  it("limits failures per IP across accounts", async () => {
    const ip = uniqueIp();
    let last: Response | undefined;
    for (let i = 0; i < 21; i++) {
      last = await call("/v1/auth/login", { body: { login: uniqueName("nobody"), password: "wrong-password" }, ip });
      if (last.status === 429) break;
    }
    expect(last?.status).toBe(429);
  });

  it("limits auth requests per IP to 10 per minute", async () => {
    const ip = uniqueIp();
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) {
      statuses.push((await call("/v1/auth/refresh", { body: { refreshToken: "x" }, ip })).status);
    }
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
    expect(statuses[10]).toBe(429);
  });
});

describe("refresh tokens", () => {
  it("rotates, and reuse of a rotated token revokes the whole family", async () => {
    const u = await registerUser("rot");
    const first = await call("/v1/auth/refresh", { body: { refreshToken: u.refreshToken } });
    expect(first.status).toBe(200);
    const rotated = await json(first);
    expect(rotated.refreshToken).not.toBe(u.refreshToken);
    expect(rotated.sessionId).toBe(u.sessionId);

    const reuse = await expectError(await call("/v1/auth/refresh", { body: { refreshToken: u.refreshToken } }), 401, "unauthorized");
    expect(reuse.details.reason).toBe("reuse_detected");
    // The legitimate holder's newer token died with the family, and so did its access token.
    await expectError(await call("/v1/auth/refresh", { body: { refreshToken: rotated.refreshToken } }), 401, "unauthorized");
    await expectError(await call("/v1/auth/me", { token: rotated.accessToken }), 401, "unauthorized");
  });
});

describe("sessions and logout", () => {
  it("lists sessions, revokes one, logs out and logs out everywhere", async () => {
    const u = await registerUser("ses");
    const second = await json(await call("/v1/auth/login", { body: { login: u.username, password: u.password }, headers: { "User-Agent": "second-device" } }));
    const third = await json(await call("/v1/auth/login", { body: { login: u.username, password: u.password } }));

    const list = await json(await call("/v1/auth/sessions", { token: u.accessToken }));
    expect(list.sessions).toHaveLength(3);
    expect(list.sessions.filter((s: { current: boolean }) => s.current)).toHaveLength(1);
    expect(list.sessions.find((s: { userAgent: string }) => s.userAgent === "second-device")?.id).toBe(second.sessionId);

    const del = await call(`/v1/auth/sessions/${second.sessionId}`, { method: "DELETE", token: u.accessToken });
    expect(del.status).toBe(200);
    await expectError(await call("/v1/auth/me", { token: second.accessToken }), 401, "unauthorized");
    await expectError(await call(`/v1/auth/sessions/${second.sessionId}`, { method: "DELETE", token: u.accessToken }), 404, "not_found");

    expect((await call("/v1/auth/logout", { method: "POST", token: third.accessToken })).status).toBe(200);
    await expectError(await call("/v1/auth/me", { token: third.accessToken }), 401, "unauthorized");
    await expectError(await call("/v1/auth/refresh", { body: { refreshToken: third.refreshToken } }), 401, "unauthorized");
    expect((await call("/v1/auth/me", { token: u.accessToken })).status).toBe(200);

    const fourth = await json(await call("/v1/auth/login", { body: { login: u.username, password: u.password } }));
    const all = await json(await call("/v1/auth/logout-all", { method: "POST", token: u.accessToken }));
    expect(all.revoked).toBe(2);
    await expectError(await call("/v1/auth/me", { token: fourth.accessToken }), 401, "unauthorized");
    await expectError(await call("/v1/auth/me", { token: u.accessToken }), 401, "unauthorized");
  });
});

describe("bans", () => {
  it("lets the bootstrap admin ban a player, which ends tokens and blocks login, and unban", async () => {
    const admin = await loginAdmin();
    const u = await registerUser("ban");
    const notAdmin = await call(`/v1/admin/users/${u.id}/ban`, { body: { reason: "x" }, token: u.accessToken });
    await expectError(notAdmin, 403, "forbidden");

    const ban = await call(`/v1/admin/users/${u.id}/ban`, { body: { reason: "cheating" }, token: admin });
    expect(ban.status).toBe(200);
    expect((await json(ban)).banned).toBe(true);
    const me = await expectError(await call("/v1/auth/me", { token: u.accessToken }), 403, "forbidden");
    expect(me.details.reason).toBe("banned");
    await expectError(await call("/v1/auth/refresh", { body: { refreshToken: u.refreshToken } }), 401, "unauthorized");
    const login = await expectError(await call("/v1/auth/login", { body: { login: u.username, password: u.password } }), 403, "forbidden");
    expect(login.details).toMatchObject({ reason: "banned", banReason: "cheating" });

    expect((await call(`/v1/admin/users/${u.id}/unban`, { method: "POST", token: admin })).status).toBe(200);
    expect((await call("/v1/auth/login", { body: { login: u.username, password: u.password } })).status).toBe(200);
  });
});
