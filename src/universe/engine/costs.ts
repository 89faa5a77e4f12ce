import type { BuildingDef, LeveledDef, UnitDef } from "./catalog-types";
import { FREE, type Price } from "./resources";

/**
 * Prices are computed with exact rational arithmetic: every factor in the catalog has at most two
 * decimals, and floor(900 × 1.8^k) must not lose a unit to binary rounding of 1.8^k.
 */
const ratios = new Map<number, readonly [bigint, bigint]>();

function gcd(a: bigint, b: bigint): bigint {
  return b === 0n ? a : gcd(b, a % b);
}

function ratioOf(factor: number): readonly [bigint, bigint] {
  let ratio = ratios.get(factor);
  if (!ratio) {
    const num = BigInt(Math.round(factor * 100));
    const divisor = gcd(num, 100n);
    ratio = [num / divisor, 100n / divisor];
    ratios.set(factor, ratio);
  }
  return ratio;
}

function mapPrice(base: Price, fn: (amount: bigint) => bigint): Price {
  const f = (amount: number) => Number(fn(BigInt(amount)));
  return Object.freeze({ metal: f(base.metal), crystal: f(base.crystal), deuterium: f(base.deuterium), energy: f(base.energy) });
}

function memoized(compute: (def: LeveledDef, level: number) => Price) {
  const cache = new Map<number, Price[]>();
  return (def: LeveledDef, level: number): Price => {
    if (level <= 0) return FREE;
    let byLevel = cache.get(def.id);
    if (!byLevel) {
      byLevel = [];
      cache.set(def.id, byLevel);
    }
    let price = byLevel[level];
    if (!price) {
      price = compute(def, level);
      byLevel[level] = price;
    }
    return price;
  };
}

/** Price of reaching `level` (§1): floor(base × factor^(level−1)), astrophysics rounded to 100. */
export const levelCost = memoized((def, level) => {
  const [num, den] = ratioOf(def.factor);
  const k = BigInt(level - 1);
  const n = num ** k;
  const d = den ** k;
  const roundToHundred = def.kind === "research" && def.roundToHundred;
  return mapPrice(def.price, (base) => {
    const raw = (base * n) / d;
    return roundToHundred ? ((raw + 50n) / 100n) * 100n : raw;
  });
});

/**
 * Total price of levels 1..level, as used by the score (§1): the geometric series
 * floor(base × (1 − f^L) / (1 − f)) without per-level flooring or rounding.
 */
export const cumulativeCost = memoized((def, level) => {
  const [num, den] = ratioOf(def.factor);
  const l = BigInt(level);
  const nl = num ** l;
  const dl = den ** l;
  // base × (1 − (n/d)^L) / (1 − n/d) = base × d × (n^L − d^L) / (d^L × (n − d))
  return mapPrice(def.price, (base) => (base * den * (nl - dl)) / (dl * (num - den)));
});

/** Price of tearing `level` down to level − 1: that level's price less 4 % per ion level, no energy. */
export function demolitionCost(def: BuildingDef, level: number, ionTechnology: number): Price {
  const keep = BigInt(Math.max(0, 100 - 4 * ionTechnology));
  return mapPrice({ ...levelCost(def, level), energy: 0 }, (amount) => (amount * keep) / 100n);
}

export function unitCost(def: UnitDef, count: number): Price {
  const { metal, crystal, deuterium, energy } = def.price;
  return { metal: metal * count, crystal: crystal * count, deuterium: deuterium * count, energy: energy * count };
}
