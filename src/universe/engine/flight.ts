import { SHIPS } from "./catalog";
import type { DriveName, Levels, ResearchName, ShipName } from "./catalog-types";
import { type Failure, fail } from "./errors";
import type { UniverseSettings } from "./settings";
import type { Coordinates } from "./state";
import { shipMobility } from "./unit-stats";

/*
 * Fleet movement (§8): distance, duration, fuel, capacities and slots. Pure formulas shared by
 * the launch (which must validate before it takes anything) and the public flight calculator.
 */

/** Mission type ids of §8; the model carries every one, even those not playable yet. */
export const MISSIONS = {
  attack: 1,
  acs_attack: 2,
  transport: 3,
  deploy: 4,
  acs_defend: 5,
  espionage: 6,
  colonise: 7,
  recycle: 8,
  moon_destruction: 9,
  missile_attack: 10,
  expedition: 15,
} as const;

export type Mission = keyof typeof MISSIONS;
export const MISSION_NAMES = Object.keys(MISSIONS) as Mission[];

/** Which universe fleet speed divides a mission's flight time (§8). */
export function missionSpeedClass(mission: Mission): "war" | "holding" | "peaceful" {
  switch (mission) {
    case "acs_defend":
      return "holding";
    case "transport":
    case "deploy":
    case "colonise":
    case "expedition":
      return "peaceful";
    default:
      return "war";
  }
}

type FleetSpeeds = Pick<UniverseSettings, "fleetSpeed" | "fleetSpeedWar" | "fleetSpeedHolding" | "fleetSpeedPeaceful">;
type Space = Pick<UniverseSettings, "galaxies" | "systems" | "positions">;

function fleetSpeedOf(mission: Mission, settings: FleetSpeeds): number {
  const speedClass = missionSpeedClass(mission);
  if (speedClass === "war") return settings.fleetSpeedWar;
  return speedClass === "holding" ? settings.fleetSpeedHolding : settings.fleetSpeedPeaceful;
}

/** Galaxies and systems wrap around: the shorter way is taken. */
function wrapped(delta: number, size: number): number {
  const d = Math.abs(delta);
  return Math.min(d, Math.abs(size - d));
}

/** Distance between two coordinates (§8); the "ignore empty systems" options are off. */
export function flightDistance(from: Coordinates, to: Coordinates, settings: Pick<UniverseSettings, "galaxies" | "systems">): number {
  if (from.galaxy !== to.galaxy) return 20_000 * wrapped(from.galaxy - to.galaxy, settings.galaxies);
  if (from.system !== to.system) return 2_700 + 95 * Math.max(wrapped(from.system - to.system, settings.systems), 1);
  if (from.position !== to.position) return 1_000 + 5 * Math.abs(from.position - to.position);
  return 5;
}

/** `max(round((35000 / s × sqrt(10 × distance / v) + 10) / fleetSpeed), 1)` seconds, s the speed setting 1–10. */
export function flightSeconds(distance: number, speedSetting: number, slowest: number, fleetSpeed: number): number {
  return Math.max(Math.round(((35_000 / speedSetting) * Math.sqrt((10 * distance) / slowest) + 10) / fleetSpeed), 1);
}

export interface FleetShipFlight {
  readonly ship: ShipName;
  readonly count: number;
  readonly drive: DriveName | null;
  readonly speed: number;
}

export interface FlightPlan {
  readonly distance: number;
  /** One way; the return leg lasts as long. */
  readonly seconds: number;
  /** Deuterium burnt by the whole trip there (holding included), as §8 computes it. */
  readonly fuel: number;
  /** Effective speed of the slowest ship. */
  readonly speed: number;
  readonly cargoCapacity: number;
  readonly fuelCapacity: number;
  readonly ships: readonly FleetShipFlight[];
}

export interface FlightQuery {
  readonly from: Coordinates;
  readonly to: Coordinates;
  readonly ships: Readonly<Record<string, number>>;
  /** Speed setting 1–10 in steps of 0.5 (10 = 100 %). */
  readonly speed: number;
  readonly mission: Mission;
  /** ACS defend only: hours held at the target, 1–32 (§13). */
  readonly holdingHours?: number;
}

function coordinatesFailure(c: Coordinates, settings: Space): Failure | null {
  const within = (value: number, high: number) => Number.isInteger(value) && value >= 1 && value <= high;
  // Position positions + 1 is the expedition slot (16 by default).
  if (within(c.galaxy, settings.galaxies) && within(c.system, settings.systems) && within(c.position, settings.positions + 1)) return null;
  return fail("invalid_coordinates", `coordinates must be within ${settings.galaxies}:${settings.systems}:${settings.positions + 1}`);
}

/**
 * Distance, duration, fuel and capacities of a fleet, with the owner's drive and hyperspace
 * levels (§4, §8). Fuel follows §8 exactly: the duration at the legacy fleet speed sets the
 * speed each ship type flies at, and each type burns at least 1.
 */
export function planFlight(q: FlightQuery, research: Levels<ResearchName>, settings: UniverseSettings): FlightPlan | Failure {
  const bad = coordinatesFailure(q.from, settings) ?? coordinatesFailure(q.to, settings);
  if (bad) return bad;
  if (!Number.isInteger(q.speed * 2) || q.speed < 1 || q.speed > 10) {
    return fail("invalid_speed", "the speed setting must be 1–10 in steps of 0.5");
  }
  const ships: FleetShipFlight[] = [];
  let cargoCapacity = 0;
  let fuelCapacity = 0;
  for (const [name, count] of Object.entries(q.ships)) {
    if (count === 0) continue;
    const def = name in SHIPS ? SHIPS[name as ShipName] : undefined;
    if (!def) return fail("invalid_object", `${name} is not a ship`);
    if (!Number.isInteger(count) || count < 0) return fail("invalid_count", `the count of ${name} must be a whole number`);
    const mobility = shipMobility(def, research);
    if (mobility.speed <= 0) return fail("invalid_fleet", `${name} cannot fly`);
    ships.push({ ship: def.name, count, drive: mobility.drive, speed: mobility.speed });
    cargoCapacity += mobility.cargo * count;
    fuelCapacity += mobility.fuelCapacity * count;
  }
  if (ships.length === 0) return fail("invalid_fleet", "a fleet needs at least one ship");

  const distance = flightDistance(q.from, q.to, settings);
  const slowest = Math.min(...ships.map((s) => s.speed));
  const seconds = flightSeconds(distance, q.speed, slowest, fleetSpeedOf(q.mission, settings));
  const legacy = flightSeconds(distance, q.speed, slowest, settings.fleetSpeed);
  const sv = Math.max(0.5, legacy * settings.fleetSpeed - 10);
  let consumption = 0;
  let holdingRate = 0;
  for (const s of ships) {
    const base = SHIPS[s.ship].stats.fuel;
    const x = (35_000 / sv) * Math.sqrt((10 * distance) / s.speed);
    consumption += Math.max(((base * s.count * distance) / 35_000) * (x / 10 + 1) ** 2, 1);
    holdingRate += base * s.count;
  }
  const hours = q.holdingHours ?? 0;
  const fuel = Math.round(consumption) + (hours > 0 ? Math.max(Math.floor((holdingRate * hours) / 10), 1) : 0);
  return { distance, seconds, fuel, speed: slowest, cargoCapacity, fuelCapacity, ships };
}

/** Fleets in flight at once, returning ones included (§8). */
export function fleetSlots(research: Levels<ResearchName>): number {
  return 1 + (research.computer_technology ?? 0);
}

/** Expeditions in flight at once (§8). */
export function expeditionSlots(research: Levels<ResearchName>): number {
  return Math.floor(Math.sqrt(research.astrophysics ?? 0));
}
