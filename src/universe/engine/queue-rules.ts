import type { BuildingDef, BuildingName, Levels, ResearchDef, ResearchName } from "./catalog-types";
import { demolitionCost, levelCost } from "./costs";
import { planetProduction } from "./economy";
import { type Failure, fail } from "./errors";
import { fieldsUsed, maxFields } from "./fields";
import { MAX_LEVEL } from "./limits";
import { unmetRequirements } from "./requirements";
import { covers, type Price } from "./resources";
import type { UniverseSettings } from "./settings";
import { type BuildingQueueEntry, type Empire, isRunning, type Planet } from "./state";
import { buildingSeconds, effectiveLabLevel, researchSeconds } from "./times";

/*
 * The rules deciding whether a queue entry may exist and whether it may start. They are shared by
 * the commands (enqueue), `advance` (start of the next entry, pruning) and the read model.
 */

/**
 * What became of a queue head asked to start: it started (or there was nothing to start), it
 * waits for something queued or running, or it can never start (why).
 */
export type StartOutcome = null | "waiting" | Failure;

/** Whether a building exists on this kind of celestial body at all. */
export function buildableOn(planet: Planet, def: BuildingDef): boolean {
  return planet.type === "moon" ? !def.planetOnly : !def.moonOnly;
}

/**
 * Whether a building entry may follow the given levels (the planet's levels projected through
 * the entries queued before it). Resources and busy labs are only checked at start.
 */
export function buildingRuleFailure(
  planet: Planet,
  buildings: Levels<BuildingName>,
  research: Levels<ResearchName>,
  def: BuildingDef,
  kind: BuildingQueueEntry["kind"],
): Failure | null {
  if (!buildableOn(planet, def)) {
    return fail("invalid_object", `${def.name} can only be built on ${def.planetOnly ? "planets" : "moons"}`);
  }
  const level = buildings[def.name] ?? 0;
  if (kind === "demolish") {
    if (!def.downgradable) return fail("cannot_demolish", `${def.name} cannot be demolished`);
    if (level < 1) return fail("cannot_demolish", `${def.name} has no level to demolish`);
    return null;
  }
  if (level >= MAX_LEVEL) return fail("max_level", `${def.name} is at the maximum level ${MAX_LEVEL}`);
  const unmet = unmetRequirements(def, buildings, research);
  if (unmet.length > 0) return fail("requirements_not_met", `requirements of ${def.name} are not met`, { unmet });
  if (def.usesField && fieldsUsed(buildings) >= maxFields(planet, buildings)) {
    return fail("no_free_fields", "the planet has no free field");
  }
  return null;
}

/** Whether a technology may be researched next from a planet with the given lab and levels. */
export function researchRuleFailure(buildings: Levels<BuildingName>, research: Levels<ResearchName>, def: ResearchDef): Failure | null {
  if ((research[def.name] ?? 0) >= MAX_LEVEL) {
    return fail("max_level", `${def.name} is at the maximum level ${MAX_LEVEL}`);
  }
  const unmet = unmetRequirements(def, buildings, research);
  if (unmet.length > 0) return fail("requirements_not_met", `requirements of ${def.name} are not met`, { unmet });
  return null;
}

/** Price of a building entry: the level's price, or for a demolition the torn-down level's, less ion. */
export function buildingEntryCost(
  def: BuildingDef,
  entry: Pick<BuildingQueueEntry, "kind" | "level">,
  research: Levels<ResearchName>,
): Price {
  return entry.kind === "build" ? levelCost(def, entry.level) : demolitionCost(def, entry.level + 1, research.ion_technology ?? 0);
}

/** Duration of a building entry; demolishing a level takes as long as building it. */
export function buildingEntrySeconds(
  def: BuildingDef,
  entry: Pick<BuildingQueueEntry, "kind" | "level">,
  buildings: Levels<BuildingName>,
  settings: UniverseSettings,
): number {
  return buildingSeconds(def, entry.kind === "build" ? entry.level : entry.level + 1, buildings, settings);
}

/** Research time of `level` from `planet`, with the player's research network. */
export function researchEntrySeconds(empire: Empire, planet: Planet, def: ResearchDef, level: number, settings: UniverseSettings): number {
  const otherLabs = empire.planets.filter((p) => p.id !== planet.id).map((p) => p.buildings.research_lab ?? 0);
  const network = empire.research.intergalactic_research_network ?? 0;
  const labs = effectiveLabLevel(def, planet.buildings.research_lab ?? 0, otherLabs, network);
  return researchSeconds(def, level, labs, settings);
}

/**
 * Whether a settled planet can pay a price now. Energy is not spent: the planet must produce at
 * least that much (terraformer, space dock, graviton technology).
 */
export function paymentFailure(planet: Planet, research: Levels<ResearchName>, settings: UniverseSettings, cost: Price): Failure | null {
  if (!covers(planet.resources, cost)) {
    return fail("insufficient_resources", "not enough resources", { required: cost, available: planet.resources });
  }
  if (cost.energy > 0) {
    const produced = planetProduction(planet, research, settings).energyProduced;
    if (produced < cost.energy) {
      return fail("insufficient_resources", "not enough energy production", { required: cost, energy: produced });
    }
  }
  return null;
}

/** A lab that runs the player's research is not rebuilt until that research ends. */
export function researchRunsOn(empire: Empire, planetId: string): boolean {
  const head = empire.researchQueue[0];
  return isRunning(head) && head.planetId === planetId;
}

/** Research does not start from a planet whose lab is being built or torn down. */
export function labUnderConstruction(planet: Planet): boolean {
  const head = planet.buildQueue[0];
  return isRunning(head) && head.object === "research_lab";
}
