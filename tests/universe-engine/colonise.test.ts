import { describe, expect, it } from "vitest";
import {
  abandonPlanet,
  astrophysicsForPosition,
  colonisationRefusal,
  DEFAULT_SETTINGS,
  type Empire,
  foundColony,
  landColonists,
  maxPlanets,
  seededRng,
  UniverseSettingsSchema,
} from "../../src/universe/engine/index";
import { createMoon, planetAndMoon } from "../../src/universe/engine/moons";
import { ctx, failed, newEmpire, ok, T0, withColony } from "./helpers";

const at = (position: number) => ({ galaxy: 1, system: 42, position });
const withAstro = (empire: Empire, astrophysics: number): Empire => ({ ...empire, research: { ...empire.research, astrophysics } });
const cargo = { metal: 1_000, crystal: 500, deuterium: 250 };

describe("max planets (§10)", () => {
  it("is 1 + round(astrophysics / 2), halves rounded up", () => {
    const table: [number, number][] = [
      [0, 1],
      [1, 2],
      [2, 2],
      [3, 3],
      [4, 3],
      [5, 4],
      [6, 4],
      [7, 5],
      [8, 5],
      [15, 9],
    ];
    for (const [astro, max] of table) expect(maxPlanets(astro)).toBe(max);
  });
});

describe("position restrictions (§10)", () => {
  it("needs astrophysics 4 for 3 and 13, 6 for 2 and 14, 8 for 1 and 15, nothing for 4–12", () => {
    expect([1, 2, 3, 4, 8, 12, 13, 14, 15].map(astrophysicsForPosition)).toEqual([8, 6, 4, 0, 0, 0, 4, 6, 8]);
  });

  it("never allows position 16", () => {
    expect(astrophysicsForPosition(16)).toBeNull();
    expect(colonisationRefusal(withAstro(newEmpire(), 20), at(16))?.code).toBe("mission_not_allowed");
  });

  it("refuses a position the empire's astrophysics does not reach, with the level needed", () => {
    const refusal = colonisationRefusal(withAstro(newEmpire(), 5), at(2));
    expect(refusal?.code).toBe("astrophysics_too_low");
    expect(refusal?.details).toEqual({ needed: 6, astrophysics: 5 });
    expect(colonisationRefusal(withAstro(newEmpire(), 6), at(2))).toBeNull();
  });

  it("refuses once the empire holds its maximum of planets, moons not counted", () => {
    const two = withColony(withAstro(newEmpire(), 1), "c1", { coords: at(9) });
    expect(colonisationRefusal(two, at(8))?.code).toBe("max_planets_reached");
    const withMoon = withColony(withAstro(newEmpire(), 1), "m1", { type: "moon" });
    expect(colonisationRefusal(withMoon, at(8))).toBeNull();
  });
});

describe("founding a colony", () => {
  it("creates a planet sized by its position, holding the fleet's cargo", () => {
    const settings = UniverseSettingsSchema.parse({ planetFieldsBonus: 10 });
    const empire = withAstro(newEmpire(4, settings), 8);
    const result = ok(foundColony(empire, { planetId: "colony:f1", coords: at(15), cargo }, { ...ctx(T0, settings), rng: seededRng(1) }));
    const colony = result.empire.planets.at(-1)!;
    expect(colony.id).toBe("colony:f1");
    expect(colony.coords).toEqual(at(15));
    expect(colony.resources).toEqual(cargo);
    expect(colony.baseFields).toBeGreaterThanOrEqual(90 + 10);
    expect(colony.baseFields).toBeLessThanOrEqual(164 + 10);
    expect(colony.temperature.max).toBeGreaterThanOrEqual(-130);
    expect(colony.temperature.max).toBeLessThanOrEqual(-90);
    expect(colony.temperature.min).toBe(colony.temperature.max - 40);
    expect(colony.diameter).toBe(Math.trunc(36.14 * (colony.baseFields - 10) + 5697.23));
    expect(result.events.some((e) => e.type === "planet" && e.planetId === "colony:f1")).toBe(true);
  });

  it("is the same planet for the same seed, and founding it again changes nothing", () => {
    const empire = withAstro(newEmpire(), 2);
    const colony = { planetId: "colony:f2", coords: at(8), cargo };
    const a = ok(foundColony(empire, colony, { ...ctx(T0), rng: seededRng(9) }));
    const b = ok(foundColony(empire, colony, { ...ctx(T0), rng: seededRng(9) }));
    expect(a.empire.planets.at(-1)).toEqual(b.empire.planets.at(-1));
    const again = ok(foundColony(a.empire, colony, { ...ctx(T0), rng: seededRng(3) }));
    expect(again.empire.planets).toEqual(a.empire.planets);
  });

  it("refuses beyond the planet limit, leaving the empire as it was", () => {
    const refusal = failed(foundColony(newEmpire(), { planetId: "colony:f3", coords: at(8), cargo }, { ...ctx(T0), rng: seededRng(1) }));
    expect(refusal.code).toBe("max_planets_reached");
  });
});

describe("a colony ship's fleet at a won slot", () => {
  const fleet = { ships: { colony_ship: 2, small_cargo: 3 }, cargo };
  const colony = { planetId: "colony:f4", coords: at(8), cargo: { metal: 0, crystal: 0, deuterium: 0 } };

  it("founds the colony with the fleet's cargo, consumes one colony ship and sends the rest home empty", () => {
    const landing = landColonists(withAstro(newEmpire(), 1), fleet, colony, { ...ctx(T0), rng: seededRng(2) });
    if (!landing.ok) throw new Error(landing.refusal.code);
    expect(landing.result.empire.planets.at(-1)?.resources).toEqual(cargo);
    expect(landing.shipsBack).toEqual({ colony_ship: 1, small_cargo: 3 });
    expect(landing.cargoBack).toEqual({ metal: 0, crystal: 0, deuterium: 0 });
    const single = landColonists(withAstro(newEmpire(), 1), { ships: { colony_ship: 1 }, cargo }, colony, {
      ...ctx(T0),
      rng: seededRng(2),
    });
    expect(single.shipsBack).toEqual({});
  });

  it("sends everything home when the empire cannot hold another planet", () => {
    const landing = landColonists(newEmpire(), fleet, colony, { ...ctx(T0), rng: seededRng(2) });
    expect(landing.ok).toBe(false);
    if (landing.ok) return;
    expect(landing.refusal.code).toBe("max_planets_reached");
    expect(landing.shipsBack).toEqual(fleet.ships);
    expect(landing.cargoBack).toEqual(cargo);
  });
});

describe("abandoning a colony", () => {
  const empire = withColony(withAstro(newEmpire(), 2), "c1", { coords: at(9) });

  it("removes the colony and everything on it", () => {
    const result = ok(abandonPlanet(empire, "c1", 0, ctx(T0)));
    expect(result.empire.planets.map((p) => p.id)).toEqual([empire.planets[0]!.id]);
  });

  it("takes the colony's moon with it; a moon given up goes alone", () => {
    const colony = empire.planets.find((p) => p.id === "c1")!;
    const withMoon = { ...empire, planets: [...empire.planets, createMoon(colony, 5000, "m1", T0)] };
    expect(planetAndMoon(withMoon, "c1")).toEqual(["c1", "m1"]);
    expect(ok(abandonPlanet(withMoon, "c1", 0, ctx(T0))).empire.planets.map((p) => p.id)).toEqual([empire.planets[0]!.id]);
    expect(ok(abandonPlanet(withMoon, "m1", 0, ctx(T0))).empire.planets.map((p) => p.id)).toEqual([empire.planets[0]!.id, "c1"]);
  });

  it("never abandons the homeworld", () => {
    expect(failed(abandonPlanet(empire, empire.planets[0]!.id, 0, ctx(T0))).code).toBe("cannot_abandon_homeworld");
  });

  it("refuses while own fleets fly from or to it", () => {
    const refusal = failed(abandonPlanet(empire, "c1", 2, ctx(T0)));
    expect(refusal.code).toBe("fleets_in_flight");
    expect(refusal.details).toEqual({ fleets: 2 });
  });

  it("refuses while research runs from its lab, and a planet that is not the player's", () => {
    const researching: Empire = {
      ...empire,
      researchQueue: [{ id: "r1", kind: "research", object: "energy_technology", planetId: "c1", level: 1 }],
    };
    expect(failed(abandonPlanet(researching, "c1", 0, ctx(T0, DEFAULT_SETTINGS))).code).toBe("lab_busy");
    expect(failed(abandonPlanet(empire, "nope", 0, ctx(T0))).code).toBe("not_your_planet");
  });
});
