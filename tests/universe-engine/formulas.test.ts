import { describe, expect, it } from "vitest";
import {
  BUILDINGS,
  buildingSeconds,
  cumulativeCost,
  DEFAULT_SETTINGS,
  DEFENSES,
  demolitionCost,
  effectiveLabLevel,
  levelCost,
  RESEARCH,
  researchSeconds,
  SHIPS,
  storageCapacity,
  UniverseSettingsSchema,
  unitCost,
  unitSeconds,
} from "../../src/universe/engine/index";

const mc = (metal: number, crystal: number, deuterium = 0, energy = 0) => ({ metal, crystal, deuterium, energy });

describe("level cost (§1)", () => {
  it.each([
    ["metal_mine", 1, mc(60, 15)],
    ["metal_mine", 2, mc(90, 22)],
    ["metal_mine", 5, mc(303, 75)],
    ["metal_mine", 10, mc(2306, 576)],
    ["metal_mine", 20, mc(133010, 33252)],
    ["crystal_mine", 1, mc(48, 24)],
    ["crystal_mine", 2, mc(76, 38)],
    ["crystal_mine", 5, mc(314, 157)],
    ["crystal_mine", 10, mc(3298, 1649)],
    ["crystal_mine", 20, mc(362677, 181338)],
    ["deuterium_synthesizer", 1, mc(225, 75)],
    ["deuterium_synthesizer", 2, mc(337, 112)],
    ["deuterium_synthesizer", 5, mc(1139, 379)],
    ["deuterium_synthesizer", 10, mc(8649, 2883)],
    ["deuterium_synthesizer", 20, mc(498788, 166262)],
    ["solar_plant", 1, mc(75, 30)],
    ["solar_plant", 2, mc(112, 45)],
    ["solar_plant", 5, mc(379, 151)],
    ["solar_plant", 10, mc(2883, 1153)],
    ["solar_plant", 20, mc(166262, 66505)],
    // factor 1.8: 900 × 1.8 is exactly 1620, which floating point must not floor to 1619
    ["fusion_plant", 1, mc(900, 360, 180)],
    ["fusion_plant", 2, mc(1620, 648, 324)],
    ["fusion_plant", 5, mc(9447, 3779, 1889)],
    ["fusion_plant", 10, mc(178523, 71409, 35704)],
    ["fusion_plant", 20, mc(63741181, 25496472, 12748236)],
    ["robot_factory", 10, mc(204800, 61440, 102400)],
    ["nano_factory", 2, mc(2_000_000, 1_000_000, 200_000)],
  ] as const)("%s level %i", (name, level, expected) => {
    expect(levelCost(BUILDINGS[name], level)).toEqual(expected);
  });

  it.each([
    [1, mc(0, 50000, 100000, 1000)],
    [2, mc(0, 100000, 200000, 2000)],
    [5, mc(0, 800000, 1600000, 16000)],
    [10, mc(0, 25600000, 51200000, 512000)],
    [20, mc(0, 26214400000, 52428800000, 524288000)],
  ])("terraformer level %i needs energy", (level, expected) => {
    expect(levelCost(BUILDINGS.terraformer, level)).toEqual(expected);
  });

  it.each([
    [1, mc(200, 0, 50, 50)],
    [2, mc(400, 0, 100, 100)],
    [5, mc(3200, 0, 800, 800)],
    [10, mc(102400, 0, 25600, 25600)],
    [20, mc(104857600, 0, 26214400, 26214400)],
  ])("space dock level %i needs energy", (level, expected) => {
    expect(levelCost(BUILDINGS.space_dock, level)).toEqual(expected);
  });

  it.each([
    [1, 300000],
    [2, 600000],
    [5, 4800000],
    [10, 153600000],
    [20, 157286400000],
  ])("graviton technology level %i costs only energy", (level, energy) => {
    expect(levelCost(RESEARCH.graviton_technology, level)).toEqual(mc(0, 0, 0, energy));
  });

  it.each([
    [1, mc(4000, 8000, 4000)],
    [2, mc(7000, 14000, 7000)],
    [3, mc(12300, 24500, 12300)], // 12250 rounds half up to 12300
    [5, mc(37500, 75000, 37500)], // 37515.625 → 37515 → 37500
    [10, mc(615700, 1231500, 615700)], // 615690.5 → 615690 → 615700
    [20, mc(165875800, 331751500, 165875800)],
  ])("astrophysics level %i is rounded to the nearest 100", (level, expected) => {
    expect(levelCost(RESEARCH.astrophysics, level)).toEqual(expected);
  });

  it("level 0 is free", () => {
    expect(levelCost(BUILDINGS.metal_mine, 0)).toEqual(mc(0, 0));
  });

  it("units cost their base price per unit", () => {
    expect(unitCost(SHIPS.cruiser, 3)).toEqual(mc(60000, 21000, 6000));
    expect(unitCost(DEFENSES.interplanetary_missile, 2)).toEqual(mc(25000, 5000, 20000));
  });
});

describe("cumulative cost (score)", () => {
  it("sums the geometric series without per-level flooring", () => {
    expect(cumulativeCost(BUILDINGS.metal_mine, 1)).toEqual(mc(60, 15));
    // 60 × 2.5 = 150, 15 × 2.5 = 37.5 → 37 (per-level sum would give 60 + 90 = 150, 15 + 22 = 37)
    expect(cumulativeCost(BUILDINGS.metal_mine, 2)).toEqual(mc(150, 37));
    // 120 × (1.5^10 − 1) = 6799.8…, 30 × (1.5^10 − 1) = 1699.9…
    expect(cumulativeCost(BUILDINGS.metal_mine, 10)).toEqual(mc(6799, 1699));
    expect(cumulativeCost(BUILDINGS.robot_factory, 10)).toEqual(mc(409200, 122760, 204600));
  });

  it("ignores the astrophysics rounding", () => {
    // 4000 × (1 + 1.75 + 3.0625) = 23250, whereas rounded levels would sum to 23300
    expect(cumulativeCost(RESEARCH.astrophysics, 3)).toEqual(mc(23250, 46500, 23250));
  });
});

describe("demolition cost", () => {
  it("is the torn-down level's price, energy excluded", () => {
    expect(demolitionCost(BUILDINGS.metal_mine, 5, 0)).toEqual(mc(303, 75));
    expect(demolitionCost(BUILDINGS.space_dock, 2, 0)).toEqual(mc(400, 0, 100, 0));
  });

  it("is reduced by 4 % per ion technology level, floored", () => {
    expect(demolitionCost(BUILDINGS.metal_mine, 5, 5)).toEqual(mc(242, 60));
    expect(demolitionCost(BUILDINGS.robot_factory, 10, 10)).toEqual(mc(122880, 36864, 61440));
    expect(demolitionCost(BUILDINGS.metal_mine, 5, 30)).toEqual(mc(0, 0));
  });
});

describe("building time (§2)", () => {
  const none = {};
  it.each([
    ["metal_mine", 1, 30],
    ["metal_mine", 2, 53],
    ["metal_mine", 3, 96],
    ["metal_mine", 4, 181],
    ["metal_mine", 5, 362],
    ["metal_mine", 6, 817],
    ["metal_mine", 10, 4150],
    ["metal_mine", 20, 239417],
    ["crystal_mine", 1, 29],
    ["crystal_mine", 2, 54],
    ["crystal_mine", 5, 452],
    ["crystal_mine", 10, 7123],
    ["crystal_mine", 20, 783381],
    ["robot_factory", 1, 213],
    ["robot_factory", 5, 7987],
    ["robot_factory", 10, 383385],
    ["fusion_plant", 1, 518],
    ["fusion_plant", 20, 128502220],
  ] as const)("%s level %i takes %i s without factories", (name, level, seconds) => {
    expect(buildingSeconds(BUILDINGS[name], level, none, DEFAULT_SETTINGS)).toBe(seconds);
  });

  it("is divided by 1 + robot factory and 2^nanite factory", () => {
    expect(buildingSeconds(BUILDINGS.metal_mine, 5, { robot_factory: 2 }, DEFAULT_SETTINGS)).toBe(120);
    expect(buildingSeconds(BUILDINGS.metal_mine, 10, { robot_factory: 2 }, DEFAULT_SETTINGS)).toBe(1383);
    expect(buildingSeconds(BUILDINGS.metal_mine, 20, { robot_factory: 10, nano_factory: 1 }, DEFAULT_SETTINGS)).toBe(10882);
    expect(buildingSeconds(BUILDINGS.crystal_mine, 10, { robot_factory: 10, nano_factory: 1 }, DEFAULT_SETTINGS)).toBe(323);
  });

  it("lasts at least one second", () => {
    expect(buildingSeconds(BUILDINGS.metal_mine, 1, { robot_factory: 10, nano_factory: 1 }, DEFAULT_SETTINGS)).toBe(1);
  });

  it("omits the early-level term for the nanite factory itself", () => {
    // with the term, level 1 would take 2 160 000 / 3.5 s
    expect(buildingSeconds(BUILDINGS.nano_factory, 1, none, DEFAULT_SETTINGS)).toBe(2_160_000);
    expect(buildingSeconds(BUILDINGS.nano_factory, 2, none, DEFAULT_SETTINGS)).toBe(4_320_000);
    expect(buildingSeconds(BUILDINGS.nano_factory, 1, { robot_factory: 10, nano_factory: 1 }, DEFAULT_SETTINGS)).toBe(98181);
  });

  it("is divided by the economy speed", () => {
    const fast = UniverseSettingsSchema.parse({ economySpeed: 2 });
    expect(buildingSeconds(BUILDINGS.metal_mine, 1, none, fast)).toBe(15);
  });
});

describe("research time (§2)", () => {
  it.each([
    ["energy_technology", 1, 1, 1440],
    ["energy_technology", 2, 1, 2880],
    ["energy_technology", 5, 1, 23040],
    ["energy_technology", 10, 1, 737280],
    ["energy_technology", 20, 1, 754974720],
    ["energy_technology", 5, 10, 4189],
    ["weapon_technology", 10, 10, 167563],
    ["astrophysics", 1, 1, 21600],
    ["astrophysics", 5, 1, 202500],
    ["astrophysics", 10, 10, 604538],
    ["hyperspace_technology", 20, 1, 3774873600],
  ] as const)("%s level %i with lab %i takes %i s", (name, level, lab, seconds) => {
    expect(researchSeconds(RESEARCH[name], level, lab, DEFAULT_SETTINGS)).toBe(seconds);
  });

  it("is divided by economy speed × research speed", () => {
    const fast = UniverseSettingsSchema.parse({ economySpeed: 2, researchSpeed: 3 });
    expect(researchSeconds(RESEARCH.energy_technology, 1, 1, fast)).toBe(240);
  });

  it("adds the best IRN-many other labs that meet the technology's lab requirement", () => {
    const hyperspace = RESEARCH.hyperspace_technology; // needs lab 7
    expect(effectiveLabLevel(hyperspace, 8, [10, 5, 7], 0)).toBe(8);
    expect(effectiveLabLevel(hyperspace, 8, [10, 5, 7], 1)).toBe(18);
    expect(effectiveLabLevel(hyperspace, 8, [10, 5, 7], 3)).toBe(25); // lab 5 cannot join
    expect(effectiveLabLevel(RESEARCH.energy_technology, 8, [10, 5, 7], 3)).toBe(30);
    expect(researchSeconds(hyperspace, 5, 25, DEFAULT_SETTINGS)).toBe(8861);
  });
});

describe("unit time (§2)", () => {
  it("divides structural integrity by shipyard and nanite levels", () => {
    expect(unitSeconds(SHIPS.light_fighter, { shipyard: 1 }, DEFAULT_SETTINGS)).toBe(2880);
    expect(unitSeconds(SHIPS.deathstar, { shipyard: 12, nano_factory: 5 }, DEFAULT_SETTINGS)).toBe(31153);
    // the anti-ballistic missile's listed structural integrity (8000) is used, not metal + crystal
    expect(unitSeconds(DEFENSES.anti_ballistic_missile, { shipyard: 1 }, DEFAULT_SETTINGS)).toBe(5760);
    expect(unitSeconds(SHIPS.espionage_probe, { shipyard: 12, nano_factory: 5 }, DEFAULT_SETTINGS)).toBe(3);
  });
});

describe("storage capacity (§3)", () => {
  it("matches the table for levels 0–10", () => {
    const table = [10000, 20000, 40000, 75000, 140000, 255000, 470000, 865000, 1590000, 2920000, 5355000];
    expect(table.map((_, level) => storageCapacity(level))).toEqual(table);
  });

  it("keeps growing past the table", () => {
    expect(storageCapacity(20)).toBe(2_296_600_000);
  });
});
