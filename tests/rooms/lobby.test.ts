import { evictDurableObject, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { attachmentOf, setAttachment } from "../../durable-objects/kit";
import { idHash } from "../../durable-objects/room/message-ids";
import type { Room } from "../../durable-objects/room/room";
import { call, expectError, json } from "../helpers/http";
import { connect, counterForTwo, createRoom, eventually, inspect, joinByCode, mid, roomStub, upgrade, users } from "./helpers";

describe("seats and host hand-over", () => {
  it("hands the host role to the longest-present human, never a CPU, and closes when no human is left", async () => {
    const [h, a, b] = await users(3);
    const room = await createRoom(h!, { game: "golf" });
    const host = await connect(room.id, h!);
    await host.join();
    await host.ok({ type: "add_cpu", profile: "Sofia" });
    expect((await joinByCode(a!, room.code)).status).toBe(200);
    expect((await joinByCode(b!, room.code)).status).toBe(200);
    const ca = await connect(room.id, a!);
    const cb = await connect(room.id, b!);
    const joinedA = await ca.join();
    expect(joinedA.result).toMatchObject({ mode: "play", seat: 2 });
    await cb.join();

    await host.ok({ type: "leave" });
    expect((await host.closed()).code).toBe(4005);
    const update = await cb.waitFor((m) => m.type === "room" && m.room.hostUserId !== h!.id);
    expect(update.room.hostUserId).toBe(a!.id);
    expect(update.room.seats.map((s: any) => s.name)).toEqual(["Sofia", a!.username, b!.username]);
    expect(update.room.seats.map((s: any) => s.seat)).toEqual([0, 1, 2]);

    // Only the host may run the lobby.
    expect(await cb.request({ type: "add_cpu" })).toMatchObject({ type: "error", code: "not_host" });
    await ca.ok({ type: "leave" });
    const next = await cb.waitFor((m) => m.type === "room" && m.room.hostUserId === b!.id);
    expect(next.room.seats.map((s: any) => s.kind)).toEqual(["cpu", "human"]);

    await cb.ok({ type: "leave" });
    // Nobody is a member of the private room any more, so only the room object can tell.
    expect((await inspect(room.id)).doc).toMatchObject({ status: "closed", closeReason: "no_humans" });
    await expectError(await call(`/v1/rooms/${room.id}`, { token: b!.accessToken }), 404, "room_not_found");
    const mine = await json(await call("/v1/rooms/me/active", { token: b!.accessToken }));
    expect(mine.rooms).toEqual([]);
    // A closed room's code is free again and the room cannot be joined.
    await expectError(await joinByCode(a!, room.code), 404, "room_not_found");
  });

  it("lets the host kick a player (who cannot come back), add and remove CPUs, and start with CPUs", async () => {
    const [h, a, late] = await users(3);
    const room = await createRoom(h!, { game: "golf", options: { rounds: 1 } });
    await joinByCode(a!, room.code);
    const host = await connect(room.id, h!);
    await host.join();
    const ca = await connect(room.id, a!);
    await ca.join();

    expect(await host.request({ type: "kick", userId: h!.id })).toMatchObject({ code: "cannot_kick_self" });
    expect(await ca.request({ type: "kick", userId: h!.id })).toMatchObject({ code: "not_host" });
    await host.ok({ type: "kick", userId: a!.id });
    expect(await ca.type("error")).toMatchObject({ code: "kicked_from_room" });
    expect((await ca.closed()).code).toBe(4004);
    await expectError(await joinByCode(a!, room.code), 403, "kicked_from_room");

    expect(await host.request({ type: "start" })).toMatchObject({ type: "error", code: "not_enough_players" });
    await host.ok({ type: "ready" });
    expect((await host.waitFor((m) => m.type === "room" && m.room.seats[0].ready)).room.seats[0]).toMatchObject({
      ready: true,
      host: true,
    });
    expect(await host.request({ type: "add_cpu", profile: "Nobody" })).toMatchObject({ code: "unknown_cpu_profile" });
    const sofia = await host.ok({ type: "add_cpu", profile: "Sofia" });
    expect(sofia.result).toEqual({ seat: 1, profile: "Sofia" });
    expect(await host.request({ type: "add_cpu", profile: "Sofia" })).toMatchObject({ code: "cpu_profile_taken" });
    const random = await host.ok({ type: "add_cpu" });
    expect(random.result.profile).not.toBe("Sofia");
    await host.ok({ type: "remove_cpu", profile: "Sofia" });
    expect(await host.request({ type: "remove_cpu", profile: "Sofia" })).toMatchObject({ code: "cpu_not_found" });
    const seats = await host.waitFor((m) => m.type === "room" && m.room.seats.length === 2);
    expect(seats.room.seats.map((s: any) => [s.seat, s.kind])).toEqual([
      [0, "human"],
      [1, "cpu"],
    ]);

    await host.ok({ type: "start" });
    const state = await host.waitFor((m) => m.type === "state" && m.room.status === "playing");
    expect(state.you).toMatchObject({ seat: 0, mode: "play", canAct: true });
    expect(state.view.players).toHaveLength(2);
    expect(state.view.phase).toBe("initial_flip");
    const turn = await host.type("turn_start");
    expect(turn).toMatchObject({ seat: 0, userId: h!.id, turnSeconds: 60 });
    expect(turn.deadline - turn.startedAt).toBe(60_000);
    // The CPU seat is driven by a timer, not by a clock.
    const keys = (await inspect(room.id)).timers.map((t) => t.key);
    expect(keys).toEqual(expect.arrayContaining(["turn:0", "cpu:1", "idle"]));
    expect(keys.filter((k) => k.startsWith("warn:"))).toEqual([]);

    await expectError(await joinByCode(late!, room.code), 409, "room_not_waiting");
    expect(await host.request({ type: "add_cpu" })).toMatchObject({ code: "room_not_waiting" });
    await eventually(async () => {
      const info = await json(await call("/v1/rooms/me/active", { token: h!.accessToken }));
      expect(info.rooms[0]).toMatchObject({ id: room.id, status: "playing" });
    });
  });

  it("refuses to seat more players than the game allows", async () => {
    const [h, a] = await users(2);
    const room = await createRoom(h!, { game: "golf" });
    const host = await connect(room.id, h!);
    await host.join();
    for (let i = 0; i < 5; i++) await host.ok({ type: "add_cpu" });
    expect(await host.request({ type: "add_cpu" })).toMatchObject({ code: "room_full" });
    await expectError(await joinByCode(a!, room.code), 409, "room_full");
    const profiles = (await inspect(room.id)).doc!.seats.map((s) => s.profile).filter(Boolean);
    expect(new Set(profiles).size).toBe(5);
  });
});

describe("spectators", () => {
  it("counts spectators, refuses more than the maximum, and never lets them act", async () => {
    const [h, s1, s2] = await users(3);
    // Public, so users without the code may watch.
    const room = await createRoom(h!, { game: "counter", visibility: "public", config: { maxSpectators: 1 } });
    const host = await connect(room.id, h!);
    await host.join();
    const watcher = await connect(room.id, s1!);
    const joined = await watcher.join();
    expect(joined.result).toMatchObject({ mode: "watch", seat: null });
    const state = await watcher.type("state");
    expect(state.you).toMatchObject({ mode: "watch", seat: null, canAct: false });
    expect(await host.type("spectators")).toMatchObject({ count: 1 });

    const refused = await upgrade(room.id, s2!);
    await expectError(refused, 409, "spectators_full");

    for (const type of ["start", "ready", "resign", "leave"]) {
      expect(await watcher.request({ type })).toMatchObject({ type: "error", code: "spectators_cannot_act" });
    }
    expect(await watcher.request({ type: "action", action: { type: "add", amount: 1 } })).toMatchObject({
      code: "spectators_cannot_act",
    });
    watcher.close();
    expect(await host.type("spectators")).toMatchObject({ count: 0 });
    const again = await connect(room.id, s2!);
    await again.join();
  });
});

describe("messages", () => {
  it("answers a repeated messageId with the stored answer and applies it once", async () => {
    const [h] = await users(1);
    const room = await createRoom(h!, { game: "golf" });
    const host = await connect(room.id, h!);
    await host.join();
    const messageId = mid("dup");
    const first = await host.ok({ type: "add_cpu", messageId });
    const second = await host.request({ type: "add_cpu", messageId });
    expect(second).toMatchObject({ type: "action_result", messageId, replayed: true, result: first.result });
    const failedId = mid("dup-err");
    await host.request({ type: "remove_cpu", profile: "Nobody", messageId: failedId });
    expect(await host.request({ type: "remove_cpu", profile: "Nobody", messageId: failedId })).toMatchObject({
      type: "error",
      code: "cpu_not_found",
      replayed: true,
    });
    expect((await inspect(room.id)).doc!.seats).toHaveLength(2);
  });

  it("answers a repeated move or error after the room was evicted, from storage, and applies the move once", async () => {
    const { room, mover, waiting } = await counterForTwo();
    const moveId = mid("move");
    const move = await mover.ok({ type: "action", messageId: moveId, action: { type: "add", amount: 1 } });
    const refusedId = mid("refused");
    // Now the other seat's turn: the mover's next action is refused.
    const refused = await mover.request({ type: "action", messageId: refusedId, action: { type: "add", amount: 1 } });
    expect(refused).toMatchObject({ type: "error" });
    const before = await inspect(room.id);

    await evictDurableObject(roomStub(room.id));
    // The move's id came back from its log row, the error's from the inbox: both are answered as
    // first, and nothing is applied again.
    expect(await mover.request({ type: "action", messageId: moveId, action: { type: "add", amount: 1 } })).toEqual({
      ...move,
      replayed: true,
      serverTime: expect.any(Number),
    });
    expect(await mover.request({ type: "action", messageId: refusedId, action: { type: "add", amount: 1 } })).toEqual({
      ...refused,
      replayed: true,
      serverTime: expect.any(Number),
    });
    const after = await inspect(room.id);
    expect(after.doc!.seq).toBe(before.doc!.seq);
    expect(after.state).toEqual(before.state);
    // The same id from another player is another message.
    const other = await waiting.ok({ type: "action", messageId: moveId, action: { type: "add", amount: 1 } });
    expect(other).not.toHaveProperty("replayed");
    expect((await inspect(room.id)).doc!.seq).toBeGreaterThan(before.doc!.seq);
  });

  it("answers an id used again after the retention with its new answer, not the old row the inbox still holds", async () => {
    const { room, mover, waiting } = await counterForTwo();
    const id = mid("reused");
    // Out of turn: an error, answered from the inbox.
    expect(await waiting.request({ type: "action", messageId: id, action: { type: "add", amount: 2 } })).toMatchObject({ type: "error" });
    // Two hours pass for that answer (its row stays until the next prune), and the room reloads.
    await runInDurableObject(roomStub(room.id), (_: Room, state) => {
      state.storage.sql.exec("UPDATE _inbox SET received_at = received_at - 7200000 WHERE key LIKE ?", `%:${id}`);
    });
    await evictDurableObject(roomStub(room.id));
    await mover.ok({ type: "action", action: { type: "add", amount: 1 } });
    // Now in turn, the same id is a new message: applied, and its repeat gets the move's answer.
    const moved = await waiting.ok({ type: "action", messageId: id, action: { type: "add", amount: 2 } });
    expect(moved).not.toHaveProperty("replayed");
    const seq = (await inspect(room.id)).doc!.seq;
    expect(await waiting.request({ type: "action", messageId: id, action: { type: "add", amount: 2 } })).toEqual({
      ...moved,
      replayed: true,
      serverTime: expect.any(Number),
    });
    expect((await inspect(room.id)).doc!.seq).toBe(seq);
  });

  it("tells apart two ids whose keys share the in-memory hash: each is applied once and answered with its own result", async () => {
    const { room, mover, waiting, moverUser } = await counterForTwo();
    // Two message ids of the mover whose keys hash alike (a birthday search over 30 bits).
    const seen = new Map<number, string>();
    let pair: [string, string] | null = null;
    for (let i = 0; !pair; i++) {
      const id = `c-${i}`;
      const hash = idHash(`msg:${moverUser.id}:${id}`);
      const first = seen.get(hash);
      if (first) pair = [first, id];
      else seen.set(hash, id);
    }
    const [x, y] = pair;
    const add = (messageId: string) => ({ type: "action", messageId, action: { type: "add", amount: 1 } }) as const;
    const first = await mover.ok(add(x));
    await waiting.ok({ type: "action", action: { type: "add", amount: 1 } });
    // The second id is a new message, though memory holds its hash.
    const second = await mover.ok(add(y));
    expect(second).not.toHaveProperty("replayed");
    expect(second.result.seq).toBeGreaterThan(first.result.seq);
    const seq = (await inspect(room.id)).doc!.seq;
    for (const evicted of [false, true]) {
      if (evicted) await evictDurableObject(roomStub(room.id));
      expect(await mover.request(add(x))).toEqual({ ...first, replayed: true, serverTime: expect.any(Number) });
      expect(await mover.request(add(y))).toEqual({ ...second, replayed: true, serverTime: expect.any(Number) });
    }
    expect((await inspect(room.id)).doc!.seq).toBe(seq);
  });

  it("rejects malformed, unknown and oversized messages without closing the connection", async () => {
    const [h] = await users(1);
    const room = await createRoom(h!, { game: "counter" });
    const c = await connect(room.id, h!);
    expect(await c.request({ type: "start" })).toMatchObject({ type: "error", code: "not_joined" });
    c.send("{not json");
    expect(await c.type("error")).toMatchObject({ code: "invalid_message", messageId: null });
    c.send({ type: "dance", messageId: "x1" });
    expect(await c.type("error")).toMatchObject({ code: "invalid_message", messageId: "x1" });
    c.send({ type: "join" });
    expect(await c.type("error")).toMatchObject({ code: "invalid_message" });
    c.send({ type: "ping", messageId: "big", padding: "x".repeat(9000) });
    expect(await c.type("error")).toMatchObject({ code: "message_too_large" });
    await c.join();
    expect(await c.request({ type: "action", action: { type: "fly" } })).toMatchObject({ code: "room_not_playing" });
    await c.ok({ type: "start" });
    expect(await c.request({ type: "action", action: { type: "fly" } })).toMatchObject({ code: "invalid_action" });
    expect(await c.request({ type: "action", action: { type: "add", amount: 11 } })).toMatchObject({ code: "invalid_amount" });
    c.send({ type: "ping", messageId: "p1" });
    expect(await c.type("pong")).toMatchObject({ messageId: "p1" });
    expect(c.closeInfo).toBeNull();
  });

  it("takes the per-connection limit from the room config", async () => {
    const [h] = await users(1);
    const room = await createRoom(h!, { game: "counter", config: { messagesPer10s: 5 } });
    expect(room.config.messagesPer10s).toBe(5);
    const c = await connect(room.id, h!);
    for (let i = 0; i < 6; i++) c.send({ type: "ping", messageId: `q${i}` });
    await c.waitFor((m) => m.type === "error" && m.code === "rate_limited");
    expect(c.messages.filter((m) => m.type === "pong")).toHaveLength(5);
  });

  it("rate-limits each connection to 30 messages per 10 s and keeps it open", async () => {
    const [h] = await users(1);
    const room = await createRoom(h!, { game: "counter" });
    const c = await connect(room.id, h!);
    for (let i = 0; i < 30; i++) c.send({ type: "ping", messageId: `p${i}` });
    c.send({ type: "ping", messageId: "over" });
    const limited = await c.waitFor((m) => m.type === "error" && m.code === "rate_limited");
    expect(limited.details.retryAfterMs).toBeGreaterThan(0);
    expect(c.messages.filter((m) => m.type === "pong")).toHaveLength(30);
    // The literal heartbeat is answered by the runtime and never counts.
    c.send("ping");
    await c.waitFor((m) => m.type === "heartbeat");
    // Once the window has passed (moved back here instead of waiting), messages flow again.
    await runInDurableObject(roomStub(room.id), (_: Room, state) => {
      for (const ws of state.getWebSockets()) {
        setAttachment(ws, { ...attachmentOf(ws), rate: { windowStart: Date.now() - 10_001, count: 31 } });
      }
    });
    await c.join();
    expect(c.closeInfo).toBeNull();
  });
});
