import { env, evictDurableObject, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { attachmentOf, setAttachment } from "../../durable-objects/kit";
import type { Sentinel } from "../../durable-objects/sentinel";
import type { UserSockets } from "../../durable-objects/user-sockets";
import { describe, expect, it } from "vitest";
import { call, json, loginAdmin, registerUser } from "../helpers/http";
import { connect, createRoom, inspect, joinByCode, mid } from "../rooms/helpers";
import { createUniverse, joined } from "../universe/helpers";
import { closeAll, open, registry, secondSession, sleep } from "./helpers";

const SESSION_REVOKED = 4401;
const BANNED = 4403;

describe("revoking sessions closes their sockets", () => {
  it("closes a banned player's room socket with 4403 and refuses the frame sent after the ban", async () => {
    const host = await registerUser("rvh");
    const guest = await registerUser("rvg");
    const room = await createRoom(host, { game: "counter" });
    expect((await joinByCode(guest, room.code)).status).toBe(200);
    const h = await connect(room.id, host);
    await h.join();
    const g = await connect(room.id, guest);
    await g.join();

    const banned = await call(`/v1/admin/users/${guest.id}/ban`, { body: { reason: "cheating" }, token: await loginAdmin() });
    expect(banned.status).toBe(200);
    // Sent after the ban answered: it must not act.
    try {
      g.ws.send(JSON.stringify({ type: "ready", messageId: mid("late"), ready: true }));
    } catch {
      // the close already reached this end
    }
    expect(await g.closed(5000)).toMatchObject({ code: BANNED });
    await sleep(200);
    const { doc } = await inspect(room.id);
    expect(doc!.seats.find((s) => s.userId === guest.id)!.ready).toBe(false);
    expect(g.messages.filter((m) => m.type === "action_result" && m.command === "ready")).toEqual([]);
    // Everyone else stays connected.
    expect(h.closeInfo).toBeNull();
    h.send({ type: "ping", messageId: "still-here" });
    await h.waitFor((m) => m.type === "pong" && m.messageId === "still-here");
    await closeAll([host.id], [h]);
  });

  it("closes the universe socket of the session that logged out with 4401; another session keeps its socket", async () => {
    const universe = await createUniverse();
    const a = await registerUser("rvu");
    await joined(a, universe);
    const b = await secondSession(a);
    const sa = await open(`/v1/universes/${universe}/ws`, a.accessToken);
    const sb = await open(`/v1/universes/${universe}/ws`, b.accessToken);
    await sa.waitFor((m) => m.type === "welcome");
    await sb.waitFor((m) => m.type === "welcome");

    expect((await call("/v1/auth/logout", { method: "POST", token: a.accessToken })).status).toBe(200);
    const before = sa.json().length;
    // The close arrives before the logout's answer, so the late frame cannot even leave.
    sa.trySend("snapshot");
    expect(await sa.closed(5000)).toMatchObject({ code: SESSION_REVOKED });
    expect(sa.json().length).toBe(before);

    expect(sb.closeInfo).toBeNull();
    sb.trySend("snapshot");
    const welcomes = () => sb.json().filter((m) => m.type === "welcome").length;
    const deadline = Date.now() + 5000;
    while (welcomes() < 2 && Date.now() < deadline) await sleep(10);
    expect(welcomes()).toBe(2);
    await closeAll([a.id], [sb]);
  });

  it("keeps the other session's room socket after a single logout, and logout-all closes every socket", async () => {
    const host = await registerUser("rvl");
    const other = await secondSession(host);
    const room = await createRoom(host, { game: "counter" });
    const first = await connect(room.id, host);
    await first.join();
    const second = await connect(room.id, other);
    await second.join();
    const echo = await open("/v1/ws/echo", other.accessToken);

    expect((await call("/v1/auth/logout", { method: "POST", token: host.accessToken })).status).toBe(200);
    expect(await first.closed(5000)).toMatchObject({ code: SESSION_REVOKED });
    expect(second.closeInfo).toBeNull();
    second.send({ type: "ping", messageId: "still-here" });
    await second.waitFor((m) => m.type === "pong" && m.messageId === "still-here");
    expect(echo.closeInfo).toBeNull();

    const third = await secondSession(host);
    const thirdSocket = await open("/v1/ws/echo", third.accessToken);
    const all = await call("/v1/auth/logout-all", { method: "POST", token: other.accessToken });
    expect(await json(all)).toEqual({ revoked: 2 });
    expect(await second.closed(5000)).toMatchObject({ code: SESSION_REVOKED });
    expect(await echo.closed(5000)).toMatchObject({ code: SESSION_REVOKED });
    expect(await thirdSocket.closed(5000)).toMatchObject({ code: SESSION_REVOKED });
  });

  it("reaches an object that was evicted while the socket hibernated", async () => {
    const u = await registerUser("rve");
    const echo = await open("/v1/ws/echo", u.accessToken);
    echo.trySend("whoami");
    await echo.waitFor((m) => m.type === "identity");
    await evictDurableObject(env.SENTINEL.get(env.SENTINEL.idFromName(`echo:${u.id}`)));
    expect((await call("/v1/auth/logout", { method: "POST", token: u.accessToken })).status).toBe(200);
    expect(await echo.closed(5000)).toMatchObject({ code: SESSION_REVOKED });
  });

  it("closes the sockets of a refresh-token family revoked by reuse detection", async () => {
    const u = await registerUser("rvr");
    const echo = await open("/v1/ws/echo", u.accessToken);
    const rotated = await call("/v1/auth/refresh", { body: { refreshToken: u.refreshToken }, ip: u.ip });
    expect(rotated.status).toBe(200);
    const reuse = await call("/v1/auth/refresh", { body: { refreshToken: u.refreshToken }, ip: u.ip });
    expect(reuse.status).toBe(401);
    expect(await echo.closed(5000)).toMatchObject({ code: SESSION_REVOKED });
  });

  it("closes the sockets of a session revoked from the session list", async () => {
    const u = await registerUser("rvs");
    const other = await secondSession(u);
    const echo = await open("/v1/ws/echo", other.accessToken);
    expect((await call(`/v1/auth/sessions/${other.sessionId}`, { method: "DELETE", token: u.accessToken })).status).toBe(200);
    expect(await echo.closed(5000)).toMatchObject({ code: SESSION_REVOKED });
  });

  it("refuses a frame that reaches a socket already marked revoked, and closes it", async () => {
    const u = await registerUser("rvm");
    const echo = await open("/v1/ws/echo", u.accessToken);
    // A frame the client sent before the close reached it arrives after the revocation marked the socket.
    await runInDurableObject(env.SENTINEL.get(env.SENTINEL.idFromName(`echo:${u.id}`)), (_: Sentinel, state) => {
      for (const ws of state.getWebSockets()) setAttachment(ws, { ...attachmentOf(ws), revoked: SESSION_REVOKED });
    });
    echo.trySend("whoami");
    expect(await echo.closed(5000)).toMatchObject({ code: SESSION_REVOKED });
    expect(echo.frames).toEqual([]);
  });

  it("refuses a socket still on its way in for a session that was revoked meanwhile", async () => {
    const u = await registerUser("rvt");
    expect((await call("/v1/auth/logout", { method: "POST", token: u.accessToken })).status).toBe(200);
    const place = { binding: "SENTINEL" as const, objectId: "0".repeat(64), sessionId: u.sessionId, at: Date.now() };
    expect(await registry(u.id).enter(place)).toBe(false);
    expect(await registry(u.id).enter({ ...place, sessionId: crypto.randomUUID() })).toBe(true);
  });

  it("tolerates places whose release never arrived, and retries deliveries that fail", async () => {
    const u = await registerUser("rvx");
    const stale = { binding: "SENTINEL" as const, objectId: env.SENTINEL.idFromName(`stale:${u.id}`).toString(), sessionId: u.sessionId };
    // An object that cannot be reached (here: an id no namespace accepts) must not block the logout.
    const broken = { binding: "ROOMS" as const, objectId: "not-an-object-id", sessionId: u.sessionId };
    expect(await registry(u.id).enter({ ...stale, at: Date.now() })).toBe(true);
    expect(await registry(u.id).enter({ ...broken, at: Date.now() })).toBe(true);

    expect((await call("/v1/auth/logout", { method: "POST", token: u.accessToken })).status).toBe(200);
    // The stale place was delivered (nothing to close there) and forgotten; the broken one waits for a retry.
    expect(await registry(u.id).places()).toEqual([{ binding: "ROOMS", objectId: "not-an-object-id", sessionId: u.sessionId }]);
    const stub = registry(u.id);
    const pending = () =>
      runInDurableObject(stub, (_: UserSockets, state) =>
        state.storage.sql.exec<{ key: string; payload: string }>("SELECT key, payload FROM _timers").toArray(),
      );
    const [timer] = await pending();
    expect(JSON.parse(timer!.payload)).toMatchObject({ binding: "ROOMS", attempt: 1 });
    await runInDurableObject(stub, (_: UserSockets, state) => {
      state.storage.sql.exec("UPDATE _timers SET at = ?", Date.now() - 1);
    });
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    const [retried] = await pending();
    expect(JSON.parse(retried!.payload)).toMatchObject({ attempt: 2 });
    await runInDurableObject(stub, async (_: UserSockets, state) => {
      state.storage.sql.exec("DELETE FROM _timers");
      await state.storage.deleteAlarm();
    });
  });

  it("forgets a place once the session's last socket there closes", async () => {
    const u = await registerUser("rvp");
    const first = await open("/v1/ws/echo", u.accessToken);
    const second = await open("/v1/ws/echo", u.accessToken);
    expect(await registry(u.id).places()).toHaveLength(1);
    first.close();
    await first.closed();
    await sleep(100);
    expect(await registry(u.id).places()).toHaveLength(1);
    await closeAll([u.id], [second]);
    expect(await registry(u.id).places()).toEqual([]);
  });
});
