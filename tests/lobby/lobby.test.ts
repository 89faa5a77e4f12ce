import { env, evictDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { call, expectError, json, registerUser, type TestUser } from "../helpers/http";
import { connect, createRoom, eventually, fireKey, inspect, joinByCode, roomStub, users } from "../rooms/helpers";

async function lobby(user: TestUser, path: string): Promise<any> {
  const res = await call(path, { token: user.accessToken, ip: user.ip });
  expect(res.status, await res.clone().text()).toBe(200);
  return json(res);
}

/** Follows `nextCursor` to the end; returns every page. */
async function allPages(user: TestUser, base: string, key: "rooms" | "games", limit: number): Promise<any[][]> {
  const pages: any[][] = [];
  let cursor: string | null = null;
  for (let i = 0; i < 500; i++) {
    const page: any = await lobby(user, `${base}?limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
    pages.push(page[key]);
    cursor = page.nextCursor;
    if (!cursor) return pages;
  }
  throw new Error("pagination did not end");
}

async function indexedSpectators(roomId: string): Promise<number | undefined> {
  const row = await env.DB.prepare("SELECT spectators FROM rooms WHERE id = ?").bind(roomId).first<{ spectators: number }>();
  return row?.spectators;
}

/**
 * Whether a room object is running. `evictDurableObject` rejects for an object that is not running,
 * so a successful eviction proves it was awake (and leaves it evicted again).
 */
async function wasRunning(roomId: string): Promise<boolean> {
  try {
    await evictDurableObject(roomStub(roomId));
    return true;
  } catch {
    return false;
  }
}

describe("the lobby", () => {
  it("lists waiting public rooms from the index without waking a single room", async () => {
    const [host, other, viewer] = await users(3, "lb");
    const rooms: any[] = [];
    for (let i = 0; i < 3; i++) rooms.push(await createRoom(host!, { game: "golf", visibility: "public", options: { rounds: 3 } }));
    expect((await joinByCode(other!, rooms[1].code)).status).toBe(200);
    const hidden = await createRoom(other!, { game: "golf", visibility: "private" });

    // Put every room to sleep and check the proof works: an evicted room is reported as not running.
    for (const r of [...rooms, hidden]) await evictDurableObject(roomStub(r.id));
    for (const r of [...rooms, hidden]) expect(await wasRunning(r.id)).toBe(false);

    const pages = await allPages(viewer!, "/v1/lobby/golf", "rooms", 2);
    const live = await lobby(viewer!, "/v1/lobby/golf/live?limit=100");
    expect(live.games.map((g: any) => g.id)).not.toContain(rooms[0].id);
    const listed = pages.flat();
    const mine = listed.filter((r) => rooms.some((x) => x.id === r.id));
    expect(mine.map((r) => r.id)).toEqual(rooms.map((r) => r.id));
    expect(listed.map((r) => r.id)).not.toContain(hidden.id);
    expect(mine[1]).toMatchObject({
      code: rooms[1].code,
      game: "golf",
      host: { userId: host!.id, name: host!.username },
      players: 2,
      seats: 6,
      openSeats: 4,
      spectators: 0,
      options: { rounds: 3, ranked: true, active_rules: [] },
    });
    // The index row is written by the Worker a moment before the room object stamps its own time.
    expect(Math.abs(mine[1].createdAt - rooms[1].createdAt)).toBeLessThan(1_000);
    expect(mine[0].ageSeconds).toBeGreaterThanOrEqual(0);

    // Not one room object was woken by the listings.
    for (const r of [...rooms, hidden]) expect(await wasRunning(r.id)).toBe(false);
    // Control: touching a room does wake it, and the check sees that.
    expect((await call(`/v1/rooms/${rooms[0].id}`, { token: viewer!.accessToken })).status).toBe(200);
    expect(await wasRunning(rooms[0].id)).toBe(true);
  });

  it("paginates oldest first with a cursor and leaves out full, started and unknown-game rooms", async () => {
    const [host, host2, viewer] = await users(3, "lp");
    const mineIds: string[] = [];
    // Five rooms from two hosts (a user is in at most 4 live rooms).
    for (let i = 0; i < 5; i++) mineIds.push((await createRoom(i % 2 ? host2! : host!, { game: "counter", visibility: "public" })).id);
    // A full room and a started room, which the lobby leaves out.
    const [h2, h3, ...guests] = await users(7, "lp2");
    const full = await createRoom(h2!, { game: "counter", visibility: "public" });
    for (const g of guests) expect((await joinByCode(g, full.code)).status).toBe(200);
    const started = await createRoom(h3!, { game: "counter", visibility: "public" });
    const sc = await connect(started.id, h3!);
    await sc.join();
    await sc.ok({ type: "start" });
    await sc.type("turn_start");

    const pages = await allPages(viewer!, "/v1/lobby/counter", "rooms", 2);
    for (const p of pages) expect(p.length).toBeLessThanOrEqual(2);
    const listed = pages.flat();
    expect(new Set(listed.map((r) => r.id)).size).toBe(listed.length);
    expect(listed.map((r) => r.id).filter((id) => mineIds.includes(id))).toEqual(mineIds);
    const createdAt = listed.map((r) => r.createdAt);
    expect(createdAt).toEqual([...createdAt].sort((x, y) => x - y));
    expect(listed.map((r) => r.id)).not.toContain(full.id);
    expect(listed.map((r) => r.id)).not.toContain(started.id);
    expect(listed.every((r) => r.game === "counter" && r.openSeats > 0)).toBe(true);

    await expectError(await call("/v1/lobby/counter?cursor=nonsense", { token: viewer!.accessToken }), 400, "invalid_request");
    const foreign = (await lobby(viewer!, "/v1/lobby/counter/live?limit=1")).nextCursor;
    if (foreign)
      await expectError(await call(`/v1/lobby/counter?cursor=${foreign}`, { token: viewer!.accessToken }), 400, "invalid_request");
    await expectError(await call("/v1/lobby/counter?limit=0", { token: viewer!.accessToken }), 400, "invalid_request");
    await expectError(await call("/v1/lobby/chess", { token: viewer!.accessToken }), 404, "unknown_game");
    await expectError(await call("/v1/lobby/golf"), 401, "unauthorized");
    sc.close();
  });

  it("lists games in progress with their spectators, kept current in the index through the room's timer", async () => {
    const [h1, h2, s1, s2, viewer] = await users(5, "lv");
    async function startedRoom(host: TestUser) {
      const room = await createRoom(host, { game: "golf", visibility: "public", options: { rounds: 1 } });
      const c = await connect(room.id, host);
      await c.join();
      await c.ok({ type: "add_cpu", profile: "Sofia" });
      await c.ok({ type: "start" });
      await c.waitFor((m) => m.type === "state" && m.room.status === "playing");
      return { room, c };
    }
    const watched = await startedRoom(h1!);
    const quiet = await startedRoom(h2!);

    const watchers = [await connect(watched.room.id, s1!), await connect(watched.room.id, s2!)];
    for (const w of watchers) await w.join({ mode: "watch" });
    await watched.c.waitFor((m) => m.type === "spectators" && m.count === 2);

    // The count reaches D1 batched, through the room's index timer (at most 2 s later), made due now.
    if ((await indexedSpectators(watched.room.id)) !== 2) {
      const pending = (await inspect(watched.room.id)).timers.find((t) => t.key === "index");
      expect(pending!.at - Date.now()).toBeLessThanOrEqual(2_000);
    }
    await fireKey(watched.room.id, "index");
    await eventually(async () => expect(await indexedSpectators(watched.room.id)).toBe(2));

    const pages = await allPages(viewer!, "/v1/lobby/golf/live", "games", 1);
    for (const p of pages) expect(p.length).toBeLessThanOrEqual(1);
    const listed = pages.flat();
    const w = listed.find((g) => g.id === watched.room.id);
    const q = listed.find((g) => g.id === quiet.room.id);
    expect(w).toMatchObject({
      spectators: 2,
      players: 2,
      seats: 6,
      host: { userId: h1!.id, name: h1!.username },
      options: { rounds: 1 },
    });
    expect(w.startedAt).toBeGreaterThanOrEqual(watched.room.createdAt);
    expect(w.playingSeconds).toBeGreaterThanOrEqual(0);
    expect(q).toMatchObject({ spectators: 0, players: 2 });
    // Most watched first.
    expect(listed.findIndex((g) => g.id === watched.room.id)).toBeLessThan(listed.findIndex((g) => g.id === quiet.room.id));
    const spectators = listed.map((g) => g.spectators);
    expect(spectators).toEqual([...spectators].sort((x, y) => y - x));
    // Games in progress are not waiting for players.
    const waiting = (await allPages(viewer!, "/v1/lobby/golf", "rooms", 100)).flat();
    expect(waiting.map((r) => r.id)).not.toContain(watched.room.id);

    // A spectator leaves: the index follows.
    watchers[0]!.close();
    await watched.c.waitFor((m) => m.type === "spectators" && m.count === 1);
    await fireKey(watched.room.id, "index");
    await eventually(async () => expect(await indexedSpectators(watched.room.id)).toBe(1));
    const after = await lobby(viewer!, "/v1/lobby/golf/live?limit=100");
    expect(after.games.find((g: any) => g.id === watched.room.id).spectators).toBe(1);
    const row = await env.DB.prepare("SELECT spectators, status FROM rooms WHERE id = ?").bind(watched.room.id).first();
    expect(row).toEqual({ spectators: 1, status: "playing" });
    expect((await inspect(watched.room.id)).timers.map((t) => t.key)).not.toContain("index");

    for (const c of [watchers[1]!, watched.c, quiet.c]) c.close();
  });

  it("keeps a finished game out of the live list", async () => {
    const host = await registerUser("lf");
    const room = await createRoom(host, { game: "counter", visibility: "public", options: { target: 1, max_turns: 1 } });
    const c = await connect(room.id, host);
    await c.join();
    await c.ok({ type: "add_cpu" });
    await c.ok({ type: "start" });
    await c.waitFor((m) => m.type === "turn_start" || m.type === "game_over");
    await c.request({ type: "action", action: { type: "add", amount: 1 } });
    await c.type("game_over");
    const live = await lobby(host, "/v1/lobby/counter/live?limit=100");
    expect(live.games.map((g: any) => g.id)).not.toContain(room.id);
    c.close();
  });
});
