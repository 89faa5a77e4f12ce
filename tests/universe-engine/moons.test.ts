import { describe, expect, it } from "vitest";
import { createRng } from "../../src/lib/rng";
import { CATALOG } from "../../src/universe/engine/catalog";
import { resolveMoonDestruction } from "../../src/universe/engine/combat/moon-destruction";
import { DEFAULT_SETTINGS } from "../../src/universe/engine/index";
import {
  attemptMoonDestruction,
  createMoon,
  deathstarLossChance,
  inPhalanxRange,
  jump,
  jumpGateCooldownSeconds,
  landingPlace,
  moonDestructionChance,
  moonTemperature,
  phalanxRange,
  phalanxScan,
} from "../../src/universe/engine/moons";
import { UniverseSettingsSchema } from "../../src/universe/engine/settings";
import type { Planet } from "../../src/universe/engine/state";
import { newEmpire, planetOf, T0 } from "./helpers";

const at = (galaxy: number, system: number, position: number) => ({ galaxy, system, position });

describe("moon creation (§7.11)", () => {
  it("temperature: the midpoint of the position's range, minimum 40° lower", () => {
    expect(moonTemperature(1)).toEqual({ max: 240, min: 200 });
    expect(moonTemperature(8)).toEqual({ max: 50, min: 10 });
    expect(moonTemperature(15)).toEqual({ max: -110, min: -150 });
  });

  it("a moon has 1 field, the given diameter, no buildings, units or stock, at its planet's coordinates", () => {
    const planet = planetOf(newEmpire(4));
    const moon = createMoon(planet, 8944, "moon-1", T0 + 5);
    expect(moon).toMatchObject({
      id: "moon-1",
      type: "moon",
      coords: planet.coords,
      baseFields: 1,
      diameter: 8944,
      temperature: moonTemperature(4),
      buildings: {},
      units: {},
      resources: { metal: 0, crystal: 0, deuterium: 0 },
      resourcesAt: T0 + 5,
    });
  });

  it("moon buildings come with their catalog data (moon only)", () => {
    const b = Object.fromEntries(CATALOG.buildings.map((d) => [d.name, d]));
    expect(b.lunar_base).toMatchObject({ id: 41, moonOnly: true, price: { metal: 20_000, crystal: 40_000, deuterium: 20_000 } });
    expect(b.sensor_phalanx).toMatchObject({ id: 42, moonOnly: true, price: { metal: 20_000, crystal: 40_000, deuterium: 10_000 } });
    expect(b.sensor_phalanx?.requirements).toEqual([{ object: "lunar_base", level: 1 }]);
    expect(b.jump_gate).toMatchObject({ id: 43, moonOnly: true, price: { metal: 2_000_000, crystal: 4_000_000, deuterium: 2_000_000 } });
    expect(b.jump_gate?.requirements).toEqual([
      { object: "lunar_base", level: 1 },
      { object: "hyperspace_technology", level: 7 },
    ]);
  });
});

describe("sensor phalanx", () => {
  it("range: level² − 1 systems in its own galaxy, across the galaxy's wrap", () => {
    expect([0, 1, 2, 3, 5, 10].map(phalanxRange)).toEqual([0, 0, 3, 8, 24, 99]);
    const s = { systems: 499 };
    expect(inPhalanxRange(at(1, 100, 1), 2, at(1, 103, 7), s)).toBe(true);
    expect(inPhalanxRange(at(1, 100, 1), 2, at(1, 104, 7), s)).toBe(false);
    expect(inPhalanxRange(at(1, 100, 1), 2, at(2, 100, 7), s)).toBe(false);
    expect(inPhalanxRange(at(1, 1, 1), 2, at(1, 497, 7), s)).toBe(true);
    expect(inPhalanxRange(at(1, 100, 1), 1, at(1, 100, 9), s)).toBe(true);
    expect(inPhalanxRange(at(1, 100, 1), 0, at(1, 100, 9), s)).toBe(false);
  });

  it("sees the fleets flying to and from the planet, soonest first; nothing out of range", () => {
    const home = at(1, 100, 8);
    const fleets = [
      { id: "incoming", origin: at(2, 5, 5), target: home, arrivesAt: 300, returnsAt: 600 },
      { id: "outgoing", origin: home, target: at(1, 110, 4), arrivesAt: 200, returnsAt: 400 },
      { id: "elsewhere", origin: at(1, 101, 1), target: at(1, 102, 2), arrivesAt: 100, returnsAt: 200 },
      { id: "back-home", origin: home, target: at(1, 1, 1), arrivesAt: 50, returnsAt: 90 },
      { id: "returning", origin: home, target: at(3, 3, 3), arrivesAt: 60, returnsAt: 250 },
    ];
    const scan = phalanxScan({ moon: at(1, 98, 3), level: 2, target: home, now: 100 }, fleets, { systems: 499 });
    expect(scan?.map((f) => f.id)).toEqual(["outgoing", "returning", "incoming"]);
    expect(phalanxScan({ moon: at(1, 90, 3), level: 2, target: home, now: 100 }, fleets, { systems: 499 })).toBeNull();
  });
});

describe("jump gate (§11)", () => {
  it("cooldown = (60 min / fleet_speed_war) × (1 − 0.10 × (level − 1))", () => {
    expect(jumpGateCooldownSeconds(1, DEFAULT_SETTINGS)).toBe(3600);
    expect(jumpGateCooldownSeconds(5, DEFAULT_SETTINGS)).toBe(2160);
    expect(jumpGateCooldownSeconds(3, { fleetSpeedWar: 2 })).toBe(1440);
  });

  it("jumps between two ready gates and cools each by its own level; refuses a cooling or missing gate", () => {
    const now = T0;
    const done = jump({ level: 1, readyAt: 0 }, { level: 5, readyAt: now }, now, DEFAULT_SETTINGS);
    expect(done).toEqual({ ok: true, fromReadyAt: now + 3_600_000, toReadyAt: now + 2_160_000 });
    expect(jump({ level: 1, readyAt: now + 1 }, { level: 1, readyAt: 0 }, now, DEFAULT_SETTINGS)).toEqual({
      ok: false,
      reason: "jump_gate_cooling",
      readyAt: now + 1,
    });
    expect(jump({ level: 1, readyAt: 0 }, { level: 0, readyAt: 0 }, now, DEFAULT_SETTINGS)).toEqual({ ok: false, reason: "no_jump_gate" });
  });
});

describe("moon destruction (§11)", () => {
  it("chance = (100 − √diameter) × √deathstars, clamped to 0..100; deathstar loss √diameter / 2", () => {
    expect(moonDestructionChance(8100, 1)).toBe(10);
    expect(moonDestructionChance(8100, 4)).toBe(20);
    expect(moonDestructionChance(3600, 100)).toBe(100);
    expect(moonDestructionChance(10_000, 9)).toBe(0);
    expect(deathstarLossChance(8100)).toBe(45);
    expect(deathstarLossChance(3600)).toBe(30);
  });

  it("rolls destruction, then the loss, each with its chance (2,000 seeded attempts)", () => {
    const rng = createRng(5);
    let destroyed = 0;
    let lost = 0;
    const n = 2000;
    for (let i = 0; i < n; i++) {
      const a = attemptMoonDestruction(rng, 8100, 4);
      if (a.destroyed) destroyed++;
      if (a.deathstarsLost) lost++;
    }
    // 20 % and 45 %, within 4 standard errors.
    expect(Math.abs(destroyed / n - 0.2)).toBeLessThan(4 * Math.sqrt((0.2 * 0.8) / n));
    expect(Math.abs(lost / n - 0.45)).toBeLessThan(4 * Math.sqrt((0.45 * 0.55) / n));
    expect(attemptMoonDestruction(createRng(1), 8100, 0)).toMatchObject({ destroyed: false, deathstarsLost: false });
  });

  it("reports its two draws, and each decides by its chance", () => {
    for (let seed = 0; seed < 50; seed++) {
      const a = attemptMoonDestruction(createRng(seed), 8100, 4);
      expect(a.destroyed).toBe(a.destructionRoll < a.chance);
      expect(a.deathstarsLost).toBe(a.lossRoll < a.lossChance);
      expect(attemptMoonDestruction(createRng(seed), 8100, 4)).toEqual(a);
    }
  });

  it("fleets bound for a moon that is gone land on its planet; a planet that is gone has no stand-in", () => {
    const empire = newEmpire(8);
    const home = planetOf(empire);
    const moon = createMoon(home, 5000, "m", T0);
    const withMoon = { ...empire, planets: [...empire.planets, moon] };
    const toMoon = { ...home.coords, planetId: "m", kind: "moon" };
    expect(landingPlace(withMoon, toMoon)?.id).toBe("m");
    expect(landingPlace(empire, toMoon)?.id).toBe(home.id);
    expect(landingPlace(empire, { ...home.coords, planetId: "gone", kind: "planet" })).toBeNull();
    expect(landingPlace(empire, { ...home.coords, position: home.coords.position + 1, planetId: "m", kind: "moon" })).toBeNull();
  });

  it("the mission: a won battle at the moon, then the attempt with the surviving deathstars", () => {
    const moon: Planet = { ...createMoon(planetOf(newEmpire(8)), 3600, "m", T0), units: { light_fighter: 3 } };
    const settings = UniverseSettingsSchema.parse({ tacticalRetreat: false });
    const base = {
      target: moon,
      ownerResearch: {},
      holders: [],
      targetHasMoon: false,
      at: T0,
      moonId: "unused",
    };
    const fleet = {
      id: "ds",
      ownerId: "a",
      ships: { deathstar: 2, small_cargo: 1 },
      cargo: { metal: 0, crystal: 0, deuterium: 0 },
      research: {},
    };
    const results = Array.from({ length: 40 }, (_, seed) => resolveMoonDestruction({ ...base, attackers: [fleet], seed }, settings));
    for (const r of results) {
      expect(r.battle.outcome).toBe("attacker");
      expect(r.battle.moon.chance).toBe(0);
      // (100 − 60) × √2 percent, and √3600 / 2 = 30 %.
      expect(r.attempt?.chance).toBeCloseTo(40 * Math.SQRT2, 10);
      expect(r.attempt?.lossChance).toBe(30);
      expect(r.attackers[0]?.ships).toEqual(r.attempt?.deathstarsLost ? { small_cargo: 1 } : { deathstar: 2, small_cargo: 1 });
    }
    expect(results.some((r) => r.attempt?.destroyed)).toBe(true);
    expect(results.some((r) => !r.attempt?.destroyed)).toBe(true);
    expect(results.some((r) => r.attempt?.deathstarsLost)).toBe(true);

    const beaten = resolveMoonDestruction(
      { ...base, target: { ...moon, units: { plasma_turret: 50 } }, attackers: [{ ...fleet, ships: { deathstar: 1 } }], seed: 1 },
      settings,
    );
    expect(beaten.battle.outcome).not.toBe("attacker");
    expect(beaten.attempt).toBeNull();
    expect(() => resolveMoonDestruction({ ...base, target: planetOf(newEmpire(8)), attackers: [fleet], seed: 1 }, settings)).toThrow(
      RangeError,
    );
  });
});
