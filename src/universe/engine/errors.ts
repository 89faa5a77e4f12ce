export const ERROR_CODES = [
  "insufficient_resources",
  "requirements_not_met",
  "queue_full",
  "no_free_fields",
  "not_your_planet",
  "invalid_object",
  "max_level",
  "cannot_demolish",
  "lab_busy",
  "shipyard_busy",
  "unit_limit_reached",
  "silo_full",
  "class_required",
  "invalid_count",
  "invalid_speed",
  "invalid_fleet",
  "queue_entry_not_found",
  "invalid_percent",
  "invalid_name",
  "invalid_coordinates",
  // Fleets (fleet/): launch, recall, flight calculation.
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
  "already_in_union",
  /** No union with this id is on its way to the target (it has fought, or never formed). */
  "union_not_found",
  /** The cargo is larger than the ships' cargo capacity. */
  "cargo_exceeds_capacity",
  /** The trip burns more deuterium than the ships' fuel capacity holds. */
  "fuel_exceeds_capacity",
  /** The planet has less deuterium than the trip burns. */
  "not_enough_fuel",
  /** The fleet is already returning, has arrived, or is a missile. */
  "cannot_recall",
  // Moons (moons.ts, jump-gate.ts).
  /** A jump from or to a place that is not one's own moon with a jump gate. */
  "no_jump_gate",
  /** One of the two gates is still cooling down after a jump; `readyAt` says until when. */
  "jump_gate_cooling",
  /** A phalanx scan from a place that is not one's own moon with a sensor phalanx. */
  "no_phalanx",
  /** The target lies outside the phalanx's range, or in another galaxy. */
  "out_of_range",
  // The market (market/).
  /** Amounts that are not whole numbers from 1 up, or one resource traded for itself. */
  "invalid_offer",
  /** The price lies outside the band around the guidance ratio. */
  "ratio_out_of_band",
  /** The seller already holds the maximum of open offers. */
  "too_many_offers",
  "offer_not_found",
  /** A player accepted their own offer. */
  "own_offer",
  /** The offer was accepted already (by someone else, or by this buyer through another request). */
  "offer_taken",
  "offer_cancelled",
  /** Only the seller may cancel an offer. */
  "not_your_offer",
  /** No fleet of the player's with that id. */
  "fleet_not_found",
  /** The target is a place nobody owns (empty position, debris field) and no object receives such arrivals yet. */
  "mission_unavailable",
  // Colonies (colonise.ts): checked when a colony ship arrives, and when a colony is abandoned.
  /** Positions 1–3 and 13–15 need astrophysics 4, 6 or 8 (§10). */
  "astrophysics_too_low",
  /** The empire already holds `1 + round(astrophysics / 2)` planets (§10). */
  "max_planets_reached",
  /** Another planet took the position first. */
  "slot_taken",
  /** The homeworld cannot be abandoned. */
  "cannot_abandon_homeworld",
  /** Own fleets fly from or to the planet: recall them or wait before abandoning it. */
  "fleets_in_flight",
  // Missiles (missiles.ts).
  /** The target lies beyond the missiles' range (5 × impulse drive − 1 systems, same galaxy). */
  "out_of_range",
] as const;

/** Stable, client-facing reason why a command was refused or a queue entry was dropped. */
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface Failure {
  readonly ok: false;
  readonly code: ErrorCode;
  readonly message: string;
  readonly details?: Readonly<Record<string, unknown>>;
}

export function fail(code: ErrorCode, message: string, details?: Record<string, unknown>): Failure {
  return details === undefined ? { ok: false, code, message } : { ok: false, code, message, details };
}

export function notYourPlanet(planetId: string): Failure {
  return fail("not_your_planet", `planet ${planetId} does not belong to the player`);
}
