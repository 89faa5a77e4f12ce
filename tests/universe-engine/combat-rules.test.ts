import { describe, expect, it } from "vitest";
import { createRng } from "../../src/lib/rng";
import { SHIPS } from "../../src/universe/engine/catalog";
import { wreckFieldForms } from "../../src/universe/engine/combat/aftermath";
import {
  BattleInputSchema,
  explosionOutcomes,
  moonRoll,
  plunder,
  rapidFireSuccesses,
  splitLoot,
} from "../../src/universe/engine/combat/index";
import { combatClass, combatIndex } from "../../src/universe/engine/combat/units";
import { DEFAULT_SETTINGS } from "../../src/universe/engine/settings";
import { battle, survivors } from "./combat-helpers";

describe("§6 rapid fire", () => {
  it("chance% = 100 − floor(100/RF × 100)/100, rolled out of 10,000", () => {
    const table: [number, number][] = [
      [2, 5000],
      [3, 6667],
      [4, 7500],
      [5, 8000],
      [6, 8334],
      [7, 8572],
      [10, 9000],
      [15, 9334],
      [20, 9500],
      [25, 9600],
      [30, 9667],
      [33, 9697],
      [100, 9900],
      [200, 9950],
      [250, 9960],
    ];
    for (const [rf, successes] of table) expect(rapidFireSuccesses(rf), `RF ${rf}`).toBe(successes);
    expect(rapidFireSuccesses(1)).toBe(0);
  });

  it("uses the catalog table: RF 5 vs probes/satellites/crawlers for every ship but the deathstar; none for defences", () => {
    const rf = (shooter: string, target: string) =>
      combatClass(SHIPS[shooter as "cruiser"], {}).rapidFire[combatIndex(target as "cruiser")];
    expect(rf("cruiser", "rocket_launcher")).toBe(9000);
    expect(rf("cruiser", "light_fighter")).toBe(8334);
    expect(rf("small_cargo", "espionage_probe")).toBe(8000);
    expect(rf("deathstar", "espionage_probe")).toBe(9960);
    expect(rf("deathstar", "light_fighter")).toBe(9950);
    expect(rf("battlecruiser", "battle_ship")).toBe(8572);
    expect(rf("battle_ship", "light_fighter")).toBe(0);
  });

  it("an extra shot picks a new random target: cruisers fire far more shots than they are at rocket launchers", () => {
    const r = battle({ attackers: [{ ships: { cruiser: 50 } }], defenders: [{ defenses: { rocket_launcher: 2000 } }], mode: "exact" }, 3);
    // RF 10 → 90 % to continue: ten shots per cruiser on average.
    const shots = r.rounds[0]?.attackerFire.shots ?? 0;
    expect(shots).toBeGreaterThan(400);
    expect(shots).toBeLessThan(600);
    // Without rapid fire (battleships) each unit fires exactly once.
    const b = battle(
      { attackers: [{ ships: { battle_ship: 50 } }], defenders: [{ defenses: { rocket_launcher: 2000 } }], mode: "exact" },
      3,
    );
    expect(b.rounds[0]?.attackerFire.shots).toBe(50);
  });
});

describe("§4 and §7.1 participants and techs", () => {
  it("weapons, shielding and armour add 10 % per level, hull = SI/10", () => {
    const c = combatClass(SHIPS.cruiser, { weapon_technology: 10, shielding_technology: 5, armor_technology: 3 });
    expect(c.damage / 10).toBe(800);
    expect(c.shield / 10).toBe(75);
    expect(c.hull / 10).toBe(3510);
  });

  it("missiles never fight", () => {
    expect(
      BattleInputSchema.safeParse({ attackers: [{ ships: {} }], defenders: [{ defenses: { anti_ballistic_missile: 5 } }] }).success,
    ).toBe(false);
  });

  it("each fleet fights with its own techs (ACS)", () => {
    const r = battle({
      attackers: [{ ships: { light_fighter: 1 }, techs: { weapon_technology: 10 } }, { ships: { light_fighter: 1 } }],
      defenders: [{ defenses: { large_shield_dome: 1 } }],
      mode: "exact",
    });
    // Weapons 10 make 100 damage, absorbed by the dome's 10,000 shield; the other fleet's 50 is below 1 % and bounces.
    expect(r.rounds[0]?.attackerFire).toEqual({ shots: 2, bounced: 1, hits: 1, damage: 150, absorbed: 100 });
  });
});

describe("§7.2 tactical retreat", () => {
  const owner = { ships: { light_fighter: 10, deathstar: 0, solar_satellite: 5 }, defenses: { rocket_launcher: 10 } };
  it("the owner's flyable ships flee from 5× the points; satellites and defences stay", () => {
    const r = battle({ attackers: [{ ships: { battle_ship: 4 } }], defenders: [owner] }); // 240,000 vs 40,000
    expect(r.retreated).toEqual({ light_fighter: 10 });
    expect(r.participants.defenders[0]?.units).toEqual({ solar_satellite: 5, rocket_launcher: 10 });
  });
  it("not below 5×, never deathstars or ACS defenders, not when the universe turns it off", () => {
    expect(battle({ attackers: [{ ships: { battle_ship: 3 } }], defenders: [owner] }).retreated).toEqual({});
    const ds = battle({
      attackers: [{ ships: { battle_ship: 1000 } }],
      defenders: [{ ships: { light_fighter: 1, deathstar: 1 } }, { ships: { light_fighter: 2 } }],
    });
    expect(ds.retreated).toEqual({ light_fighter: 1 });
    expect(ds.participants.defenders.map((p) => p.units)).toEqual([{ deathstar: 1 }, { light_fighter: 2 }]);
    expect(battle({ attackers: [{ ships: { battle_ship: 4 } }], defenders: [owner] }, 1, { tacticalRetreat: false }).retreated).toEqual({});
  });
  it("civil ships count a quarter", () => {
    // 4 battleships = 240,000; 20 large cargos = 240,000 × 25 % = 60,000 → 4× only: no retreat.
    expect(battle({ attackers: [{ ships: { battle_ship: 4 } }], defenders: [{ ships: { large_cargo: 20 } }] }).retreated).toEqual({});
    expect(battle({ attackers: [{ ships: { battle_ship: 5 } }], defenders: [{ ships: { large_cargo: 20 } }] }).retreated).toEqual({
      large_cargo: 20,
    });
  });
});

describe("§7.3–7.7 rounds, fire, shields, outcome", () => {
  it("no defenders: 0 rounds and the attacker wins", () => {
    const r = battle({ attackers: [{ ships: { small_cargo: 1 } }], defenders: [{}], resources: { metal: 100 } });
    expect(r.rounds).toHaveLength(0);
    expect(r.outcome).toBe("attacker");
    expect(r.loot.total.metal).toBe(50);
  });

  it("at most 6 rounds; both sides alive after them is a draw", () => {
    const r = battle({ attackers: [{ ships: { light_fighter: 1 } }], defenders: [{ defenses: { large_shield_dome: 1 } }] });
    expect(r.rounds).toHaveLength(6);
    expect(r.outcome).toBe("draw");
  });

  it("fire is simultaneous: two deathstars that one-shot each other both die in round 1", () => {
    const ds = { ships: { deathstar: 1 }, techs: { weapon_technology: 40 } };
    const r = battle({ attackers: [ds], defenders: [ds], mode: "exact" }, 1, { tacticalRetreat: false });
    expect(r.rounds).toHaveLength(1);
    expect(r.rounds[0]?.defenderFire.shots).toBe(1);
    expect(r.outcome).toBe("draw");
  });

  it("a shot below 1 % of the full shield bounces: no damage, no absorption", () => {
    // Heavy fighter 150 vs large shield dome 10,000: 150 ≥ 100 hits; with shielding 10 the dome has 20,000 and 150 < 200 bounces.
    const b = battle({ attackers: [{ ships: { heavy_fighter: 1 } }], defenders: [{ defenses: { large_shield_dome: 1 } }], mode: "exact" });
    expect(b.rounds[0]?.attackerFire).toEqual({ shots: 1, bounced: 0, hits: 1, damage: 150, absorbed: 150 });
    const c = battle(
      {
        attackers: [{ ships: { heavy_fighter: 1 } }],
        defenders: [{ defenses: { large_shield_dome: 1 }, techs: { shielding_technology: 10 } }],
        mode: "exact",
      },
      1,
    );
    for (const round of c.rounds) expect(round.attackerFire).toEqual({ shots: 1, bounced: 1, hits: 0, damage: 150, absorbed: 0 });
  });

  it("shields absorb first and are restored every round; hull damage stays", () => {
    // Cruiser 400 vs small shield dome (shield 2,000, hull 2,000): without restoration the 6th shot would hit hull.
    const r = battle({ attackers: [{ ships: { cruiser: 1 } }], defenders: [{ defenses: { small_shield_dome: 1 } }], mode: "exact" });
    expect(r.rounds).toHaveLength(6);
    for (const round of r.rounds) expect(round.attackerFire.absorbed).toBe(400);
    expect(survivors(r, "defenders")).toEqual({ small_shield_dome: 1 });
    // Light fighters vs a light fighter: 40 hull per hit persists; the 4th hit leaves 60 % and may explode.
    const lf = battle({ attackers: [{ ships: { light_fighter: 1 } }], defenders: [{ ships: { light_fighter: 1 } }], mode: "exact" }, 5);
    expect(lf.rounds.length).toBeGreaterThanOrEqual(4);
    expect(lf.rounds.slice(0, 3).every((x) => x.end.defenders[0]?.light_fighter === 1)).toBe(true);
  });

  it("explosion chance once hull < 70 %: rand(0,100) < (1 − ratio) × 100", () => {
    expect(explosionOutcomes(4000, 4000)).toBe(0);
    expect(explosionOutcomes(2800, 4000)).toBe(0);
    expect(explosionOutcomes(2799, 4000)).toBe(31);
    expect(explosionOutcomes(2400, 4000)).toBe(40);
    expect(explosionOutcomes(100, 4000)).toBe(98);
    expect(explosionOutcomes(0, 4000)).toBe(101);
  });
});

describe("§7.8 loot", () => {
  it("50 % of each resource when cargo suffices", () => {
    expect(plunder({ metal: 1001, crystal: 500, deuterium: 10 }, 50, 1e9)).toEqual({ metal: 500, crystal: 250, deuterium: 5 });
    expect(plunder({ metal: 1000, crystal: 0, deuterium: 0 }, 75, 1e9)).toEqual({ metal: 750, crystal: 0, deuterium: 0 });
  });
  it("short of capacity: a third each, then the rest shared among those with loot left", () => {
    // want 50,000 / 1,000 / 20,000; cap 30,000 → 10,000 / 1,000 / 10,000; 9,000 left → 4,500 each to metal and deuterium.
    expect(plunder({ metal: 100_000, crystal: 2000, deuterium: 40_000 }, 50, 30_000)).toEqual({
      metal: 14_500,
      crystal: 1000,
      deuterium: 14_500,
    });
    const got = plunder({ metal: 1e6, crystal: 1e6, deuterium: 1e6 }, 50, 1001);
    expect(got.metal + got.crystal + got.deuterium).toBe(1001);
  });
  it("only the winner loots; fleets share by surviving cargo capacity", () => {
    expect(splitLoot({ metal: 100, crystal: 10, deuterium: 1 }, [5000, 15_000])).toEqual([
      { metal: 25, crystal: 2, deuterium: 0 },
      { metal: 75, crystal: 8, deuterium: 1 },
    ]);
    // Rounding never overfills a hold: the remainders go where room is left (loot = capacity here).
    expect(splitLoot({ metal: 1, crystal: 1, deuterium: 1 }, [1, 2])).toEqual([
      { metal: 0, crystal: 1, deuterium: 0 },
      { metal: 1, crystal: 0, deuterium: 1 },
    ]);
    const r = battle({
      attackers: [{ ships: { light_fighter: 1 } }],
      defenders: [{ defenses: { large_shield_dome: 1 } }],
      resources: { metal: 1e6 },
    });
    expect(r.loot.total).toEqual({ metal: 0, crystal: 0, deuterium: 0 });
    const acs = battle({
      attackers: [{ ships: { small_cargo: 1 } }, { ships: { large_cargo: 1 } }],
      defenders: [{}],
      resources: { metal: 1e6 },
    });
    expect(acs.loot.capacity).toBe(30_000);
    expect(acs.loot.perAttacker.map((l) => l.metal)).toEqual([5000, 25_000]);
  });
});

describe("§7.9–7.11 debris, repair, moon", () => {
  it("debris: 30 % of lost ships' metal and crystal per stack, defences at the defence rate, deuterium when enabled", () => {
    const input = {
      attackers: [{ ships: { battle_ship: 50 } }],
      defenders: [{ ships: { cruiser: 10 }, defenses: { rocket_launcher: 100 } }],
    };
    const r = battle(input, 4, { defenseRepairRate: 0, tacticalRetreat: false });
    const lostCruisers = r.losses.defenders[0]?.units.cruiser ?? 0;
    const lostRl = r.losses.defenders[0]?.units.rocket_launcher ?? 0;
    const lostBs = r.losses.attackers[0]?.units.battle_ship ?? 0;
    expect(r.debris.metal).toBe(Math.floor(20_000 * lostCruisers * 0.3) + Math.floor(45_000 * lostBs * 0.3));
    expect(r.debris.deuterium).toBe(0);
    const d = battle(input, 4, { defenseRepairRate: 0, tacticalRetreat: false, debrisFromDefense: 10, debrisDeuterium: true });
    expect(d.debris.metal).toBe(r.debris.metal + Math.floor(2000 * lostRl * 0.1));
    expect(d.debris.deuterium).toBe(Math.floor(2000 * lostCruisers * 0.3));
  });

  it("defence repair: about 70 % of destroyed defences come back and leave no loss; 0 % and 100 % are exact", () => {
    const input = { attackers: [{ ships: { battle_ship: 300 } }], defenders: [{ defenses: { rocket_launcher: 1000 } }] };
    const r = battle(input, 9);
    const back = r.repaired.rocket_launcher ?? 0;
    expect(back / 1000).toBeGreaterThan(0.62);
    expect(back / 1000).toBeLessThan(0.78);
    expect(r.losses.defenders[0]?.units.rocket_launcher).toBe(1000 - back);
    expect(battle(input, 9, { defenseRepairRate: 100 }).losses.defenders[0]?.units).toEqual({});
    expect(battle(input, 9, { defenseRepairRate: 0 }).repaired).toEqual({});
    const dome = battle({ attackers: [{ ships: { battle_ship: 300 } }], defenders: [{ defenses: { small_shield_dome: 1 } }] }, 1, {
      defenseRepairRate: 100,
    });
    expect(dome.repaired).toEqual({ small_shield_dome: 1 });
  });

  it("moon: chance = min(floor(debris/100,000), 20); diameter floor(√(x + 3·debris/100,000) × 1000) ≤ 8944", () => {
    const rng = createRng(1);
    expect(moonRoll(rng, { metal: 1_999_999, crystal: 0, deuterium: 0 }, true, DEFAULT_SETTINGS).chance).toBe(19);
    expect(moonRoll(rng, { metal: 5e6, crystal: 5e6, deuterium: 0 }, true, DEFAULT_SETTINGS).chance).toBe(20);
    expect(moonRoll(rng, { metal: 5e6, crystal: 0, deuterium: 0 }, false, DEFAULT_SETTINGS)).toEqual({
      chance: 0,
      formed: false,
      diameter: null,
    });
    let formed = 0;
    for (let i = 0; i < 2000; i++) {
      const m = moonRoll(rng, { metal: 1e6, crystal: 0, deuterium: 0 }, true, DEFAULT_SETTINGS);
      expect(m.chance).toBe(10);
      if (m.formed) {
        formed++;
        expect(m.diameter).toBeGreaterThanOrEqual(Math.floor(Math.sqrt(40) * 1000));
        expect(m.diameter).toBeLessThanOrEqual(Math.floor(Math.sqrt(50) * 1000));
      }
    }
    expect(formed / 2000).toBeGreaterThan(0.07);
    expect(formed / 2000).toBeLessThan(0.13);
    const big = battle({ attackers: [{ ships: { deathstar: 10 } }], defenders: [{ ships: { battle_ship: 2000 } }] }, 1, {
      tacticalRetreat: false,
    });
    expect(big.moon.chance).toBe(20);
  });
});

describe("§7.12 wreck field", () => {
  it("forms from the owner's ship losses of ≥ 150,000 resources and ≥ 5 % of the owner's fleet value", () => {
    expect(wreckFieldForms(150_000, 3_000_000)).toBe(true);
    expect(wreckFieldForms(149_999, 1_000_000)).toBe(false);
    expect(wreckFieldForms(150_000, 3_000_001)).toBe(false);
    // 40 cruisers (1,160,000) destroyed by 300 battleships: a wreck field of the cruisers; defences never count.
    const r = battle(
      { attackers: [{ ships: { battle_ship: 300 } }], defenders: [{ ships: { cruiser: 40 }, defenses: { rocket_launcher: 50 } }] },
      1,
      {
        tacticalRetreat: false,
      },
    );
    expect(r.outcome).toBe("attacker");
    expect(r.wreckField).toEqual({ formed: true, units: { cruiser: 40 } });
    // Two light fighters (8,000) are too little.
    const small = battle({ attackers: [{ ships: { battle_ship: 5 } }], defenders: [{ ships: { light_fighter: 2 } }] }, 1, {
      tacticalRetreat: false,
    });
    expect(small.wreckField).toEqual({ formed: false, units: {} });
  });
});
