import { describe, expect, it } from "vitest";
import {
  calculateObject,
  calculateProduction,
  DEFAULT_SETTINGS,
  type Empire,
  empireOverview,
  empireScore,
  ObjectCalcQuerySchema,
  planetView,
  ProductionCalcQuerySchema,
  queueBuilding,
  queueDemolish,
  queueResearch,
  researchOverview,
} from "../../src/universe/engine/index";
import { ctx, HOUR, newEmpire, ok, planetOf, RICH, T0, withColony, withPlanet } from "./helpers";

function view(empire: Empire, at = T0 + HOUR) {
  const result = planetView(empire, planetOf(empire).id, ctx(at));
  if ("ok" in result) throw new Error(result.message);
  return result;
}

describe("planet view", () => {
  it("shows the stock, rates, storage and fields as of now", () => {
    const result = view(newEmpire());
    expect(result).toMatchObject({
      at: T0 + HOUR,
      resources: { metal: 530, crystal: 515, deuterium: 0 },
      capacity: { metal: 10_000, crystal: 10_000, deuterium: 10_000 },
      fields: { used: 0, max: 163 },
      production: { hourly: { metal: 30, crystal: 15, deuterium: 0 }, factor: 100 },
    });
  });

  it("lists the buildings of the planet type with next step and what blocks them", () => {
    const buildings = view(newEmpire()).buildings;
    expect(buildings.map((b) => b.object)).not.toContain("lunar_base");
    expect(buildings).toHaveLength(16);
    expect(buildings.find((b) => b.object === "metal_mine")).toMatchObject({
      level: 0,
      next: { level: 1, cost: { metal: 60, crystal: 15 }, seconds: 30 },
      canBuild: true,
      buildBlockedBy: null,
      demolish: null,
      canDemolish: false,
      demolishBlockedBy: "cannot_demolish",
    });
    expect(buildings.find((b) => b.object === "robot_factory")).toMatchObject({
      canBuild: false,
      buildBlockedBy: "insufficient_resources",
    });
    expect(buildings.find((b) => b.object === "shipyard")).toMatchObject({ canBuild: false, buildBlockedBy: "requirements_not_met" });
  });

  it("prices the next entry after those already queued, and completes what is due first", () => {
    const rich = withPlanet(newEmpire(), { resources: RICH, buildings: { metal_mine: 4 } });
    const empire = ok(queueBuilding(rich, { planetId: planetOf(rich).id, object: "metal_mine" }, ctx(T0))).empire;
    const queued = view(empire, T0).buildings.find((b) => b.object === "metal_mine");
    expect(queued).toMatchObject({ level: 4, next: { level: 6, cost: { metal: 455, crystal: 113 } }, demolish: { level: 4 } });
    const done = view(empire, T0 + HOUR);
    expect(done.buildQueue).toEqual([]);
    expect(done.buildings.find((b) => b.object === "metal_mine")).toMatchObject({ level: 5, next: { level: 6 } });
  });

  it("blocks each building as its command would: a full queue, a lab busy with research, a head that waits for queued research", () => {
    const agree = (empire: Empire, at: number) => {
      const planetId = planetOf(empire).id;
      for (const b of view(empire, at).buildings) {
        const build = queueBuilding(empire, { planetId, object: b.object }, ctx(at));
        const demolish = queueDemolish(empire, { planetId, object: b.object }, ctx(at));
        expect([b.object, b.buildBlockedBy, b.demolishBlockedBy]).toEqual([
          b.object,
          build.ok ? null : build.code,
          demolish.ok ? null : demolish.code,
        ]);
      }
      return view(empire, at).buildings;
    };
    // Energy technology 3 is queued (and running in this planet's lab): the fusion plant it
    // unlocks is accepted at the head, unpaid, and waits for it; the lab cannot change meanwhile.
    const labs = withPlanet(newEmpire(), { resources: RICH, buildings: { research_lab: 1, deuterium_synthesizer: 5 } });
    const researching = ok(
      queueResearch({ ...labs, research: { energy_technology: 2 } }, { planetId: planetOf(labs).id, object: "energy_technology" }, ctx(T0)),
    ).empire;
    const waiting = agree(withPlanet(researching, { resources: { metal: 0, crystal: 0, deuterium: 0 } }), T0 + 1000);
    expect(waiting.find((b) => b.object === "fusion_plant")).toMatchObject({ canBuild: true, buildBlockedBy: null });
    expect(waiting.find((b) => b.object === "research_lab")).toMatchObject({ canBuild: false, buildBlockedBy: "lab_busy" });
    // Five entries queued: nothing more can be.
    const full = [1, 2, 3, 4, 5].reduce(
      (empire) => ok(queueBuilding(empire, { planetId: planetOf(empire).id, object: "metal_mine" }, ctx(T0))).empire,
      withPlanet(newEmpire(), { resources: RICH }),
    );
    expect(agree(full, T0 + 1000).every((b) => b.buildBlockedBy === "queue_full" && b.demolishBlockedBy === "queue_full")).toBe(true);
  });

  it("blocks each technology as its command would: a full queue, entries behind the head, a head waiting for its lab", () => {
    const NONE = { metal: 0, crystal: 0, deuterium: 0 };
    const agree = (empire: Empire, at = T0 + 1000) => {
      const planetId = planetOf(empire).id;
      const overview = researchOverview(empire, planetId, ctx(at));
      if ("ok" in overview) throw new Error(overview.message);
      for (const t of overview.technologies) {
        const queued = queueResearch(empire, { planetId, object: t.object }, ctx(at));
        expect([t.object, t.blockedBy]).toEqual([t.object, queued.ok ? null : queued.code]);
      }
      return (object: string) => overview.technologies.find((t) => t.object === object)?.blockedBy;
    };
    const build = (empire: Empire, object: string) => ok(queueBuilding(empire, { planetId: planetOf(empire).id, object }, ctx(T0))).empire;
    const research = (empire: Empire, object: string) =>
      ok(queueResearch(empire, { planetId: planetOf(empire).id, object }, ctx(T0))).empire;
    const lab = withPlanet(newEmpire(), { resources: RICH, buildings: { research_lab: 1 } });
    // Behind a running entry, a new one is accepted unpaid.
    expect(agree(withPlanet(research(lab, "energy_technology"), { resources: NONE }))("computer_technology")).toBeNull();
    const full = [1, 2, 3, 4, 5].reduce((empire) => research(empire, "energy_technology"), lab);
    expect(agree(full)("computer_technology")).toBe("queue_full");
    // A new head waits, unpaid, for its lab being upgraded, or for the lab level its planet's queue will reach.
    expect(agree(withPlanet(build(lab, "research_lab"), { resources: NONE }))("energy_technology")).toBeNull();
    const noLab = withPlanet(newEmpire(), { resources: RICH });
    expect(agree(withPlanet(build(build(noLab, "metal_mine"), "research_lab"), { resources: NONE }))("energy_technology")).toBeNull();
    expect(agree(withPlanet(lab, { resources: NONE }))("energy_technology")).toBe("insufficient_resources");
  });

  it("answers not_your_planet for a foreign planet", () => {
    expect(planetView(newEmpire(), "elsewhere", ctx(T0))).toMatchObject({ ok: false, code: "not_your_planet" });
  });
});

describe("research overview", () => {
  it("prices each technology from the chosen planet and says what blocks it", () => {
    const empire = withColony(withPlanet(newEmpire(), { resources: RICH, buildings: { research_lab: 1 } }), "bare", { buildings: {} });
    const overview = researchOverview(empire, planetOf(empire).id, ctx(T0));
    if ("ok" in overview) throw new Error(overview.message);
    expect(overview.technologies).toHaveLength(16);
    expect(overview.technologies.find((t) => t.object === "energy_technology")).toMatchObject({
      level: 0,
      next: { level: 1, cost: { metal: 0, crystal: 800, deuterium: 400, energy: 0 }, seconds: 1440 },
      canResearch: true,
      blockedBy: null,
    });
    expect(overview.technologies.find((t) => t.object === "ion_technology")).toMatchObject({
      canResearch: false,
      blockedBy: "requirements_not_met",
    });
    const bare = researchOverview(empire, "bare", ctx(T0));
    if ("ok" in bare) throw new Error(bare.message);
    expect(bare.technologies.every((t) => t.blockedBy === "requirements_not_met")).toBe(true);
    expect(researchOverview(empire, "x", ctx(T0))).toMatchObject({ ok: false, code: "not_your_planet" });
  });
});

describe("empire overview and score", () => {
  it("scores floor(resources spent / 1000) on buildings and research", () => {
    const empire: Empire = {
      ...withPlanet(newEmpire(), { buildings: { robot_factory: 10 } }),
      research: { energy_technology: 5 },
    };
    // robot factory 1..10: 409 200 + 122 760 + 204 600; energy technology 1..5: 24 800 + 12 400
    expect(empireScore(empire)).toEqual({ total: 773, buildings: 736, research: 37, military: 0 });
  });

  it("apportions the total over its parts by largest remainder, so the parts add up to it", () => {
    // Research lab 1 (800 spent, 0.8 point) + energy technology 1 (1 200, 1.2 points) = 2 points:
    // each part floored alone gives 0 + 1, so the point left over goes to the larger remainder.
    const empire: Empire = { ...withPlanet(newEmpire(), { buildings: { research_lab: 1 } }), research: { energy_technology: 1 } };
    expect(empireScore(empire)).toEqual({ total: 2, buildings: 1, research: 1, military: 0 });
  });

  it("summarises every planet as of now", () => {
    const empire = withColony(newEmpire(), "c1", { resources: { metal: 0, crystal: 0, deuterium: 0 }, resourcesAt: T0 });
    const overview = empireOverview(empire, ctx(T0 + HOUR));
    expect(overview.planets.map((p) => [p.id, p.resources.metal])).toEqual([
      [planetOf(empire).id, 530],
      ["c1", 30],
    ]);
    expect(overview.score.total).toBe(0);
    expect(overview.planets[0]).toMatchObject({ building: null, queueLength: 0, fields: { used: 0, max: 163 } });
  });
});

describe("public calculators", () => {
  it("price and time an object at a level", () => {
    const mine = calculateObject(
      ObjectCalcQuerySchema.parse({ object: "metal_mine", level: 5, robotFactory: 2, ionTechnology: 5 }),
      DEFAULT_SETTINGS,
    );
    expect(mine).toEqual({
      object: "metal_mine",
      kind: "building",
      amount: 5,
      cost: { metal: 303, crystal: 75, deuterium: 0, energy: 0 },
      seconds: 120,
      cumulativeCost: { metal: 791, crystal: 197, deuterium: 0, energy: 0 },
      demolition: { cost: { metal: 242, crystal: 60, deuterium: 0, energy: 0 }, seconds: 120 },
    });
    const hyperspace = calculateObject(
      ObjectCalcQuerySchema.parse({ object: "hyperspace_technology", level: 5, researchLab: 8, otherLabs: [10, 5, 7], researchNetwork: 3 }),
      DEFAULT_SETTINGS,
    );
    expect(hyperspace).toMatchObject({ seconds: 8861, cost: { crystal: 64000, deuterium: 32000 }, demolition: null });
    const fighters = calculateObject(ObjectCalcQuerySchema.parse({ object: "light_fighter", count: 10, shipyard: 1 }), DEFAULT_SETTINGS);
    expect(fighters).toMatchObject({ amount: 10, cost: { metal: 30000, crystal: 10000 }, seconds: 28800, cumulativeCost: null });
    expect(ObjectCalcQuerySchema.safeParse({ object: "metal_mine", level: 0 }).success).toBe(false);
    expect(ObjectCalcQuerySchema.safeParse({ object: "warp_core" }).success).toBe(false);
  });

  it("compute the production of a described planet", () => {
    const query = ProductionCalcQuerySchema.parse({
      buildings: { metal_mine: 10, crystal_mine: 8, deuterium_synthesizer: 5, solar_plant: 12 },
      position: 8,
      temperature: { min: 10, max: 50 },
    });
    expect(calculateProduction(query, DEFAULT_SETTINGS).hourly).toEqual({ metal: 1092, crystal: 358, deuterium: 107 });
    expect(ProductionCalcQuerySchema.safeParse({ position: 8, temperature: { min: 50, max: 10 } }).success).toBe(false);
    expect(
      ProductionCalcQuerySchema.safeParse({ position: 8, temperature: { min: 0, max: 40 }, percentages: { metal_mine: 55 } }).success,
    ).toBe(false);
  });
});
