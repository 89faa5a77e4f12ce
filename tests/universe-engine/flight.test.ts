import { describe, expect, it } from "vitest";
import {
  DEFAULT_SETTINGS,
  expeditionSlots,
  type FlightPlan,
  type FlightQuery,
  fleetSlots,
  flightDistance,
  flightSeconds,
  missionSpeedClass,
  planFlight,
} from "../../src/universe/engine/index";

const at = (galaxy: number, system: number, position: number) => ({ galaxy, system, position });

function plan(q: Partial<FlightQuery> & Pick<FlightQuery, "ships">, research = {}, settings = DEFAULT_SETTINGS): FlightPlan {
  const result = planFlight({ from: at(1, 1, 1), to: at(1, 1, 2), speed: 10, mission: "transport", ...q }, research, settings);
  if ("ok" in result) throw new Error(result.message);
  return result;
}

describe("distance (§8)", () => {
  it("uses galaxies, then systems, then positions, and 5 for the same coordinates", () => {
    const s = DEFAULT_SETTINGS;
    expect(flightDistance(at(1, 100, 8), at(3, 200, 4), s)).toBe(40_000);
    expect(flightDistance(at(1, 100, 8), at(1, 105, 4), s)).toBe(2_700 + 95 * 5);
    expect(flightDistance(at(1, 100, 8), at(1, 100, 4), s)).toBe(1_000 + 5 * 4);
    expect(flightDistance(at(1, 100, 8), at(1, 100, 8), s)).toBe(5);
  });

  it("wraps galaxies and systems the short way round", () => {
    const s = DEFAULT_SETTINGS;
    expect(flightDistance(at(1, 1, 1), at(9, 1, 1), s)).toBe(20_000);
    expect(flightDistance(at(2, 1, 1), at(8, 1, 1), s)).toBe(60_000);
    expect(flightDistance(at(1, 1, 1), at(1, 499, 1), s)).toBe(2_700 + 95);
    expect(flightDistance(at(1, 1, 1), at(1, 1, 1), { galaxies: 5, systems: 100 })).toBe(5);
    expect(flightDistance(at(1, 1, 1), at(5, 1, 1), { galaxies: 5, systems: 100 })).toBe(20_000);
  });
});

describe("duration and fuel (§8)", () => {
  it("flies one small cargo to the next position in 4 972 s for 1 deuterium", () => {
    // 35 000 / 10 × sqrt(10 × 1 005 / 5 000) + 10 = 4 972.1; fuel 10 × 1 005 / 35 000 × (x/10 + 1)² = 1.149 → 1.
    const p = plan({ ships: { small_cargo: 1 } });
    expect(p).toMatchObject({ distance: 1005, seconds: 4972, fuel: 1, speed: 5000, cargoCapacity: 5000, fuelCapacity: 5000 });
  });

  it("moves at the slowest ship's speed, and each type burns at its own speed", () => {
    // Combustion 6: large cargo 7 500 → 12 000, light fighter 12 500 → 20 000. Five systems: 3 175.
    const research = { combustion_drive: 6 };
    const full = plan({ from: at(1, 100, 8), to: at(1, 105, 4), ships: { large_cargo: 10, light_fighter: 5 } }, research);
    expect(full).toMatchObject({ distance: 3175, seconds: 5703, fuel: 210, speed: 12_000, cargoCapacity: 250_250 });
    const half = plan({ from: at(1, 100, 8), to: at(1, 105, 4), ships: { large_cargo: 10, light_fighter: 5 }, speed: 5 }, research);
    expect(half).toMatchObject({ seconds: 11_396, fuel: 120 });
  });

  it("divides flight time by the mission's universe speed, and fuel by the legacy one", () => {
    const settings = { ...DEFAULT_SETTINGS, fleetSpeedWar: 2 };
    const attack = plan({ to: at(2, 1, 1), ships: { light_fighter: 1 }, mission: "attack" }, {}, settings);
    const transport = plan({ to: at(2, 1, 1), ships: { light_fighter: 1 } }, {}, settings);
    expect(attack.seconds).toBe(7005);
    expect(transport.seconds).toBe(14_010);
    expect(attack.fuel).toBe(46);
    expect(transport.fuel).toBe(46);
    expect([missionSpeedClass("recycle"), missionSpeedClass("acs_defend"), missionSpeedClass("colonise")]).toEqual([
      "war",
      "holding",
      "peaceful",
    ]);
    expect(flightSeconds(1, 10, 1e9, 1)).toBe(10);
    expect(flightSeconds(5, 10, 1e9, 100)).toBe(1);
  });

  it("adds the holding fuel of ACS defend: floor(Σ fuel × ships × hours / 10), at least 1", () => {
    const base = plan({ ships: { small_cargo: 3 }, mission: "acs_defend" });
    expect(plan({ ships: { small_cargo: 3 }, mission: "acs_defend", holdingHours: 4 }).fuel).toBe(base.fuel + 12);
    expect(plan({ ships: { small_cargo: 1 }, mission: "acs_defend", holdingHours: 1 }).fuel).toBe(
      plan({ ships: { small_cargo: 1 } }).fuel + 1,
    );
  });

  it("applies drive upgrades and hyperspace technology to speed and capacities (§4)", () => {
    // Impulse 5 switches the small cargo to impulse at base 10 000: 10 000 + 20 % × 5 = 20 000.
    const p = plan({ ships: { small_cargo: 2, espionage_probe: 1 } }, { impulse_drive: 5, hyperspace_technology: 2 });
    expect(p.ships).toContainEqual({ ship: "small_cargo", count: 2, drive: "impulse_drive", speed: 20_000 });
    expect(p.cargoCapacity).toBe(2 * 5500);
    expect(p.fuelCapacity).toBe(2 * 5500 + 5); // the probe carries 5 deuterium for itself; 5 + 10 % = 5
  });

  it("refuses fleets that cannot fly, bad speeds and coordinates outside the universe", () => {
    const q = { from: at(1, 1, 1), to: at(1, 1, 2), speed: 10, mission: "transport" as const };
    expect(planFlight({ ...q, ships: {} }, {}, DEFAULT_SETTINGS)).toMatchObject({ ok: false, code: "invalid_fleet" });
    expect(planFlight({ ...q, ships: { solar_satellite: 1 } }, {}, DEFAULT_SETTINGS)).toMatchObject({ code: "invalid_fleet" });
    expect(planFlight({ ...q, ships: { rocket_launcher: 1 } }, {}, DEFAULT_SETTINGS)).toMatchObject({ code: "invalid_object" });
    expect(planFlight({ ...q, ships: { small_cargo: 1.5 } }, {}, DEFAULT_SETTINGS)).toMatchObject({ code: "invalid_count" });
    for (const speed of [0.5, 10.5, 3.3]) {
      expect(planFlight({ ...q, speed, ships: { small_cargo: 1 } }, {}, DEFAULT_SETTINGS)).toMatchObject({ code: "invalid_speed" });
    }
    expect(planFlight({ ...q, to: at(10, 1, 1), ships: { small_cargo: 1 } }, {}, DEFAULT_SETTINGS)).toMatchObject({
      code: "invalid_coordinates",
    });
    expect(planFlight({ ...q, to: at(1, 1, 17), ships: { small_cargo: 1 } }, {}, DEFAULT_SETTINGS)).toMatchObject({
      code: "invalid_coordinates",
    });
    expect("ok" in planFlight({ ...q, to: at(1, 1, 16), ships: { small_cargo: 1 } }, {}, DEFAULT_SETTINGS)).toBe(false);
  });
});

describe("slots (§8)", () => {
  it("allows 1 + computer technology fleets and floor(sqrt(astrophysics)) expeditions", () => {
    expect(fleetSlots({})).toBe(1);
    expect(fleetSlots({ computer_technology: 7 })).toBe(8);
    expect([0, 1, 3, 4, 8, 9].map((astrophysics) => expeditionSlots({ astrophysics }))).toEqual([0, 1, 1, 2, 2, 3]);
  });
});
