import { begin } from "./advance";
import { buildingAdmission, nextBuildingLevel, tryStartBuilding } from "./building-queue";
import { BUILDINGS, isBuildingName } from "./catalog";
import { type Failure, fail, notYourPlanet } from "./errors";
import { projectedBuildings, projectedResearch } from "./projection";
import { pruneQueues, startQueues } from "./queues";
import { addResources } from "./resources";
import { type BuildingQueueEntry, type Empire, isRunning } from "./state";
import type { CommandContext, CommandResult, Transaction } from "./transaction";

export interface QueueBuildingCommand {
  readonly planetId: string;
  /** Building machine name. */
  readonly object: string;
}

export interface CancelBuildingCommand {
  readonly planetId: string;
  readonly entryId: string;
}

/**
 * Appends an upgrade or demolition to a planet's queue, validated against the planet as it will
 * be once the entries before it complete (and the research queue too). An entry that lands at
 * the head starts and is paid at once, or waits for the research it needs; if it could never
 * start it is refused rather than queued. An upgrade of the shipyard, nanite factory or lab that
 * would start now is refused while the units or research they serve are under way (§13:
 * `shipyard_busy`, `lab_busy`); queued behind other entries, it waits for them at its turn.
 */
export function enqueueBuilding(
  tx: Transaction,
  planetId: string,
  object: string,
  kind: BuildingQueueEntry["kind"],
  entryId: string,
): Failure | null {
  const planet = tx.planet(planetId);
  if (!planet) return notYourPlanet(planetId);
  if (!isBuildingName(object)) return fail("invalid_object", `${object} is not a building`);
  const levels = projectedBuildings(planet);
  const failure = buildingAdmission(tx.empire, planet, BUILDINGS[object], kind, levels, projectedResearch(tx.empire));
  if (failure) return failure;
  const level = nextBuildingLevel(kind, levels[object] ?? 0);
  tx.setBuildQueue(planetId, [...planet.buildQueue, { id: entryId, kind, object, level, planetId }]);
  if (planet.buildQueue.length > 0) return null;
  const outcome = tryStartBuilding(tx, planetId, tx.ctx.now);
  return outcome === "waiting" ? null : outcome;
}

function enqueue(empire: Empire, command: QueueBuildingCommand, ctx: CommandContext, kind: BuildingQueueEntry["kind"]) {
  const tx = begin(empire, ctx);
  return enqueueBuilding(tx, command.planetId, command.object, kind, ctx.newId()) ?? tx.result();
}

/** Queues the next level of a building. */
export function queueBuilding(empire: Empire, command: QueueBuildingCommand, ctx: CommandContext): CommandResult {
  return enqueue(empire, command, ctx, "build");
}

/** Queues the demolition of a building's top level (as projected through the queue). */
export function queueDemolish(empire: Empire, command: QueueBuildingCommand, ctx: CommandContext): CommandResult {
  return enqueue(empire, command, ctx, "demolish");
}

/**
 * Removes an entry from a planet's building queue. A running entry is refunded in full and the
 * next entry starts at once; a waiting one costs nothing. Entries that depended on the removed
 * one are dropped too, research included.
 */
export function cancelBuilding(empire: Empire, command: CancelBuildingCommand, ctx: CommandContext): CommandResult {
  const tx = begin(empire, ctx);
  const { planetId, entryId } = command;
  const planet = tx.planet(planetId);
  if (!planet) return notYourPlanet(planetId);
  const entry = planet.buildQueue.find((e) => e.id === entryId);
  if (!entry) return fail("queue_entry_not_found", `no entry ${entryId} in the building queue of ${planetId}`);
  if (isRunning(entry)) {
    const refund = entry.cost;
    tx.settle(planetId, ctx.now);
    tx.updatePlanet(planetId, (p) => ({ ...p, resources: addResources(p.resources, refund) }));
  }
  tx.setBuildQueue(
    planetId,
    planet.buildQueue.filter((e) => e !== entry),
  );
  pruneQueues(tx, ctx.now);
  startQueues(tx, ctx.now);
  return tx.result();
}
