import { describe, expect, it } from "vitest";
import { counterEspionageChance, type EspionageArrival, espionageSections, resolveEspionage } from "../../src/universe/engine/espionage";
import { DEFAULT_SETTINGS } from "../../src/universe/engine/index";
import type { Planet } from "../../src/universe/engine/state";
import { newEmpire, planetOf } from "./helpers";

describe("espionage report sections (§9)", () => {
  it("by probe count at equal technology: ships 2, defence 3, buildings 5, research 7", () => {
    expect(espionageSections(1, 5, 5)).toEqual(["resources"]);
    expect(espionageSections(2, 5, 5)).toEqual(["resources", "ships"]);
    expect(espionageSections(3, 5, 5)).toEqual(["resources", "ships", "defense"]);
    expect(espionageSections(4, 5, 5)).toEqual(["resources", "ships", "defense"]);
    expect(espionageSections(5, 5, 5)).toEqual(["resources", "ships", "defense", "buildings"]);
    expect(espionageSections(7, 5, 5)).toEqual(["resources", "ships", "defense", "buildings", "research"]);
  });

  it("a defender lead of d costs d² probes", () => {
    // d = 2: remaining = probes − 4.
    expect(espionageSections(5, 3, 5)).toEqual(["resources"]);
    expect(espionageSections(6, 3, 5)).toEqual(["resources", "ships"]);
    expect(espionageSections(10, 3, 5)).toEqual(["resources", "ships", "defense", "buildings"]);
    expect(espionageSections(11, 3, 5)).toEqual(["resources", "ships", "defense", "buildings", "research"]);
    // d = 3: 9 probes show nothing more than resources.
    expect(espionageSections(9, 0, 3)).toEqual(["resources"]);
  });

  it("an attacker lead of k shows the section with a single probe: ships 1, defence 2, buildings 3, research 4", () => {
    expect(espionageSections(1, 6, 5)).toEqual(["resources", "ships"]);
    expect(espionageSections(1, 7, 5)).toEqual(["resources", "ships", "defense"]);
    expect(espionageSections(1, 8, 5)).toEqual(["resources", "ships", "defense", "buildings"]);
    expect(espionageSections(1, 9, 5)).toEqual(["resources", "ships", "defense", "buildings", "research"]);
  });
});

describe("counter-espionage chance (§9)", () => {
  it("min(100, floor(ships × (def − att + 1) / (probes × 4) × 100))", () => {
    expect(counterEspionageChance(10, 3, 5, 5)).toBe(7);
    expect(counterEspionageChance(5, 4, 3, 5)).toBe(60);
    expect(counterEspionageChance(1, 10, 5, 5)).toBe(100);
    // Exact in integers: 29 / 100 × 100 is 28.999… in floating point.
    expect(counterEspionageChance(25, 29, 5, 5)).toBe(29);
  });

  it("0 without probes, without ships, or when the attacker leads by 1 or more", () => {
    expect(counterEspionageChance(0, 10, 5, 5)).toBe(0);
    expect(counterEspionageChance(3, 0, 5, 5)).toBe(0);
    expect(counterEspionageChance(3, 100, 6, 5)).toBe(0);
  });
});

describe("espionage arrival", () => {
  const target: Planet = {
    ...planetOf(newEmpire(8)),
    resources: { metal: 12_345, crystal: 6789, deuterium: 10 },
    buildings: { metal_mine: 10, solar_plant: 10 },
    units: { light_fighter: 40, solar_satellite: 10, rocket_launcher: 100, anti_ballistic_missile: 4 },
  };
  const arrival = (patch: Partial<EspionageArrival>): EspionageArrival => ({
    target,
    ownerResearch: { espionage_technology: 4, energy_technology: 2 },
    probes: 1,
    attackerResearch: { espionage_technology: 4 },
    debris: { metal: 500, crystal: 100, deuterium: 0 },
    seed: 1,
    ...patch,
  });

  it("the report: resources with the energy balance and debris always; the sections the probes earn", () => {
    const r = resolveEspionage(arrival({ probes: 3 }), DEFAULT_SETTINGS);
    expect(r.report.sections).toEqual(["resources", "ships", "defense"]);
    expect(r.report.resources).toMatchObject({ metal: 12_345, crystal: 6789, deuterium: 10 });
    expect(r.report.resources.energy).toBeTypeOf("number");
    expect(r.report.debris).toEqual({ metal: 500, crystal: 100, deuterium: 0 });
    expect(r.report.ships).toEqual({ light_fighter: 40, solar_satellite: 10 });
    expect(r.report.defense).toEqual({ rocket_launcher: 100, anti_ballistic_missile: 4 });
    expect(r.report.buildings).toBeUndefined();
    expect(r.report.research).toBeUndefined();
    // 50 ships (satellites count) against 3 probes at equal technology.
    expect(r.report.counterEspionageChance).toBe(100);
  });

  it("shows buddies' fleets holding there with the ships, one entry per owner; they neither raise the chance nor fight", () => {
    const holders = [
      { owner: "vega", ships: { cruiser: 10 } },
      { owner: "deneb", ships: { battleship: 2 } },
      { owner: "vega", ships: { cruiser: 5, light_fighter: 1 } },
    ];
    const seen = resolveEspionage(arrival({ probes: 3, holders }), DEFAULT_SETTINGS);
    expect(seen.report.holding).toEqual([
      { owner: "vega", ships: { cruiser: 15, light_fighter: 1 } },
      { owner: "deneb", ships: { battleship: 2 } },
    ]);
    expect(seen.report.counterEspionageChance).toBe(resolveEspionage(arrival({ probes: 3 }), DEFAULT_SETTINGS).report.counterEspionageChance);
    expect(seen.counter.battle?.participants.defenders.map((d) => d.units)).toEqual([{ light_fighter: 40, solar_satellite: 10 }]);
    // Without the ships section the holders stay unseen too.
    const blind = resolveEspionage(arrival({ probes: 1, ownerResearch: { espionage_technology: 6 }, holders }), DEFAULT_SETTINGS);
    expect(blind.report.sections).not.toContain("ships");
    expect(blind.report.holding).toBeUndefined();
  });

  it("counter-espionage: probes fight the ships only; the report is still delivered; debris from the probes", () => {
    const r = resolveEspionage(arrival({ probes: 5 }), DEFAULT_SETTINGS);
    expect(r.counter.triggered).toBe(true);
    const battle = r.counter.battle!;
    expect(battle.participants.defenders[0]?.units).toEqual({ light_fighter: 40, solar_satellite: 10 });
    expect(battle.repaired).toEqual({});
    expect(battle.loot.total).toEqual({ metal: 0, crystal: 0, deuterium: 0 });
    expect(battle.moon.chance).toBe(0);
    const lostProbes = battle.losses.attackers[0]?.units.espionage_probe ?? 0;
    expect(r.probesLeft).toBe(5 - lostProbes);
    expect(lostProbes).toBe(5);
    // A probe costs 1,000 crystal: 30 % of it each.
    expect(r.newDebris).toEqual({ metal: 0, crystal: 1500, deuterium: 0 });
    expect(r.targetShips).toEqual({ light_fighter: 40, solar_satellite: 10 });
    expect(r.report.sections).toContain("buildings");
  });

  it("rolls random_int(1,100) ≤ chance: about 7 % of 2,000 seeded arrivals at 7 %", () => {
    const few: Planet = { ...target, units: { small_cargo: 3 } };
    let hits = 0;
    const n = 2000;
    for (let seed = 0; seed < n; seed++) {
      const r = resolveEspionage(arrival({ target: few, probes: 10, seed }), DEFAULT_SETTINGS);
      expect(r.counter.chance).toBe(7);
      if (r.counter.triggered) hits++;
      else expect(r.probesLeft).toBe(10);
    }
    expect(Math.abs(hits / n - 0.07)).toBeLessThan(4 * Math.sqrt((0.07 * 0.93) / n));
    const again = resolveEspionage(arrival({ target: few, probes: 10, seed: 3 }), DEFAULT_SETTINGS);
    expect(resolveEspionage(arrival({ target: few, probes: 10, seed: 3 }), DEFAULT_SETTINGS)).toEqual(again);
  });

  it("no ships, no chance, no fight", () => {
    const r = resolveEspionage(arrival({ target: { ...target, units: { rocket_launcher: 5 } }, probes: 1 }), DEFAULT_SETTINGS);
    expect(r.counter).toEqual({ chance: 0, triggered: false, battle: null });
    expect(r.probesLeft).toBe(1);
  });
});
