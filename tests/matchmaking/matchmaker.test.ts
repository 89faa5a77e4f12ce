import { env, evictDurableObject, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { Matchmaker } from "../../durable-objects/matchmaker/matchmaker";
import { breakD1, restoreD1 } from "../helpers/failing-d1";
import { call, json, registerUser } from "../helpers/http";
import { createRoom, inspect as inspectRoom } from "../rooms/helpers";
import { age, fireTimer, freshMatchmaker, tick } from "./helpers";

const GAME = "golf";

function player(rating: number, userId = `u-${crypto.randomUUID()}`) {
  return { game: GAME, userId, name: userId.slice(0, 10), rating };
}

describe("the matchmaker object", () => {
  it("grows each player's window every 15 s and matches once both windows cover the gap", async () => {
    const { stub, mm } = freshMatchmaker();
    const a = player(1500);
    const b = player(1650);
    const before = Date.now();
    expect((await mm.enqueue(a)).ok).toBe(true);
    const queued = await mm.enqueue(b);
    expect(queued.status).toMatchObject({ state: "queued", position: 2, queueSize: 2, rating: 1650 });

    const s0 = await mm.status(GAME, a.userId);
    if (s0.state !== "queued") throw new Error(s0.state);
    expect(s0).toMatchObject({ position: 1, queueSize: 2, window: { delta: 100, min: 1400, max: 1600 } });
    expect(s0.nextCheckAt).toBeGreaterThanOrEqual(before + 3_000);
    expect(s0.nextCheckAt).toBeLessThanOrEqual(Date.now() + 3_000);
    expect(s0.window.widensAt).toBe(s0.enqueuedAt + 15_000);

    // 150 apart: no match at ±100.
    await tick(stub);
    expect((await mm.inspect()).matches).toEqual([]);
    expect((await mm.status(GAME, a.userId)).state).toBe("queued");

    // 15 s later (moved back instead of waited) both windows are ±150.
    await age(stub, 15_000);
    const s1 = await mm.status(GAME, b.userId);
    expect(s1).toMatchObject({ state: "queued", window: { delta: 150, min: 1500, max: 1800 } });
    expect((s1 as { waitMs: number }).waitMs).toBeGreaterThanOrEqual(15_000);
    await tick(stub);

    const { matches, queue, players } = await mm.inspect();
    expect(queue).toEqual([]);
    expect(matches).toHaveLength(1);
    const m = matches[0]!;
    expect(m).toMatchObject({ state: "ready", attempts: 0 });
    expect(m.starts_at - m.formed_at).toBe(5_000);
    expect(players.map((p) => p.user_id)).toEqual([a.userId, b.userId]);

    const matched = await mm.status(GAME, a.userId);
    if (matched.state !== "matched") throw new Error(matched.state);
    expect(matched).toMatchObject({ roomId: m.room_id, code: m.code, startsAt: m.starts_at, roomReady: true });
    expect(matched.countdownMs).toBeGreaterThan(0);
    expect(matched.countdownMs).toBeLessThanOrEqual(5_000);
    expect(matched.players).toEqual([
      { userId: a.userId, name: a.name, rating: 1500 },
      { userId: b.userId, name: b.name, rating: 1650 },
    ]);
    // The room exists with both seated and its own start timer at the end of the countdown.
    const room = await inspectRoom(m.room_id);
    expect(room.doc).toMatchObject({ status: "waiting", matched: true, autoStartAt: m.starts_at, visibility: "public" });
    expect(room.doc!.seats.map((s) => s.userId)).toEqual([a.userId, b.userId]);
    expect(room.timers.find((t) => t.key === "auto_start")?.at).toBe(m.starts_at);
  });

  it("forms tables of at most 4, longest-waiting first, and checks every 3 s only while two or more wait", async () => {
    const { stub, mm } = freshMatchmaker();
    const five = [player(1500), player(1520), player(1480), player(1510), player(1490)];
    for (const p of five) await mm.enqueue(p);
    // Arrival order is wait order; make the third arrival the longest-waiting of all.
    await runInDurableObject(stub, (_: Matchmaker, state) => {
      state.storage.sql.exec("UPDATE queue SET enqueued_at = enqueued_at - 10000 WHERE user_id = ?", five[2]!.userId);
    });
    await tick(stub);
    const after = await mm.inspect();
    expect(after.players.map((p) => p.user_id)).toEqual([five[2], five[0], five[1], five[3]].map((p) => p!.userId));
    expect(after.queue.map((q) => q.user_id)).toEqual([five[4]!.userId]);
    expect(await mm.status(GAME, five[4]!.userId)).toMatchObject({ state: "queued", position: 1, queueSize: 1, nextCheckAt: null });
    // One player left: no more checks until someone else arrives.
    expect(after.timers.map((t) => t.key)).not.toContain("tick");

    const sixth = player(1505);
    await mm.enqueue(sixth);
    const tickAt = (await mm.inspect()).timers.find((t) => t.key === "tick")?.at;
    expect(tickAt).toBeGreaterThan(Date.now());
    expect(tickAt).toBeLessThanOrEqual(Date.now() + 3_000);
    await tick(stub);
    const last = await mm.inspect();
    expect(last.queue).toEqual([]);
    expect(last.matches).toHaveLength(2);
    expect(
      last.players.filter((p) => p.room_id === last.matches.find((m) => m.room_id !== after.matches[0]!.room_id)!.room_id),
    ).toHaveLength(2);
  });

  it("keeps ticking every 3 s while players wait without a match", async () => {
    const { stub, mm } = freshMatchmaker();
    await mm.enqueue(player(1000));
    await mm.enqueue(player(1700));
    await tick(stub);
    const next = (await mm.inspect()).timers.find((t) => t.key === "tick");
    expect(next?.at).toBeGreaterThan(Date.now());
    expect(next!.at - Date.now()).toBeLessThanOrEqual(3_000);
    // At the ±500 maximum a 700-point gap still never matches.
    await age(stub, 10 * 60_000);
    await tick(stub);
    expect((await mm.inspect()).queue).toHaveLength(2);
  });

  it("refuses a duplicate, lets players leave, and keeps the queue across evictions", async () => {
    const { stub, mm } = freshMatchmaker();
    const a = player(1500);
    const b = player(1800);
    await mm.enqueue(a);
    await mm.enqueue(b);
    expect(await mm.enqueue(a)).toMatchObject({ ok: false, code: "already_queued", status: { state: "queued", position: 1 } });

    await evictDurableObject(stub);
    expect(await mm.status(GAME, b.userId)).toMatchObject({ state: "queued", position: 2, queueSize: 2 });

    expect(await mm.leave(GAME, a.userId)).toMatchObject({ ok: true, status: { state: "idle", notice: null } });
    expect(await mm.leave(GAME, a.userId)).toMatchObject({ ok: false, code: "not_queued" });
    expect(await mm.status(GAME, b.userId)).toMatchObject({ state: "queued", position: 1, queueSize: 1 });
    // Alone in the queue: the periodic check stops.
    expect((await mm.inspect()).timers.map((t) => t.key)).not.toContain("tick");
    await mm.leave(GAME, b.userId);
    expect(await mm.status(GAME, b.userId)).toEqual({ state: "idle", game: GAME, serverTime: expect.any(Number), notice: null });
  });

  it("holds matched players until their room starts, then lets them queue again", async () => {
    const { stub, mm } = freshMatchmaker();
    const a = player(1500);
    const b = player(1500);
    await mm.enqueue(a);
    await mm.enqueue(b);
    await tick(stub);
    expect(await mm.enqueue(a)).toMatchObject({ ok: false, code: "already_matched", status: { state: "matched" } });
    expect(await mm.leave(GAME, a.userId)).toMatchObject({ ok: false, code: "already_matched" });

    // The countdown has run out.
    await runInDurableObject(stub, (_: Matchmaker, state) => {
      state.storage.sql.exec("UPDATE matches SET starts_at = ?", Date.now() - 1);
    });
    expect(await mm.status(GAME, a.userId)).toMatchObject({ state: "matched", countdownMs: 0 });
    expect(await mm.enqueue(a)).toMatchObject({ ok: true, status: { state: "queued" } });
    await mm.leave(GAME, a.userId);

    // The match is remembered for a while, then forgotten by its timer.
    const { matches } = await mm.inspect();
    await fireTimer(stub, `forget:${matches[0]!.room_id}`);
    expect((await mm.inspect()).matches).toEqual([]);
    expect((await mm.status(GAME, b.userId)).state).toBe("idle");
  });

  it("drops a matched player who is already in 4 live rooms, and requeues the other when too few are left", async () => {
    const busy = await registerUser("busy");
    for (let i = 0; i < 4; i++) await createRoom(busy, { game: "counter" });
    const [x, y, z] = await Promise.all([registerUser("mx"), registerUser("my"), registerUser("mz")]);

    // Three players, one of them full: the other two play.
    const { stub, mm } = freshMatchmaker();
    await mm.enqueue({ game: GAME, userId: busy.id, name: busy.username, rating: 1500 });
    await mm.enqueue({ game: GAME, userId: x.id, name: x.username, rating: 1500 });
    await mm.enqueue({ game: GAME, userId: y.id, name: y.username, rating: 1500 });
    await tick(stub);
    const matched = await mm.status(GAME, x.id);
    if (matched.state !== "matched") throw new Error(matched.state);
    expect(matched.players.map((p) => p.userId)).toEqual([x.id, y.id]);
    expect(await mm.status(GAME, busy.id)).toMatchObject({ state: "idle", notice: { code: "too_many_rooms" } });
    expect((await inspectRoom(matched.roomId)).doc!.seats.map((s) => s.userId)).toEqual([x.id, y.id]);

    // Two players, one of them full: no room; the other keeps their place in the queue.
    const second = freshMatchmaker();
    await second.mm.enqueue({ game: GAME, userId: busy.id, name: busy.username, rating: 1500 });
    const queuedZ = await second.mm.enqueue({ game: GAME, userId: z.id, name: z.username, rating: 1500 });
    const enqueuedAt = (queuedZ.status as { enqueuedAt: number }).enqueuedAt;
    await tick(second.stub);
    const { matches } = await second.mm.inspect();
    expect(matches).toMatchObject([{ state: "cancelled", error: "not_enough_players" }]);
    expect(await second.mm.status(GAME, z.id)).toMatchObject({ state: "queued", position: 1, enqueuedAt });
    const row = await env.DB.prepare("SELECT id FROM rooms WHERE id = ?").bind(matches[0]!.room_id).first();
    expect(row).toBeNull();
    const active = await json(await call("/v1/rooms/me/active", { token: z.accessToken }));
    expect(active.rooms).toEqual([]);
  });

  it("retries a room creation that failed, with back-off, and reports the match meanwhile", async () => {
    const { stub, mm } = freshMatchmaker();
    const a = player(1500);
    const b = player(1500);
    await mm.enqueue(a);
    await mm.enqueue(b);
    await breakD1(stub);
    await tick(stub);
    const pending = await mm.inspect();
    expect(pending.matches).toMatchObject([{ state: "creating", attempts: 1, code: null }]);
    const roomId = pending.matches[0]!.room_id;
    const retry = pending.timers.find((t) => t.key === `create:${roomId}`);
    expect(retry!.at - Date.now()).toBeGreaterThan(3_000);
    expect(await mm.status(GAME, a.userId)).toMatchObject({ state: "matched", roomId, roomReady: false, code: null });

    await restoreD1(stub);
    // Another alarm before the back-off is over does not retry early.
    await runDurableObjectAlarm(stub);
    expect((await mm.inspect()).matches).toMatchObject([{ state: "creating", attempts: 1 }]);
    await fireTimer(stub, `create:${roomId}`);
    const done = await mm.inspect();
    expect(done.matches).toMatchObject([{ state: "ready", room_id: roomId }]);
    expect(done.timers.map((t) => t.key)).toEqual([`forget:${roomId}`]);
    expect(await mm.status(GAME, b.userId)).toMatchObject({ state: "matched", roomReady: true, code: expect.stringMatching(/^[A-Z]{4}$/) });
  });
});
