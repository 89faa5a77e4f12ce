import type { Timer } from "./events";
import type { UniverseSettings } from "./settings";
import { type Empire, isRunning } from "./state";
import { batchEndsAt, nextUnitEventAt } from "./unit-queue";

/**
 * Every completion the shard must have scheduled for this empire: one per running queue head, and
 * one per unit batch at the head of a shipyard queue (at its end, not per unit).
 * The set is complete, so the shard may also drop its timers for this empire that are not in it.
 */
export function pendingTimers(empire: Empire): Timer[] {
  const timers: Timer[] = [];
  for (const planet of empire.planets) {
    const head = planet.buildQueue[0];
    if (isRunning(head)) timers.push({ key: `build:${planet.id}:${head.id}`, at: head.endsAt });
    const batch = planet.unitQueue[0];
    if (batch) timers.push({ key: `units:${planet.id}:${batch.id}`, at: batchEndsAt(batch) });
  }
  const research = empire.researchQueue[0];
  if (isRunning(research)) timers.push({ key: `research:${research.id}`, at: research.endsAt });
  return timers;
}

/** The earliest instant the engine must stop at, if any: a completion, or a unit that changes production. */
export function nextDueAt(empire: Empire, settings: Pick<UniverseSettings, "economySpeed" | "basicIncome">): number | undefined {
  let next: number | undefined;
  for (const planet of empire.planets) {
    const head = planet.buildQueue[0];
    if (isRunning(head) && (next === undefined || head.endsAt < next)) next = head.endsAt;
    const units = nextUnitEventAt(planet, empire.research, settings);
    if (units !== undefined && (next === undefined || units < next)) next = units;
  }
  const research = empire.researchQueue[0];
  if (isRunning(research) && (next === undefined || research.endsAt < next)) next = research.endsAt;
  return next;
}
