import { SHIPS } from "../catalog";
import type { ShipName } from "../catalog-types";
import { type Failure, fail } from "../errors";
import { RESOURCE_NAMES, type Resources } from "../resources";
import type { UniverseSettings } from "../settings";
import type { Coordinates } from "../state";
import type { FlightQuery } from "./movement";

/*
 * Checks on the shape of a flight that need no planet: shared by the launch and the public
 * flight calculator, so both refuse the same inputs with the same codes.
 */

/** ACS defend hold time bounds, in hours (§13). */
export const HOLD_HOURS = { min: 1, max: 32 } as const;

export function insideUniverse(c: Coordinates, settings: Pick<UniverseSettings, "galaxies" | "systems" | "positions">): boolean {
  const within = (v: number, max: number) => Number.isInteger(v) && v >= 1 && v <= max;
  return within(c.galaxy, settings.galaxies) && within(c.system, settings.systems) && within(c.position, settings.positions);
}

/** 10–100 % in steps of 5 (§8's 0.5 steps of s); 5 % is the General's, and classes are not in orrery. */
export function validSpeed(speed: number): boolean {
  return Number.isInteger(speed) && speed >= 10 && speed <= 100 && speed % 5 === 0;
}

/** At least one ship, every name a ship that can fly, every count a whole number (fleets and jump gates). */
export function checkShips(ships: Partial<Record<string, number>>): Failure | null {
  const entries = Object.entries(ships) as [ShipName, number][];
  if (!entries.some(([, n]) => n > 0)) return fail("invalid_ships", "a fleet needs at least one ship");
  for (const [ship, n] of entries) {
    if (!Object.hasOwn(SHIPS, ship)) return fail("invalid_ships", `${ship} is not a ship`);
    if (!Number.isSafeInteger(n) || n < 0) return fail("invalid_ships", `the count of ${ship} must be a whole number`);
    if (n > 0 && SHIPS[ship].stats.speed === 0) return fail("invalid_ships", `${ship} cannot fly`, { ship });
  }
  return null;
}

export function checkFlightShape(q: FlightQuery, settings: Pick<UniverseSettings, "galaxies" | "systems" | "positions">): Failure | null {
  if (!insideUniverse(q.from, settings) || !insideUniverse(q.to, settings)) {
    return fail("invalid_coordinates", `coordinates must lie within ${settings.galaxies}:${settings.systems}:${settings.positions}`);
  }
  if (!validSpeed(q.speed)) return fail("invalid_speed", "speed must be 10–100 percent in steps of 5");
  if (q.mission === "missile_attack") return fail("mission_not_allowed", "missiles are fired from the silo, not flown as a fleet");
  const ships = checkShips(q.ships);
  if (ships) return ships;
  const hold = q.holdHours;
  if (q.mission === "acs_defend") {
    if (hold === undefined || !Number.isInteger(hold) || hold < HOLD_HOURS.min || hold > HOLD_HOURS.max) {
      return fail("invalid_hold_time", `ACS defend holds ${HOLD_HOURS.min}–${HOLD_HOURS.max} whole hours`);
    }
  } else if (hold !== undefined && hold !== 0) {
    return fail("invalid_hold_time", "only ACS defend holds at the target");
  }
  return null;
}

export function validCargo(cargo: Resources): boolean {
  return RESOURCE_NAMES.every((r) => Number.isSafeInteger(cargo[r]) && cargo[r] >= 0);
}
