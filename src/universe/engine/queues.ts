import { pruneBuildQueue, tryStartBuilding } from "./building-queue";
import { fail } from "./errors";
import { pruneResearchQueue, tryStartResearch } from "./research-queue";
import { isRunning } from "./state";
import type { Transaction } from "./transaction";

/*
 * The queues depend on each other: a building entry may be accepted against research still in
 * the research queue, and a research entry against buildings still in its planet's queue. So an
 * entry leaving one queue is checked against every other, and a head that cannot start yet waits
 * for the other queue instead of being dropped.
 */

/**
 * Re-levels and prunes every queue until none changes, so entries that needed a removed entry,
 * directly or through another queue, leave at once (each with a notification).
 */
export function pruneQueues(tx: Transaction, at: number): void {
  for (let changed = true; changed; ) {
    changed = pruneResearchQueue(tx, at);
    for (const planet of tx.empire.planets) changed = pruneBuildQueue(tx, planet.id, at) || changed;
  }
}

/** Tries the head of a planet's building queue; a head that can never start leaves, and the next one is tried. */
function startBuildingHead(tx: Transaction, planetId: string, at: number): void {
  for (;;) {
    const outcome = tryStartBuilding(tx, planetId, at);
    const queue = tx.planet(planetId)?.buildQueue ?? [];
    const head = queue[0];
    if (outcome === null || outcome === "waiting" || !head) return;
    tx.setBuildQueue(planetId, queue.slice(1));
    tx.notifyRemoved(head, outcome, at);
    pruneQueues(tx, at);
  }
}

function startResearchHead(tx: Transaction, at: number): void {
  for (;;) {
    const outcome = tryStartResearch(tx, at);
    const queue = tx.empire.researchQueue;
    const head = queue[0];
    if (outcome === null || outcome === "waiting" || !head) return;
    tx.setResearchQueue(queue.slice(1));
    tx.notifyRemoved(head, outcome, at);
    pruneQueues(tx, at);
  }
}

/**
 * A research head waiting for a level from its planet's building queue, while that queue's head
 * waits for research, can never start, and neither can that building. Entries are accepted in an
 * order that rules this out, but cancelling one re-levels those after it, which can close such a
 * loop. The research leaves; returns whether it did.
 */
function breakDeadlock(tx: Transaction, at: number): boolean {
  const queue = tx.empire.researchQueue;
  const research = queue[0];
  if (!research || isRunning(research)) return false;
  const building = tx.planet(research.planetId)?.buildQueue[0];
  if (!building || isRunning(building)) return false;
  tx.setResearchQueue(queue.slice(1));
  tx.notifyRemoved(research, fail("requirements_not_met", "the building it needs is queued behind one that waits for research"), at);
  pruneQueues(tx, at);
  return true;
}

/**
 * Brings every queue head to rest at `at`: a head that can start starts, one that waits for the
 * other queue keeps waiting, one that never can leaves with a notification. Building queues go
 * first, so a research starting at the same instant sees the levels and busy labs they reach.
 */
export function startQueues(tx: Transaction, at: number): void {
  for (let before = tx.empire; ; before = tx.empire) {
    for (const planet of tx.empire.planets) startBuildingHead(tx, planet.id, at);
    startResearchHead(tx, at);
    breakDeadlock(tx, at);
    if (tx.empire === before) return;
  }
}
