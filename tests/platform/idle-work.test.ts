/**
 * Zero work while idle: once what was happening has run its course, a room and a universe shard
 * leave no alarm behind (events only, never an interval), so nothing wakes them until a request.
 */
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { call, json } from "../helpers/http";
import { connect, createRoom, roomStub, users } from "../rooms/helpers";
import { createUniverse, joined, shardStub } from "../universe/helpers";

/**
 * Runs every pending timer until none is left; fails if the object keeps scheduling new ones, as
 * a polling loop would. Room timers are deadlines, moved to now; a shard's completions are due
 * at their real time (the engine checks it), so those are waited for.
 */
async function drain(stub: DurableObjectStub, when: "move_to_now" | "wait"): Promise<void> {
  for (let round = 0; round < 10; round++) {
    const next = await runInDurableObject(stub, (_: unknown, state) => {
      const now = Date.now() - 1;
      if (when === "move_to_now") state.storage.sql.exec("UPDATE _timers SET at = ? WHERE at > ?", now, now);
      return state.storage.sql.exec<{ at: number | null }>("SELECT MIN(at) AS at FROM _timers").one().at;
    });
    if (next === null) return;
    await new Promise((r) => setTimeout(r, Math.max(0, next - Date.now() + 5)));
    await runDurableObjectAlarm(stub);
  }
  throw new Error("timers still pending after 10 rounds: the object keeps rescheduling");
}

async function expectAsleep(stub: DurableObjectStub): Promise<void> {
  const alarm = await runInDurableObject(stub, (_: unknown, state) => state.storage.getAlarm());
  expect(alarm).toBeNull();
  // Nothing to run: the object stays asleep until a request wakes it.
  expect(await runDurableObjectAlarm(stub)).toBe(false);
}

describe("idle objects do no work", () => {
  it("a finished room that everyone left schedules no alarm", async () => {
    const [h] = await users(1, "idl");
    const room = await createRoom(h!, { game: "counter" });
    const c = await connect(room.id, h!);
    await c.join();
    await c.ok({ type: "add_cpu" });
    await c.ok({ type: "start" });
    expect((await call(`/v1/rooms/${room.id}/resign`, { token: h!.accessToken, method: "POST" })).status).toBe(200);
    await c.type("game_over");
    c.close();
    const stub = roomStub(room.id);
    await drain(stub, "move_to_now");
    await expectAsleep(stub);
    // The game-end work it drained was done: the game is in the player's history.
    const mine = await json(await call("/v1/me/games", { token: h!.accessToken }));
    expect(mine.games.map((g: { id: string }) => g.id)).toContain(room.id);
  });

  it("a universe shard whose queues have completed schedules no alarm", async () => {
    const universe = await createUniverse();
    const [p] = await users(1, "idu");
    const { planetId } = await joined(p!, universe);
    const built = await call(`/v1/universes/${universe}/planets/${planetId}/buildings/metal_mine`, { method: "POST", token: p!.accessToken });
    expect(built.status).toBe(200);
    const stub = shardStub(universe, p!.id);
    await drain(stub, "wait");
    await expectAsleep(stub);
    const planet = await json(await call(`/v1/universes/${universe}/planets/${planetId}`, { token: p!.accessToken }));
    expect(planet.buildQueue).toEqual([]);
    expect(planet.buildings.find((b: { object: string }) => b.object === "metal_mine").level).toBe(1);
  });
});
