import { RESEARCH } from "./catalog";
import type { BuildingName, Levels, ResearchDef, ResearchName } from "./catalog-types";
import { levelCost } from "./costs";
import { type Failure, fail } from "./errors";
import { RESEARCH_QUEUE_LIMIT } from "./limits";
import { PRODUCTION_TECHNOLOGIES } from "./production";
import { projectedBuildings } from "./projection";
import { labUnderConstruction, paymentFailure, researchEntrySeconds, researchRuleFailure, type StartOutcome } from "./queue-rules";
import { subtractResources } from "./resources";
import { type Empire, isRunning, type Planet, type ResearchQueueEntry } from "./state";
import type { Transaction } from "./transaction";

function missingPlanet(entry: ResearchQueueEntry): Failure {
  return fail("not_your_planet", `planet ${entry.planetId} no longer belongs to the player`);
}

/**
 * Why a technology may not join the research queue: the queue's limit, or its rules against the
 * `buildings` and `research` projected through the queues. Null: it joins.
 */
export function researchAdmission(empire: Empire, def: ResearchDef, buildings: Levels<BuildingName>, research: Levels<ResearchName>): Failure | null {
  if (empire.researchQueue.length >= RESEARCH_QUEUE_LIMIT) {
    return fail("queue_full", `the research queue holds at most ${RESEARCH_QUEUE_LIMIT} entries`);
  }
  return researchRuleFailure(buildings, research, def);
}

/**
 * What keeps the research queue's head from starting now on `planet`, before it pays: a failure
 * for good, or "waiting" for a level the planet's building queue will reach, or for its lab.
 * Null: it starts if the planet can pay.
 */
export function researchHeadBlocker(empire: Empire, planet: Planet, def: ResearchDef): Failure | "waiting" | null {
  const failure = researchRuleFailure(planet.buildings, empire.research, def);
  if (failure) return researchRuleFailure(projectedBuildings(planet), empire.research, def) ? failure : "waiting";
  return labUnderConstruction(planet) ? "waiting" : null;
}

/**
 * Starts the head of the research queue at `at` if it is waiting: checks it against the actual
 * state, settles the researching planet and pays. A head whose lab is being rebuilt, or that
 * needs a level its planet's building queue will reach, waits for it ("waiting"); anything else
 * that stops it now stops it for good (the failure).
 */
export function tryStartResearch(tx: Transaction, at: number): StartOutcome {
  const queue = tx.empire.researchQueue;
  const entry = queue[0];
  if (!entry || isRunning(entry)) return null;
  const current = tx.planet(entry.planetId);
  if (!current) return missingPlanet(entry);
  const def = RESEARCH[entry.object];
  const { research } = tx.empire;
  const blocked = researchHeadBlocker(tx.empire, current, def);
  if (blocked) return blocked;
  const planet = tx.settle(entry.planetId, at);
  const level = (research[def.name] ?? 0) + 1;
  const cost = levelCost(def, level);
  const unpaid = paymentFailure(planet, research, tx.settings, cost);
  if (unpaid) return unpaid;
  const seconds = researchEntrySeconds(tx.empire, planet, def, level, tx.settings);
  tx.updatePlanet(planet.id, (p) => ({ ...p, resources: subtractResources(p.resources, cost) }));
  tx.setResearchQueue([{ ...entry, level, startedAt: at, endsAt: at + seconds * 1000, cost }, ...queue.slice(1)]);
  return null;
}

/**
 * Re-derives the target level of every waiting research after an entry left a queue, and drops
 * (with a notification) the entries whose requirements no longer hold, even once their planet's
 * building queue has completed. Returns whether the queue changed.
 */
export function pruneResearchQueue(tx: Transaction, at: number): boolean {
  const levels: Partial<Record<ResearchName, number>> = { ...tx.empire.research };
  const kept: ResearchQueueEntry[] = [];
  let changed = false;
  for (const entry of tx.empire.researchQueue) {
    if (!isRunning(entry)) {
      const planet = tx.planet(entry.planetId);
      const failure = planet ? researchRuleFailure(projectedBuildings(planet), levels, RESEARCH[entry.object]) : missingPlanet(entry);
      if (failure) {
        changed = true;
        tx.notifyRemoved(entry, failure, at);
        continue;
      }
    }
    const level = isRunning(entry) ? entry.level : (levels[entry.object] ?? 0) + 1;
    changed ||= level !== entry.level;
    kept.push(level === entry.level ? entry : { ...entry, level });
    levels[entry.object] = level;
  }
  if (changed) tx.setResearchQueue(kept);
  return changed;
}

/**
 * Completes the running research at its end time `at`. Technologies that change production
 * settle every planet first, so the old rates apply exactly up to `at`.
 */
export function completeResearch(tx: Transaction, at: number): void {
  const queue = tx.empire.researchQueue;
  const entry = queue[0];
  if (!isRunning(entry)) return;
  if (PRODUCTION_TECHNOLOGIES.has(entry.object)) tx.settleAll(at);
  tx.setResearchLevel(entry.object, entry.level);
  tx.setResearchQueue(queue.slice(1));
  tx.emit({
    type: "research_complete",
    at,
    planetId: entry.planetId,
    entryId: entry.id,
    object: entry.object,
    level: entry.level,
  });
}
