import type { BuildingName, Levels } from "./catalog-types";
import type { Resources } from "./resources";

/** Capacity of one resource with a store of the given level (§3): 5000 × floor(2.5 × e^(20L/33)). */
export function storageCapacity(level: number): number {
  return 5000 * Math.floor(2.5 * Math.exp((20 * level) / 33));
}

export function storageCapacities(buildings: Levels<BuildingName>): Resources {
  return {
    metal: storageCapacity(buildings.metal_store ?? 0),
    crystal: storageCapacity(buildings.crystal_store ?? 0),
    deuterium: storageCapacity(buildings.deuterium_store ?? 0),
  };
}
