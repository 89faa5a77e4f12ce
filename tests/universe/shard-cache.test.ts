import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { call, json, registerUser } from "../helpers/http";
import { build, createUniverse, joined, level, planet, shardStub, sleep } from "./helpers";
import { clearTimers } from "./shard-faults";

/** Makes every later insert into `table` fail, as a full disk or a broken invariant would. */
function failInserts(stub: DurableObjectStub, table: string) {
  return runInDurableObject(stub, (_: unknown, state: DurableObjectState) => {
    state.storage.sql.exec(`CREATE TRIGGER fail_${table} BEFORE INSERT ON ${table} BEGIN SELECT RAISE(ABORT, 'injected failure'); END`);
  });
}

function healInserts(stub: DurableObjectStub, table: string) {
  return runInDurableObject(stub, (_: unknown, state: DurableObjectState) => {
    state.storage.sql.exec(`DROP TRIGGER fail_${table}`);
  });
}

function storedBuildQueue(stub: DurableObjectStub, playerId: string) {
  return runInDurableObject(stub, (_: unknown, state: DurableObjectState) => {
    const row = state.storage.sql.exec<{ state: string }>("SELECT state FROM empires WHERE player_id = ?", playerId).one();
    return (JSON.parse(row.state) as { planets: { buildQueue: unknown[] }[] }).planets[0]!.buildQueue.length;
  });
}

describe("the shard's empire cache", () => {
  it("never shows a command whose transaction failed after the empire was written", async () => {
    const universe = await createUniverse();
    const user = await registerUser("cache");
    const { planetId } = await joined(user, universe);
    const stub = shardStub(universe, user.id);
    // The build writes the empire, then fails scheduling its completion timer.
    await failInserts(stub, "_timers");
    expect((await build(user, universe, planetId, "metal_mine")).status).toBe(500);
    expect(await storedBuildQueue(stub, user.id)).toBe(0);
    const seen = await planet(user, universe, planetId);
    expect(seen.buildQueue).toHaveLength(0);
    expect(seen.resources.metal).toBeGreaterThanOrEqual(1_000_000);

    await healInserts(stub, "_timers");
    expect((await build(user, universe, planetId, "metal_mine")).status).toBe(200);
    expect((await planet(user, universe, planetId)).buildQueue).toHaveLength(1);
    expect(await storedBuildQueue(stub, user.id)).toBe(1);
    await clearTimers(stub);
  });

  it("keeps a completion whose alarm failed, and notifies it once", async () => {
    const universe = await createUniverse();
    const user = await registerUser("cache");
    const { planetId } = await joined(user, universe);
    const stub = shardStub(universe, user.id);
    await failInserts(stub, "notifications");
    await build(user, universe, planetId, "metal_mine");
    await sleep(1100);
    // The completion writes the empire, then fails to store its notification.
    await runInDurableObject(stub, async (instance: object) => {
      await (instance as { alarm(): Promise<void> }).alarm().catch(() => {});
    });
    await healInserts(stub, "notifications");
    // The next command starts from what storage kept: the completion is still to be applied.
    expect((await build(user, universe, planetId, "crystal_mine")).status).toBe(200);
    expect(level(await planet(user, universe, planetId), "metal_mine")).toBe(1);
    const notes = await json(await call(`/v1/universes/${universe}/notifications`, { token: user.accessToken }));
    const done = notes.notifications.filter((n: { kind: string; data: { object: string } }) => n.kind === "building_complete");
    expect(done.map((n: { data: { object: string } }) => n.data.object)).toEqual(["metal_mine"]);
    await clearTimers(stub);
  });
});
