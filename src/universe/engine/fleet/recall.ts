import { type Failure, fail } from "../errors";
import type { Fleet } from "./model";

/** When the fleet's next step is due: arrival, end of hold, or return home (null: deploy, done). */
export function fleetDueAt(fleet: Fleet): number | null {
  switch (fleet.state) {
    case "outbound":
      return fleet.arrivalAt;
    case "holding":
      return fleet.holdUntil;
    case "returning":
      return fleet.returnAt;
  }
}

/**
 * Turns a fleet around at `now` (§8): before arrival the way back takes exactly the time flown
 * so far; while holding it takes the full flight time. The cargo is the original one, and the
 * fleet leaves any union. The fuel already burnt is not refunded.
 */
export function recallFleet(fleet: Fleet, now: number): { readonly ok: true; readonly fleet: Fleet } | Failure {
  if (fleet.state === "outbound" && now < fleet.arrivalAt) {
    const flown = Math.max(now - fleet.departureAt, 0);
    return { ok: true, fleet: { ...fleet, state: "returning", returnAt: now + flown, holdUntil: null, unionId: null } };
  }
  if (fleet.state === "holding" && fleet.holdUntil !== null && now < fleet.holdUntil) {
    return { ok: true, fleet: { ...fleet, state: "returning", returnAt: now + fleet.flightMs, holdUntil: null } };
  }
  return fail("cannot_recall", fleet.state === "returning" ? "the fleet is already returning" : "the fleet has already arrived");
}
