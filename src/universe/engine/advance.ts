import { completeBuilding } from "./building-queue";
import { startQueues } from "./queues";
import { completeResearch } from "./research-queue";
import { type Empire, isRunning } from "./state";
import { nextDueAt } from "./timers";
import { type CommandSuccess, type EngineContext, Transaction } from "./transaction";
import { nextUnitEventAt, settleAllUnits, settleUnits } from "./unit-queue";

/**
 * Processes every completion due at or before `now`, in time order. All completions sharing an
 * instant are applied before any queue starts its next entry, so an entry starting at that
 * instant sees every level reached at it; building queues then start before the research queue,
 * and heads that were waiting for what just completed start too.
 */
function processDue(tx: Transaction, now: number): void {
  for (let at = nextDueAt(tx.empire, tx.settings); at !== undefined && at <= now; at = nextDueAt(tx.empire, tx.settings)) {
    const research = tx.empire.researchQueue[0];
    const researchDone = isRunning(research) && research.endsAt === at;
    const planetsDone = tx.empire.planets
      .filter((p) => {
        const head = p.buildQueue[0];
        return isRunning(head) && head.endsAt === at;
      })
      .map((p) => p.id);
    const unitsDue = tx.empire.planets.filter((p) => nextUnitEventAt(p, tx.empire.research, tx.settings) === at).map((p) => p.id);

    for (const id of unitsDue) settleUnits(tx, id, at);
    if (researchDone) completeResearch(tx, at);
    for (const id of planetsDone) completeBuilding(tx, id, at);
    startQueues(tx, at);
  }
}

/**
 * Opens a transaction on an empire brought up to date with everything due by `ctx.now`, units
 * of batches still running included.
 */
export function begin(empire: Empire, ctx: EngineContext): Transaction {
  const tx = new Transaction(empire, ctx);
  processDue(tx, ctx.now);
  settleAllUnits(tx, ctx.now);
  return tx;
}

/**
 * The empire as of `ctx.now` with one planet's stock brought forward to then: for views, whose
 * previews (a throwaway command per building, technology or unit) each settle the planet before
 * they start an entry, and then find nothing left to accrue (one production computation per view
 * instead of one per preview).
 */
export function settledAt(empire: Empire, planetId: string, ctx: EngineContext): Empire {
  const tx = begin(empire, ctx);
  if (tx.planet(planetId)) tx.settle(planetId, ctx.now);
  return tx.empire;
}

/**
 * Brings an empire up to `ctx.now`: completes due entries (settling resources at each completion
 * instant), starts the next ones, drops those that never can. Idempotent: advancing again to
 * the same or an earlier instant returns the same empire object with no events.
 */
export function advance(empire: Empire, ctx: EngineContext): CommandSuccess {
  return begin(empire, ctx).result();
}
