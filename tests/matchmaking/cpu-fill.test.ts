import { describe, expect, it } from "vitest";
import { counter } from "../../src/games/counter";
import { golf } from "../../src/games/golf";
import { CPU_FILL, cpuFillMs, cpuOpponents } from "../../src/matchmaking/cpu-fill";
import { call, json } from "../helpers/http";
import { connect, eventually, fire, inspect, users } from "../rooms/helpers";
import { age, fireTimer, leaveQueue, matchmakerStub, queue, rpc, statusOf } from "./helpers";

// The real "counter" queue (one object per game), reached over HTTP; each test leaves it empty.
const GAME = "counter";
const counterQueue = () => matchmakerStub(GAME);
const timerKeys = async () => (await rpc(counterQueue()).inspect()).timers.map((t) => t.key);

describe("quick match fills with CPUs", () => {
  it("gives a player waiting alone a room with CPU opponents after the wait, and that game is unranked", async () => {
    const [u] = await users(1, "fill");
    const queued = await json(await queue(u!, GAME));
    expect(queued).toMatchObject({ state: "queued", queueSize: 1, nextCheckAt: null });
    expect(queued.cpuFillAt).toBe(queued.enqueuedAt + CPU_FILL.defaultSeconds * 1000);
    expect(await timerKeys()).toContain("cpu_fill");

    // Not yet due: the timer leaves the player waiting.
    await age(counterQueue(), 20_000);
    await fireTimer(counterQueue(), "cpu_fill");
    expect(await statusOf(u!, GAME)).toMatchObject({ state: "queued" });
    await age(counterQueue(), 10_000);
    await fireTimer(counterQueue(), "cpu_fill");

    const matched = await statusOf(u!, GAME);
    expect(matched).toMatchObject({ state: "matched", roomReady: true, cpus: ["Counter"], ranked: false });
    expect(matched.players.map((p: { userId: string }) => p.userId)).toEqual([u!.id]);
    expect(await timerKeys()).not.toContain("cpu_fill");

    const c = await connect(matched.roomId, u!);
    const join = await c.join();
    expect(join.result).toMatchObject({ mode: "play", seat: 0 });
    const seats = c.messages.find((m) => m.type === "state")!.room.seats;
    expect(seats.map((s: { kind: string; name: string }) => [s.kind, s.name])).toEqual([
      ["human", u!.username],
      ["cpu", "Counter"],
    ]);

    // The room starts itself; play it out (the human adds 10 a turn, the CPU moves when fired).
    await fire(matched.roomId, ["auto_start"]);
    for (let i = 0; i < 200; i++) {
      const { doc } = await inspect(matched.roomId);
      if (doc!.status !== "playing") break;
      if (doc!.turns.some((t) => t.seat === 0)) await c.ok({ type: "action", action: { type: "add", amount: 10 } });
      else await fire(matched.roomId, ["cpu_move"]);
    }
    expect((await inspect(matched.roomId)).doc!.status).toBe("finished");
    c.close();
    await fire(matched.roomId, ["record"]);
    const game = await eventually(async () => {
      const res = await call(`/v1/games/${matched.roomId}`, { token: u!.accessToken });
      expect(res.status).toBe(200);
      return json(res);
    });
    expect(game).toMatchObject({ status: "finished", ranked: false, counted: false });
    const stats = await json(await call(`/v1/me/stats?game=${GAME}`, { token: u!.accessToken }));
    expect(stats.stats).toEqual([]);
  });

  it("matches waiting players with each other before any of them gets CPUs", async () => {
    const [a, b] = await users(2, "fillpair");
    for (const u of [a!, b!]) expect((await queue(u, GAME)).status).toBe(200);
    await age(counterQueue(), 31_000);
    await fireTimer(counterQueue(), "cpu_fill");
    const sa = await statusOf(a!, GAME);
    expect(sa).toMatchObject({ state: "matched", cpus: [], ranked: true });
    expect(await statusOf(b!, GAME)).toMatchObject({ state: "matched", roomId: sa.roomId });
    expect(await timerKeys()).not.toContain("cpu_fill");
  });

  it("stops the fill timer when the queue empties", async () => {
    const [u] = await users(1, "fillleave");
    expect((await queue(u!, GAME)).status).toBe(200);
    expect(await timerKeys()).toContain("cpu_fill");
    expect((await leaveQueue(u!, GAME)).status).toBe(200);
    expect(await timerKeys()).not.toContain("cpu_fill");
  });

  it("reads the wait from QUICK_MATCH_CPU_FILL_SECONDS and picks distinct CPU personalities", () => {
    expect(cpuFillMs({})).toBe(30_000);
    expect(cpuFillMs({ QUICK_MATCH_CPU_FILL_SECONDS: "5" })).toBe(5_000);
    expect(cpuFillMs({ QUICK_MATCH_CPU_FILL_SECONDS: "0" })).toBeNull();
    expect(cpuFillMs({ QUICK_MATCH_CPU_FILL_SECONDS: "soon" })).toBe(30_000);
    expect(cpuOpponents(counter, (unused) => unused[0]!)).toEqual(["Counter"]);
    const golfCpus = cpuOpponents(golf, (unused) => unused.at(-1)!);
    expect(golfCpus).toHaveLength(CPU_FILL.opponents);
    expect(new Set(golfCpus).size).toBe(CPU_FILL.opponents);
  });
});
