import { type Failure, fail } from "../errors";
import { type Coordinates, sameCoordinates } from "../state";
import type { Fleet } from "./model";

/** An ACS attack union: fleets that fly as one attacker and arrive together (§13). */
export interface Union {
  readonly id: string;
  /** Owner of the attack the union was formed from. */
  readonly ownerId: string;
  /** Players the owner invited; they and the owner may join. */
  readonly invited: readonly string[];
  readonly target: Coordinates;
  /** ms epoch; every member arrives then. */
  readonly arrivalAt: number;
  /** Fleets in the union, the founding attack included. */
  readonly fleets: number;
}

/** A joining fleet may arrive at most 30 % after the union's remaining flight time (§13). */
export const UNION_SLACK = 0.3;
export const UNION_MAX_FLEETS = 16;
export const UNION_MAX_INVITED = 4;

/** Turns an attack in flight into a union its owner can invite up to 4 players to (§13). */
export function formUnion(
  fleet: Fleet,
  unionId: string,
  invited: readonly string[],
  now: number,
): { readonly ok: true; readonly union: Union; readonly fleet: Fleet } | Failure {
  if (fleet.unionId) return fail("already_in_union", "the fleet already flies in a union", { unionId: fleet.unionId });
  if (fleet.mission !== "attack" || fleet.state !== "outbound" || now >= fleet.arrivalAt) {
    return fail("mission_not_allowed", "a union is formed from an attack still on its way");
  }
  const guests = [...new Set(invited)].filter((p) => p !== fleet.ownerId);
  if (guests.length > UNION_MAX_INVITED) return fail("union_full", `a union invites at most ${UNION_MAX_INVITED} players`);
  const union: Union = {
    id: unionId,
    ownerId: fleet.ownerId,
    invited: guests,
    target: fleet.target,
    arrivalAt: fleet.arrivalAt,
    fleets: 1,
  };
  return { ok: true, union, fleet: { ...fleet, mission: "acs_attack", unionId } };
}

/**
 * Where a fleet of `playerId` to `target` that would arrive at `ownArrivalAt` joins the union:
 * a slower fleet within the slack delays the whole union to its own arrival, a faster one waits.
 */
export function joinUnion(
  union: Union,
  playerId: string,
  target: Coordinates,
  now: number,
  ownArrivalAt: number,
): { readonly ok: true; readonly arrivalAt: number } | Failure {
  if (playerId !== union.ownerId && !union.invited.includes(playerId))
    return fail("mission_not_allowed", "the player is not invited to the union");
  if (!sameCoordinates(union.target, target)) return fail("mission_not_allowed", "the union attacks other coordinates");
  if (union.fleets >= UNION_MAX_FLEETS) return fail("union_full", `a union holds at most ${UNION_MAX_FLEETS} fleets`);
  const remaining = union.arrivalAt - now;
  if (remaining <= 0 || ownArrivalAt - now > remaining * (1 + UNION_SLACK)) {
    return fail("union_unreachable", "the fleet would arrive more than 30 % after the union", {
      unionArrivalAt: union.arrivalAt,
      arrivalAt: ownArrivalAt,
    });
  }
  return { ok: true, arrivalAt: Math.max(union.arrivalAt, ownArrivalAt) };
}
