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
