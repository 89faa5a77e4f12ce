/**
 * The UniverseSystem object on its own, fed the effects a shard's outbox would send it: arrivals
 * of recyclers and colony ships in one second, recalls, slot releases, and crashes at arrival.
 * (The whole trip through the API is in colonise.test.ts and recycle.test.ts.)
 */
import { env, runInDurableObject } from "cloudflare:test";
import { afterEach, describe, expect, it } from "vitest";
import type { EffectReply, FaultStep } from "../../durable-objects/kit";
import type { UniverseSystem } from "../../durable-objects/universe-system/system";
import type { Arrival } from "../../durable-objects/universe-shard/fleet-store";
import type { Resources } from "../../src/universe/engine/index";
import { systemName } from "../../src/universe/addressing";
import { shardName } from "../../src/universe/registry";
import { call, loginAdmin } from "../helpers/http";
import { createUniverse } from "./helpers";

const G = 1;
const S = 5;
type Stub = DurableObjectStub<UniverseSystem>;
const opened: string[] = [];

/** A fresh stub each time: a stub breaks with its object when the object crashes. */
function systemOf(universe: string): Stub {
  const name = systemName(universe, G, S);
  if (!opened.includes(name)) opened.push(name);
  return env.UNIVERSE_SYSTEMS.get(env.UNIVERSE_SYSTEMS.idFromName(name));
}

/**
 * Makes every expected fleet due and runs the alarm handler, as the runtime would at their
 * arrival time. Fleets are sent an hour ahead, so the runtime's own alarm never lands them first.
 * A crash armed in the handler surfaces as a rejection, which the caller expects then.
 */
async function arriveNow(stub: Stub): Promise<void> {
  await runInDurableObject(stub, async (instance: UniverseSystem, state) => {
    const now = Date.now() - 1;
    state.storage.sql.exec("UPDATE arrivals SET arrives_at = ?", now);
    state.storage.sql.exec("UPDATE _timers SET at = ? WHERE kind = 'arrive'", now);
    await instance.alarm();
  });
}

const arm = (stub: Stub, step: FaultStep) => runInDurableObject(stub, (instance: UniverseSystem) => instance.faults.arm(step));

function fleet(id: string, mission: "colonise" | "recycle", patch: Partial<Arrival> = {}): Arrival {
  return {
    fleetId: id,
    ownerId: `owner-${id}`,
    ownerUsername: `owner ${id}`,
    ownerShard: "",
    mission,
    ships: mission === "recycle" ? { recycler: 1 } : { colony_ship: 1 },
    cargo: { metal: 0, crystal: 0, deuterium: 0 },
    origin: { galaxy: G, system: S, position: 4 },
    target: { galaxy: G, system: S, position: 8, kind: mission === "recycle" ? "debris" : "planet" },
    targetPlanetId: null,
    targetOwnerId: null,
    departureAt: Date.now(),
    arrivalAt: Date.now() + 3_600_000,
    ...patch,
  };
}

/**
 * Where the outcomes go: a system object, which refuses `fleet_arrived` (a fault, so the delivery
 * is retried), keeps them in the outbox for the test to read. The trip to a real shard is in the
 * API tests.
 */
const nowhere = (universe: string) => systemName(universe, 9, 9);

async function incoming(stub: Stub, universe: string, f: Arrival) {
  const target = systemName(universe, G, S);
  return stub.receive({
    effect_id: `fleet:${f.fleetId}:incoming`,
    kind: "fleet_incoming",
    target,
    source: shardName(universe, 0),
    payload: { ...f, ownerShard: nowhere(universe) },
  });
}

/** The outcomes waiting in the system's outbox for the fleets' shards, by fleet id. */
async function outcomes(stub: Stub): Promise<Record<string, any>> {
  return runInDurableObject(stub, (_: UniverseSystem, state) => {
    const rows = state.storage.sql.exec<{ effect_id: string; payload: string }>("SELECT effect_id, payload FROM _outbox").toArray();
    return Object.fromEntries(rows.map((r) => [JSON.parse(r.payload).fleetId, { effectId: r.effect_id, ...JSON.parse(r.payload) }]));
  });
}

async function slotsAt(universe: string) {
  return (
    await env.DB.prepare(
      "SELECT planet_id, owner_id FROM planet_slots WHERE universe_id = ? AND galaxy = ? AND system = ? AND position = 8",
    )
      .bind(universe, G, S)
      .all()
  ).results;
}

const sum = (a: Resources, b: Resources): Resources => ({
  metal: a.metal + b.metal,
  crystal: a.crystal + b.crystal,
  deuterium: a.deuterium + b.deuterium,
});

// The fleets' shards have no such fleets, so deliveries would retry forever: stop them.
afterEach(async () => {
  for (const name of opened.splice(0)) {
    await runInDurableObject(env.UNIVERSE_SYSTEMS.get(env.UNIVERSE_SYSTEMS.idFromName(name)), async (_: UniverseSystem, state) => {
      state.storage.sql.exec("DELETE FROM _outbox");
      state.storage.sql.exec("DELETE FROM _timers");
      await state.storage.deleteAlarm();
    });
  }
});

describe("UniverseSystem arrivals", () => {
  it("two recycler fleets at one field in one second collect exactly what it holds, the second what the first left", async () => {
    const universe = await createUniverse();
    await call(`/v1/admin/universes/${universe}/debris`, {
      token: await loginAdmin(),
      body: { galaxy: G, system: S, position: 8, metal: 10_000, crystal: 6_000, deuterium: 0 },
    });
    const stub = systemOf(universe);
    const at = Date.now() + 3_600_000;
    await incoming(stub, universe, fleet("a", "recycle", { arrivalAt: at, recycleCapacity: 9_000 }));
    await incoming(stub, universe, fleet("b", "recycle", { arrivalAt: at, recycleCapacity: 9_000 }));
    await arriveNow(systemOf(universe));

    const out = await outcomes(stub);
    // §13: shared evenly among the kinds present, the leftover capacity shared again.
    expect(out.a).toMatchObject({ outcome: "collected", collected: { metal: 4_500, crystal: 4_500, deuterium: 0 } });
    expect(out.b).toMatchObject({ outcome: "collected", collected: { metal: 5_500, crystal: 1_500, deuterium: 0 } });
    expect(out.b.cargo).toEqual(out.b.collected);
    expect(sum(out.a.collected, out.b.collected)).toEqual({ metal: 10_000, crystal: 6_000, deuterium: 0 });
    expect(await stub.fields()).toEqual([]);
    const view = await (await call(`/v1/universes/${universe}/galaxy/${G}/${S}`)).json<any>();
    expect(view.positions[7].debris).toBeNull();
  });

  it("two colony ships at one free slot in one second: exactly one colony, the other told the slot is taken", async () => {
    const universe = await createUniverse();
    const stub = systemOf(universe);
    const at = Date.now() + 3_600_000;
    await incoming(stub, universe, fleet("a", "colonise", { arrivalAt: at }));
    await incoming(stub, universe, fleet("b", "colonise", { arrivalAt: at }));
    await arriveNow(systemOf(universe));

    const out = await outcomes(stub);
    expect(out.a).toMatchObject({
      effectId: "fleet:a:arrived",
      outcome: "colonised",
      colony: { planetId: "colony:a", coords: { galaxy: G, system: S, position: 8 } },
      ships: { colony_ship: 1 },
    });
    expect(out.b).toMatchObject({ effectId: "fleet:b:arrived", outcome: "slot_taken", ships: { colony_ship: 1 } });
    expect(await slotsAt(universe)).toEqual([{ planet_id: "colony:a", owner_id: "owner-a" }]);
    expect(await stub.arrivals()).toEqual([]);
  });

  it("a restart in the middle of an arrival, or after it, still makes exactly one colony and one outcome per fleet", async () => {
    const universe = await createUniverse();
    const stub = systemOf(universe);
    const at = Date.now() + 3_600_000;
    await incoming(stub, universe, fleet("a", "colonise", { arrivalAt: at }));
    await incoming(stub, universe, fleet("b", "colonise", { arrivalAt: at }));

    // Dies inside the first arrival's transaction, after both slot claims reached D1.
    await arm(stub, "during_apply");
    await expect(arriveNow(stub)).rejects.toThrow("fault injected at during_apply");
    expect(await slotsAt(universe)).toEqual([{ planet_id: "colony:a", owner_id: "owner-a" }]);
    expect(Object.keys(await outcomes(systemOf(universe)))).toEqual([]);

    // The restarted object claims again (its own row reads back as won) and dies after the commit.
    await arm(systemOf(universe), "after_commit");
    await expect(arriveNow(systemOf(universe))).rejects.toThrow("fault injected at after_commit");
    await arriveNow(systemOf(universe));

    const out = await outcomes(systemOf(universe));
    expect(Object.keys(out).sort()).toEqual(["a", "b"]);
    expect(out.a.outcome).toBe("colonised");
    expect(out.b.outcome).toBe("slot_taken");
    expect(await slotsAt(universe)).toEqual([{ planet_id: "colony:a", owner_id: "owner-a" }]);
    expect(await systemOf(universe).arrivals()).toEqual([]);
  });

  it("a recall before the arrival time removes it; once due (the slot may be claimed) the arrival stands", async () => {
    const universe = await createUniverse();
    const stub = systemOf(universe);
    const target = systemName(universe, G, S);
    const recall = async (id: string): Promise<EffectReply> =>
      systemOf(universe).receive({
        effect_id: `fleet:${id}:recall`,
        kind: "fleet_recall",
        target,
        source: shardName(universe, 0),
        payload: { fleetId: id },
      });

    await incoming(stub, universe, fleet("early", "colonise", { arrivalAt: Date.now() + 60_000 }));
    expect((await recall("early")).result).toEqual({ recalled: true });
    expect((await recall("early")).replayed).toBe(true);
    expect(await stub.arrivals()).toEqual([]);

    // The slot is claimed, then the object dies before the arrival commits: the recall is too late.
    await incoming(stub, universe, fleet("late", "colonise"));
    await arm(stub, "during_apply");
    await expect(arriveNow(stub)).rejects.toThrow("fault injected at during_apply");
    expect((await recall("late")).result).toEqual({ recalled: false });
    await arriveNow(systemOf(universe));
    expect((await outcomes(systemOf(universe))).late.outcome).toBe("colonised");
  });

  it("releases a colony claim only while the slot still holds that claim", async () => {
    const universe = await createUniverse();
    const stub = systemOf(universe);
    await incoming(stub, universe, fleet("a", "colonise"));
    await arriveNow(systemOf(universe));
    expect(await slotsAt(universe)).toHaveLength(1);
    const target = systemName(universe, G, S);
    const release = (planetId: string, id: string) =>
      stub.receive({
        effect_id: `slot:${id}:release`,
        kind: "slot_release",
        target,
        source: shardName(universe, 0),
        payload: { planetId },
      });
    await release("colony:other", "other");
    expect(await slotsAt(universe)).toHaveLength(1);
    await release("colony:a", "a");
    expect(await slotsAt(universe)).toEqual([]);
  });
});
