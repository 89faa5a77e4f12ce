import { runInDurableObject } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import type { Matchmaker } from "../../durable-objects/matchmaker/matchmaker";
import { call, expectError, json, registerUser } from "../helpers/http";
import { connect, createRoom, eventually, fireKey, users } from "../rooms/helpers";
import { emptyQueue, leaveQueue, matchmakerStub, queue, setRating, statusOf, tick } from "./helpers";

// These tests share the real "golf" queue (one object per game), so each leaves it empty, and
// finds it empty: a player another file left there is taken out first.
const golfQueue = () => matchmakerStub("golf");

describe("quick match over HTTP", () => {
  beforeEach(() => emptyQueue(golfQueue(), "golf"));

  it("queues, reports position, wait and window, refuses a duplicate, and leaves", async () => {
    const [a, b] = await users(2, "qm");
    const first = await queue(a!);
    expect(first.status).toBe(200);
    expect(await json(first)).toMatchObject({ state: "queued", game: "golf", position: 1, rating: 1500, window: { delta: 100 } });
    expect((await queue(b!)).status).toBe(200);

    const s = await statusOf(b!);
    expect(s).toMatchObject({ state: "queued", position: 2, queueSize: 2, rating: 1500, window: { delta: 100, min: 1400, max: 1600 } });
    expect(s.waitMs).toBeGreaterThanOrEqual(0);
    expect(s.nextCheckAt).toBeGreaterThan(s.serverTime);

    const dup = await expectError(await queue(a!), 409, "already_queued");
    expect(dup.details.status).toMatchObject({ state: "queued", position: 1 });

    expect(await json(await leaveQueue(a!))).toMatchObject({ state: "idle", notice: null });
    await expectError(await leaveQueue(a!), 404, "not_queued");
    expect(await statusOf(b!)).toMatchObject({ state: "queued", position: 1, queueSize: 1 });
    expect((await leaveQueue(b!)).status).toBe(200);
    expect(await statusOf(a!)).toMatchObject({ state: "idle" });
  });

  it("rate-limits joining the queue per user", async () => {
    const [u] = await users(1, "qrl");
    expect((await queue(u!)).status).toBe(200);
    for (let i = 0; i < 9; i++) expect((await queue(u!)).status).toBe(409);
    const limited = await expectError(await queue(u!), 429, "rate_limited");
    expect(limited.details.retryAfterSeconds).toBeGreaterThan(0);
    await leaveQueue(u!);
  });

  it("refuses players already in 4 live rooms, unknown games and anonymous callers", async () => {
    const u = await registerUser("qfull");
    for (let i = 0; i < 4; i++) await createRoom(u, { game: "counter" });
    await expectError(await queue(u), 409, "too_many_rooms");
    expect(await statusOf(u)).toMatchObject({ state: "idle" });
    await expectError(await queue(u, "chess"), 404, "unknown_game");
    await expectError(await call("/v1/matchmaking/golf", { method: "POST" }), 401, "unauthorized");
  });

  it("matches players by rating, counts down, starts the room itself, and the players find it and play", async () => {
    const [a, b, c, far] = await users(4, "qp");
    await setRating(a!.id, "golf", 1500);
    await setRating(b!.id, "golf", 1540);
    await setRating(c!.id, "golf", 1580);
    await setRating(far!.id, "golf", 1900);
    for (const u of [a, b, c, far]) expect((await queue(u!)).status).toBe(200);
    expect(await statusOf(far!)).toMatchObject({ rating: 1900, window: { min: 1800, max: 2000 } });

    await tick(golfQueue());
    const sa = await statusOf(a!);
    expect(sa).toMatchObject({ state: "matched", roomReady: true });
    expect(sa.players.map((p: any) => [p.userId, p.rating])).toEqual([
      [a!.id, 1500],
      [b!.id, 1540],
      [c!.id, 1580],
    ]);
    expect(sa.countdownMs).toBeGreaterThan(0);
    expect(sa.countdownMs).toBeLessThanOrEqual(5_000);
    const formedAt = await runInDurableObject(golfQueue(), (_: Matchmaker, state) => {
      return state.storage.sql.exec<{ formed_at: number }>("SELECT formed_at FROM matches WHERE room_id = ?", sa.roomId).one().formed_at;
    });
    expect(sa.startsAt - formedAt).toBe(5_000);
    for (const u of [b, c]) expect(await statusOf(u!)).toMatchObject({ state: "matched", roomId: sa.roomId, startsAt: sa.startsAt });
    expect(await statusOf(far!)).toMatchObject({ state: "queued", position: 1, queueSize: 1 });

    // During the countdown: the room is theirs, full, absent from the lobby, and cannot be joined or left via the queue.
    const active = await json(await call("/v1/rooms/me/active", { token: a!.accessToken }));
    expect(active.rooms.find((r: any) => r.id === sa.roomId)).toMatchObject({
      status: "waiting",
      seatsTaken: 3,
      seatsMax: 3,
      visibility: "public",
    });
    const lobby = await json(await call("/v1/lobby/golf?limit=100", { token: far!.accessToken }));
    expect(lobby.rooms.map((r: any) => r.id)).not.toContain(sa.roomId);
    await expectError(await queue(a!), 409, "already_matched");
    await expectError(await leaveQueue(a!), 409, "already_matched");
    await expectError(await call(`/v1/rooms/${sa.roomId}/join`, { method: "POST", token: far!.accessToken }), 409, "matched_room");

    const clients = await Promise.all([a, b, c].map((u) => connect(sa.roomId, u!)));
    for (const [i, cl] of clients.entries()) {
      const joined = await cl.join();
      expect(joined.result).toMatchObject({ mode: "play", seat: i });
    }
    const lobbyState = await clients[0]!.type("state");
    expect(lobbyState.room).toMatchObject({ status: "waiting", autoStartAt: sa.startsAt, code: sa.code });
    expect(lobbyState.room.seats.map((s: any) => [s.userId, s.ready])).toEqual([
      [a!.id, true],
      [b!.id, true],
      [c!.id, true],
    ]);
    // No host action: the host cannot start early or change the table.
    expect(await clients[0]!.request({ type: "start" })).toMatchObject({ type: "error", code: "matched_room" });
    expect(await clients[0]!.request({ type: "add_cpu" })).toMatchObject({ type: "error", code: "matched_room" });

    // The countdown ends (the room's own timer, made due now instead of waiting 5 s).
    await fireKey(sa.roomId, "auto_start");
    for (const cl of clients) {
      const started = await cl.waitFor((m) => m.type === "state" && m.room.status === "playing");
      expect(started.you).toMatchObject({ mode: "play", canAct: true });
      expect(started.room.options).toMatchObject({ rounds: 9, flip_mode: "never", initial_flips: 2, use_jokers: false });
      expect(started.view.phase).toBe("initial_flip");
    }
    const flip = await clients[1]!.request({ type: "action", action: { type: "flip_initial", positions: [0, 1] } });
    expect(flip).toMatchObject({ type: "action_result", ok: true });

    for (const u of [a, b, c]) {
      await eventually(async () => {
        const mine = await json(await call("/v1/rooms/me/active", { token: u!.accessToken }));
        expect(mine.rooms.find((r: any) => r.id === sa.roomId)).toMatchObject({ status: "playing" });
      });
    }
    const live = await json(await call("/v1/lobby/golf/live?limit=100", { token: far!.accessToken }));
    expect(live.games.find((g: any) => g.id === sa.roomId)).toMatchObject({
      players: 3,
      seats: 3,
      host: { userId: a!.id, name: a!.username },
      options: { rounds: 9, ranked: true },
    });

    for (const cl of clients) cl.close();
    await leaveQueue(far!);
    expect(await statusOf(far!)).toMatchObject({ state: "idle" });
  });
});
