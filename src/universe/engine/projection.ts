import type { BuildingName, Levels, ResearchName } from "./catalog-types";
import type { Empire, Planet } from "./state";

/** Levels once the given queue entries have completed, in order. */
export function projectLevels<N extends string>(
  levels: Levels<N>,
  entries: readonly { readonly object: N; readonly level: number }[],
): Levels<N> {
  if (entries.length === 0) return levels;
  const projected: Partial<Record<N, number>> = { ...levels };
  for (const entry of entries) projected[entry.object] = entry.level;
  return projected;
}

/** Building levels of a planet once its whole building queue has completed. */
export function projectedBuildings(planet: Planet): Levels<BuildingName> {
  return projectLevels(planet.buildings, planet.buildQueue);
}

/** Research levels once the whole research queue has completed. */
export function projectedResearch(empire: Empire): Levels<ResearchName> {
  return projectLevels(empire.research, empire.researchQueue);
}
