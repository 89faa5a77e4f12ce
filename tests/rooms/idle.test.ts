import { describe, expect, it } from "vitest";
import { call, expectError, json } from "../helpers/http";
import { connect, createRoom, fireKey, inspect, timerKeys, users } from "./helpers";

describe("idle expiry", () => {
  it("never closes a game in progress while a turn clock runs, so the game is not recorded as abandoned", async () => {
    const [h] = await users(1);
    const room = await createRoom(h!, {
      game: "counter",
      options: { target: 10_000, max_turns: 500 },
      config: { idleSeconds: 30, turnSeconds: 30 },
    });
    const c = await connect(room.id, h!);
    await c.join();
    await c.ok({ type: "add_cpu" });
    await c.ok({ type: "start" });
    await c.waitFor((m) => m.type === "turn_start" && m.seat === 0);
    const before = Date.now();
    await fireKey(room.id, "idle");
    const r = await inspect(room.id);
    expect(r.doc).toMatchObject({ status: "playing", closeReason: null });
    const idle = r.timers.find((t) => t.key === "idle");
    expect(idle?.at).toBeGreaterThanOrEqual(before + 30_000);
    const mine = await json(await call("/v1/me/games", { token: h!.accessToken }));
    expect(mine.games.find((g: { id: string }) => g.id === room.id)).toBeUndefined();
    c.close();
  });

  it("moves the idle deadline in slices of a thirtieth of the idle time, never sooner than idleSeconds after the last message", async () => {
    const [h] = await users(1);
    const room = await createRoom(h!, { game: "counter", config: { idleSeconds: 300 } });
    const c = await connect(room.id, h!);
    await c.join();
    const deadlines = new Set<number>();
    for (let i = 0; i < 5; i++) {
      const before = Date.now();
      c.send({ type: "ping", messageId: `p${i}` });
      await c.waitFor((m) => m.type === "pong" && m.messageId === `p${i}`);
      const at = (await inspect(room.id)).timers.find((t) => t.key === "idle")!.at;
      expect(at % 10_000).toBe(0);
      expect(at).toBeGreaterThanOrEqual(before + 300_000);
      expect(at).toBeLessThanOrEqual(Date.now() + 310_000);
      deadlines.add(at);
    }
    // Five messages well within one 10 s slice: at most one boundary is crossed.
    expect(deadlines.size).toBeLessThanOrEqual(2);
    c.close();
  });

  it("counts heartbeats as presence", async () => {
    const [h] = await users(1);
    const room = await createRoom(h!, { game: "counter" });
    const c = await connect(room.id, h!);
    await c.join();
    c.send("ping");
    await c.type("heartbeat");
    await fireKey(room.id, "idle");
    expect((await inspect(room.id)).doc).toMatchObject({ status: "waiting", closeReason: null });
    expect(await timerKeys(room.id)).toContain("idle");
    c.close();
  });

  it("still closes a waiting room nobody uses", async () => {
    const [h] = await users(1);
    const room = await createRoom(h!, { game: "counter" });
    await fireKey(room.id, "idle");
    expect((await inspect(room.id)).doc).toMatchObject({ status: "closed", closeReason: "room_expired" });
  });

  it("refuses a config whose idle time is shorter than a turn", async () => {
    const [h] = await users(1);
    const res = await call("/v1/rooms", {
      token: h!.accessToken,
      ip: h!.ip,
      body: { game: "counter", config: { idleSeconds: 60, turnSeconds: 120 } },
    });
    const err = await expectError(res, 400, "idle_shorter_than_turn");
    expect(err.details).toEqual({ idleSeconds: 60, turnSeconds: 120 });
    expect((await json(await call("/v1/rooms/me/active", { token: h!.accessToken }))).rooms).toEqual([]);
  });
});
