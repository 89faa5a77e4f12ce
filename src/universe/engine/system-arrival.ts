import { collectDebris, type FleetTarget, type Mission, type ShipCounts } from "./fleet/index";
import { NO_RESOURCES, type Resources } from "./resources";
import type { Coordinates } from "./state";

/** What a shard tells the system object about a fleet flying to a place nobody owns (`fleet_incoming`). */
export interface IncomingFleet {
  readonly fleetId: string;
  readonly ownerId: string;
  readonly mission: Mission;
  readonly target: FleetTarget;
  readonly arrivesAt: number;
  readonly ships: ShipCounts;
  readonly cargo: Resources;
  /** Recycle: the recyclers' free cargo, from the owner's research at launch (`recyclingCapacity`). */
  readonly recycleCapacity?: number;
}

/** What happened at the arrival, sent back to the fleet's shard in `fleet:<id>:arrived`. */
export type SystemOutcome =
  | { readonly kind: "colonised"; readonly planetId: string; readonly coords: Coordinates }
  | { readonly kind: "collected"; readonly collected: Resources }
  | { readonly kind: "refused"; readonly code: "slot_taken" | "target_not_found"; readonly message: string };

/** The D1 planet id a colony ship claims its slot with, and the new planet keeps. */
export const colonyPlanetId = (fleetId: string) => `colony:${fleetId}`;

/**
 * The arrival of one fleet at a place nobody owns (docs/universe-cross-shard.md §5), given what the object knows at that instant: the slot claim for a
 * colony ship (made in D1 before this runs), the field at the position for recyclers. Pure, so
 * two arrivals in one second are simply two calls, the second on the first's `field`.
 */
export function arriveInSystem(
  fleet: IncomingFleet,
  state: { readonly claim: "won" | "taken" | null; readonly field: Resources | null },
): { readonly outcome: SystemOutcome; readonly field: Resources | null } {
  const coords = { galaxy: fleet.target.galaxy, system: fleet.target.system, position: fleet.target.position };
  if (fleet.mission === "colonise" && fleet.target.kind === "planet") {
    if (state.claim === "won") return { outcome: { kind: "colonised", planetId: colonyPlanetId(fleet.fleetId), coords }, field: state.field };
    if (state.claim === null) throw new Error(`colony ship ${fleet.fleetId} arrived before its slot claim`);
    return { outcome: { kind: "refused", code: "slot_taken", message: "another planet took the position first" }, field: state.field };
  }
  if (fleet.mission === "recycle" && fleet.target.kind === "debris") {
    const { collected, remaining } = collectDebris(state.field ?? NO_RESOURCES, fleet.recycleCapacity ?? 0);
    return { outcome: { kind: "collected", collected }, field: state.field ? remaining : null };
  }
  return { outcome: { kind: "refused", code: "target_not_found", message: "nothing at the target for this mission" }, field: state.field };
}
