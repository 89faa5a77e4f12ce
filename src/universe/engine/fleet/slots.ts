import type { Levels, ResearchName } from "../catalog-types";

/** Fleets a player may have in flight at once, returning ones included (§8, §13). */
export function fleetSlots(research: Levels<ResearchName>): number {
  return 1 + (research.computer_technology ?? 0);
}
