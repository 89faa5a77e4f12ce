import { begin } from "./advance";
import { isResearchName, RESEARCH } from "./catalog";
import { type Failure, fail, notYourPlanet } from "./errors";
import { projectedBuildings, projectedResearch } from "./projection";
import { pruneQueues, startQueues } from "./queues";
import { researchAdmission, tryStartResearch } from "./research-queue";
import { addResources } from "./resources";
import { type Empire, isRunning } from "./state";
import type { CommandContext, CommandResult, Transaction } from "./transaction";

export interface QueueResearchCommand {
  /** Planet whose lab runs the research and whose stock pays for it. */
  readonly planetId: string;
  /** Technology machine name. */
  readonly object: string;
}

export interface CancelResearchCommand {
  readonly entryId: string;
}

/**
 * Appends a technology to the player's research queue, validated against the levels projected
 * through the queue and the researching planet's building queue. Only the head runs; a new head
 * starts and is paid at once, or waits for its lab or a level its planet's queue will reach.
 */
export function enqueueResearch(tx: Transaction, planetId: string, object: string, entryId: string): Failure | null {
  const planet = tx.planet(planetId);
  if (!planet) return notYourPlanet(planetId);
  if (!isResearchName(object)) return fail("invalid_object", `${object} is not a technology`);
  const queue = tx.empire.researchQueue;
  const research = projectedResearch(tx.empire);
  const failure = researchAdmission(tx.empire, RESEARCH[object], projectedBuildings(planet), research);
  if (failure) return failure;
  const level = (research[object] ?? 0) + 1;
  tx.setResearchQueue([...queue, { id: entryId, kind: "research", object, level, planetId }]);
  if (queue.length > 0) return null;
  const outcome = tryStartResearch(tx, tx.ctx.now);
  return outcome === "waiting" ? null : outcome;
}

/** Queues the next level of a technology, researched from a planet. */
export function queueResearch(empire: Empire, command: QueueResearchCommand, ctx: CommandContext): CommandResult {
  const tx = begin(empire, ctx);
  return enqueueResearch(tx, command.planetId, command.object, ctx.newId()) ?? tx.result();
}

/**
 * Removes an entry from the research queue. The running research is refunded in full to the
 * planet that paid for it and the next one starts; a waiting entry costs nothing. Entries that
 * depended on the removed one are dropped at once, building entries included.
 */
export function cancelResearch(empire: Empire, command: CancelResearchCommand, ctx: CommandContext): CommandResult {
  const tx = begin(empire, ctx);
  const queue = tx.empire.researchQueue;
  const entry = queue.find((e) => e.id === command.entryId);
  if (!entry) return fail("queue_entry_not_found", `no entry ${command.entryId} in the research queue`);
  if (isRunning(entry) && tx.planet(entry.planetId)) {
    const refund = entry.cost;
    tx.settle(entry.planetId, ctx.now);
    tx.updatePlanet(entry.planetId, (p) => ({ ...p, resources: addResources(p.resources, refund) }));
  }
  tx.setResearchQueue(queue.filter((e) => e !== entry));
  pruneQueues(tx, ctx.now);
  startQueues(tx, ctx.now);
  return tx.result();
}
