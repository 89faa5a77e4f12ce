import { SHIPS } from "../catalog";
import type { Levels, ResearchName } from "../catalog-types";
import { NO_RESOURCES, RESOURCE_NAMES, type Resources, resourceTotal } from "../resources";
import { shipMobility } from "../unit-stats";
import type { ShipCounts } from "./model";

/**
 * Room for debris in a recycling fleet: only recyclers collect (§13), and what the fleet already
 * carries takes room first, so the fleet never returns with more than its cargo capacity.
 */
export function recyclingCapacity(ships: ShipCounts, research: Levels<ResearchName>, carried: Resources): number {
  let recyclers = 0;
  let total = 0;
  for (const [ship, n] of Object.entries(ships) as [keyof typeof SHIPS, number][]) {
    const room = shipMobility(SHIPS[ship], research).cargo * n;
    total += room;
    if (ship === "recycler") recyclers += room;
  }
  return Math.max(0, Math.min(recyclers, total - resourceTotal(carried)));
}

/**
 * §13: the free cargo is shared evenly among the kinds the field still holds; what a kind cannot
 * fill is shared again among the others, until the cargo is full or the field empty. Whole
 * units: a remainder smaller than the number of kinds goes one unit at a time, metal first.
 * Two fleets at one field apply one after the other, the second on the first's `remaining`.
 */
export function collectDebris(field: Resources, capacity: number): { readonly collected: Resources; readonly remaining: Resources } {
  const left = { ...field };
  const got = { ...NO_RESOURCES };
  let free = Math.floor(capacity);
  while (free > 0) {
    const kinds = RESOURCE_NAMES.filter((r) => left[r] > 0);
    if (kinds.length === 0) break;
    const share = Math.floor(free / kinds.length);
    let taken = 0;
    for (const r of kinds) {
      const take = Math.min(left[r], share > 0 ? share : 1, free - taken);
      got[r] += take;
      left[r] -= take;
      taken += take;
    }
    if (taken === 0) break;
    free -= taken;
  }
  return { collected: got, remaining: left };
}
