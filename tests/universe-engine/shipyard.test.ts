import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  advance,
  economyAt,
  type Empire,
  empireScore,
  MAX_UNIT_BATCH,
  orderUnits,
  pendingTimers,
  planetView,
  queueBuilding,
  queueResearch,
  resourcesOf,
  SHIP_NAMES,
  SHIPS,
  shipyardView,
  unitSeconds,
} from "../../src/universe/engine/index";
import { ctx, eventsOf, failed, HOUR, newEmpire, ok, planetOf, RICH, SECOND, T0, withPlanet } from "./helpers";

/** A homeworld with a level-1 shipyard, the drives most ships need, and money to spare. */
function shipyardEmpire(buildings: Record<string, number> = {}, research: Record<string, number> = {}): Empire {
  const empire = withPlanet(newEmpire(), {
    resources: RICH,
    buildings: { robot_factory: 2, shipyard: 1, research_lab: 1, ...buildings },
  });
  return { ...empire, research: { combustion_drive: 2, ...research } };
}

function order(empire: Empire, unit: string, count: number | "max", at = T0) {
  return orderUnits(empire, { planetId: planetOf(empire).id, unit, count }, ctx(at));
}

function ordered(empire: Empire, unit: string, count: number | "max", at = T0): Empire {
  return ok(order(empire, unit, count, at)).empire;
}

/** Light fighter: 4 000 structural integrity / (2 500 × (1 + shipyard 1)) h = 2 880 s per unit. */
const FIGHTER_MS = 2880 * SECOND;

describe("ordering units", () => {
  it("pays the whole batch at once and times each unit by shipyard and nanite levels", () => {
    const empire = shipyardEmpire();
    const result = ok(order(empire, "light_fighter", 10));
    const planet = planetOf(result.empire);
    expect(planet.resources).toEqual({ metal: RICH.metal - 30_000, crystal: RICH.crystal - 10_000, deuterium: RICH.deuterium });
    expect(planet.unitQueue).toEqual([
      {
        id: expect.any(String),
        unit: "light_fighter",
        count: 10,
        ordered: 10,
        unitSeconds: 2880,
        startedAt: T0,
        cost: { metal: 30_000, crystal: 10_000, deuterium: 0, energy: 0 },
      },
    ]);
    expect(unitSeconds(SHIPS.light_fighter, { shipyard: 4, nano_factory: 2 }, { economySpeed: 1 })).toBe(288);
    expect(eventsOf(result, "queue_changed")).toEqual([
      { type: "queue_changed", at: T0, queue: "units", planetId: planet.id, entries: planet.unitQueue },
    ]);
  });

  it("refuses unknown units, bad counts, foreign planets, unmet requirements and class units", () => {
    const empire = shipyardEmpire();
    expect(failed(order(empire, "metal_mine", 1)).code).toBe("invalid_object");
    expect(failed(order(empire, "tie_fighter", 1)).code).toBe("invalid_object");
    for (const count of [0, -1, 1.5, MAX_UNIT_BATCH + 1]) expect(failed(order(empire, "light_fighter", count)).code).toBe("invalid_count");
    expect(failed(orderUnits(empire, { planetId: "elsewhere", unit: "light_fighter", count: 1 }, ctx(T0))).code).toBe("not_your_planet");
    const unmet = failed(order(empire, "small_cargo", 1));
    expect(unmet.code).toBe("requirements_not_met");
    expect(unmet.details?.unmet).toEqual([{ object: "shipyard", level: 2, current: 1 }]);
    expect(failed(order(shipyardEmpire({ shipyard: 0 }), "rocket_launcher", 1)).code).toBe("requirements_not_met");
    const collector = shipyardEmpire({ shipyard: 4 }, { combustion_drive: 4, armor_technology: 4, laser_technology: 4 });
    expect(failed(order(collector, "crawler", 1))).toMatchObject({ code: "class_required", details: { class: "collector" } });
  });

  it("refuses what the stock cannot pay, and orders as many as it can for max", () => {
    const poor = withPlanet(shipyardEmpire(), { resources: { metal: 10_000, crystal: 2_500, deuterium: 0 } });
    expect(failed(order(poor, "light_fighter", 4)).code).toBe("insufficient_resources");
    const max = ok(order(poor, "light_fighter", "max"));
    expect(planetOf(max.empire).unitQueue[0]?.count).toBe(2); // crystal: 2 500 / 1 000
    expect(planetOf(max.empire).resources).toEqual({ metal: 4_000, crystal: 500, deuterium: 0 });
    const broke = withPlanet(shipyardEmpire(), { resources: { metal: 0, crystal: 0, deuterium: 0 } });
    expect(failed(order(broke, "light_fighter", "max")).code).toBe("insufficient_resources");
  });

  it("caps max at the batch limit", () => {
    const rich = withPlanet(shipyardEmpire(), { resources: { metal: 1e13, crystal: 0, deuterium: 0 } });
    expect(planetOf(ordered(rich, "rocket_launcher", "max")).unitQueue[0]?.count).toBe(MAX_UNIT_BATCH);
  });
});

describe("the unit queue over time", () => {
  it("shows exactly the units finished at any moment, and the batch's timer at its end", () => {
    const empire = ordered(shipyardEmpire(), "light_fighter", 5);
    expect(pendingTimers(empire)).toEqual([{ key: expect.stringMatching(/^units:/), at: T0 + 5 * FIGHTER_MS }]);
    for (let k = 0; k <= 5; k++) {
      for (const at of [T0 + k * FIGHTER_MS - 1, T0 + k * FIGHTER_MS]) {
        const expected = Math.max(0, at < T0 + k * FIGHTER_MS ? k - 1 : k);
        const view = planetView(empire, planetOf(empire).id, { now: at, settings: ctx(at).settings });
        if ("ok" in view) throw new Error(view.message);
        expect(view.ships.light_fighter ?? 0).toBe(expected);
        expect(view.unitQueue.reduce((n, e) => n + e.count, 0)).toBe(5 - expected);
      }
    }
  });

  it("moves finished units to the planet when a command or timer runs mid-batch, keeping the timeline", () => {
    const empire = ordered(shipyardEmpire(), "light_fighter", 5);
    const mid = advance(empire, ctx(T0 + 2 * FIGHTER_MS + 5 * SECOND));
    expect(planetOf(mid.empire).units.light_fighter).toBe(2);
    expect(planetOf(mid.empire).unitQueue[0]).toMatchObject({ count: 3, ordered: 5, startedAt: T0 + 2 * FIGHTER_MS });
    expect(eventsOf(mid, "units_complete")).toEqual([
      expect.objectContaining({ unit: "light_fighter", count: 2, remaining: 3, total: 2, at: T0 + 2 * FIGHTER_MS + 5 * SECOND }),
    ]);
    expect(mid.timers).toEqual(pendingTimers(empire));
    const done = advance(mid.empire, ctx(T0 + 5 * FIGHTER_MS));
    expect(planetOf(done.empire).units.light_fighter).toBe(5);
    expect(planetOf(done.empire).unitQueue).toEqual([]);
    expect(done.timers).toEqual([]);
    expect(eventsOf(done, "units_complete")).toEqual([expect.objectContaining({ count: 3, remaining: 0, total: 5 })]);
    expect(advance(done.empire, ctx(T0 + 6 * FIGHTER_MS)).empire).toBe(done.empire);
  });

  it("runs batches one after another, the next timer following the head", () => {
    let empire = ordered(shipyardEmpire(), "light_fighter", 2);
    empire = ordered(empire, "rocket_launcher", 3, T0 + FIGHTER_MS / 2);
    const launcherMs = 1440 * SECOND; // 2 000 / 5 000 h
    const [fighters, launchers] = planetOf(empire).unitQueue;
    expect(launchers).toMatchObject({ startedAt: T0 + 2 * FIGHTER_MS, unitSeconds: 1440 });
    expect(fighters?.count).toBe(2);
    const between = T0 + 2 * FIGHTER_MS + launcherMs + 1;
    expect(planetOf(advance(empire, ctx(between)).empire).units).toEqual({ light_fighter: 2, rocket_launcher: 1 });
    const after = advance(empire, ctx(T0 + 2 * FIGHTER_MS));
    expect(after.timers).toEqual([{ key: `units:${planetOf(empire).id}:${launchers?.id}`, at: T0 + 2 * FIGHTER_MS + 3 * launcherMs }]);
    // A batch ordered once the queue is empty starts at the order, not at the old end.
    const idle = advance(empire, ctx(T0 + 10 * HOUR)).empire;
    expect(planetOf(ordered(idle, "light_fighter", 1, T0 + 10 * HOUR)).unitQueue[0]?.startedAt).toBe(T0 + 10 * HOUR);
  });

  it("settles the stock whenever a solar satellite changes the rates, so a late read equals reading at every unit", () => {
    // Big mines and no plant: energy is short, and each satellite (floor((T_max + 140) / 6) energy)
    // raises the factor by about half a percent, until it reaches 100 % near the 190th.
    const base = withPlanet(shipyardEmpire(), {
      // Stores level 10 hold 5 355 000: the stock accrues all along, it never reaches capacity.
      buildings: {
        robot_factory: 2,
        shipyard: 1,
        metal_mine: 25,
        crystal_mine: 25,
        metal_store: 10,
        crystal_store: 10,
        deuterium_store: 10,
      },
      resources: { metal: 0, crystal: 600_000, deuterium: 150_000 },
      temperature: { min: 0, max: 40 },
    });
    const satMs = 1440 * SECOND;
    const count = 240;
    const end = T0 + count * satMs;
    let stepped = ordered(base, "solar_satellite", count);
    const late = advance(stepped, ctx(end + 7));
    for (let k = 1; k <= count; k++) stepped = advance(stepped, ctx(T0 + k * satMs)).empire;
    expect(planetOf(late.empire).units.solar_satellite).toBe(count);
    for (const r of ["metal", "crystal", "deuterium"] as const) {
      const want = planetOf(stepped).resources[r];
      expect(Math.abs(planetOf(late.empire).resources[r] - want)).toBeLessThanOrEqual(1e-9 * Math.abs(want));
    }
    // It stopped only where the factor moved (about every other unit, up to 100 %), not at every unit.
    const stops = eventsOf(late, "units_complete").length;
    expect(stops).toBeGreaterThan(50);
    expect(stops).toBeLessThan(count);
    const settings = ctx(T0).settings;
    const factor = (e: Empire) => economyAt(planetOf(e), {}, settings, end).production.factor;
    expect(factor(base)).toBeLessThan(10);
    expect(factor(late.empire)).toBe(100);
    // Production rose unit by unit: less than the final rate over the whole time, more than the first.
    const atRate = (units: Record<string, number>) => resourcesOf({ ...planetOf(base), units }, {}, settings, end).metal;
    expect(planetOf(late.empire).resources.metal).toBeLessThan(atRate({ solar_satellite: count }));
    expect(planetOf(late.empire).resources.metal).toBeGreaterThan(atRate({}));
  });

  it("makes a bounded number of stops for a huge satellite batch", () => {
    const base = withPlanet(shipyardEmpire(), {
      buildings: { robot_factory: 2, shipyard: 12, metal_mine: 25, crystal_mine: 25 },
      resources: { metal: 0, crystal: 2e9, deuterium: 5e8 },
    });
    const batch = ordered(base, "solar_satellite", MAX_UNIT_BATCH);
    const unitMs = (planetOf(batch).unitQueue[0]?.unitSeconds ?? 0) * SECOND;
    const done = advance(batch, ctx(T0 + MAX_UNIT_BATCH * unitMs));
    expect(planetOf(done.empire).units.solar_satellite).toBe(MAX_UNIT_BATCH);
    expect(eventsOf(done, "units_complete").length).toBeLessThan(250);
  });
});

describe("the shipyard view", () => {
  it("lists the queue and every unit with its count, what max would order, and what blocks it", () => {
    const empire = ordered(shipyardEmpire(), "light_fighter", 3);
    const at = T0 + FIGHTER_MS;
    const view = shipyardView(empire, planetOf(empire).id, { now: at, settings: ctx(at).settings });
    if ("ok" in view) throw new Error(view.message);
    expect(view.queue).toEqual([expect.objectContaining({ unit: "light_fighter", count: 2, ordered: 3 })]);
    expect(view.units).toHaveLength(27);
    const fighter = view.units.find((u) => u.unit === "light_fighter");
    // 1 000 000 − 9 000 metal left, 3 000 each.
    expect(fighter).toEqual({
      unit: "light_fighter",
      id: 204,
      kind: "ship",
      count: 1,
      queued: 2,
      cost: { metal: 3000, crystal: 1000, deuterium: 0, energy: 0 },
      seconds: 2880,
      maxOrder: 330,
      blockedBy: null,
    });
    expect(view.units.find((u) => u.unit === "small_cargo")).toMatchObject({ maxOrder: 0, blockedBy: "requirements_not_met" });
    expect(view.units.find((u) => u.unit === "rocket_launcher")).toMatchObject({ kind: "defense", blockedBy: null });
    expect(shipyardView(empire, "elsewhere", ctx(at))).toMatchObject({ ok: false, code: "not_your_planet" });
  });
});

describe("planet limits", () => {
  it("allows one shield dome of each kind, counting the one queued", () => {
    const empire = shipyardEmpire({ shipyard: 6 }, { shielding_technology: 6 });
    expect(failed(order(empire, "small_shield_dome", 2)).code).toBe("unit_limit_reached");
    const queued = ordered(empire, "small_shield_dome", "max");
    expect(planetOf(queued).unitQueue[0]?.count).toBe(1);
    expect(failed(order(queued, "small_shield_dome", 1)).code).toBe("unit_limit_reached");
    expect(failed(order(queued, "small_shield_dome", "max")).code).toBe("unit_limit_reached");
    expect(ok(order(queued, "large_shield_dome", 1)).ok).toBe(true);
    const built = advance(queued, ctx(T0 + 2 * HOUR)).empire;
    expect(planetOf(built).units.small_shield_dome).toBe(1);
    expect(failed(order(built, "small_shield_dome", 1)).code).toBe("unit_limit_reached");
  });

  it("fits missiles in the silo's 10 slots per level, counting queued ones (interplanetary 2, anti-ballistic 1)", () => {
    const empire = shipyardEmpire({ missile_silo: 4 }, { impulse_drive: 1 });
    const withIpm = ordered(empire, "interplanetary_missile", 15); // 30 of 40 slots
    expect(failed(order(withIpm, "anti_ballistic_missile", 11))).toMatchObject({ code: "silo_full", details: { allowance: 10 } });
    expect(planetOf(ordered(withIpm, "anti_ballistic_missile", "max")).unitQueue[1]?.count).toBe(10);
    const withAbm = ordered(withIpm, "anti_ballistic_missile", 9); // 39 slots
    expect(failed(order(withAbm, "interplanetary_missile", 1)).code).toBe("silo_full");
    expect(failed(order(shipyardEmpire({ missile_silo: 1 }), "anti_ballistic_missile", 1)).code).toBe("requirements_not_met");
  });
});

describe("shipyard_busy and lab_busy", () => {
  const planetId = (e: Empire) => planetOf(e).id;

  it("refuses units while the shipyard or the nanite factory is being upgraded", () => {
    const empire = shipyardEmpire();
    const upgrading = ok(queueBuilding(empire, { planetId: planetId(empire), object: "shipyard" }, ctx(T0))).empire;
    expect(failed(order(upgrading, "light_fighter", 1)).code).toBe("shipyard_busy");
    const nanite = shipyardEmpire({ robot_factory: 10 }, { computer_technology: 10 });
    const naniteUp = ok(queueBuilding(nanite, { planetId: planetId(nanite), object: "nano_factory" }, ctx(T0))).empire;
    expect(failed(order(naniteUp, "light_fighter", 1)).code).toBe("shipyard_busy");
    // Another building does not block the shipyard.
    const mine = ok(queueBuilding(empire, { planetId: planetId(empire), object: "metal_mine" }, ctx(T0))).empire;
    expect(ok(order(mine, "light_fighter", 1)).ok).toBe(true);
  });

  it("refuses to change the shipyard or the nanite factory while units are queued, and allows it once they are done", () => {
    const nanite = shipyardEmpire({ robot_factory: 10 }, { computer_technology: 10 });
    const building = ordered(nanite, "light_fighter", 2);
    for (const object of ["shipyard", "nano_factory"]) {
      expect(failed(queueBuilding(building, { planetId: planetId(building), object }, ctx(T0 + FIGHTER_MS))).code).toBe("shipyard_busy");
    }
    const done = T0 + 2 * FIGHTER_MS;
    expect(ok(queueBuilding(building, { planetId: planetId(building), object: "shipyard" }, ctx(done))).ok).toBe(true);
  });

  it("lets a shipyard upgrade queued earlier wait for the unit queue to empty", () => {
    const empire = shipyardEmpire({ shipyard: 2 });
    let queued = ok(queueBuilding(empire, { planetId: planetId(empire), object: "metal_mine" }, ctx(T0))).empire;
    queued = ok(queueBuilding(queued, { planetId: planetId(queued), object: "shipyard" }, ctx(T0))).empire;
    queued = ordered(queued, "light_fighter", 100);
    const mineEnd = planetOf(queued).buildQueue[0]?.endsAt ?? 0;
    const later = advance(queued, ctx(mineEnd + SECOND)).empire;
    expect(planetOf(later).buildings.shipyard).toBe(2);
    expect(planetOf(later).buildQueue[0]).toMatchObject({ object: "shipyard", level: 3 });
    expect(planetOf(later).buildQueue[0]?.endsAt).toBeUndefined();
    // It waits, unpaid, and starts the instant the last unit is done.
    const unitsEnd = T0 + 100 * 1920 * SECOND; // 4 000 / (2 500 × 3) h per fighter
    expect(planetOf(advance(later, ctx(unitsEnd - 1)).empire).buildQueue[0]?.startedAt).toBeUndefined();
    expect(planetOf(advance(later, ctx(unitsEnd)).empire).buildQueue[0]).toMatchObject({ object: "shipyard", startedAt: unitsEnd });
  });

  it("refuses to change the research lab while research runs from it", () => {
    const empire = shipyardEmpire();
    const researching = ok(queueResearch(empire, { planetId: planetId(empire), object: "energy_technology" }, ctx(T0))).empire;
    expect(failed(queueBuilding(researching, { planetId: planetId(empire), object: "research_lab" }, ctx(T0))).code).toBe("lab_busy");
  });
});

describe("score", () => {
  it("counts finished units in the military part, and the parts add up to the total", () => {
    const empire = ordered(shipyardEmpire(), "light_fighter", 3);
    expect(empireScore(empire).military).toBe(0); // paid, not built yet
    const later = advance(empire, ctx(T0 + 2 * FIGHTER_MS)).empire;
    // Robot factory 2, shipyard 1, lab 1: 2 160 + 700 + 800; combustion drive 2: 3 000; two fighters: 8 000.
    expect(empireScore(later)).toEqual({ total: 14, buildings: 3, research: 3, military: 8 });
  });

  it("keeps the parts adding up to floor(total spent / 1000) with units in the mix", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 12 }),
        fc.integer({ min: 0, max: 9 }),
        fc.dictionary(fc.constantFrom(...SHIP_NAMES), fc.integer({ min: 0, max: 5000 })),
        (mine, tech, units) => {
          const empire = withPlanet(newEmpire(), { buildings: { metal_mine: mine }, units });
          const score = empireScore({ ...empire, research: { energy_technology: tech } });
          const spent = Object.entries(units).reduce((sum, [name, n]) => {
            const { metal, crystal, deuterium } = SHIPS[name as keyof typeof SHIPS].price;
            return sum + (metal + crystal + deuterium) * n;
          }, 0);
          expect(score.buildings + score.research + score.military).toBe(score.total);
          expect(Math.abs(score.military - spent / 1000)).toBeLessThan(1);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("gives the point left over by the three floors to the largest remainder", () => {
    // Shipyard 1: 700 (0.7); combustion drive 1: 1 000 (1.0); one solar satellite: 2 500 (2.5). 4.2 → 4 points.
    const empire = withPlanet(newEmpire(), { buildings: { shipyard: 1 }, units: { solar_satellite: 1 } });
    expect(empireScore({ ...empire, research: { combustion_drive: 1 } })).toEqual({ total: 4, buildings: 1, research: 1, military: 2 });
  });
});
