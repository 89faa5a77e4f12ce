/**
 * Why a launch, a recall or a flight calculation was refused. Codes shared with the rest of the
 * engine (`not_your_planet`, `invalid_coordinates`, `insufficient_resources`) keep their meaning.
 */
export const FLEET_ERROR_CODES = [
  /** The origin planet is not the player's. */
  "not_your_planet",
  /** Target outside the universe's galaxies, systems or positions. */
  "invalid_coordinates",
  /** Speed not 10–100 in steps of 5. */
  "invalid_speed",
  /** No ship, a count that is not a positive integer, or a ship that cannot fly (satellites, crawlers). */
  "invalid_ships",
  /** Negative, fractional or non-finite cargo. */
  "invalid_cargo",
  /** ACS defend without a hold time of 1–32 hours, or a hold time on another mission. */
  "invalid_hold_time",
  /** Every slot (1 + computer technology) is taken by a fleet in flight. */
  "no_fleet_slots",
  /** The planet has fewer of a ship than the fleet asks for. */
  "not_enough_ships",
  /** Nothing to fly to: no planet, moon or debris field of that kind at the coordinates. */
  "target_not_found",
  /** The mission cannot go to that target or with those ships (§13). */
  "mission_not_allowed",
  /** Newbie protection forbids attacking or spying between these two players (§13). */
  "newbie_protected",
  /** An ACS attack fleet would arrive more than 30 % after the union's remaining flight time. */
  "union_unreachable",
  /** The union already has 16 fleets, or its owner invites more than 4 players. */
  "union_full",
  /** The cargo is larger than the ships' cargo capacity. */
  "cargo_exceeds_capacity",
  /** The trip burns more deuterium than the ships' fuel capacity holds. */
  "fuel_exceeds_capacity",
  /** The planet has less deuterium than the trip burns. */
  "not_enough_fuel",
  /** The planet cannot pay the cargo (with the fuel, for deuterium). */
  "insufficient_resources",
  /** The fleet is already returning, has arrived, or is a missile. */
  "cannot_recall",
] as const;

export type FleetErrorCode = (typeof FLEET_ERROR_CODES)[number];

export interface FleetFailure {
  readonly ok: false;
  readonly code: FleetErrorCode;
  readonly message: string;
  readonly details?: Readonly<Record<string, unknown>>;
}

export function refuse(code: FleetErrorCode, message: string, details?: Record<string, unknown>): FleetFailure {
  return details === undefined ? { ok: false, code, message } : { ok: false, code, message, details };
}
