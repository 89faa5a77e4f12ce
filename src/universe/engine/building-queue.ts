import { BUILDINGS } from "./catalog";
import type { BuildingDef, BuildingName, Levels, ResearchName } from "./catalog-types";
import { type Failure, fail } from "./errors";
import { BUILD_QUEUE_LIMIT } from "./limits";
import { projectedResearch } from "./projection";
import {
  buildingEntryCost,
  buildingEntrySeconds,
  buildingRuleFailure,
  paymentFailure,
  type StartOutcome,
} from "./queue-rules";
import { subtractResources } from "./resources";
import { facilityBusy } from "./shipyard-rules";
import { type BuildingQueueEntry, type Empire, isRunning, type Planet } from "./state";
import type { Transaction } from "./transaction";

/** Target level of a new entry that follows the given (projected) level. */
export function nextBuildingLevel(kind: BuildingQueueEntry["kind"], level: number): number {
  return kind === "build" ? level + 1 : level - 1;
}

/**
 * Why a new entry may not join the planet's building queue: the queue's limit, the rules against
 * the `levels` and `research` projected through the queues, and, for a new head, a facility busy
 * with what it serves (§13). Null: it joins.
 */
export function buildingAdmission(
  empire: Empire,
  planet: Planet,
  def: BuildingDef,
  kind: BuildingQueueEntry["kind"],
  levels: Levels<BuildingName>,
  research: Levels<ResearchName>,
): Failure | null {
  if (planet.buildQueue.length >= BUILD_QUEUE_LIMIT) {
    return fail("queue_full", `the building queue holds at most ${BUILD_QUEUE_LIMIT} entries`);
  }
  const atHead = planet.buildQueue.length === 0;
  return buildingRuleFailure(planet, levels, research, def, kind) ?? (atHead ? facilityBusy(empire, planet, def.name) : null);
}

/**
 * What keeps a queue's head from starting now, before it pays: a failure for good, or "waiting"
 * for research still queued, or for a facility busy with what it serves (§13: queued before those
 * began). Null: it starts if the planet can pay.
 */
export function buildingHeadBlocker(
  empire: Empire,
  planet: Planet,
  def: BuildingDef,
  kind: BuildingQueueEntry["kind"],
): Failure | "waiting" | null {
  const failure = buildingRuleFailure(planet, planet.buildings, empire.research, def, kind);
  if (failure) return buildingRuleFailure(planet, planet.buildings, projectedResearch(empire), def, kind) ? failure : "waiting";
  return facilityBusy(empire, planet, def.name) ? "waiting" : null;
}

/**
 * Starts the head of a planet's building queue at `at` if it is waiting: checks it against the
 * actual state, settles the planet and pays. A head accepted against research still in the
 * research queue waits for it ("waiting"), and so does a lab upgrade while research runs in that
 * lab, or a shipyard or nanite upgrade while units are queued (§13: queued before those began);
 * anything else that stops it now stops it for good (the failure).
 */
export function tryStartBuilding(tx: Transaction, planetId: string, at: number): StartOutcome {
  const current = tx.planet(planetId);
  const entry = current?.buildQueue[0];
  if (!current || !entry || isRunning(entry)) return null;
  const def = BUILDINGS[entry.object];
  const { research } = tx.empire;
  const blocked = buildingHeadBlocker(tx.empire, current, def, entry.kind);
  if (blocked) return blocked;
  const planet = tx.settle(planetId, at);
  const started = { ...entry, level: nextBuildingLevel(entry.kind, planet.buildings[def.name] ?? 0) };
  const cost = buildingEntryCost(def, started, research);
  const unpaid = paymentFailure(planet, research, tx.settings, cost);
  if (unpaid) return unpaid;
  const seconds = buildingEntrySeconds(def, started, planet.buildings, tx.settings);
  const running = { ...started, startedAt: at, endsAt: at + seconds * 1000, cost };
  tx.updatePlanet(planetId, (p) => ({
    ...p,
    resources: subtractResources(p.resources, cost),
    buildQueue: [running, ...p.buildQueue.slice(1)],
  }));
  return null;
}

/**
 * Re-derives the target level of every waiting entry after an entry left a queue, and drops
 * (with a notification) the entries whose requirements, fields or level no longer hold, even
 * once the research queue has completed. Returns whether the queue changed.
 */
export function pruneBuildQueue(tx: Transaction, planetId: string, at: number): boolean {
  const planet = tx.planet(planetId);
  if (!planet) return false;
  const research = projectedResearch(tx.empire);
  const levels: Partial<Record<BuildingName, number>> = { ...planet.buildings };
  const kept: BuildingQueueEntry[] = [];
  let changed = false;
  for (const entry of planet.buildQueue) {
    if (!isRunning(entry)) {
      const failure = buildingRuleFailure(planet, levels, research, BUILDINGS[entry.object], entry.kind);
      if (failure) {
        changed = true;
        tx.notifyRemoved(entry, failure, at);
        continue;
      }
    }
    const level = isRunning(entry) ? entry.level : nextBuildingLevel(entry.kind, levels[entry.object] ?? 0);
    changed ||= level !== entry.level;
    kept.push(level === entry.level ? entry : { ...entry, level });
    levels[entry.object] = level;
  }
  if (changed) tx.setBuildQueue(planetId, kept);
  return changed;
}

/** Completes the running head of a planet's building queue at its end time `at`. */
export function completeBuilding(tx: Transaction, planetId: string, at: number): void {
  const entry = tx.settle(planetId, at).buildQueue[0];
  if (!isRunning(entry)) return;
  tx.updatePlanet(planetId, (p) => ({
    ...p,
    buildings: { ...p.buildings, [entry.object]: entry.level },
    buildQueue: p.buildQueue.slice(1),
  }));
  tx.emit({
    type: "building_complete",
    at,
    planetId,
    entryId: entry.id,
    kind: entry.kind,
    object: entry.object,
    level: entry.level,
  });
}
