import type { Levels, ResearchName, UnitName } from "./catalog-types";
import { planetProduction } from "./economy";
import type { UniverseSettings } from "./settings";
import type { Planet, UnitQueueEntry } from "./state";
import type { Transaction } from "./transaction";

/*
 * The shipyard queue is a fixed timeline (see `UnitQueueEntry`), so the units finished by any
 * instant follow from elapsed time, as resources do: nothing ticks per unit. The engine only
 * stops at a batch's end (one timer per planet), and, in a batch of solar satellites, at each
 * unit that changes the production rates, so the stock is settled at the rate in effect at
 * every instant.
 */

/** Units whose number changes a planet's production. */
function changesProduction(unit: UnitName): boolean {
  return unit === "solar_satellite";
}

function unitMs(entry: UnitQueueEntry): number {
  return entry.unitSeconds * 1000;
}

/** When the last unit of a batch finishes. */
export function batchEndsAt(entry: UnitQueueEntry): number {
  return entry.startedAt + entry.count * unitMs(entry);
}

/** Units of the batch finished by `at`. */
function finishedBy(entry: UnitQueueEntry, at: number): number {
  if (at < entry.startedAt) return 0;
  return Math.min(entry.count, Math.floor((at - entry.startedAt) / unitMs(entry)));
}

/** When a new batch ordered at `now` would start: after the last one, or at once. */
export function nextBatchStart(planet: Planet, now: number): number {
  const last = planet.unitQueue.at(-1);
  return last ? Math.max(now, batchEndsAt(last)) : now;
}

type EconomySettings = Pick<UniverseSettings, "economySpeed" | "basicIncome">;

/**
 * Satellites change the rates only through the production factor, with the deuterium store
 * stocked and empty (§3): whole percents that rise with every satellite (on an empty store that
 * burns a deuterium income as it arrives, a mix of two such). So the rates are constant until
 * the first unit that moves either factor, found by bisection; a batch makes at most about 200
 * such stops, whatever its size.
 */
function firstRateChange(
  planet: Planet,
  research: Levels<ResearchName>,
  settings: EconomySettings,
  head: UnitQueueEntry,
): number | undefined {
  const owned = planet.units[head.unit] ?? 0;
  const factors = (extra: number) => {
    const p = { ...planet, units: { ...planet.units, [head.unit]: owned + extra } };
    return [planetProduction(p, research, settings, 1).factor, planetProduction(p, research, settings, 0).factor];
  };
  const [fed, starved] = factors(0);
  const same = (extra: number) => {
    const [f, s] = factors(extra);
    return f === fed && s === starved;
  };
  if (same(head.count)) return undefined;
  let lo = 0;
  let hi = head.count;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (same(mid)) lo = mid;
    else hi = mid;
  }
  return hi;
}

/** The next instant the engine must stop at for this planet's unit queue, if any. */
export function nextUnitEventAt(planet: Planet, research: Levels<ResearchName>, settings: EconomySettings): number | undefined {
  const head = planet.unitQueue[0];
  if (!head) return undefined;
  const change = changesProduction(head.unit) ? firstRateChange(planet, research, settings, head) : undefined;
  return change === undefined ? batchEndsAt(head) : head.startedAt + change * unitMs(head);
}

/** Units queued and not yet finished, by type. */
export function queuedUnits(planet: Planet): Partial<Record<UnitName, number>> {
  const queued: Partial<Record<UnitName, number>> = {};
  for (const entry of planet.unitQueue) queued[entry.unit] = (queued[entry.unit] ?? 0) + entry.count;
  return queued;
}

/**
 * Moves the units finished by `at` from the queue to the planet, announcing each batch that
 * progressed. Production-changing units settle the stock first, so their rate applies from `at`
 * on; the caller stops wherever they change the rates (see `nextUnitEventAt`).
 */
export function settleUnits(tx: Transaction, planetId: string, at: number): void {
  const planet = tx.planet(planetId);
  if (!planet) return;
  const progressed = planet.unitQueue.map((entry) => ({ entry, done: finishedBy(entry, at) })).filter((p) => p.done > 0);
  if (progressed.length === 0) return;
  if (progressed.some((p) => changesProduction(p.entry.unit))) tx.settle(planetId, at);
  tx.updatePlanet(planetId, (p) => {
    const units: Partial<Record<UnitName, number>> = { ...p.units };
    const queue: UnitQueueEntry[] = [];
    for (const entry of p.unitQueue) {
      const done = finishedBy(entry, at);
      units[entry.unit] = (units[entry.unit] ?? 0) + done;
      if (done < entry.count)
        queue.push(done === 0 ? entry : { ...entry, count: entry.count - done, startedAt: entry.startedAt + done * unitMs(entry) });
    }
    return { ...p, units, unitQueue: queue };
  });
  for (const { entry, done } of progressed) {
    tx.emit({
      type: "units_complete",
      at,
      planetId,
      entryId: entry.id,
      unit: entry.unit,
      count: done,
      remaining: entry.count - done,
      total: tx.planet(planetId)?.units[entry.unit] ?? 0,
    });
  }
}

/** Settles every planet's unit queue up to `at`. */
export function settleAllUnits(tx: Transaction, at: number): void {
  for (const planet of tx.empire.planets) settleUnits(tx, planet.id, at);
}
