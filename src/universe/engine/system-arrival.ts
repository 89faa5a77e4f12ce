import { collectDebris, type FleetTarget, type Mission, type ShipCounts } from "./fleet/index";
import { addResources, NO_RESOURCES, type Resources } from "./resources";
import type { Coordinates } from "./state";

/** What a system object needs to know of a fleet arriving at a place nobody owns. */
export interface SystemBoundFleet {
  readonly fleetId: string;
  readonly mission: Mission;
  readonly target: FleetTarget;
  readonly ships: ShipCounts;
  readonly cargo: Resources;
  /** Recycle: the recyclers' free cargo, from the owner's research at launch (`recyclingCapacity`). */
  readonly recycleCapacity?: number;
}

/** What happened at the arrival; the fleet's shard turns it home with `ships` and `cargo`. */
export interface SystemArrival {
  readonly outcome: "colonised" | "collected" | "slot_taken" | "target_gone";
  readonly ships: ShipCounts;
  readonly cargo: Resources;
  /** Colonised: the slot won, for the owner's shard to found the planet on. */
  readonly colony?: { readonly planetId: string; readonly coords: Coordinates };
  /** Collected: what the recyclers took from the field (already in `cargo`). */
  readonly collected?: Resources;
}

/** The D1 planet id a colony ship claims its slot with, and the new planet keeps. */
export const colonyPlanetId = (fleetId: string) => `colony:${fleetId}`;

/**
 * The arrival of one fleet at a place nobody owns (docs/universe-cross-shard.md §5), given what
 * the system object knows at that instant: the slot claim of a colony ship (made in D1 before
 * this runs) and the field at the position. Pure, so two arrivals in one second are two calls,
 * the second on the first's `field`.
 */
export function arriveInSystem(
  fleet: SystemBoundFleet,
  state: { readonly claim: "won" | "taken" | null; readonly field: Resources | null },
): { readonly arrival: SystemArrival; readonly field: Resources | null } {
  const { ships, cargo } = fleet;
  const coords = { galaxy: fleet.target.galaxy, system: fleet.target.system, position: fleet.target.position };
  if (fleet.mission === "colonise" && fleet.target.kind === "planet") {
    if (state.claim === null) throw new Error(`colony ship ${fleet.fleetId} arrived before its slot claim`);
    const arrival: SystemArrival =
      state.claim === "won"
        ? { outcome: "colonised", ships, cargo, colony: { planetId: colonyPlanetId(fleet.fleetId), coords } }
        : { outcome: "slot_taken", ships, cargo };
    return { arrival, field: state.field };
  }
  if (fleet.mission === "recycle" && fleet.target.kind === "debris") {
    const { collected, remaining } = collectDebris(state.field ?? NO_RESOURCES, fleet.recycleCapacity ?? 0);
    return {
      arrival: { outcome: "collected", ships, cargo: addResources(cargo, collected), collected },
      field: state.field ? remaining : null,
    };
  }
  return { arrival: { outcome: "target_gone", ships, cargo }, field: state.field };
}
