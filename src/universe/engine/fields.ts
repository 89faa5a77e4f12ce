import { CATALOG } from "./catalog";
import type { BuildingName, Levels } from "./catalog-types";
import type { Planet } from "./state";

const FIELD_USERS: readonly BuildingName[] = CATALOG.buildings.filter((b) => b.usesField).map((b) => b.name);

/** Fields taken by buildings: every level of every building except the space dock (§10). */
export function fieldsUsed(buildings: Levels<BuildingName>): number {
  let used = 0;
  for (const name of FIELD_USERS) used += buildings[name] ?? 0;
  return used;
}

/** Base fields plus terraformer (5 per level, +1 every second level) and lunar base (3 per level). */
export function maxFields(planet: Pick<Planet, "baseFields">, buildings: Levels<BuildingName>): number {
  const terraformer = buildings.terraformer ?? 0;
  const lunarBase = buildings.lunar_base ?? 0;
  return planet.baseFields + 5 * terraformer + Math.floor(terraformer / 2) + 3 * lunarBase;
}
