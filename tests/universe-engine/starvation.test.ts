import { describe, expect, it } from "vitest";
import {
  calculateProduction,
  DEFAULT_SETTINGS,
  type Empire,
  planetProduction,
  planetView,
  ProductionCalcQuerySchema,
  resourcesOf,
  settlePlanet,
  type UniverseSettings,
  UniverseSettingsSchema,
} from "../../src/universe/engine/index";
import { ctx, HOUR, newEmpire, planetOf, T0, withPlanet } from "./helpers";

/** Stock of the homeworld `hours` after T0, read once or settled at each of `stops` (hours) first. */
function stockAfter(empire: Empire, hours: number, stops: number[] = [], settings: UniverseSettings = DEFAULT_SETTINGS) {
  const settled = stops.reduce((p, h) => settlePlanet(p, empire.research, settings, T0 + h * HOUR), planetOf(empire));
  return resourcesOf(settled, empire.research, settings, T0 + hours * HOUR);
}

describe("fusion starvation over time (§3 step 2)", () => {
  // Metal mine 6 (319 + 30 metal/h, 107 energy) powered only by fusion plant 4 (145 energy, burns
  // 58 deuterium/h): the 100 deuterium in store last 100/58 h, then only basic income is left.
  const fusionOnly = () =>
    withPlanet(newEmpire(), {
      buildings: { metal_mine: 6, fusion_plant: 4 },
      resources: { metal: 500, crystal: 500, deuterium: 100 },
    });
  const emptyAfter = 100 / 58;
  const metalAt24h = 500 + 349 * emptyAfter + 30 * (24 - emptyAfter);

  it("starves the fusion plant from the instant its deuterium runs out, when read once long after", () => {
    const stock = stockAfter(fusionOnly(), 24);
    expect(stock.metal).toBeCloseTo(metalAt24h, 6);
    expect(stock.deuterium).toBe(0);
  });

  it("gives the same stock when the planet was settled before or after that instant", () => {
    for (const stops of [[2], [1], [1, 2, 3], [emptyAfter], [0.5, 23.9]]) {
      expect(stockAfter(fusionOnly(), 24, stops).metal).toBeCloseTo(metalAt24h, 6);
    }
  });

  it("reports the starved production once the store is empty", () => {
    const empire = fusionOnly();
    const view = planetView(empire, planetOf(empire).id, ctx(T0 + 24 * HOUR));
    if ("ok" in view) throw new Error(view.message);
    expect(view.production).toMatchObject({ fusionStarved: true, factor: 0, hourly: { metal: 30 } });
    expect(view.resources.metal).toBeCloseTo(metalAt24h, 6);
  });

  it("runs the fusion plant again from the instant its store refills, not after the next settlement", () => {
    // Synthesizer 4 makes 80/h, fusion burns 58: with the plant running the store gains 22/h; starved
    // (solar plant 3 only) it still gains, so an empty store leaves zero at once.
    const refilling = withPlanet(newEmpire(), {
      buildings: { metal_mine: 6, deuterium_synthesizer: 4, fusion_plant: 4, solar_plant: 3 },
      temperature: { min: 10, max: 30 },
      resources: { metal: 500, crystal: 500, deuterium: 0 },
    });
    const planet = planetOf(refilling);
    const fed = planetProduction({ ...planet, resources: { ...planet.resources, deuterium: 1 } }, {}, DEFAULT_SETTINGS);
    expect(fed).toMatchObject({ fusionStarved: false, factor: 99, hourly: { metal: 346, deuterium: 22 } });
    expect(planetProduction(planet, {}, DEFAULT_SETTINGS)).toMatchObject({ fusionStarved: false, factor: 99 });
    const calculated = calculateProduction(
      ProductionCalcQuerySchema.parse({ buildings: planet.buildings, temperature: planet.temperature, position: 4, deuteriumStored: 0 }),
      DEFAULT_SETTINGS,
    );
    expect(calculated).toMatchObject({ fusionStarved: false, factor: 99 });
    for (const stops of [[], [3], [0.001, 5]]) {
      expect(stockAfter(refilling, 10, stops)).toMatchObject({ metal: expect.closeTo(500 + 3460, 6), deuterium: expect.closeTo(220, 6) });
    }
  });

  it("keeps an empty store empty while the fusion plant burns the deuterium income as it arrives", () => {
    // 40 deuterium/h of basic income: starved (solar plant 1, factor 20) the store would gain 29/h,
    // running the plant (factor 100) it would lose 18/h. The plant runs 29/47 of the time.
    const settings = UniverseSettingsSchema.parse({ basicIncome: { deuterium: 40 } });
    const balanced = withPlanet(newEmpire(), {
      buildings: { metal_mine: 6, fusion_plant: 4, solar_plant: 1 },
      resources: { metal: 500, crystal: 500, deuterium: 0 },
    });
    const metal = 500 + 10 * ((29 / 47) * 349 + (18 / 47) * 94);
    for (const stops of [[], [2], [0.25, 7.5]]) {
      expect(stockAfter(balanced, 10, stops, settings)).toMatchObject({ metal: expect.closeTo(metal, 6), deuterium: 0 });
    }
    // With deuterium in store the plant runs at full power until the store is empty (200 / 18 h).
    const stocked = withPlanet(balanced, { resources: { metal: 500, crystal: 500, deuterium: 200 } });
    const full = 200 / 18;
    expect(stockAfter(stocked, 20, [], settings).metal).toBeCloseTo(500 + full * 349 + (20 - full) * ((29 / 47) * 349 + (18 / 47) * 94), 6);
  });
});
