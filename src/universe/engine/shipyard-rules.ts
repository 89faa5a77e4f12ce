import { CATALOG, objectByName } from "./catalog";
import type { BuildingName, UnitDef } from "./catalog-types";
import { type Failure, fail } from "./errors";
import { researchRunsOn } from "./queue-rules";
import type { Resources } from "./resources";
import { type Empire, isRunning, type Planet } from "./state";
import { queuedUnits } from "./unit-queue";

/*
 * What the shipyard (§5, §13) allows besides requirements and price: limits per planet that
 * count queued units, and the buildings that cannot change while the unit queue runs.
 */

/** The buildings whose levels set the unit time: frozen while units are queued, so every batch's timeline is fixed when ordered. */
const UNIT_TIME_BUILDINGS: ReadonlySet<BuildingName> = new Set(["shipyard", "nano_factory"]);

/** Missile slots per missile-silo level (§1). */
const SILO_SLOTS_PER_LEVEL = 10;

export function unitDefOf(name: string): UnitDef | undefined {
  const def = objectByName(name);
  return def?.kind === "ship" || def?.kind === "defense" ? def : undefined;
}

/**
 * Why a building may not be queued on a planet because of what else runs there (§13): the
 * shipyard and nanite factory while units are queued, the lab while research runs from it.
 */
export function facilityBusy(empire: Empire, planet: Planet, object: BuildingName): Failure | null {
  if (UNIT_TIME_BUILDINGS.has(object) && planet.unitQueue.length > 0) {
    return fail("shipyard_busy", `${object} cannot change while the planet's unit queue is not empty`);
  }
  if (object === "research_lab" && researchRunsOn(empire, planet.id)) {
    return fail("lab_busy", "the research lab cannot change while research runs from this planet");
  }
  return null;
}

/** Units cannot be ordered while the shipyard or the nanite factory is being built or torn down. */
export function shipyardUnderConstruction(planet: Planet): boolean {
  const head = planet.buildQueue[0];
  return isRunning(head) && UNIT_TIME_BUILDINGS.has(head.object);
}

function siloSlotsUsed(planet: Planet): number {
  const queued = queuedUnits(planet);
  let used = 0;
  for (const def of CATALOG.defenses) {
    if (def.siloSlots !== null) used += ((planet.units[def.name] ?? 0) + (queued[def.name] ?? 0)) * def.siloSlots;
  }
  return used;
}

/**
 * How many more units of a type the planet may hold, counting those queued: one shield dome of
 * each kind, and missiles within the silo's slots. Infinity for everything else.
 */
export function unitAllowance(planet: Planet, def: UnitDef): number {
  if (def.kind !== "defense") return Number.POSITIVE_INFINITY;
  const held = (planet.units[def.name] ?? 0) + (queuedUnits(planet)[def.name] ?? 0);
  if (def.maxCount !== null) return Math.max(0, def.maxCount - held);
  if (def.siloSlots !== null) {
    const free = SILO_SLOTS_PER_LEVEL * (planet.buildings.missile_silo ?? 0) - siloSlotsUsed(planet);
    return Math.max(0, Math.floor(free / def.siloSlots));
  }
  return Number.POSITIVE_INFINITY;
}

export function allowanceFailure(def: UnitDef, allowance: number): Failure {
  if (def.kind === "defense" && def.siloSlots !== null) {
    return fail("silo_full", `the missile silo has room for ${allowance} more ${def.name}`, { allowance });
  }
  return fail("unit_limit_reached", `a planet holds at most ${def.kind === "defense" ? def.maxCount : 0} ${def.name}`, { allowance });
}

/** Units of a price a stock can pay for. */
export function affordableUnits(stock: Resources, price: Resources): number {
  let n = Number.POSITIVE_INFINITY;
  for (const r of ["metal", "crystal", "deuterium"] as const) {
    if (price[r] > 0) n = Math.min(n, Math.floor(stock[r] / price[r]));
  }
  return n;
}
