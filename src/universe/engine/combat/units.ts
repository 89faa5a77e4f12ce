import type { DefenseName, Levels, ResearchName, ShipName, UnitDef, UnitName } from "../catalog-types";
import { DEFENSE_LIST, SHIP_LIST } from "../catalog-units";
import { combatStats, shipMobility } from "../unit-stats";

/** Units that fight, in catalog order: ships then defences (missiles never fight, §7.1). */
export const COMBAT_UNITS: readonly UnitDef[] = [...SHIP_LIST, ...DEFENSE_LIST.filter((d) => d.inCombat)];
const INDEX = new Map<UnitName, number>(COMBAT_UNITS.map((u, i) => [u.name, i]));

export function combatIndex(name: UnitName): number {
  const i = INDEX.get(name);
  if (i === undefined) throw new RangeError(`${name} does not fight`);
  return i;
}

/**
 * One unit type as it fights for one participant. Hull, shield and damage are kept in tenths of a
 * point (hull = SI/10, so the tenth-scaled hull is the SI itself): every value stays an integer.
 */
export interface CombatClass {
  readonly def: UnitDef;
  readonly type: number;
  readonly damage: number;
  readonly shield: number;
  readonly hull: number;
  readonly cargo: number;
  /** Per target type: rapid-fire success count out of 10,000 rolls (§6); 0 for none. */
  readonly rapidFire: Int32Array;
}

/** §6: chance% = 100 − floor(100/RF × 100)/100, rolled as random_int(1,10000)/100 ≤ chance. */
export function rapidFireSuccesses(rf: number): number {
  return rf > 1 ? 10_000 - Math.floor(10_000 / rf) : 0;
}

export function combatClass(def: UnitDef, techs: Levels<ResearchName>): CombatClass {
  const stats = combatStats(def, techs);
  const rapidFire = new Int32Array(COMBAT_UNITS.length);
  if (def.kind === "ship") {
    for (const [target, rf] of Object.entries(def.rapidFire) as [UnitName, number][]) {
      const i = INDEX.get(target);
      if (i !== undefined) rapidFire[i] = rapidFireSuccesses(rf);
    }
  }
  return {
    def,
    type: combatIndex(def.name),
    damage: stats.attack * 10,
    shield: stats.shield * 10,
    hull: stats.structuralIntegrity,
    cargo: def.kind === "ship" ? shipMobility(def, techs).cargo : 0,
    rapidFire,
  };
}

/** §7.5: a shot below 1 % of the target's full shield bounces. */
export function bounces(damage: number, target: CombatClass): boolean {
  return damage * 100 < target.shield;
}

/**
 * §7.5: after a hit leaving hull below 70 %, the unit explodes when `rand(0,100) < (1 − ratio)×100`.
 * Returns how many of the 101 outcomes of rand(0,100) explode it: ceil((1 − ratio) × 100), exact
 * in integers. A destroyed hull (≤ 0) always counts as exploded.
 */
export function explosionOutcomes(hull: number, full: number): number {
  if (hull <= 0) return 101;
  if (hull * 10 >= full * 7) return 0;
  return Math.floor((100 * (full - hull) + full - 1) / full);
}

export type ShipCounts = Partial<Record<ShipName, number>>;
export type DefenseCounts = Partial<Record<DefenseName, number>>;
