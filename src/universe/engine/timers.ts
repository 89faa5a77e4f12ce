import type { Timer } from "./events";
import { type Empire, isRunning } from "./state";

/**
 * Every completion the shard must have scheduled for this empire: one per running queue head.
 * The set is complete, so the shard may also drop its timers for this empire that are not in it.
 */
export function pendingTimers(empire: Empire): Timer[] {
  const timers: Timer[] = [];
  for (const planet of empire.planets) {
    const head = planet.buildQueue[0];
    if (isRunning(head)) timers.push({ key: `build:${planet.id}:${head.id}`, at: head.endsAt });
  }
  const research = empire.researchQueue[0];
  if (isRunning(research)) timers.push({ key: `research:${research.id}`, at: research.endsAt });
  return timers;
}

/** The earliest pending completion, if any. */
export function nextDueAt(empire: Empire): number | undefined {
  let next: number | undefined;
  for (const planet of empire.planets) {
    const head = planet.buildQueue[0];
    if (isRunning(head) && (next === undefined || head.endsAt < next)) next = head.endsAt;
  }
  const research = empire.researchQueue[0];
  if (isRunning(research) && (next === undefined || research.endsAt < next)) next = research.endsAt;
  return next;
}
