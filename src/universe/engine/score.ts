import { BUILDINGS, RESEARCH } from "./catalog";
import type { LeveledDef, Levels, UnitName } from "./catalog-types";
import { cumulativeCost, unitCost } from "./costs";
import { resourceTotal } from "./resources";
import { unitDefOf } from "./shipyard-rules";
import type { Empire } from "./state";

/**
 * Points (§13): the total is the resources spent / 1000, floored, over everything; the parts
 * always add up to it (see `apportion`). `buildings` is the economy part; `military` counts the
 * ships and defences that exist (units still queued are paid for but do not count yet).
 */
export interface Score {
  readonly total: number;
  readonly buildings: number;
  readonly research: number;
  readonly military: number;
}

const RESOURCES_PER_POINT = 1000;

function spentOn<N extends string>(defs: Readonly<Record<N, LeveledDef>>, levels: Partial<Record<N, number>>): number {
  let spent = 0;
  for (const name in levels) {
    const level = levels[name] ?? 0;
    if (level > 0) spent += resourceTotal(cumulativeCost(defs[name], level));
  }
  return spent;
}

function spentOnUnits(units: Levels<UnitName>): number {
  let spent = 0;
  for (const [name, count] of Object.entries(units)) {
    const def = unitDefOf(name);
    if (def && count) spent += resourceTotal(unitCost(def, count));
  }
  return spent;
}

/**
 * Splits floor(Σ spent / 1000) over the parts by largest remainder: each part gets its own floor,
 * and the points those floors leave over go to the largest remainders (the earlier part on a tie).
 * The total is what ranks players, so it stays exactly the rule's; each part is within one point
 * of its exact share. Amounts spent are whole resources, so this is exact integer arithmetic.
 */
function apportion(spent: readonly number[]): { total: number; parts: number[] } {
  const total = Math.floor(spent.reduce((sum, s) => sum + s, 0) / RESOURCES_PER_POINT);
  const parts = spent.map((s) => Math.floor(s / RESOURCES_PER_POINT));
  const leftOver = total - parts.reduce((sum, p) => sum + p, 0);
  const byRemainder = spent.map((s, i) => ({ i, remainder: s % RESOURCES_PER_POINT })).sort((a, b) => b.remainder - a.remainder || a.i - b.i);
  for (const { i } of byRemainder.slice(0, leftOver)) parts[i] = (parts[i] ?? 0) + 1;
  return { total, parts };
}

/** `inFlight`: the empire's ships away in fleets, which count like ships on a planet (§13). */
export function empireScore(empire: Empire, inFlight: Levels<UnitName> = {}): Score {
  let buildings = 0;
  let military = spentOnUnits(inFlight);
  for (const planet of empire.planets) {
    buildings += spentOn(BUILDINGS, planet.buildings);
    military += spentOnUnits(planet.units);
  }
  const research = spentOn(RESEARCH, empire.research);
  const { total, parts } = apportion([buildings, research, military]);
  return { total, buildings: parts[0] ?? 0, research: parts[1] ?? 0, military: parts[2] ?? 0 };
}
