import { describe, expect, it } from "vitest";
import {
  advance,
  type BuildingQueueEntry,
  cancelBuilding,
  type Empire,
  maxFields,
  queueBuilding,
  queueDemolish,
  queueResearch,
} from "../../src/universe/engine/index";
import { ctx, eventsOf, failed, HOUR, newEmpire, ok, planetOf, RICH, SECOND, T0, withPlanet } from "./helpers";

function queue(empire: Empire, object: string, at = T0, kind: "build" | "demolish" = "build") {
  const command = { planetId: planetOf(empire).id, object };
  return ok(kind === "build" ? queueBuilding(empire, command, ctx(at)) : queueDemolish(empire, command, ctx(at)));
}

function queued(empire: Empire, ...objects: string[]): Empire {
  return objects.reduce((e, object) => queue(e, object).empire, empire);
}

function entries(empire: Empire): readonly BuildingQueueEntry[] {
  return planetOf(empire).buildQueue;
}

function entry(empire: Empire, index: number): BuildingQueueEntry {
  const found = entries(empire)[index];
  if (!found) throw new Error(`no entry #${index}`);
  return found;
}

describe("queueing a building", () => {
  it("pays when the entry starts and schedules its completion", () => {
    const result = queue(newEmpire(), "metal_mine");
    const planet = planetOf(result.empire);
    expect(planet.resources).toEqual({ metal: 440, crystal: 485, deuterium: 0 });
    expect(planet.buildQueue).toEqual([
      expect.objectContaining({
        kind: "build",
        object: "metal_mine",
        level: 1,
        startedAt: T0,
        endsAt: T0 + 30 * SECOND,
        cost: { metal: 60, crystal: 15, deuterium: 0, energy: 0 },
      }),
    ]);
    expect(result.timers).toEqual([{ key: `build:${planet.id}:${entry(result.empire, 0).id}`, at: T0 + 30 * SECOND }]);
    expect(eventsOf(result, "queue_changed")).toHaveLength(1);
    expect(eventsOf(result, "planet")[0]).toMatchObject({ planetId: planet.id, resources: planet.resources, at: T0 });
  });

  it("queues later entries without paying, one level above the entries before them", () => {
    const empire = queued(withPlanet(newEmpire(), { resources: RICH, buildings: { metal_mine: 5 } }), "metal_mine");
    const result = queueDemolish(empire, { planetId: planetOf(empire).id, object: "metal_mine" }, ctx(T0));
    const next = queue(ok(result).empire, "metal_mine").empire;
    expect(entries(next).map((e) => [e.kind, e.level])).toEqual([
      ["build", 6],
      ["demolish", 5],
      ["build", 6],
    ]);
    expect(
      entries(next)
        .slice(1)
        .every((e) => e.startedAt === undefined && e.cost === undefined),
    ).toBe(true);
    expect(planetOf(next).resources).toEqual(planetOf(empire).resources);
  });

  it("refuses an entry that would start now without the resources, leaving the empire untouched", () => {
    const empire = newEmpire();
    const failure = failed(queueBuilding(empire, { planetId: planetOf(empire).id, object: "robot_factory" }, ctx(T0)));
    expect(failure.code).toBe("insufficient_resources");
    expect(failure.details).toMatchObject({ required: { metal: 400, crystal: 120, deuterium: 200 } });
    expect(entries(empire)).toEqual([]);
  });

  it("holds at most 5 entries", () => {
    const empire = queued(withPlanet(newEmpire(), { resources: RICH }), ...Array(5).fill("metal_mine"));
    expect(entries(empire).map((e) => e.level)).toEqual([1, 2, 3, 4, 5]);
    expect(failed(queueBuilding(empire, { planetId: planetOf(empire).id, object: "solar_plant" }, ctx(T0))).code).toBe("queue_full");
  });

  it("checks requirements against the levels the queue will reach", () => {
    const empire = withPlanet(newEmpire(), { resources: RICH });
    const refused = failed(queueBuilding(empire, { planetId: planetOf(empire).id, object: "shipyard" }, ctx(T0)));
    expect(refused.code).toBe("requirements_not_met");
    expect(refused.details).toEqual({ unmet: [{ object: "robot_factory", level: 2, current: 0 }] });
    const accepted = queued(empire, "robot_factory", "robot_factory", "shipyard");
    expect(entries(accepted).map((e) => `${e.object}:${e.level}`)).toEqual(["robot_factory:1", "robot_factory:2", "shipyard:1"]);
  });

  it("needs a free field, counting queued entries; the space dock uses none", () => {
    const full = withPlanet(newEmpire(), {
      resources: RICH,
      baseFields: 8,
      buildings: { robot_factory: 2, shipyard: 2, solar_plant: 3 },
    });
    const withOne = queued(full, "metal_mine");
    expect(failed(queueBuilding(withOne, { planetId: planetOf(full).id, object: "metal_mine" }, ctx(T0))).code).toBe("no_free_fields");
    const dock = queue(withOne, "space_dock").empire;
    expect(entry(dock, 1)).toMatchObject({ object: "space_dock", level: 1 });
  });

  it("counts terraformer levels as extra fields", () => {
    const planet = planetOf(newEmpire());
    expect(maxFields(planet, { terraformer: 1 })).toBe(planet.baseFields + 5);
    expect(maxFields(planet, { terraformer: 2 })).toBe(planet.baseFields + 11);
  });

  it("requires the energy of a price to be produced, without spending it", () => {
    const dockless = withPlanet(newEmpire(), { resources: RICH, buildings: { robot_factory: 2, shipyard: 2 } });
    const refused = failed(queueBuilding(dockless, { planetId: planetOf(dockless).id, object: "space_dock" }, ctx(T0)));
    expect(refused.code).toBe("insufficient_resources");
    expect(refused.details).toMatchObject({ energy: 0 });

    const powered = withPlanet(dockless, { buildings: { robot_factory: 2, shipyard: 2, solar_plant: 3 } });
    const started = queue(powered, "space_dock").empire;
    expect(planetOf(started).resources).toEqual({ metal: RICH.metal - 200, crystal: RICH.crystal, deuterium: RICH.deuterium - 50 });
  });

  it("keeps planet-only buildings off moons and moon-only buildings off planets", () => {
    const planet = withPlanet(newEmpire(), { resources: RICH });
    expect(failed(queueBuilding(planet, { planetId: planetOf(planet).id, object: "lunar_base" }, ctx(T0))).code).toBe("invalid_object");
    const moon = withPlanet(planet, { type: "moon" });
    expect(failed(queueBuilding(moon, { planetId: planetOf(moon).id, object: "metal_mine" }, ctx(T0))).code).toBe("invalid_object");
    expect(entry(queue(moon, "lunar_base").empire, 0)).toMatchObject({ object: "lunar_base", level: 1 });
  });

  it("rejects unknown planets and objects that are not buildings", () => {
    const empire = newEmpire();
    expect(failed(queueBuilding(empire, { planetId: "elsewhere", object: "metal_mine" }, ctx(T0))).code).toBe("not_your_planet");
    expect(failed(queueBuilding(empire, { planetId: planetOf(empire).id, object: "energy_technology" }, ctx(T0))).code).toBe(
      "invalid_object",
    );
    expect(failed(queueBuilding(empire, { planetId: planetOf(empire).id, object: "warp_core" }, ctx(T0))).code).toBe("invalid_object");
  });

  it("refuses to rebuild the research lab now while it runs a research (lab_busy, §13)", () => {
    const empire = withPlanet(newEmpire(), { resources: RICH, buildings: { research_lab: 1 } });
    const researching = ok(queueResearch(empire, { planetId: planetOf(empire).id, object: "energy_technology" }, ctx(T0))).empire;
    const refused = failed(queueBuilding(researching, { planetId: planetOf(empire).id, object: "research_lab" }, ctx(T0)));
    expect(refused.code).toBe("lab_busy");
  });

  it("lets a lab upgrade queued before the research began wait, unpaid, until the research ends", () => {
    const empire = withPlanet(newEmpire(), { resources: RICH, buildings: { research_lab: 1 } });
    // Metal mine 1 takes 30 s; energy technology 1 takes 1 440 s.
    const queuedLab = queued(empire, "metal_mine", "research_lab");
    const researching = ok(queueResearch(queuedLab, { planetId: planetOf(empire).id, object: "energy_technology" }, ctx(T0))).empire;
    const researchEnd = researching.researchQueue[0]?.endsAt ?? 0;
    const waiting = advance(researching, ctx(T0 + 60 * SECOND)).empire;
    expect(entry(waiting, 0)).toEqual({ id: expect.any(String), kind: "build", object: "research_lab", level: 2, planetId: planetOf(empire).id });
    expect(planetOf(waiting).resources).toEqual(planetOf(researching).resources); // above capacity: no accrual, nothing paid
    const started = advance(waiting, ctx(researchEnd)).empire;
    expect(entry(started, 0)).toMatchObject({ object: "research_lab", startedAt: researchEnd });
  });
});

describe("demolishing", () => {
  it("costs the level's price less ion technology and takes that level's build time", () => {
    const empire = { ...withPlanet(newEmpire(), { resources: RICH, buildings: { metal_mine: 5 } }), research: { ion_technology: 5 } };
    const started = queue(empire, "metal_mine", T0, "demolish");
    expect(entry(started.empire, 0)).toMatchObject({
      kind: "demolish",
      level: 4,
      cost: { metal: 242, crystal: 60, deuterium: 0, energy: 0 },
      endsAt: T0 + 362 * SECOND,
    });
    const done = advance(started.empire, ctx(T0 + 362 * SECOND));
    expect(planetOf(done.empire).buildings.metal_mine).toBe(4);
    expect(eventsOf(done, "building_complete")).toEqual([
      expect.objectContaining({ kind: "demolish", object: "metal_mine", level: 4, at: T0 + 362 * SECOND }),
    ]);
  });

  it("cannot demolish level 0, beyond the queued levels, or the terraformer", () => {
    const empire = withPlanet(newEmpire(), { resources: RICH, buildings: { metal_mine: 1, terraformer: 1 } });
    const planetId = planetOf(empire).id;
    expect(failed(queueDemolish(empire, { planetId, object: "crystal_mine" }, ctx(T0))).code).toBe("cannot_demolish");
    expect(failed(queueDemolish(empire, { planetId, object: "terraformer" }, ctx(T0))).code).toBe("cannot_demolish");
    const once = queue(empire, "metal_mine", T0, "demolish").empire;
    expect(failed(queueDemolish(once, { planetId, object: "metal_mine" }, ctx(T0))).code).toBe("cannot_demolish");
  });
});

describe("running the queue", () => {
  // solar plant 1 (75/30, 43 s) then metal mine 1 (60/15, 30 s), basic income 30/15 per hour
  const start = () => queued(newEmpire(), "solar_plant", "metal_mine");

  it("starts the next entry when the head completes, paid from resources settled to that instant", () => {
    const result = advance(start(), ctx(T0 + 43 * SECOND));
    const planet = planetOf(result.empire);
    expect(planet.buildings.solar_plant).toBe(1);
    expect(planet.resourcesAt).toBe(T0 + 43 * SECOND);
    expect(planet.resources.metal).toBeCloseTo(425 + (30 * 43) / 3600 - 60, 9);
    expect(planet.resources.crystal).toBeCloseTo(470 + (15 * 43) / 3600 - 15, 9);
    expect(entry(result.empire, 0)).toMatchObject({ object: "metal_mine", startedAt: T0 + 43 * SECOND, endsAt: T0 + 73 * SECOND });
    expect(result.timers).toEqual([{ key: `build:${planet.id}:${entry(result.empire, 0).id}`, at: T0 + 73 * SECOND }]);
  });

  it("applies the new production from the completion instant on", () => {
    const end = T0 + 73 * SECOND + HOUR;
    const result = advance(start(), ctx(end));
    const planet = planetOf(result.empire);
    expect(planet.buildings).toEqual({ solar_plant: 1, metal_mine: 1 });
    // basic income only until the mine is done, then 30 + 33 metal per hour
    expect(planet.resources.metal).toBeCloseTo(500 - 75 - 60 + (30 * 73) / 3600, 9);
    const snapshot = eventsOf(result, "planet")[0];
    expect(snapshot).toMatchObject({ at: end, hourly: { metal: 63, crystal: 15, deuterium: 0 }, energyProduced: 22, energyUsed: 11 });
    expect(snapshot?.resources.metal).toBeCloseTo(500 - 75 - 60 + (30 * 73) / 3600 + 63, 9);
    expect(eventsOf(result, "building_complete").map((e) => [e.object, e.at])).toEqual([
      ["solar_plant", T0 + 43 * SECOND],
      ["metal_mine", T0 + 73 * SECOND],
    ]);
  });

  it("drops an entry that cannot start, tells the player why, and starts the next one", () => {
    const empire = queued(newEmpire(), "metal_mine", "robot_factory", "solar_plant");
    const result = advance(empire, ctx(T0 + 30 * SECOND));
    expect(eventsOf(result, "notification")).toEqual([
      expect.objectContaining({
        kind: "queue_entry_removed",
        reason: "insufficient_resources",
        object: "robot_factory",
        level: 1,
        at: T0 + 30 * SECOND,
      }),
    ]);
    expect(entries(result.empire)).toEqual([expect.objectContaining({ object: "solar_plant", level: 1, startedAt: T0 + 30 * SECOND })]);
  });
});

describe("cancelling", () => {
  it("refunds the running entry in full and starts the next one at once", () => {
    const empire = queued(newEmpire(), "metal_mine", "crystal_mine");
    const result = ok(cancelBuilding(empire, { planetId: planetOf(empire).id, entryId: entry(empire, 0).id }, ctx(T0 + 10 * SECOND)));
    const planet = planetOf(result.empire);
    expect(planet.resources.metal).toBeCloseTo(500 + (30 * 10) / 3600 - 48, 9);
    expect(planet.resources.crystal).toBeCloseTo(500 + (15 * 10) / 3600 - 24, 9);
    expect(planet.buildQueue).toEqual([
      expect.objectContaining({ object: "crystal_mine", level: 1, startedAt: T0 + 10 * SECOND, endsAt: T0 + 39 * SECOND }),
    ]);
  });

  it("removes a waiting entry for free and re-levels the entries after it", () => {
    const empire = queued(withPlanet(newEmpire(), { resources: RICH }), "metal_mine", "metal_mine", "metal_mine");
    const third = entry(empire, 2);
    const result = ok(cancelBuilding(empire, { planetId: planetOf(empire).id, entryId: entry(empire, 1).id }, ctx(T0)));
    expect(planetOf(result.empire).resources).toEqual(planetOf(empire).resources);
    expect(entries(result.empire).map((e) => [e.id, e.level])).toEqual([
      [entry(empire, 0).id, 1],
      [third.id, 2],
    ]);
  });

  it("drops later entries whose requirements depended on the removed one", () => {
    const empire = queued(withPlanet(newEmpire(), { resources: RICH }), "robot_factory", "robot_factory", "shipyard");
    const result = ok(cancelBuilding(empire, { planetId: planetOf(empire).id, entryId: entry(empire, 1).id }, ctx(T0)));
    expect(entries(result.empire).map((e) => e.object)).toEqual(["robot_factory"]);
    expect(eventsOf(result, "notification")).toEqual([
      expect.objectContaining({ reason: "requirements_not_met", object: "shipyard", entryId: entry(empire, 2).id }),
    ]);
  });

  it("reports unknown entries", () => {
    const empire = queued(newEmpire(), "metal_mine");
    expect(failed(cancelBuilding(empire, { planetId: planetOf(empire).id, entryId: "nope" }, ctx(T0))).code).toBe("queue_entry_not_found");
    const done = advance(empire, ctx(T0 + HOUR)).empire;
    expect(failed(cancelBuilding(done, { planetId: planetOf(done).id, entryId: entry(empire, 0).id }, ctx(T0 + HOUR))).code).toBe(
      "queue_entry_not_found",
    );
  });
});
