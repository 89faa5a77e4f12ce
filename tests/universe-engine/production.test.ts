import { describe, expect, it } from "vitest";
import {
  type BuildingName,
  computeProduction,
  DEFAULT_SETTINGS,
  type Levels,
  type ProducerName,
  type ProductionInput,
  type ProductionReport,
  UniverseSettingsSchema,
} from "../../src/universe/engine/index";

function produce(input: Partial<ProductionInput> & { buildings: Levels<BuildingName> }, settings = DEFAULT_SETTINGS) {
  return computeProduction(
    {
      isMoon: false,
      position: 4,
      temperature: { min: -17, max: 23 },
      percentages: {},
      solarSatellites: 0,
      plasmaTechnology: 0,
      energyTechnology: 0,
      deuterium: 1000,
      ...input,
    },
    settings,
  );
}

function producer(report: ProductionReport, name: ProducerName) {
  const found = report.producers.find((p) => p.object === name);
  if (!found) throw new Error(`no ${name} in report`);
  return found;
}

describe("per-object output (§3)", () => {
  it.each([
    // level, metal mine (metal, energy), crystal mine, deuterium synthesizer at T_avg 3, solar plant
    [1, 33, -11, 22, -11, 16, -22, 22],
    [2, 73, -25, 49, -25, 35, -49, 48],
    [5, 242, -81, 162, -81, 115, -162, 161],
    [10, 779, -260, 519, -260, 371, -519, 518],
    [20, 4037, -1346, 2691, -1346, 1922, -2691, 2690],
  ])("level %i", (level, metal, metalEnergy, crystal, crystalEnergy, deut, deutEnergy, solar) => {
    const report = produce({
      buildings: { metal_mine: level, crystal_mine: level, deuterium_synthesizer: level, solar_plant: level },
    });
    expect(producer(report, "metal_mine")).toMatchObject({ metal: metal, energy: metalEnergy });
    expect(producer(report, "crystal_mine")).toMatchObject({ crystal: crystal, energy: crystalEnergy });
    expect(producer(report, "deuterium_synthesizer")).toMatchObject({ deuterium: deut, energy: deutEnergy });
    expect(producer(report, "solar_plant")).toMatchObject({ energy: solar });
  });

  it.each([
    // T range, T_avg = round half away from zero, output of a level-10 synthesizer
    [-17, 23, 371], // T_avg 3
    [200, 240, 146], // T_avg 220
    [-15, 24, 369], // 4.5 → 5
    [-24, 15, 379], // −4.5 → −5
    [-130, -90, 488], // T_avg −110
  ])("deuterium synthesizer output depends on the average temperature (%i..%i)", (min, max, deuterium) => {
    const report = produce({ buildings: { deuterium_synthesizer: 10 }, temperature: { min, max } });
    expect(producer(report, "deuterium_synthesizer")).toMatchObject({ deuterium, energy: -519 });
  });

  it.each([
    [1, 0, -11, 31],
    [1, 12, -11, 35],
    [2, 3, -24, 69],
    [5, 3, -80, 220],
    [10, 0, -259, 488],
    [10, 12, -259, 1442],
    [20, 3, -1345, 2796],
    [20, 12, -1345, 13863],
  ])("fusion plant level %i with energy technology %i burns %i deuterium for %i energy", (level, tech, deut, energy) => {
    const report = produce({ buildings: { fusion_plant: level }, energyTechnology: tech });
    expect(producer(report, "fusion_plant")).toMatchObject({ deuterium: deut, energy });
  });

  it("solar satellites give floor((T_max + 140) / 6) each", () => {
    const report = produce({ buildings: { metal_mine: 5 }, solarSatellites: 10 });
    expect(producer(report, "solar_satellite")).toMatchObject({ level: 10, energy: 270 });
    expect(report.energyProduced).toBe(270);
    expect(report.hourly.metal).toBe(272);
  });

  it("scales mine output and energy use by the building percent", () => {
    const report = produce({ buildings: { metal_mine: 10, solar_plant: 10 }, percentages: { metal_mine: 50 } });
    expect(producer(report, "metal_mine")).toMatchObject({ percent: 50, metal: 390, energy: -130 });
    expect(report.hourly.metal).toBe(420);
  });

  it("scales resource output, but not energy, by the economy speed", () => {
    const report = produce({ buildings: { metal_mine: 10, solar_plant: 10 } }, UniverseSettingsSchema.parse({ economySpeed: 2 }));
    expect(producer(report, "metal_mine")).toMatchObject({ metal: 1557, energy: -260 });
    expect(report.basicIncome).toEqual({ metal: 60, crystal: 30, deuterium: 0 });
    expect(report.hourly).toEqual({ metal: 1617, crystal: 30, deuterium: 0 });
  });
});

describe("position and plasma bonuses", () => {
  const planet = { metal_mine: 10, crystal_mine: 8, deuterium_synthesizer: 5, solar_plant: 12 };

  it("applies the position multiplier to mines and basic income (position 8: metal ×1.35)", () => {
    const report = produce({ buildings: planet, position: 8, temperature: { min: 10, max: 50 } });
    // 778.12 + floor(778.12 × 0.35) = 1050.12 → 1051
    expect(producer(report, "metal_mine").metal).toBe(1051);
    expect(report.basicIncome.metal).toBe(40.5);
    expect(report.hourly).toEqual({ metal: 1092, crystal: 358, deuterium: 107 });
  });

  it("applies the crystal multiplier on position 1", () => {
    const report = produce({ buildings: { crystal_mine: 10 }, position: 1, temperature: { min: 180, max: 220 } });
    expect(producer(report, "crystal_mine").crystal).toBe(726);
    expect(report.basicIncome.crystal).toBe(21);
  });

  it("adds plasma technology on top of the position bonus (1 % / 0.66 % / 0.33 % per level)", () => {
    const report = produce({ buildings: planet, position: 8, temperature: { min: 10, max: 50 }, plasmaTechnology: 10 });
    expect(producer(report, "metal_mine").metal).toBe(1156);
    expect(producer(report, "crystal_mine").crystal).toBe(365);
    expect(producer(report, "deuterium_synthesizer").deuterium).toBe(110);
    expect(report.hourly).toEqual({ metal: 1197, crystal: 380, deuterium: 110 });
  });
});

describe("energy and production factor", () => {
  it("without any energy the factor is 0 and only basic income flows", () => {
    const report = produce({ buildings: { metal_mine: 5, crystal_mine: 5 } });
    expect(report).toMatchObject({ energyProduced: 0, energyUsed: 162, factor: 0 });
    expect(report.hourly).toEqual({ metal: 30, crystal: 15, deuterium: 0 });
  });

  it("limits mine output to floor(produced / used × 100) %", () => {
    const report = produce({ buildings: { metal_mine: 10, crystal_mine: 8, deuterium_synthesizer: 5, solar_plant: 10 } });
    expect(report).toMatchObject({ energyProduced: 518, energyUsed: 594, factor: 87 });
    // ceil(30 + 0.87 × 779), ceil(15 + 0.87 × 343), ceil(0.87 × 115)
    expect(report.hourly).toEqual({ metal: 708, crystal: 314, deuterium: 101 });
  });

  it("is 100 % when nothing uses energy", () => {
    expect(produce({ buildings: {} })).toMatchObject({ factor: 100, energyProduced: 0, energyUsed: 0 });
    expect(produce({ buildings: {} }).hourly).toEqual({ metal: 30, crystal: 15, deuterium: 0 });
  });

  it("drops the fusion plant's energy when its deuterium is not covered and the store is empty", () => {
    const buildings = { deuterium_synthesizer: 5, fusion_plant: 5, metal_mine: 10 };
    const percentages = { deuterium_synthesizer: 30 };
    const starved = produce({ buildings, percentages, energyTechnology: 3, deuterium: 0 });
    expect(starved).toMatchObject({ fusionStarved: true, energyProduced: 0, energyUsed: 309, factor: 0 });
    expect(starved.hourly).toEqual({ metal: 30, crystal: 15, deuterium: 0 });

    const fed = produce({ buildings, percentages, energyTechnology: 3, deuterium: 1 });
    expect(fed).toMatchObject({ fusionStarved: false, energyProduced: 220, factor: 71 });
    // the fusion plant burns more than the synthesizer makes: ceil(0.71 × (35 − 80))
    expect(fed.hourly).toEqual({ metal: 584, crystal: 15, deuterium: -31 });
  });

  it("keeps a fusion plant running on an empty store when the synthesizers cover it", () => {
    const report = produce({ buildings: { deuterium_synthesizer: 10, fusion_plant: 3 }, energyTechnology: 3, deuterium: 0 });
    expect(report.fusionStarved).toBe(false);
    expect(producer(report, "fusion_plant").energy).toBeGreaterThan(0);
  });
});

describe("moons", () => {
  it("have no basic income", () => {
    const report = produce({ buildings: {}, isMoon: true });
    expect(report.basicIncome).toEqual({ metal: 0, crystal: 0, deuterium: 0 });
    expect(report.hourly).toEqual({ metal: 0, crystal: 0, deuterium: 0 });
  });
});
