import type { Rng } from "../../../lib/rng";
import type { UnitDef } from "../catalog-types";
import type { Resources } from "../resources";
import type { UniverseSettings } from "../settings";
import { binomial } from "./sampling";

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
const KINDS = ["metal", "crystal", "deuterium"] as const;
const zero = (): Mutable<Resources> => ({ metal: 0, crystal: 0, deuterium: 0 });

/**
 * §7.8: `percent` of each stored resource, limited by the surviving cargo capacity. Short of
 * capacity, each resource first gets up to a third of it, then what is left is shared evenly among
 * the resources that still have loot, again and again until the cargo is full or nothing is left.
 */
export function plunder(stored: Resources, percent: number, capacity: number): Resources {
  const want = zero();
  for (const r of KINDS) want[r] = Math.floor((stored[r] * percent) / 100);
  const cap = Math.floor(capacity);
  if (want.metal + want.crystal + want.deuterium <= cap) return want;
  const got = zero();
  for (const r of KINDS) got[r] = Math.min(want[r], Math.floor(cap / 3));
  let left = cap - got.metal - got.crystal - got.deuterium;
  for (;;) {
    const open = KINDS.filter((r) => got[r] < want[r]);
    if (left <= 0 || open.length === 0) return got;
    const share = Math.max(1, Math.floor(left / open.length));
    for (const r of open) {
      const take = Math.min(want[r] - got[r], share, left);
      got[r] += take;
      left -= take;
    }
  }
}

/**
 * What an attacking fleet still carries after the fight: its cargo while the surviving ships hold
 * it, else each resource scaled down by the same factor (floored); the rest went down with the
 * ships. Loot only fills the room left beside it.
 */
export function keepCargo(cargo: Resources, capacity: number): Resources {
  const total = cargo.metal + cargo.crystal + cargo.deuterium;
  if (total <= capacity) return cargo;
  const kept = zero();
  for (const r of KINDS) kept[r] = Math.floor((cargo[r] * capacity) / total);
  return kept;
}

/**
 * §7.8 multi-fleet: shares proportional to each fleet's surviving cargo, floored. The rounding
 * remainders (fewer units than fleets per resource) go one by one to the fleet with the most room
 * left, so no hold is overfilled when the loot fills the capacity.
 */
export function splitLoot(loot: Resources, capacities: readonly number[]): Resources[] {
  const total = capacities.reduce((a, b) => a + b, 0);
  const shares = capacities.map(() => zero());
  if (total === 0) return shares;
  const room = [...capacities];
  const left = zero();
  for (const r of KINDS) {
    left[r] = loot[r];
    capacities.forEach((c, i) => {
      const x = Math.floor((loot[r] * c) / total);
      (shares[i] as Mutable<Resources>)[r] = x;
      room[i] = (room[i] as number) - x;
      left[r] -= x;
    });
  }
  for (const r of KINDS) {
    for (; left[r] > 0; left[r]--) {
      const i = room.indexOf(Math.max(...room));
      (shares[i] as Mutable<Resources>)[r] += 1;
      room[i] = (room[i] as number) - 1;
    }
  }
  return shares;
}

/** §7.9 for one lost stack: floor(price × count × percent) of metal and crystal, deuterium if enabled. */
export function stackDebris(def: UnitDef, lost: number, settings: UniverseSettings): Resources {
  const pct = def.kind === "ship" ? settings.debrisFromShips : settings.debrisFromDefense;
  const part = (v: number) => Math.floor((v * lost * pct) / 100);
  return {
    metal: part(def.price.metal),
    crystal: part(def.price.crystal),
    deuterium: settings.debrisDeuterium ? part(def.price.deuterium) : 0,
  };
}

export function stackValue(def: UnitDef, count: number): Resources {
  return { metal: def.price.metal * count, crystal: def.price.crystal * count, deuterium: def.price.deuterium * count };
}

/** §7.10: each destroyed defence is rebuilt independently with the repair rate; domes stay ≤ 1. */
export function repairDefences(rng: Rng, destroyed: number, settings: UniverseSettings, maxCount: number | null): number {
  const rebuilt = binomial(rng, destroyed, settings.defenseRepairRate / 100);
  return maxCount === null ? rebuilt : Math.min(rebuilt, maxCount);
}

/** §7.11: chance = min(floor(debris/100,000), max); roll random_int(1,100) ≤ chance; diameter capped at 8944 km. */
export function moonRoll(rng: Rng, debris: Resources, allowed: boolean, settings: UniverseSettings) {
  const total = debris.metal + debris.crystal + debris.deuterium;
  const chance = allowed ? Math.min(Math.floor(total / 100_000), settings.maxMoonChance) : 0;
  const formed = chance > 0 && rng.int(1, 100) <= chance;
  const diameter = formed ? Math.min(8944, Math.floor(Math.sqrt(rng.int(10, 20) + (3 * total) / 100_000) * 1000)) : null;
  return { chance, formed, diameter };
}

/** Tactical-retreat weight of a unit (§7.2): civil ships a quarter, probes, satellites, crawlers and defences nothing. */
export function retreatPoints(def: UnitDef): number {
  if (def.kind !== "ship" || ["espionage_probe", "solar_satellite", "crawler"].includes(def.name)) return 0;
  const value = def.price.metal + def.price.crystal + def.price.deuterium;
  return def.civil ? value / 4 : value;
}

/** Ships of the planet owner that may flee: all but deathstars and those that cannot fly. */
export function canFlee(def: UnitDef): boolean {
  return def.kind === "ship" && !["deathstar", "solar_satellite", "crawler"].includes(def.name);
}

/** §7.12: the owner's ship losses make a wreck field from 150,000 resources and 5 % of the fleet's value. */
export function wreckFieldForms(lostValue: number, fleetValue: number): boolean {
  return lostValue >= 150_000 && lostValue * 100 >= fleetValue * 5;
}
