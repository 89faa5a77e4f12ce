import { describe, expect, it } from "vitest";
import {
  createEmpire,
  DEFAULT_SETTINGS,
  EmpireCommandSchema,
  executeCommand,
  renamePlanet,
  seededRng,
  setProductionPercent,
  UniverseSettingsSchema,
} from "../../src/universe/engine/index";
import { ctx, eventsOf, failed, HOUR, newEmpire, ok, planetOf, T0, withPlanet } from "./helpers";

describe("universe settings", () => {
  it("default to section 0 of the rules", () => {
    expect(DEFAULT_SETTINGS).toMatchObject({
      economySpeed: 1,
      researchSpeed: 1,
      fleetSpeed: 1,
      fleetSpeedWar: 1,
      fleetSpeedHolding: 1,
      fleetSpeedPeaceful: 1,
      galaxies: 9,
      systems: 499,
      positions: 15,
      basicIncome: { metal: 30, crystal: 15, deuterium: 0, energy: 0 },
      startingResources: { metal: 500, crystal: 500, deuterium: 0 },
      debrisFromShips: 30,
      debrisFromDefense: 0,
      debrisDeuterium: false,
      maxMoonChance: 20,
      defenseRepairRate: 70,
      planetFieldsBonus: 0,
      allowChoosePosition: false,
      tacticalRetreat: true,
      shardCount: 4,
    });
  });

  it("fill nested defaults and reject unknown or invalid keys", () => {
    expect(UniverseSettingsSchema.parse({ basicIncome: { metal: 60 } }).basicIncome).toEqual({
      metal: 60,
      crystal: 15,
      deuterium: 0,
      energy: 0,
    });
    expect(UniverseSettingsSchema.safeParse({ economySpeeed: 2 }).success).toBe(false);
    expect(UniverseSettingsSchema.safeParse({ economySpeed: 0 }).success).toBe(false);
    expect(UniverseSettingsSchema.safeParse({ debrisFromShips: 101 }).success).toBe(false);
  });
});

describe("creating an empire", () => {
  it("gives a new player a homeworld with starting resources and every level at 0", () => {
    const result = ok(
      createEmpire(
        { playerId: "p", coords: { galaxy: 3, system: 120, position: 8 }, planetName: "  Terra Nova " },
        { ...ctx(T0), rng: seededRng(1) },
      ),
    );
    const planet = planetOf(result.empire);
    expect(result.empire).toMatchObject({ playerId: "p", research: {}, researchQueue: [] });
    expect(planet).toMatchObject({
      name: "Terra Nova",
      type: "planet",
      coords: { galaxy: 3, system: 120, position: 8 },
      baseFields: 163,
      diameter: 12_800,
      buildings: {},
      resources: { metal: 500, crystal: 500, deuterium: 0 },
      resourcesAt: T0,
      buildQueue: [],
      units: {},
      unitQueue: [],
    });
    expect(planet.temperature.max - planet.temperature.min).toBe(40);
    expect(result.timers).toEqual([]);
    // position 8: basic metal income 30 × 1.35 = 40.5 → 41
    expect(eventsOf(result, "planet")).toEqual([
      expect.objectContaining({ planetId: planet.id, hourly: { metal: 41, crystal: 15, deuterium: 0 } }),
    ]);
  });

  it("keeps homeworlds on positions 4–12 unless the universe lets players choose", () => {
    const create = (position: number, settings = DEFAULT_SETTINGS) =>
      createEmpire({ playerId: "p", coords: { galaxy: 1, system: 1, position } }, { ...ctx(T0, settings), rng: seededRng(1) });
    expect(failed(create(3)).code).toBe("invalid_coordinates");
    expect(failed(create(13)).code).toBe("invalid_coordinates");
    expect(ok(create(15, UniverseSettingsSchema.parse({ allowChoosePosition: true }))).empire.planets).toHaveLength(1);
    expect(
      failed(createEmpire({ playerId: "p", coords: { galaxy: 10, system: 1, position: 5 } }, { ...ctx(T0), rng: seededRng(1) })).code,
    ).toBe("invalid_coordinates");
    expect(
      failed(
        createEmpire({ playerId: "p", coords: { galaxy: 1, system: 1, position: 5 }, planetName: "!" }, { ...ctx(T0), rng: seededRng(1) }),
      ).code,
    ).toBe("invalid_name");
  });
});

describe("renaming a planet", () => {
  it("trims and stores a valid name", () => {
    const empire = newEmpire();
    const result = ok(renamePlanet(empire, { planetId: planetOf(empire).id, name: " New Home-2 " }, ctx(T0)));
    expect(planetOf(result.empire).name).toBe("New Home-2");
    expect(eventsOf(result, "planet")[0]?.name).toBe("New Home-2");
  });

  it.each(["a", "x".repeat(21), "two  spaces", "<b>", " ", "-lead"])("rejects %j", (name) => {
    const empire = newEmpire();
    expect(failed(renamePlanet(empire, { planetId: planetOf(empire).id, name }, ctx(T0))).code).toBe("invalid_name");
  });
});

describe("production percent", () => {
  const mining = () =>
    withPlanet(newEmpire(), { resources: { metal: 1000, crystal: 0, deuterium: 0 }, buildings: { metal_mine: 10, solar_plant: 12 } });

  it("settles the stock at the old rate before switching", () => {
    const empire = mining();
    const result = ok(setProductionPercent(empire, { planetId: planetOf(empire).id, object: "metal_mine", percent: 0 }, ctx(T0 + HOUR)));
    const planet = planetOf(result.empire);
    expect(planet.percentages).toEqual({ metal_mine: 0 });
    expect(planet.resources.metal).toBeCloseTo(1000 + 809, 9);
    expect(eventsOf(result, "planet")[0]?.hourly.metal).toBe(30);
    const later = ok(setProductionPercent(result.empire, { planetId: planet.id, object: "metal_mine", percent: 100 }, ctx(T0 + 2 * HOUR)));
    expect(planetOf(later.empire).resources.metal).toBeCloseTo(1000 + 809 + 30, 9);
  });

  it("changes nothing when the percent is already set", () => {
    const empire = mining();
    const result = ok(setProductionPercent(empire, { planetId: planetOf(empire).id, object: "metal_mine", percent: 100 }, ctx(T0 + HOUR)));
    expect(result.empire).toBe(empire);
  });

  it.each([55, 110, -10, 5.5])("rejects percent %d", (percent) => {
    const empire = mining();
    expect(failed(setProductionPercent(empire, { planetId: planetOf(empire).id, object: "metal_mine", percent }, ctx(T0))).code).toBe(
      "invalid_percent",
    );
  });

  it("only applies to mines, plants and satellites", () => {
    const empire = mining();
    expect(
      failed(setProductionPercent(empire, { planetId: planetOf(empire).id, object: "robot_factory", percent: 50 }, ctx(T0))).code,
    ).toBe("invalid_object");
    expect(
      ok(setProductionPercent(empire, { planetId: planetOf(empire).id, object: "solar_satellite", percent: 50 }, ctx(T0))).empire,
    ).not.toBe(empire);
  });
});

describe("command dispatch", () => {
  it("validates wire commands and runs them", () => {
    const empire = newEmpire();
    const command = EmpireCommandSchema.parse({ type: "queue_building", planetId: planetOf(empire).id, object: "metal_mine" });
    const result = ok(executeCommand(empire, command, ctx(T0)));
    expect(planetOf(result.empire).buildQueue).toHaveLength(1);
    expect(EmpireCommandSchema.safeParse({ type: "launch_fleet", planetId: "p" }).success).toBe(false);
    expect(EmpireCommandSchema.safeParse({ type: "cancel_research" }).success).toBe(false);
    expect(EmpireCommandSchema.safeParse({ type: "cancel_research", entryId: "e", extra: 1 }).success).toBe(false);
  });
});
