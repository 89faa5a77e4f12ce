import { type Coordinates, type FleetTarget, type Mission, type Resources, type ShipCounts, sameCoordinates } from "../../src/universe/engine/index";
import type { FleetStore } from "./fleet-store";

/*
 * What a sensor phalanx sees of one planet (docs/combat.md "Sensor phalanx"). Everything about a
 * planet lives in its owner's shard: the owner's fleets flying from it or to it, and the arrivals
 * of everyone else's fleets at it. Other players' fleets are seen until they arrive (their way
 * home is their own shard's). The one view that shows a hostile fleet's ships and cargo.
 */

export interface PhalanxFleet {
  id: string;
  ownerId: string;
  ownerUsername: string;
  mission: Mission;
  origin: Coordinates;
  target: FleetTarget;
  ships: ShipCounts;
  cargo: Resources;
  departureAt: number;
  arrivesAt: number;
  /** When the fleet is back at its origin, if known here (the owner's own fleets). */
  returnsAt: number | null;
}

const coords = (c: Coordinates): Coordinates => ({ galaxy: c.galaxy, system: c.system, position: c.position });

/** The fleets flying from or to the owner's planet at `target`; moons at the coordinates are other places. */
export function fleetsAtPlanet(store: FleetStore, ownerId: string, ownerUsername: string, target: Coordinates): PhalanxFleet[] {
  const touches = (c: Coordinates & { kind: string }) => c.kind === "planet" && sameCoordinates(c, target);
  const own = store
    .owned(ownerId)
    .filter(({ fleet }) => touches(fleet.origin) || touches(fleet.target))
    .map(({ fleet }): PhalanxFleet => ({
      id: fleet.id,
      ownerId,
      ownerUsername,
      mission: fleet.mission,
      origin: coords(fleet.origin),
      target: fleet.target,
      ships: fleet.ships,
      cargo: fleet.cargo,
      departureAt: fleet.departureAt,
      arrivesAt: fleet.arrivalAt,
      returnsAt: fleet.returnAt,
    }));
  const others = store
    .incomingTo(ownerId)
    .filter((a) => touches(a.target))
    .map((a): PhalanxFleet => ({
      id: a.fleetId,
      ownerId: a.ownerId,
      ownerUsername: a.ownerUsername,
      mission: a.mission,
      origin: a.origin,
      target: a.target,
      ships: a.ships,
      cargo: a.cargo,
      departureAt: a.departureAt,
      arrivesAt: a.arrivalAt,
      returnsAt: null,
    }));
  return [...own, ...others];
}
