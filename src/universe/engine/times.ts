import type { BuildingDef, BuildingName, Levels, ResearchDef, UnitDef } from "./catalog-types";
import { levelCost } from "./costs";
import type { UniverseSettings } from "./settings";

/**
 * `(int)(hours × 3600)`, at least 1 s. Computed as one division of exact operands so that a
 * whole number of seconds is never truncated to the second below.
 */
function seconds(value: number, divisor: number): number {
  return Math.max(1, Math.floor((value * 3600) / divisor));
}

/**
 * Construction time of `level` (also the time to demolish that level), in seconds (§2), on a
 * planet with the given building levels.
 */
export function buildingSeconds(
  def: BuildingDef,
  level: number,
  buildings: Levels<BuildingName>,
  settings: Pick<UniverseSettings, "economySpeed">,
): number {
  const { metal, crystal } = levelCost(def, level);
  // The nanite factory is the one building that does not get the early-level speed-up.
  const levelTerm = def.name === "nano_factory" ? 1 : Math.max(4 - level / 2, 1);
  const divisor = 2500 * levelTerm * (1 + (buildings.robot_factory ?? 0)) * 2 ** (buildings.nano_factory ?? 0) * settings.economySpeed;
  return seconds(metal + crystal, divisor);
}

/** Research time of `level` given the effective lab level of the research network, in seconds (§2). */
export function researchSeconds(
  def: ResearchDef,
  level: number,
  effectiveLabLevel: number,
  settings: Pick<UniverseSettings, "economySpeed" | "researchSpeed">,
): number {
  const { metal, crystal } = levelCost(def, level);
  return seconds(metal + crystal, 1000 * (1 + effectiveLabLevel) * settings.economySpeed * settings.researchSpeed);
}

/** Lab level requirement of a technology: other labs below it cannot join the network. */
function labRequirement(def: ResearchDef): number {
  return def.requirements.find((r) => r.object === "research_lab")?.level ?? 1;
}

/**
 * Lab level used for research time: the researching planet's lab plus the best
 * `researchNetwork` labs among the player's other planets that meet the technology's lab
 * requirement (§2).
 */
export function effectiveLabLevel(def: ResearchDef, localLab: number, otherLabs: readonly number[], researchNetwork: number): number {
  if (researchNetwork <= 0) return localLab;
  const minimum = labRequirement(def);
  const joined = otherLabs
    .filter((lab) => lab >= minimum)
    .sort((a, b) => b - a)
    .slice(0, researchNetwork);
  return joined.reduce((sum, lab) => sum + lab, localLab);
}

/** Build time of one unit, in seconds; a batch of N takes N times as long (§2). */
export function unitSeconds(def: UnitDef, buildings: Levels<BuildingName>, settings: Pick<UniverseSettings, "economySpeed">): number {
  const divisor = 2500 * (1 + (buildings.shipyard ?? 0)) * 2 ** (buildings.nano_factory ?? 0) * settings.economySpeed;
  return seconds(def.stats.structuralIntegrity, divisor);
}
