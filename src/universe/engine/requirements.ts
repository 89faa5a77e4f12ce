import { isBuildingName } from "./catalog";
import type { BuildingName, Levels, Requirement, ResearchName } from "./catalog-types";

export interface UnmetRequirement extends Requirement {
  /** The level the planet or player has now. */
  readonly current: number;
}

/**
 * Requirements of an object that are not met. Building requirements are checked against the
 * planet where the object is built (or researched from), research requirements against the player.
 */
export function unmetRequirements(
  def: { readonly requirements: readonly Requirement[] },
  buildings: Levels<BuildingName>,
  research: Levels<ResearchName>,
): UnmetRequirement[] {
  const unmet: UnmetRequirement[] = [];
  for (const req of def.requirements) {
    const current = (isBuildingName(req.object) ? buildings[req.object] : research[req.object]) ?? 0;
    if (current < req.level) unmet.push({ ...req, current });
  }
  return unmet;
}
