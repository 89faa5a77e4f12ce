import { describe, expect, it } from "vitest";
import {
  DEFAULT_SETTINGS,
  distance,
  fleetSlots,
  flightSeconds,
  fuelConsumption,
  planFlight,
  shipFlights,
  UniverseSettingsSchema,
} from "../../src/universe/engine/index";

const at = (galaxy: number, system: number, position: number) => ({ galaxy, system, position });

describe("fleet distance (§8)", () => {
  it("counts positions, systems and galaxies, with 5 between a planet and its moon", () => {
    expect(distance(at(1, 42, 4), at(1, 42, 4), DEFAULT_SETTINGS)).toBe(5);
    // 1000 + 5 × 4
    expect(distance(at(1, 42, 4), at(1, 42, 8), DEFAULT_SETTINGS)).toBe(1020);
    // 2700 + 95 × 5; the position no longer matters
    expect(distance(at(1, 10, 4), at(1, 15, 12), DEFAULT_SETTINGS)).toBe(3175);
    expect(distance(at(1, 15, 12), at(1, 10, 4), DEFAULT_SETTINGS)).toBe(3175);
    // 20000 × 2; systems no longer matter
    expect(distance(at(1, 1, 1), at(3, 400, 9), DEFAULT_SETTINGS)).toBe(40_000);
  });

  it("wraps systems and galaxies around the universe's own size", () => {
    // |Δs| = 498 → min(498, 499 − 498) = 1 system
    expect(distance(at(1, 1, 4), at(1, 499, 4), DEFAULT_SETTINGS)).toBe(2795);
    // |Δg| = 8 → 1 galaxy; |Δg| = 4 → min(4, 5) = 4
    expect(distance(at(1, 1, 1), at(9, 1, 1), DEFAULT_SETTINGS)).toBe(20_000);
    expect(distance(at(1, 1, 1), at(5, 1, 1), DEFAULT_SETTINGS)).toBe(80_000);
    const small = UniverseSettingsSchema.parse({ galaxies: 4, systems: 100 });
    expect(distance(at(1, 1, 4), at(1, 100, 4), small)).toBe(2795);
    expect(distance(at(1, 1, 1), at(4, 1, 1), small)).toBe(20_000);
    expect(distance(at(1, 1, 1), at(3, 1, 1), small)).toBe(40_000);
  });
});

describe("flight duration (§8)", () => {
  it("scales with distance and the speed setting", () => {
    // 1 small cargo (5000) over 1020: 3500 × √(10200 / 5000) = 4999.0, + 10 → 5009 s
    expect(flightSeconds(1020, 100, 5000, 1)).toBe(5009);
    // s = 5: 7000 × 1.428286 + 10 → 10008; s = 1 → 50000
    expect(flightSeconds(1020, 50, 5000, 1)).toBe(10_008);
    expect(flightSeconds(1020, 10, 5000, 1)).toBe(50_000);
    // 3500 × √(31750 / 5000) + 10 = 8829.99 → 8830
    expect(flightSeconds(3175, 100, 5000, 1)).toBe(8830);
    // planet ↔ moon: 3500 × √(50 / 5000) + 10 = 360
    expect(flightSeconds(5, 100, 5000, 1)).toBe(360);
    // deathstar, speed 100: 3500 × √317.5 + 10 = 62375
    expect(flightSeconds(3175, 100, 100, 1)).toBe(62_375);
  });

  it("flies at the slowest ship and divides by the fleet speed of the mission's class", () => {
    const settings = UniverseSettingsSchema.parse({ fleetSpeedPeaceful: 2, fleetSpeedWar: 4 });
    const ships = { small_cargo: 3, light_fighter: 5 };
    const transport = planFlight({ from: at(1, 10, 4), to: at(1, 15, 4), ships, speed: 100, mission: "transport" }, {}, settings);
    expect(transport.speed).toBe(5000);
    // (8819.99 + 10) / 2 = 4414.99 → 4415
    expect(transport.durationSeconds).toBe(4415);
    expect(transport.fleetSpeed).toBe(2);
    const attack = planFlight({ from: at(1, 10, 4), to: at(1, 15, 4), ships, speed: 100, mission: "attack" }, {}, settings);
    // 3500 × √6.35 = 8819.99, so (8819.99 + 10) / 4 = 2207.4975 → 2207
    expect(attack.durationSeconds).toBe(2207);
    const defend = planFlight(
      { from: at(1, 10, 4), to: at(1, 15, 4), ships, speed: 100, mission: "acs_defend", holdHours: 1 },
      {},
      settings,
    );
    expect(defend.durationSeconds).toBe(8830);
  });

  it("never lasts less than a second", () => {
    expect(flightSeconds(5, 100, 100_000_000, 10_000)).toBe(1);
  });
});

describe("drives (§4, §5)", () => {
  const speedOf = (ship: "small_cargo" | "recycler" | "bomber" | "light_fighter", research: Record<string, number>) =>
    shipFlights({ [ship]: 1 }, research)[0]!;

  it("adds 10 %, 20 % or 30 % per level of the drive in use", () => {
    expect(speedOf("light_fighter", {})).toMatchObject({ drive: "combustion_drive", speed: 12_500 });
    // 12500 + 125 × 10 × 6
    expect(speedOf("light_fighter", { combustion_drive: 6 }).speed).toBe(20_000);
    expect(speedOf("small_cargo", { combustion_drive: 6, impulse_drive: 4 })).toMatchObject({ drive: "combustion_drive", speed: 8000 });
  });

  it("switches a ship to a better drive, with a new base speed, at the listed level", () => {
    // impulse 5: base 10000, + 20 % × 5
    expect(speedOf("small_cargo", { combustion_drive: 6, impulse_drive: 5 })).toMatchObject({ drive: "impulse_drive", speed: 20_000 });
    expect(speedOf("recycler", { combustion_drive: 6, impulse_drive: 16 })).toMatchObject({ drive: "combustion_drive", speed: 3200 });
    // 4000 × (1 + 0.2 × 17)
    expect(speedOf("recycler", { combustion_drive: 6, impulse_drive: 17 })).toMatchObject({ drive: "impulse_drive", speed: 17_600 });
    // the last upgrade reached decides: 6000 × (1 + 0.3 × 15)
    expect(speedOf("recycler", { impulse_drive: 17, hyperspace_drive: 15 })).toMatchObject({ drive: "hyperspace_drive", speed: 33_000 });
    expect(speedOf("bomber", { impulse_drive: 6 })).toMatchObject({ drive: "impulse_drive", speed: 8800 });
    expect(speedOf("bomber", { impulse_drive: 6, hyperspace_drive: 8 })).toMatchObject({ drive: "hyperspace_drive", speed: 17_000 });
  });

  it("shortens the flight once the upgrade lands", () => {
    const slow = planFlight(
      { from: at(1, 10, 4), to: at(1, 15, 4), ships: { small_cargo: 1 }, speed: 100, mission: "transport" },
      { impulse_drive: 4 },
      DEFAULT_SETTINGS,
    );
    const fast = planFlight(
      { from: at(1, 10, 4), to: at(1, 15, 4), ships: { small_cargo: 1 }, speed: 100, mission: "transport" },
      { impulse_drive: 5 },
      DEFAULT_SETTINGS,
    );
    expect(slow.durationSeconds).toBe(8830);
    // 3500 × √(31750 / 20000) + 10 = 4419.9 → 4420
    expect(fast.durationSeconds).toBe(4420);
  });
});

describe("fuel (§8)", () => {
  const fuel = (ships: Record<string, number>, dist: number, speed: number, research: Record<string, number> = {}, hold = 0) =>
    fuelConsumption(shipFlights(ships, research), dist, speed, DEFAULT_SETTINGS, hold);

  it("follows the formula at several speeds and distances", () => {
    // D = 8830, sv = 8820, x = 35000/8820 × √6.35 = 10.0, c = 10 × 3175/35000 × (1 + 1)² = 3.63 → 4
    expect(fuel({ small_cargo: 1 }, 3175, 100)).toBe(4);
    expect(fuel({ small_cargo: 1 }, 3175, 50)).toBe(2);
    // 1.0976 → 1
    expect(fuel({ small_cargo: 1 }, 3175, 10)).toBe(1);
    // 22.857 → 23 at 100 %, 12.857 → 13 at 50 %, 91.43 → 91 over 4 galaxies
    expect(fuel({ small_cargo: 1 }, 20_000, 100)).toBe(23);
    expect(fuel({ small_cargo: 1 }, 20_000, 50)).toBe(13);
    expect(fuel({ small_cargo: 1 }, 80_000, 100)).toBe(91);
    // 10 large cargos: 50 × 10 × 3175 / 35000 × (10.0003/10 + 1)² = 181.4 → 181; at 50 %: 102
    expect(fuel({ large_cargo: 10 }, 3175, 100)).toBe(181);
    expect(fuel({ large_cargo: 10 }, 3175, 50)).toBe(102);
  });

  it("charges each ship type at least 1 and the whole fleet at the slowest ship's duration", () => {
    // one-second hops still cost 1 per type
    expect(fuel({ small_cargo: 1 }, 5, 100)).toBe(1);
    expect(fuel({ small_cargo: 1, light_fighter: 1 }, 5, 100)).toBe(2);
    // 5 small cargos 18.14 + 1 light fighter flown at the cargos' pace 4.83 → 22.98 → 23
    expect(fuel({ small_cargo: 5, light_fighter: 1 }, 3175, 100)).toBe(23);
  });

  it("adds a tenth of the hourly consumption per hour held, at least 1", () => {
    // 36.28 → 36, plus floor(10 × 10 × 3 / 10) = 30
    expect(fuel({ small_cargo: 10 }, 3175, 100, {}, 3)).toBe(66);
    expect(fuel({ small_cargo: 1 }, 3175, 100, {}, 1)).toBe(5);
  });

  it("uses the legacy fleet speed, so the mission's speed class does not change it", () => {
    const settings = UniverseSettingsSchema.parse({ fleetSpeedPeaceful: 5 });
    const ships = shipFlights({ small_cargo: 1 }, {});
    expect(fuelConsumption(ships, 3175, 100, settings)).toBe(4);
    const plan = planFlight(
      { from: at(1, 10, 4), to: at(1, 15, 4), ships: { small_cargo: 1 }, speed: 100, mission: "transport" },
      {},
      settings,
    );
    expect(plan).toMatchObject({ durationSeconds: 1766, fuel: 4 });
  });
});

describe("capacity and slots (§4, §8)", () => {
  it("adds 5 % cargo and fuel capacity per hyperspace technology level", () => {
    const plan = (ships: Record<string, number>, research: Record<string, number>) =>
      planFlight({ from: at(1, 1, 1), to: at(1, 1, 2), ships, speed: 100, mission: "transport" }, research, DEFAULT_SETTINGS);
    expect(plan({ small_cargo: 2, large_cargo: 1 }, {})).toMatchObject({ cargoCapacity: 35_000, fuelCapacity: 35_000 });
    // 25000 + intdiv(25000 × 25, 100) = 31250 each
    expect(plan({ large_cargo: 10 }, { hyperspace_technology: 5 })).toMatchObject({ cargoCapacity: 312_500, fuelCapacity: 312_500 });
    // 5000 + intdiv(5000 × 15, 100) = 5750
    expect(plan({ small_cargo: 1 }, { hyperspace_technology: 3 }).cargoCapacity).toBe(5750);
    // probes carry nothing but 5 deuterium each for themselves; 5 + intdiv(5 × 10, 100) = 5
    expect(plan({ espionage_probe: 3 }, { hyperspace_technology: 2 })).toMatchObject({ cargoCapacity: 0, fuelCapacity: 15 });
  });

  it("gives 1 + computer technology fleet slots", () => {
    expect(fleetSlots({})).toBe(1);
    expect(fleetSlots({ computer_technology: 5 })).toBe(6);
  });
});
