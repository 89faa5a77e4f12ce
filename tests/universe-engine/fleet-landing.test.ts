import { describe, expect, it } from "vitest";
import { DEFAULT_SETTINGS, empireScore, fewerShips, landOnPlanet, resourcesOf, shipsOf } from "../../src/universe/engine/index";
import { HOUR, newEmpire, planetOf, T0, withPlanet } from "./helpers";

const stock = { metal: 1000, crystal: 1000, deuterium: 1000 };
const e = withPlanet(newEmpire(), { units: { small_cargo: 2 }, resources: stock, resourcesAt: T0 });
const home = planetOf(e);
const cargo = { metal: 500, crystal: 200, deuterium: 0 };

describe("landing a fleet on a planet", () => {
  it("settles the planet to the landing time, then adds the cargo and the ships", () => {
    const at = T0 + HOUR;
    const landed = landOnPlanet(e, home.id, { small_cargo: 3 }, cargo, at, DEFAULT_SETTINGS);
    const before = resourcesOf(home, e.research, DEFAULT_SETTINGS, at);
    const p = planetOf(landed!);
    expect(p.resourcesAt).toBe(at);
    expect(p.resources).toEqual({ metal: before.metal + 500, crystal: before.crystal + 200, deuterium: before.deuterium });
    expect(p.units.small_cargo).toBe(5);
  });

  it("adds the cargo to the current stock when the planet was settled past the landing time", () => {
    const later = withPlanet(e, { resourcesAt: T0 + 2 * HOUR });
    const p = planetOf(landOnPlanet(later, home.id, {}, cargo, T0 + HOUR, DEFAULT_SETTINGS)!);
    expect(p.resourcesAt).toBe(T0 + 2 * HOUR);
    expect(p.resources).toEqual({ metal: 1500, crystal: 1200, deuterium: 1000 });
  });

  it("answers null for a planet the empire does not hold", () => {
    expect(landOnPlanet(e, "gone", {}, cargo, T0, DEFAULT_SETTINGS)).toBeNull();
  });
});

describe("ships in flight in the score (§13)", () => {
  it("count like ships on a planet, so a launch leaves the score unchanged", () => {
    const onPlanet = empireScore(withPlanet(e, { units: { small_cargo: 10 } }));
    const flying = empireScore(withPlanet(e, { units: { small_cargo: 4 } }), shipsOf([{ ships: { small_cargo: 6 } }]));
    expect(flying).toEqual(onPlanet);
    expect(onPlanet.military).toBeGreaterThan(0);
  });

  it("adds up the ships of several fleets", () => {
    expect(shipsOf([{ ships: { small_cargo: 2, light_fighter: 1 } }, { ships: { small_cargo: 3 } }])).toEqual({ small_cargo: 5, light_fighter: 1 });
  });
});

describe("a holding fleet's ship counts (ACS defend)", () => {
  it("keeps the smaller count per type, so two battle reports give the same fleet in either order", () => {
    const first = { cruiser: 40, light_fighter: 10 };
    const later = { cruiser: 25 };
    expect(fewerShips(first, later)).toEqual({ cruiser: 25 });
    expect(fewerShips(later, first)).toEqual({ cruiser: 25 });
    expect(fewerShips(fewerShips({ cruiser: 50, light_fighter: 10 }, later), first)).toEqual({ cruiser: 25 });
    expect(fewerShips(first, {})).toEqual({});
  });
});
