import { evictDurableObject, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { Room } from "../../durable-objects/room/room";
import { breakD1, restoreD1 } from "../helpers/failing-d1";
import { call, expectError, json } from "../helpers/http";
import { connect, counterForTwo, createRoom, eventually, expireTurn, fire, fireKey, inspect, joinByCode, roomStub, timerKeys, upgrade, users } from "./helpers";

type Inspected = Awaited<ReturnType<typeof inspect>>;

/** Lets CPUs move (firing their timers) until `pred` holds. */
async function until(id: string, pred: (r: Inspected) => boolean, what: string): Promise<Inspected> {
  for (let i = 0; i < 30; i++) {
    const r = await inspect(id);
    if (pred(r)) return r;
    await fire(id, ["cpu_move"]);
  }
  throw new Error(`never reached: ${what}`);
}

const awaitingHuman = (seat: number) => (r: Inspected) => r.doc!.turns.some((t) => t.seat === seat);

async function counterWithCpu(config: Record<string, unknown> = {}) {
  const [h] = await users(1);
  const room = await createRoom(h!, { game: "counter", options: { target: 10_000, max_turns: 500 }, config });
  const c = await connect(room.id, h!);
  await c.join();
  await c.ok({ type: "add_cpu" });
  await c.ok({ type: "start" });
  return { h: h!, room, c };
}

describe("turn timers", () => {
  it("derives a clock's timer from the document instead of storing it, and keeps the alarm on it across a restart", async () => {
    const { room, c } = await counterWithCpu();
    const first = await c.waitFor((m) => m.type === "turn_start" && m.seat === 0);
    const stored = () =>
      runInDurableObject(roomStub(room.id), async (_: Room, state) => ({
        keys: state.storage.sql.exec<{ key: string }>("SELECT key FROM _timers").toArray().map((r) => r.key),
        alarm: await state.storage.getAlarm(),
      }));
    const before = await stored();
    expect(before.keys).not.toContain("turn:0");
    expect((await inspect(room.id)).timers.find((t) => t.key === "turn:0")).toMatchObject({ kind: "timer_warning", derived: true });
    // The alarm is no later than the clock's first warning, so a restarted room wakes for it.
    expect(before.alarm).toBeLessThanOrEqual(first.deadline - 30_000);

    await evictDurableObject(roomStub(room.id));
    expect((await inspect(room.id)).timers.find((t) => t.key === "turn:0")).toMatchObject({
      kind: "timer_warning",
      at: first.deadline - 30_000,
    });
    await fireKey(room.id, "turn:0");
    expect(await c.type("timer_warning")).toMatchObject({ seat: 0, turnId: first.turnId, fraction: 0.5 });
    // Run again at the same moment (alarms are at-least-once): the warning is not sent twice.
    await runInDurableObject(roomStub(room.id), (_: Room, state) => state.storage.setAlarm(Date.now()));
    await runDurableObjectAlarm(roomStub(room.id));
    expect((await inspect(room.id)).doc!.turns[0]!.warned).toEqual([0.5]);
    expect((await inspect(room.id)).timers.find((t) => t.key === "turn:0")).toMatchObject({ at: first.deadline - 15_000 });
    expect((await stored()).keys).not.toContain("turn:0");
  });

  it("moves the alarm earlier when the next clock's step comes before the last one's", async () => {
    const { room, mover } = await counterForTwo({ target: 10_000, max_turns: 500 });
    // The 50 % warning is sent: the clock's next step is the 25 % one, 45 s after its start.
    await fireKey(room.id, "turn:0");
    await mover.ok({ type: "action", action: { type: "add", amount: 1 } });
    // The next seat's first warning comes 30 s after its start, before that: the alarm must follow.
    const next = (await inspect(room.id)).timers.find((t) => t.key === "turn:0");
    expect(next).toMatchObject({ kind: "timer_warning", derived: true });
    const alarm = await runInDurableObject(roomStub(room.id), (_: Room, state) => state.storage.getAlarm());
    expect(alarm).not.toBeNull();
    expect(alarm!).toBeLessThanOrEqual(next!.at);
  });

  it("warns at 50 % and 25 %, applies the timeout move, and hands the seat to a CPU after 3 timeouts in a row", async () => {
    const { room, c } = await counterWithCpu();
    const first = await c.waitFor((m) => m.type === "turn_start" && m.seat === 0);
    expect(first.deadline - first.startedAt).toBe(60_000);

    // The clock's one timer stands for its next step: the 50 % warning, the 25 % one, the timeout.
    const clockTimer = async () => (await inspect(room.id)).timers.find((t) => t.key === "turn:0");
    expect(await clockTimer()).toMatchObject({ kind: "timer_warning", at: first.deadline - 30_000 });
    await fireKey(room.id, "turn:0");
    const w50 = await c.type("timer_warning");
    expect(w50).toMatchObject({ seat: 0, turnId: first.turnId, fraction: 0.5, deadline: first.deadline });
    expect(w50.remainingMs).toBeGreaterThan(0);
    expect(await clockTimer()).toMatchObject({ kind: "timer_warning", at: first.deadline - 15_000 });
    await fireKey(room.id, "turn:0");
    expect(await c.type("timer_warning")).toMatchObject({ fraction: 0.25 });
    // A warning fires once per turn: what is left is the timeout.
    expect(await clockTimer()).toMatchObject({ kind: "turn_timeout", at: first.deadline });
    expect((await timerKeys(room.id)).filter((k) => k.startsWith("turn:"))).toEqual(["turn:0"]);

    await fireKey(room.id, "turn:0");
    expect(await c.waitFor((m) => m.type === "event" && m.event.type === "added" && m.event.data.seat === 0)).toMatchObject({
      event: { data: { amount: 1 } },
    });
    let r = await inspect(room.id);
    expect(r.doc!.seats[0]).toMatchObject({ timeouts: 1, control: "human" });

    // Acting resets the count.
    r = await until(room.id, awaitingHuman(0), "seat 0's turn");
    await c.ok({ type: "action", action: { type: "add", amount: 3 } });
    expect((await inspect(room.id)).doc!.seats[0]!.timeouts).toBe(0);

    for (let n = 1; n <= 3; n++) {
      r = await until(room.id, awaitingHuman(0), "seat 0's turn");
      const turnId = r.doc!.turns[0]!.turnId;
      await c.waitFor((m) => m.type === "turn_start" && m.seat === 0 && m.turnId === turnId);
      await expireTurn(room.id);
    }
    const takeover = await c.waitFor((m) => m.type === "room" && m.room.seats[0].control === "cpu");
    expect(takeover.room.seats[0]).toMatchObject({ cpuReason: "timeouts", out: null, userId: expect.any(String) });
    r = await until(room.id, (x) => x.timers.some((t) => t.key === "cpu:0"), "a CPU move for seat 0");
    expect(r.doc!.turns).toEqual([]);
    expect(r.timers.map((t) => t.key)).not.toContain("turn:0");
    const before = r.doc!.actions;
    await fireKey(room.id, "cpu:0");
    const moved = await inspect(room.id);
    expect(moved.doc!.actions).toBe(before + 1);
    expect(moved.doc!.seats[0]!.control).toBe("cpu");

    // The player takes the seat back simply by acting on their turn.
    r = await until(room.id, (x) => x.timers.some((t) => t.key === "cpu:0"), "seat 0 awaited again");
    await c.ok({ type: "action", action: { type: "add", amount: 2 } });
    expect((await inspect(room.id)).doc!.seats[0]).toMatchObject({ control: "human", cpuReason: null, timeouts: 0 });
  });

  it("with the forfeit policy, 3 timeouts in a row forfeit the game", async () => {
    const { h, room, c } = await counterWithCpu({ timeoutPolicy: "forfeit", turnSeconds: 30 });
    const first = await c.waitFor((m) => m.type === "turn_start" && m.seat === 0);
    expect(first.deadline - first.startedAt).toBe(30_000);
    for (let n = 1; n <= 3; n++) {
      await until(room.id, awaitingHuman(0), "seat 0's turn");
      await expireTurn(room.id);
    }
    const over = await c.type("game_over");
    expect(over.result).toMatchObject({ reason: "forfeit", forfeited: [0], winnerSeat: 1, ranks: [2, 1], game: null });
    const r = await inspect(room.id);
    expect(r.doc!.seats[0]).toMatchObject({ out: "forfeit", control: "cpu" });
    expect(r.timers.map((t) => t.key)).toEqual(["idle"]);
    await eventually(async () => {
      expect((await json(await call(`/v1/rooms/${room.id}`, { token: h.accessToken }))).status).toBe("finished");
    });
  });
});

describe("disconnects and reconnects", () => {
  it("holds the seat for the grace period, extends the turn on reconnect, then lets a CPU play until the player reclaims it", async () => {
    const [h, g] = await users(2);
    const room = await createRoom(h!, { game: "counter", options: { target: 10_000 } });
    await joinByCode(g!, room.code);
    let ch = await connect(room.id, h!);
    await ch.join();
    const cg = await connect(room.id, g!);
    await cg.join();
    await ch.ok({ type: "start" });
    const turn = await cg.waitFor((m) => m.type === "turn_start" && m.seat === 0);

    ch.close();
    const away = await cg.waitFor((m) => m.type === "presence" && m.players.some((p: any) => p.userId === h!.id && !p.connected));
    expect(away.players.find((p: any) => p.userId === h!.id).awaySince).toEqual(expect.any(Number));
    expect(await timerKeys(room.id)).toContain(`grace:${h!.id}`);

    ch = await connect(room.id, h!);
    await ch.join();
    const extended = await cg.waitFor((m) => m.type === "turn_start" && m.extended);
    expect(extended).toMatchObject({ seat: 0, turnId: turn.turnId, deadline: turn.deadline + 15_000 });
    expect(await cg.waitFor((m) => m.type === "presence" && m.players.every((p: any) => p.connected))).toBeTruthy();
    expect(await timerKeys(room.id)).not.toContain(`grace:${h!.id}`);
    // Only once per turn.
    ch.close();
    await cg.waitFor((m) => m.type === "presence" && m.players.some((p: any) => !p.connected));
    ch = await connect(room.id, h!);
    await ch.join();
    expect((await inspect(room.id)).doc!.turns[0]!.deadline).toBe(turn.deadline + 15_000);

    // Gone for good: when the grace period runs out, a CPU takes the seat and the host role moves on.
    ch.close();
    await cg.waitFor((m) => m.type === "presence" && m.players.some((p: any) => !p.connected));
    await fireKey(room.id, `grace:${h!.id}`);
    const taken = await cg.waitFor((m) => m.type === "room" && m.room.seats[0].control === "cpu");
    expect(taken.room.seats[0].cpuReason).toBe("disconnected");
    expect(taken.room.hostUserId).toBe(g!.id);
    expect(await timerKeys(room.id)).toEqual(expect.arrayContaining(["cpu:0"]));
    expect(await timerKeys(room.id)).not.toContain("turn:0");
    await fireKey(room.id, "cpu:0");
    await cg.waitFor((m) => m.type === "turn_start" && m.seat === 1);
    await cg.ok({ type: "action", action: { type: "add", amount: 4 } });
    expect(await timerKeys(room.id)).toContain("cpu:0");

    // Joining again reclaims the seat, with a fresh turn.
    ch = await connect(room.id, h!);
    const state = await ch.join();
    expect(state.result).toMatchObject({ mode: "play", seat: 0 });
    const back = await cg.waitFor((m) => m.type === "turn_start" && m.seat === 0 && m.userId === h!.id);
    expect(back.extended).toBe(false);
    const r = await inspect(room.id);
    expect(r.doc!.seats[0]).toMatchObject({ control: "human", cpuReason: null, connected: true });
    expect(r.timers.map((t) => t.key)).toContain("turn:0");
    expect(r.timers.map((t) => t.key)).not.toContain("cpu:0");
  });

  it("sends a fresh state when the client's position is unusable", async () => {
    const { h, room, c } = await counterWithCpu();
    await c.waitFor((m) => m.type === "turn_start");
    c.close();
    const again = await connect(room.id, h);
    const ack = await again.join({ lastSeq: 10_000 });
    expect(ack.result.resumed).toBe(false);
    const state = await again.type("state");
    expect(state.view.players[0].secret).toEqual(expect.any(Number));
    // Seat views never include another seat's secret.
    expect(state.view.players[1].secret).toBeUndefined();
  });
});

describe("room lifetime", () => {
  it("closes an idle room with room_expired and code 4002", async () => {
    const [h] = await users(1);
    const room = await createRoom(h!, { game: "counter" });
    const c = await connect(room.id, h!);
    await c.join();
    await fireKey(room.id, "idle");
    expect(await c.type("room_closed")).toMatchObject({ reason: "room_expired" });
    expect((await c.closed()).code).toBe(4002);
    await expectError(await upgrade(room.id, h!), 410, "room_closed");
    await eventually(async () => {
      expect((await json(await call(`/v1/rooms/${room.id}`, { token: h!.accessToken }))).status).toBe("closed");
    });
    expect(await timerKeys(room.id)).toEqual([]);
  });

  it("resigning or leaving mid-game lets the seat play on as a CPU; too few players left ends the game by forfeit", async () => {
    const [h, a] = await users(2);
    const room = await createRoom(h!, { game: "counter", options: { target: 10_000 } });
    await joinByCode(a!, room.code);
    const ch = await connect(room.id, h!);
    await ch.join();
    const ca = await connect(room.id, a!);
    await ca.join();
    await ch.ok({ type: "add_cpu" });
    await ch.ok({ type: "start" });

    const left = await ca.ok({ type: "leave" });
    expect(left.result).toEqual({});
    expect((await ca.closed()).code).toBe(4005);
    const room1 = await ch.waitFor((m) => m.type === "room" && m.room.seats[1].out === "left");
    expect(room1.room.seats[1]).toMatchObject({ control: "cpu", cpuReason: "left" });
    expect(room1.room.status).toBe("playing");
    await eventually(async () => {
      expect((await json(await call("/v1/rooms/me/active", { token: a!.accessToken }))).rooms).toEqual([]);
    });

    const res = await call(`/v1/rooms/${room.id}/resign`, { token: h!.accessToken, method: "POST" });
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body.room.status).toBe("finished");
    const over = await ch.type("game_over");
    expect(over.result).toMatchObject({ reason: "forfeit", forfeited: [0, 1], winnerSeat: 2, ranks: [2, 2, 1] });
    await expectError(await call(`/v1/rooms/${room.id}/resign`, { token: h!.accessToken, method: "POST" }), 409, "room_not_playing");
  });

  it("retries the D1 index through a timer when the write fails", async () => {
    const [h] = await users(1);
    const room = await createRoom(h!, { game: "golf" });
    const c = await connect(room.id, h!);
    await c.join();
    const stub = roomStub(room.id);
    await breakD1(stub);
    await c.ok({ type: "add_cpu" });
    await eventually(async () => expect(await timerKeys(room.id)).toContain("index"));
    const rows = await json(await call("/v1/rooms/me/active", { token: h!.accessToken }));
    expect(rows.rooms[0].seatsTaken).toBe(1);

    await restoreD1(stub);
    await fireKey(room.id, "index");
    const after = await json(await call("/v1/rooms/me/active", { token: h!.accessToken }));
    expect(after.rooms[0].seatsTaken).toBe(2);
    expect(await timerKeys(room.id)).not.toContain("index");
  });
});

describe("message ids", () => {
  it("are pruned once an hour old, when the room's alarm runs", async () => {
    const [h] = await users(1);
    const room = await createRoom(h!, { game: "counter" });
    const now = Date.now();
    await runInDurableObject(roomStub(room.id), (_: Room, state) => {
      state.storage.sql.exec(
        "INSERT INTO _inbox (key, result, received_at) VALUES ('msg:old', 'null', ?), ('msg:recent', 'null', ?)",
        now - 2 * 3_600_000,
        now - 60_000,
      );
    });
    // The room's idle timer is far off: the alarm runs, finds nothing due, and prunes.
    await fireKey(room.id, "no-such-timer");
    const kept = await runInDurableObject(roomStub(room.id), (_: Room, state) =>
      state.storage.sql
        .exec<{ key: string }>("SELECT key FROM _inbox WHERE key LIKE 'msg:%' ORDER BY key")
        .toArray()
        .map((r) => r.key),
    );
    expect(kept).toEqual(["msg:recent"]);
  });
});
