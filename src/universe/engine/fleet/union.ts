import { type FleetFailure, refuse } from "./errors";

/** An ACS attack union: fleets that fly as one attacker and arrive together (§13). */
export interface Union {
  readonly id: string;
  /** ms epoch; every member arrives then. */
  readonly arrivalAt: number;
}

/** A joining fleet may arrive at most 30 % after the union's remaining flight time (§13). */
export const UNION_SLACK = 0.3;

/**
 * Where a fleet that would arrive at `ownArrivalAt` joins the union: a slower fleet within the
 * slack delays the whole union to its own arrival, a faster one waits for the union.
 */
export function joinUnion(
  union: Union,
  now: number,
  ownArrivalAt: number,
): { readonly ok: true; readonly arrivalAt: number } | FleetFailure {
  const remaining = union.arrivalAt - now;
  if (remaining <= 0 || ownArrivalAt - now > remaining * (1 + UNION_SLACK)) {
    return refuse("union_unreachable", "the fleet would arrive more than 30 % after the union", {
      unionArrivalAt: union.arrivalAt,
      arrivalAt: ownArrivalAt,
    });
  }
  return { ok: true, arrivalAt: Math.max(union.arrivalAt, ownArrivalAt) };
}
