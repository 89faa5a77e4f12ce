import { describe, expect, it } from "vitest";
import {
  BUILDINGS,
  CATALOG,
  combatStats,
  DEFENSES,
  objectById,
  objectByName,
  RESEARCH,
  SHIPS,
  shipMobility,
} from "../../src/universe/engine/index";

describe("catalog", () => {
  it("lists every building, technology, ship and defence with a unique id", () => {
    expect(CATALOG.buildings).toHaveLength(19);
    expect(CATALOG.research).toHaveLength(16);
    expect(CATALOG.ships).toHaveLength(17);
    expect(CATALOG.defenses).toHaveLength(10);
    const all = [...CATALOG.buildings, ...CATALOG.research, ...CATALOG.ships, ...CATALOG.defenses];
    expect(new Set(all.map((d) => d.id)).size).toBe(all.length);
    expect(objectById(202)?.name).toBe("small_cargo");
    expect(objectById(199)?.name).toBe("graviton_technology");
    expect(objectByName("jump_gate")?.id).toBe(43);
    expect(objectByName("nope")).toBeUndefined();
  });

  it("is frozen plain JSON, ready to serve", () => {
    expect(Object.isFrozen(CATALOG.buildings[0]?.price)).toBe(true);
    expect(JSON.parse(JSON.stringify(CATALOG))).toEqual(CATALOG);
  });

  it("carries the building flags of §1", () => {
    expect(BUILDINGS.terraformer).toMatchObject({ planetOnly: true, downgradable: false, factor: 2 });
    expect(BUILDINGS.space_dock).toMatchObject({ usesField: false });
    expect(BUILDINGS.lunar_base).toMatchObject({ moonOnly: true, planetOnly: false });
    expect(BUILDINGS.research_lab).toMatchObject({ planetOnly: true });
    expect(BUILDINGS.fusion_plant.requirements).toEqual([
      { object: "deuterium_synthesizer", level: 5 },
      { object: "energy_technology", level: 3 },
    ]);
    expect(CATALOG.research.filter((r) => r.roundToHundred).map((r) => r.name)).toEqual(["astrophysics"]);
    expect(RESEARCH.astrophysics.factor).toBe(1.75);
  });

  it("derives each ship's drive from its requirements", () => {
    const drives = Object.fromEntries(CATALOG.ships.map((s) => [s.name, s.drive]));
    expect(drives).toMatchObject({
      small_cargo: "combustion_drive",
      heavy_fighter: "impulse_drive",
      cruiser: "impulse_drive",
      battle_ship: "hyperspace_drive",
      bomber: "impulse_drive",
      reaper: "hyperspace_drive",
      pathfinder: "combustion_drive",
      solar_satellite: null,
    });
    expect(SHIPS.recycler.speedUpgrades).toEqual([
      { drive: "impulse_drive", level: 17, speed: 4000 },
      { drive: "hyperspace_drive", level: 15, speed: 6000 },
    ]);
  });

  it("holds the rapid fire table of §6", () => {
    expect(SHIPS.light_fighter.rapidFire).toEqual({ espionage_probe: 5, solar_satellite: 5, crawler: 5 });
    expect(SHIPS.cruiser.rapidFire).toEqual({ espionage_probe: 5, solar_satellite: 5, crawler: 5, light_fighter: 6, rocket_launcher: 10 });
    expect(SHIPS.deathstar.rapidFire).toMatchObject({ espionage_probe: 250, solar_satellite: 250, light_fighter: 200, reaper: 10 });
    expect(Object.keys(SHIPS.deathstar.rapidFire)).toHaveLength(21);
    expect(SHIPS.espionage_probe.rapidFire).toEqual({});
    expect(SHIPS.crawler.rapidFire).toEqual({});
  });

  it("describes units for combat, score and the shipyard", () => {
    expect(DEFENSES.anti_ballistic_missile).toMatchObject({ inCombat: false, siloSlots: 1, stats: { structuralIntegrity: 8000 } });
    expect(DEFENSES.interplanetary_missile).toMatchObject({ inCombat: false, siloSlots: 2 });
    expect(DEFENSES.small_shield_dome).toMatchObject({ maxCount: 1, inCombat: true });
    expect(SHIPS.espionage_probe.stats).toMatchObject({ cargo: 0, fuelCapacity: 5, speed: 100_000_000 });
    expect(CATALOG.ships.filter((s) => s.civil).map((s) => s.name)).toEqual([
      "small_cargo",
      "large_cargo",
      "colony_ship",
      "recycler",
      "espionage_probe",
      "solar_satellite",
      "crawler",
    ]);
    expect(SHIPS.crawler).toMatchObject({ characterClass: "collector", planetOnly: true });
    expect(SHIPS.reaper.characterClass).toBe("general");
    expect(SHIPS.pathfinder.characterClass).toBe("discoverer");
  });
});

describe("technology modifiers on units (§4)", () => {
  it("adds 10 % per weapon, shielding and armour level, rounding down", () => {
    const research = { weapon_technology: 3, shielding_technology: 1, armor_technology: 5 };
    expect(combatStats(SHIPS.small_cargo, research)).toEqual({ attack: 6, shield: 11, structuralIntegrity: 6000 });
    expect(combatStats(DEFENSES.rocket_launcher, research)).toEqual({ attack: 104, shield: 22, structuralIntegrity: 3000 });
  });

  it("picks the drive from the last reached speed upgrade and adds its bonus", () => {
    expect(shipMobility(SHIPS.small_cargo, { combustion_drive: 4 })).toMatchObject({ drive: "combustion_drive", speed: 7000 });
    expect(shipMobility(SHIPS.small_cargo, { combustion_drive: 4, impulse_drive: 5 })).toMatchObject({
      drive: "impulse_drive",
      speed: 20000,
    });
    expect(shipMobility(SHIPS.recycler, { impulse_drive: 17 })).toMatchObject({ drive: "impulse_drive", speed: 17600 });
    expect(shipMobility(SHIPS.recycler, { impulse_drive: 17, hyperspace_drive: 15 })).toMatchObject({
      drive: "hyperspace_drive",
      speed: 33000,
    });
    expect(shipMobility(SHIPS.bomber, { impulse_drive: 6, hyperspace_drive: 8 })).toMatchObject({
      drive: "hyperspace_drive",
      speed: 17000,
    });
    expect(shipMobility(SHIPS.heavy_fighter, { impulse_drive: 3 })).toMatchObject({ drive: "impulse_drive", speed: 16000 });
    expect(shipMobility(SHIPS.solar_satellite, { combustion_drive: 10 })).toMatchObject({ drive: null, speed: 0 });
  });

  it("adds 5 % cargo and fuel capacity per hyperspace technology level", () => {
    expect(shipMobility(SHIPS.large_cargo, { hyperspace_technology: 4 })).toMatchObject({ cargo: 30000, fuelCapacity: 30000, fuel: 50 });
    expect(shipMobility(SHIPS.espionage_probe, { hyperspace_technology: 4 })).toMatchObject({ cargo: 0, fuelCapacity: 6 });
  });
});
