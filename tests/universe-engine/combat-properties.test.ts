import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CATALOG } from "../../src/universe/engine/catalog";
import { type BattleReport, BattleReportSchema } from "../../src/universe/engine/combat/index";
import { battle } from "./combat-helpers";

const few = fc.integer({ min: 0, max: 40 });
const fleet = fc.record({
  light_fighter: few,
  heavy_fighter: few,
  cruiser: few,
  battle_ship: fc.integer({ min: 0, max: 8 }),
  small_cargo: few,
  espionage_probe: few,
});
const defense = fc.record({
  rocket_launcher: few,
  light_laser: few,
  heavy_laser: fc.integer({ min: 0, max: 10 }),
  small_shield_dome: fc.integer({ min: 0, max: 1 }),
});
const techs = fc.record({
  weapon_technology: fc.integer({ min: 0, max: 15 }),
  shielding_technology: fc.integer({ min: 0, max: 15 }),
  armor_technology: fc.integer({ min: 0, max: 15 }),
});
const input = fc.record({
  attackers: fc.array(fc.record({ ships: fleet, techs }), { minLength: 1, maxLength: 3 }),
  defenders: fc.array(fc.record({ ships: fleet, defenses: defense, techs }), { minLength: 1, maxLength: 2 }),
  resources: fc.record({
    metal: fc.integer({ min: 0, max: 1e7 }),
    crystal: fc.integer({ min: 0, max: 1e7 }),
    deuterium: fc.integer({ min: 0, max: 1e7 }),
  }),
  mode: fc.constantFrom("exact" as const, "grouped" as const),
});
const settings = fc.record({
  debrisFromShips: fc.integer({ min: 0, max: 100 }),
  debrisFromDefense: fc.integer({ min: 0, max: 100 }),
  debrisDeuterium: fc.boolean(),
  defenseRepairRate: fc.integer({ min: 0, max: 100 }),
  tacticalRetreat: fc.boolean(),
});

const PRICE = new Map<string, { metal: number; crystal: number; deuterium: number }>(
  [...CATALOG.ships, ...CATALOG.defenses].map((u) => [u.name, u.price]),
);

function checkCounts(r: BattleReport) {
  let previous = { attackers: r.participants.attackers.map((p) => p.units), defenders: r.participants.defenders.map((p) => p.units) };
  for (const round of r.rounds) {
    expect(round.start).toEqual(previous);
    for (const side of ["attackers", "defenders"] as const) {
      round.end[side].forEach((units, p) => {
        for (const [k, v] of Object.entries(units)) {
          expect(v).toBeGreaterThanOrEqual(0);
          expect(v).toBeLessThanOrEqual(round.start[side][p]?.[k] ?? 0);
        }
      });
    }
    previous = round.end;
  }
}

describe("combat properties", () => {
  it("the same seed and input give the same report, valid against its schema; counts never go negative or grow", () => {
    fc.assert(
      fc.property(input, settings, fc.integer({ min: 0, max: 2 ** 31 - 1 }), (i, s, seed) => {
        const r = battle(i, seed, s);
        expect(battle(i, seed, s)).toEqual(r);
        checkCounts(r);
        expect(BattleReportSchema.parse(r)).toEqual(r);
      }),
      { numRuns: 60 },
    );
  });

  it("resources are conserved: lost value = debris share + destroyed; loot ≤ what can be taken and ≤ cargo", () => {
    fc.assert(
      fc.property(input, settings, fc.integer({ min: 0, max: 2 ** 31 - 1 }), (i, s, seed) => {
        const r = battle(i, seed, s);
        const debris = { metal: 0, crystal: 0, deuterium: 0 };
        const ships = new Set(CATALOG.ships.map((x) => x.name as string));
        for (const side of ["attackers", "defenders"] as const) {
          const destroyed: Record<string, number> = {};
          const lostTotal: Record<string, number> = {};
          r.participants[side].forEach(({ units: start }, p) => {
            const last = r.rounds.at(-1)?.end[side][p] ?? start;
            for (const [name, n] of Object.entries(start)) destroyed[name] = (destroyed[name] ?? 0) + n - (last[name] ?? 0);
          });
          for (const loss of r.losses[side]) {
            for (const [name, lost] of Object.entries(loss.units)) {
              lostTotal[name] = (lostTotal[name] ?? 0) + lost;
              const price = PRICE.get(name)!;
              const pct = ships.has(name) ? s.debrisFromShips : s.debrisFromDefense;
              debris.metal += Math.floor((price.metal * lost * pct) / 100);
              debris.crystal += Math.floor((price.crystal * lost * pct) / 100);
              if (s.debrisDeuterium) debris.deuterium += Math.floor((price.deuterium * lost * pct) / 100);
            }
            expect(loss.value.metal).toBe(Object.entries(loss.units).reduce((t, [n, c]) => t + PRICE.get(n)!.metal * c, 0));
          }
          // Destroyed in battle = lost for good + repaired (defences of the defender only).
          for (const [name, n] of Object.entries(destroyed)) {
            expect((lostTotal[name] ?? 0) + (side === "defenders" ? (r.repaired[name] ?? 0) : 0)).toBe(n);
          }
        }
        expect(r.debris).toEqual(debris);
        const lostValue = [...r.losses.attackers, ...r.losses.defenders].reduce(
          (t, l) => t + l.value.metal + l.value.crystal + l.value.deuterium,
          0,
        );
        expect(r.debris.metal + r.debris.crystal + r.debris.deuterium).toBeLessThanOrEqual(lostValue);
        const loot = r.loot.total;
        expect(loot.metal).toBeLessThanOrEqual(Math.floor(i.resources.metal / 2));
        expect(loot.crystal).toBeLessThanOrEqual(Math.floor(i.resources.crystal / 2));
        expect(loot.deuterium).toBeLessThanOrEqual(Math.floor(i.resources.deuterium / 2));
        expect(loot.metal + loot.crystal + loot.deuterium).toBeLessThanOrEqual(r.loot.capacity);
        for (const k of ["metal", "crystal", "deuterium"] as const) expect(r.loot.perAttacker.reduce((t, l) => t + l[k], 0)).toBe(loot[k]);
        if (r.outcome !== "attacker") expect(loot).toEqual({ metal: 0, crystal: 0, deuterium: 0 });
      }),
      { numRuns: 60 },
    );
  });
});

describe("the grouped model agrees with the exact one", () => {
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const sd = (xs: number[]) => Math.sqrt(mean(xs.map((x) => (x - mean(xs)) ** 2)));
  // With 200 runs a bias of 1.5 % in cruiser losses fails this test (it caught one: units hit
  // earlier in a batch were dealt a later state's hits again).
  const RUNS = 200;
  it("mean losses per type over 200 seeded battles agree within 4 standard errors", () => {
    const input = {
      attackers: [
        {
          ships: { light_fighter: 2000, cruiser: 300, battle_ship: 100 },
          techs: { weapon_technology: 8, shielding_technology: 8, armor_technology: 8 },
        },
      ],
      defenders: [
        {
          ships: { heavy_fighter: 400 },
          defenses: { rocket_launcher: 3000, light_laser: 800, heavy_laser: 100 },
          techs: { weapon_technology: 8, shielding_technology: 8, armor_technology: 8 },
        },
      ],
    };
    const types = ["light_fighter", "cruiser", "battle_ship", "heavy_fighter", "rocket_launcher", "light_laser", "heavy_laser"];
    const runs = (mode: "exact" | "grouped") =>
      Array.from({ length: RUNS }, (_, s) => {
        const r = battle({ ...input, mode }, 1000 + s, { tacticalRetreat: false, defenseRepairRate: 0 });
        const lost: Record<string, number> = {};
        for (const l of [...r.losses.attackers, ...r.losses.defenders]) Object.assign(lost, l.units);
        return { lost, rounds: r.rounds.length, shots: r.rounds[0]!.attackerFire.shots };
      });
    const exact = runs("exact");
    const grouped = runs("grouped");
    for (const key of [...types.map((t) => `lost:${t}`), "rounds", "shots"]) {
      const get = (x: (typeof exact)[number]) => (key.startsWith("lost:") ? (x.lost[key.slice(5)] ?? 0) : x[key as "rounds"]);
      const a = exact.map(get);
      const b = grouped.map(get);
      const se = Math.sqrt((sd(a) ** 2 + sd(b) ** 2) / RUNS) || 1;
      expect(Math.abs(mean(a) - mean(b)), `${key}: exact ${mean(a)} vs grouped ${mean(b)}`).toBeLessThanOrEqual(4 * se);
    }
  });
});
