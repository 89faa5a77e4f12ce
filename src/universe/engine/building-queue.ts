import { BUILDINGS } from "./catalog";
import type { BuildingName } from "./catalog-types";
import type { Failure } from "./errors";
import { projectedResearch } from "./projection";
import { buildingEntryCost, buildingEntrySeconds, buildingRuleFailure, paymentFailure } from "./queue-rules";
import { subtractResources } from "./resources";
import { facilityBusy } from "./shipyard-rules";
import { type BuildingQueueEntry, isRunning } from "./state";
import type { Transaction } from "./transaction";

/** Target level of a new entry that follows the given (projected) level. */
export function nextBuildingLevel(kind: BuildingQueueEntry["kind"], level: number): number {
  return kind === "build" ? level + 1 : level - 1;
}

/**
 * Starts the head of a planet's building queue at `at` if it is waiting: settles the planet,
 * checks the entry against the actual state and pays for it. Returns why it cannot start.
 */
export function tryStartBuilding(tx: Transaction, planetId: string, at: number): Failure | null {
  const entry = tx.planet(planetId)?.buildQueue[0];
  if (!entry || isRunning(entry)) return null;
  const planet = tx.settle(planetId, at);
  const def = BUILDINGS[entry.object];
  const { research } = tx.empire;
  const levelBefore = planet.buildings[def.name] ?? 0;
  const failure = buildingRuleFailure(planet, planet.buildings, research, def, entry.kind) ?? facilityBusy(tx.empire, planet, def.name);
  if (failure) return failure;
  const started = { ...entry, level: nextBuildingLevel(entry.kind, levelBefore) };
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

/** Starts the next entry that can start; entries that cannot are dropped with a notification. */
export function startNextBuilding(tx: Transaction, planetId: string, at: number): void {
  for (;;) {
    const failure = tryStartBuilding(tx, planetId, at);
    if (!failure) return;
    const queue = tx.planet(planetId)?.buildQueue ?? [];
    const head = queue[0];
    if (!head) return;
    tx.setBuildQueue(planetId, queue.slice(1));
    tx.notifyRemoved(head, failure, at);
    pruneBuildQueue(tx, planetId, at);
  }
}

/**
 * Re-derives the target level of every waiting entry after an entry left the queue, and drops
 * (with a notification) the entries whose requirements, fields or level no longer hold.
 */
export function pruneBuildQueue(tx: Transaction, planetId: string, at: number): void {
  const planet = tx.planet(planetId);
  if (!planet) return;
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
