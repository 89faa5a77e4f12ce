import { BUILDINGS, RESEARCH } from "./catalog";
import type { LeveledDef } from "./catalog-types";
import { cumulativeCost } from "./costs";
import { resourceTotal } from "./resources";
import type { Empire } from "./state";

/** Points: resources spent / 1000, floored (§1). Units join when the shipyard lands. */
export interface Score {
  readonly total: number;
  readonly buildings: number;
  readonly research: number;
}

function spentOn<N extends string>(defs: Readonly<Record<N, LeveledDef>>, levels: Partial<Record<N, number>>): number {
  let spent = 0;
  for (const name in levels) {
    const level = levels[name] ?? 0;
    if (level > 0) spent += resourceTotal(cumulativeCost(defs[name], level));
  }
  return spent;
}

export function empireScore(empire: Empire): Score {
  let buildings = 0;
  for (const planet of empire.planets) buildings += spentOn(BUILDINGS, planet.buildings);
  const research = spentOn(RESEARCH, empire.research);
  return {
    total: Math.floor((buildings + research) / 1000),
    buildings: Math.floor(buildings / 1000),
    research: Math.floor(research / 1000),
  };
}
