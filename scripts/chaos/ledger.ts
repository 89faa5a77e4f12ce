/**
 * The resource ledger of one planet, from the pure engine's price list: with production constant
 * and the stock below capacity (the chaos universe is set up so), stock is linear in time, so
 *
 *   stock(T) = start + hourly × (T − t0) − Σ cost of every level completed since t0
 *              − Σ cost of every running entry (paid when it started; refunded in full if cancelled)
 *
 * holds whatever the order of payments and refunds. A payment or refund applied twice, a
 * completion applied twice (a level nobody paid for) or a payment whose level vanished all break it.
 */
import {
  type Levels,
  levelCost,
  objectByName,
  type PlanetView,
  type ResearchOverview,
  type Resources,
  RESOURCE_NAMES,
} from "../../src/universe/engine/index";

export interface Baseline {
  at: number;
  resources: Resources;
  hourly: Resources;
  buildings: Levels<string>;
  research: Levels<string>;
}

const MS_PER_HOUR = 3_600_000;
/** Float noise from settling the stock at every command and completion; costs are integers. */
const TOLERANCE = 0.01;

export function buildingLevels(planet: PlanetView): Levels<string> {
  return Object.fromEntries(planet.buildings.map((b) => [b.object, b.level]));
}

export function researchLevels(research: ResearchOverview): Levels<string> {
  return Object.fromEntries(research.technologies.map((t) => [t.object, t.level]));
}

export function baselineOf(planet: PlanetView, research: ResearchOverview): Baseline {
  return {
    at: planet.at,
    resources: planet.resources,
    hourly: planet.production.hourly,
    buildings: buildingLevels(planet),
    research: researchLevels(research),
  };
}

function addLevels(total: Record<string, number>, levels: Levels<string>, from: Levels<string>): void {
  for (const [name, level] of Object.entries(levels)) {
    const def = objectByName(name);
    if (!def || !("factor" in def)) throw new Error(`${name} is not a building or technology`);
    for (let l = (from[name] ?? 0) + 1; l <= (level ?? 0); l++) {
      const cost = levelCost(def, l);
      for (const r of RESOURCE_NAMES) total[r] = (total[r] ?? 0) + cost[r];
    }
  }
}

/** Why the ledger cannot be applied to this snapshot, or null. */
export function ledgerAssumptionBroken(b: Baseline, planet: PlanetView): string | null {
  for (const r of RESOURCE_NAMES) {
    if (planet.production.hourly[r] !== b.hourly[r]) return `hourly ${r} changed from ${b.hourly[r]} to ${planet.production.hourly[r]}`;
    if (planet.resources[r] >= planet.capacity[r]) return `${r} reached capacity ${planet.capacity[r]}`;
  }
  return null;
}

/** Stock minus the ledger's expectation per resource; all within tolerance when it balances. */
export function ledgerDelta(b: Baseline, planet: PlanetView, research: ResearchOverview): { balanced: boolean; delta: Resources } {
  const spent: Record<string, number> = {};
  addLevels(spent, buildingLevels(planet), b.buildings);
  addLevels(spent, researchLevels(research), b.research);
  const running = [planet.buildQueue[0], research.queue[0]].filter((e) => e?.cost && e.planetId === planet.id);
  for (const e of running) for (const r of RESOURCE_NAMES) spent[r] = (spent[r] ?? 0) + (e?.cost?.[r] ?? 0);
  const hours = (planet.at - b.at) / MS_PER_HOUR;
  const delta = Object.fromEntries(
    RESOURCE_NAMES.map((r) => [r, planet.resources[r] - (b.resources[r] + b.hourly[r] * hours - (spent[r] ?? 0))]),
  ) as unknown as Resources;
  return { balanced: RESOURCE_NAMES.every((r) => Math.abs(delta[r]) <= TOLERANCE), delta };
}
