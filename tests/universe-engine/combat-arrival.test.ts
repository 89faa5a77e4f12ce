import { describe, expect, it } from "vitest";
import { createRng } from "../../src/lib/rng";
import { SHIPS } from "../../src/universe/engine/catalog";
import { DEFENSE_NAMES, SHIP_NAMES, type ShipName } from "../../src/universe/engine/catalog-types";
import { type AttackArrival, arrivalSeed, resolveAttack } from "../../src/universe/engine/combat/arrival";
import { COMBAT_UNITS } from "../../src/universe/engine/combat/units";
import { DEFAULT_SETTINGS } from "../../src/universe/engine/index";
import type { Resources } from "../../src/universe/engine/resources";
import { UniverseSettingsSchema } from "../../src/universe/engine/settings";
import type { Planet } from "../../src/universe/engine/state";
import { newEmpire, planetOf, T0 } from "./helpers";

const ZERO = { metal: 0, crystal: 0, deuterium: 0 };

function target(patch: Partial<Planet> = {}): Planet {
  return { ...planetOf(newEmpire(8)), resourcesAt: T0, ...patch };
}

function arrival(patch: Partial<AttackArrival>): AttackArrival {
  return {
    target: target(),
    ownerResearch: {},
    attackers: [],
    holders: [],
    targetHasMoon: false,
    at: T0,
    seed: 1,
    moonId: "moon-1",
    ...patch,
  };
}

const fleet = (id: string, ships: Partial<Record<ShipName, number>>, cargo: Resources = ZERO) => ({
  id,
  ownerId: `owner-${id}`,
  ships,
  cargo,
  research: {},
});

describe("attack arrival (§7.8, §7.13)", () => {
  it("an undefended planet: no rounds, loot filled a third per resource then evenly (hand-computed)", () => {
    // Capacity 10 × 5,000 + 200 × 50 = 60,000; wanted 50,000 / 25,000 / 5,000.
    // Thirds: 20,000 / 20,000 / 5,000; 15,000 left shared by metal and crystal: 7,500 each,
    // crystal takes only 5,000 (its wanted rest); the last 2,500 go to metal.
    const r = resolveAttack(
      arrival({
        target: target({ resources: { metal: 100_000, crystal: 50_000, deuterium: 10_000 } }),
        attackers: [fleet("f1", { small_cargo: 10, light_fighter: 200 })],
      }),
      DEFAULT_SETTINGS,
    );
    expect(r.battle.rounds).toHaveLength(0);
    expect(r.battle.outcome).toBe("attacker");
    expect(r.battle.loot.capacity).toBe(60_000);
    expect(r.battle.loot.total).toEqual({ metal: 30_000, crystal: 25_000, deuterium: 5000 });
    expect(r.target.resources).toEqual({ metal: 70_000, crystal: 25_000, deuterium: 5000 });
    expect(r.attackers).toEqual([
      {
        id: "f1",
        ships: { small_cargo: 10, light_fighter: 200 },
        cargo: { metal: 30_000, crystal: 25_000, deuterium: 5000 },
        cargoLost: ZERO,
      },
    ]);
    expect(r.debris).toEqual(ZERO);
    expect(r.moon).toBeNull();
  });

  it("cargo already aboard leaves less room for loot", () => {
    // Free room 50,000: thirds 16,666 / 16,666 / 5,000, then 11,668 shared by metal and crystal: 5,834 each.
    const r = resolveAttack(
      arrival({
        target: target({ resources: { metal: 100_000, crystal: 50_000, deuterium: 10_000 } }),
        attackers: [fleet("f1", { small_cargo: 10, light_fighter: 200 }, { metal: 10_000, crystal: 0, deuterium: 0 })],
      }),
      DEFAULT_SETTINGS,
    );
    expect(r.battle.loot.capacity).toBe(50_000);
    expect(r.battle.loot.total).toEqual({ metal: 22_500, crystal: 22_500, deuterium: 5000 });
    expect(r.attackers[0]?.cargo).toEqual({ metal: 32_500, crystal: 22_500, deuterium: 5000 });
  });

  it("ACS: loot split by surviving cargo capacity (2 : 1)", () => {
    const r = resolveAttack(
      arrival({
        target: target({ resources: { metal: 60_000, crystal: 0, deuterium: 0 } }),
        attackers: [fleet("a", { small_cargo: 8 }), fleet("b", { small_cargo: 4 })],
      }),
      DEFAULT_SETTINGS,
    );
    expect(r.battle.loot.perAttacker).toEqual([
      { metal: 20_000, crystal: 0, deuterium: 0 },
      { metal: 10_000, crystal: 0, deuterium: 0 },
    ]);
    expect(r.attackers.map((f) => f.cargo.metal)).toEqual([20_000, 10_000]);
    expect(r.target.resources.metal).toBe(30_000);
  });

  it("a destroyed attacker loses its cargo and takes nothing; losses and repairs reach the planet", () => {
    const r = resolveAttack(
      arrival({
        target: target({
          resources: { metal: 50_000, crystal: 50_000, deuterium: 0 },
          units: { rocket_launcher: 400, light_laser: 100, interplanetary_missile: 3 },
        }),
        attackers: [fleet("f1", { small_cargo: 5 }, { metal: 1000, crystal: 2000, deuterium: 3000 })],
      }),
      DEFAULT_SETTINGS,
    );
    expect(r.battle.outcome).toBe("defender");
    expect(r.attackers[0]).toEqual({ id: "f1", ships: {}, cargo: ZERO, cargoLost: { metal: 1000, crystal: 2000, deuterium: 3000 } });
    expect(r.target.resources).toEqual({ metal: 50_000, crystal: 50_000, deuterium: 0 });
    // Missiles never fight and stay; the defences survive (cargo ships do not shoot).
    expect(r.target.units).toEqual({ rocket_launcher: 400, light_laser: 100, interplanetary_missile: 3 });
    // 5 small cargo: 30 % of 10,000 metal and 10,000 crystal.
    expect(r.debris).toEqual({ metal: 3000, crystal: 3000, deuterium: 0 });
  });

  it("defences lost net of repairs, ships lost, holders' survivors, the same seed the same result", () => {
    const input = arrival({
      target: target({ resources: { metal: 1e6, crystal: 1e6, deuterium: 1e6 }, units: { rocket_launcher: 300, light_fighter: 50 } }),
      attackers: [fleet("f1", { cruiser: 200, battle_ship: 50, large_cargo: 40 })],
      holders: [{ id: "h1", ownerId: "buddy", ships: { heavy_fighter: 30 }, research: {} }],
      seed: arrivalSeed("fleet-1"),
    });
    const settings = UniverseSettingsSchema.parse({ tacticalRetreat: false });
    const r = resolveAttack(input, settings);
    expect(r).toEqual(resolveAttack(input, settings));
    const lostRl = r.battle.losses.defenders[0]?.units.rocket_launcher ?? 0;
    const repaired = r.battle.repaired.rocket_launcher ?? 0;
    expect(repaired).toBeGreaterThan(0);
    expect(r.target.units.rocket_launcher ?? 0).toBe(300 - lostRl);
    expect(lostRl + repaired).toBe(300 - (r.battle.rounds.at(-1)?.end.defenders[0]?.rocket_launcher ?? 0));
    expect(r.holders[0]?.ships.heavy_fighter ?? 0).toBe(30 - (r.battle.losses.defenders[1]?.units.heavy_fighter ?? 0));
  });

  it("tactical retreat: the owner's ships leave the planet and are returned as fled", () => {
    const r = resolveAttack(
      arrival({
        target: target({ units: { light_fighter: 10, solar_satellite: 5, rocket_launcher: 2 } }),
        attackers: [fleet("f1", { battle_ship: 100 })],
      }),
      DEFAULT_SETTINGS,
    );
    expect(r.fled).toEqual({ light_fighter: 10 });
    expect(r.target.units.light_fighter).toBeUndefined();
  });

  it("a moon forms from enough debris: 1 field, temperature from the position, the rolled diameter; never beside another", () => {
    const settings = UniverseSettingsSchema.parse({ tacticalRetreat: false });
    const big = (seed: number, targetHasMoon = false) =>
      resolveAttack(
        arrival({
          target: target({ units: { light_fighter: 2000 } }),
          attackers: [fleet("f1", { battle_ship: 3000 })],
          seed,
          targetHasMoon,
        }),
        settings,
      );
    let seed = 1;
    let r = big(seed);
    expect(r.battle.moon.chance).toBe(20);
    while (!r.moon) r = big(++seed);
    const moon = r.moon;
    expect(moon).toMatchObject({ id: "moon-1", type: "moon", baseFields: 1, coords: r.target.coords, buildings: {}, units: {} });
    // Position 8: maximum temperatures 30..70, so 50 / 10.
    expect(moon.temperature).toEqual({ min: 10, max: 50 });
    expect(moon.diameter).toBe(r.battle.moon.diameter);
    expect(moon.resources).toEqual(ZERO);
    expect(big(seed, true).battle.moon).toEqual({ chance: 0, formed: false, diameter: null });
  });
});

describe("attack arrival properties", () => {
  const value = (name: string) => {
    const d = COMBAT_UNITS.find((u) => u.name === name)!;
    return d.price.metal + d.price.crystal + d.price.deuterium;
  };
  const sum = (rs: Resources[]) =>
    rs.reduce((a, r) => ({ metal: a.metal + r.metal, crystal: a.crystal + r.crystal, deuterium: a.deuterium + r.deuterium }), ZERO);

  it("conserves resources and units, never goes negative, and replays identically (60 random attacks)", () => {
    const rng = createRng(2026);
    const ships = SHIP_NAMES.filter((s) => s !== "solar_satellite" && s !== "crawler");
    const settings = UniverseSettingsSchema.parse({ debrisFromDefense: 10, debrisDeuterium: true });
    for (let i = 0; i < 60; i++) {
      const pick = (names: readonly string[], n: number, max: number) => {
        const out: Record<string, number> = {};
        for (let k = 0; k < n; k++) out[rng.pick(names)] = rng.int(1, max);
        return out;
      };
      const attackers = Array.from({ length: rng.int(1, 3) }, (_, f) =>
        fleet(`f${f}`, pick(ships, rng.int(1, 4), 60), {
          metal: rng.int(0, 20_000),
          crystal: rng.int(0, 20_000),
          deuterium: rng.int(0, 5000),
        }),
      );
      const planet = target({
        resources: { metal: rng.next() * 1e6, crystal: rng.next() * 5e5, deuterium: rng.next() * 2e5 },
        units: { ...pick(SHIP_NAMES, rng.int(0, 3), 40), ...pick(DEFENSE_NAMES.slice(0, 6), rng.int(0, 3), 80), anti_ballistic_missile: 2 },
      });
      const input = arrival({
        target: planet,
        attackers,
        seed: i,
        holders: i % 3 ? [] : [{ id: "h", ownerId: "b", ships: { cruiser: 5 }, research: {} }],
      });
      const r = resolveAttack(input, settings);
      expect(resolveAttack(input, settings)).toEqual(r);

      // Resources: planet + carried cargo before = planet + cargo home + cargo lost after.
      const before = sum([planet.resources, ...attackers.map((f) => f.cargo)]);
      const after = sum([r.target.resources, ...r.attackers.map((f) => f.cargo), ...r.attackers.map((f) => f.cargoLost)]);
      for (const k of ["metal", "crystal", "deuterium"] as const) expect(after[k]).toBeCloseTo(before[k], 6);

      // Units: start = survivors + lost (+ fled for the owner); nothing negative anywhere.
      attackers.forEach((f, p) => {
        for (const [name, n] of Object.entries(f.ships)) {
          expect((r.attackers[p]?.ships[name] ?? 0) + (r.battle.losses.attackers[p]?.units[name] ?? 0)).toBe(n);
        }
      });
      for (const [name, n] of Object.entries(planet.units)) {
        const left = r.target.units[name as keyof typeof r.target.units] ?? 0;
        expect(left + (r.battle.losses.defenders[0]?.units[name] ?? 0) + (r.fled[name] ?? 0)).toBe(n);
      }
      const counts = [
        ...Object.values(r.target.units),
        ...r.attackers.flatMap((f) => Object.values(f.ships)),
        ...r.holders.flatMap((h) => Object.values(h.ships)),
      ];
      for (const n of counts) expect(n).toBeGreaterThan(0);
      for (const res of [r.target.resources, ...r.attackers.map((f) => f.cargo), ...r.attackers.map((f) => f.cargoLost)]) {
        for (const v of Object.values(res)) expect(v).toBeGreaterThanOrEqual(0);
      }

      // Debris: exactly the per-stack floors of §7.9, never more than the losses are worth.
      const lost = [...r.battle.losses.attackers, ...r.battle.losses.defenders];
      const expected = { metal: 0, crystal: 0, deuterium: 0 };
      let lostValue = 0;
      for (const p of lost) {
        for (const [name, n] of Object.entries(p.units)) {
          const def = COMBAT_UNITS.find((u) => u.name === name)!;
          const pct = def.kind === "ship" ? 30 : 10;
          expected.metal += Math.floor((def.price.metal * n * pct) / 100);
          expected.crystal += Math.floor((def.price.crystal * n * pct) / 100);
          expected.deuterium += Math.floor((def.price.deuterium * n * pct) / 100);
          lostValue += value(name) * n;
        }
      }
      expect(r.debris).toEqual(expected);
      expect(r.debris.metal + r.debris.crystal + r.debris.deuterium).toBeLessThanOrEqual(lostValue * 0.3);
      // Survivors carry at most what their holds take.
      r.attackers.forEach((f, p) => {
        const cap = Object.entries(f.ships).reduce((s, [name, n]) => s + SHIPS[name as ShipName].stats.cargo * n, 0);
        expect(
          f.cargo.metal + f.cargo.crystal + f.cargo.deuterium,
          JSON.stringify({ i, f, a: attackers[p], loot: r.battle.loot }),
        ).toBeLessThanOrEqual(cap);
        if (Object.keys(f.ships).length === 0) expect(f.cargoLost).toEqual(attackers[p]?.cargo);
      });
    }
  });
});
