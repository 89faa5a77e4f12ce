import type { Rng } from "../../../lib/rng";
import { add, type Bucket, compact, type Group } from "./groups";
import { binomial, continuations, multinomial } from "./sampling";
import { bounces, explosionOutcomes } from "./units";

/** What one side's fire did in one round; damage in tenths of a point until the report. */
export interface FireTally {
  shots: number;
  bounced: number;
  hits: number;
  damage: number;
  absorbed: number;
}

export const emptyTally = (): FireTally => ({ shots: 0, bounced: 0, hits: 0, damage: 0, absorbed: 0 });

/** Up to this many hits on one bucket are dealt one by one, and up to this many units one by one, even in the grouped model. */
const EXACT_HITS = 4096;

function pick<T extends { count: number } | Group>(rng: Rng, items: readonly T[], total: number, weight: (t: T) => number): T {
  let r = rng.int(0, total - 1);
  for (const it of items) {
    const w = weight(it);
    if (r < w) return it;
    r -= w;
  }
  throw new Error("weights do not add up");
}

/** One hit of `damage` on one unit of `b` (§7.5); returns the unit's new state. */
function strike(b: Bucket, damage: number, t: FireTally): { hull: number; shield: number } {
  t.hits++;
  const absorbed = Math.min(damage, b.shield);
  t.absorbed += absorbed;
  const hull = b.hull > 0 ? Math.max(0, b.hull - (damage - absorbed)) : 0;
  return { hull, shield: b.shield - absorbed };
}

/**
 * Exact fire, shot by shot (§7.4–7.5): every unit alive at the round's start fires, each at a
 * uniformly random unit of the enemy's round-start list (the destroyed included), rolls explosion
 * and rapid fire. Only the states are grouped; the draws are those of a per-unit simulation.
 */
export function fireExact(rng: Rng, shooters: readonly Group[], targets: readonly Group[], t: FireTally): void {
  const total = targets.reduce((s, g) => s + g.alive, 0);
  if (total === 0) return;
  for (const s of shooters) {
    const damage = s.cls.damage;
    if (damage === 0) continue;
    for (let i = 0; i < s.alive; i++) {
      for (;;) {
        const g = pick(rng, targets, total, (x: Group) => x.alive);
        t.shots++;
        t.damage += damage;
        if (bounces(damage, g.cls)) {
          t.bounced++;
          break;
        }
        const b = pick(rng, g.buckets, g.alive, (x: Bucket) => x.count);
        let { hull, shield } = strike(b, damage, t);
        const boom = explosionOutcomes(hull, g.cls.hull);
        if (hull > 0 && boom > 0 && rng.int(0, 100) < boom) hull = 0;
        b.count--;
        add(g, hull, shield, 1);
        const rf = s.cls.rapidFire[g.cls.type] as number;
        if (rf === 0 || rng.int(1, 10_000) > rf) break;
      }
    }
  }
}

/**
 * How `k` hits spread uniformly over the `c` units of a bucket: [hits, units] pairs for every hit
 * count some unit took (units left unhit are omitted). Memory stays O(distinct hit counts).
 */
function occupancy(rng: Rng, c: number, k: number): [number, number][] {
  const classes = new Map<number, number>();
  const put = (j: number, n: number) => {
    if (j > 0 && n > 0) classes.set(j, (classes.get(j) ?? 0) + n);
  };
  if (k <= EXACT_HITS) {
    // Hit by hit: a hit lands on a unit already hit j times with probability tally[j]/c.
    const tally = [c];
    for (let h = 0; h < k; h++) {
      let r = rng.int(0, c - 1);
      let j = 0;
      while (r >= (tally[j] as number)) r -= tally[j++] as number;
      tally[j] = (tally[j] as number) - 1;
      tally[j + 1] = (tally[j + 1] ?? 0) + 1;
    }
    for (let j = 1; j < tally.length; j++) put(j, tally[j] as number);
  } else if (c <= EXACT_HITS) {
    // Unit by unit: the i-th unit takes Binomial(hits left, 1/units left), which is exact.
    let left = k;
    for (let i = 0; i < c && left > 0; i++) {
      const x = i === c - 1 ? left : binomial(rng, left, 1 / (c - i));
      put(x, 1);
      left -= x;
    }
  } else {
    // Many hits on many units: each unit's hit count is Binomial(k, 1/c), drawn per class in log
    // space. Exact marginals; the total over units equals k in expectation (sd ≈ √k) rather than
    // exactly.
    const logRatio = Math.log(1 / (c - 1));
    let logPmf = k * Math.log1p(-1 / c);
    let tail = 1;
    let left = c;
    for (let j = 0; left > 0; j++) {
      const pmf = Math.exp(logPmf);
      const n = j >= k || tail - pmf <= 1e-12 ? left : binomial(rng, left, pmf / tail);
      put(j, n);
      left -= n;
      tail -= pmf;
      logPmf += Math.log((k - j) / (j + 1)) + logRatio;
    }
  }
  return [...classes];
}

/** Moves the `n` units of `b` that take `j` hits each to their new states, exploding some. */
function land(rng: Rng, g: Group, b: Bucket, n: number, j: number, damage: number, t: FireTally): void {
  let hull = b.hull;
  let shield = b.shield;
  let survive = 1;
  for (let i = 0; i < j; i++) {
    const absorbed = Math.min(damage, shield);
    t.absorbed += absorbed * n;
    shield -= absorbed;
    hull = hull > 0 ? Math.max(0, hull - (damage - absorbed)) : 0;
    survive *= 1 - explosionOutcomes(hull, g.cls.hull) / 101;
    if (hull === 0 && shield === 0) break;
  }
  t.hits += n * j;
  const dead = hull > 0 ? binomial(rng, n, 1 - survive) : n;
  b.count -= n;
  add(g, hull, shield, n - dead);
  add(g, 0, shield, dead);
}

/**
 * Grouped fire for large battles. Per shooter type: the shots landing on each target type are drawn
 * exactly from the rapid-fire chains (each shot hits type τ with probability m_τ/M and continues
 * with the rapid-fire chance; n chains end after n stops, so stops and continuations split
 * multinomially and the continuations are negative-binomial); each type's hits split over its
 * states multinomially; within a state, `occupancy` says how many units take 0, 1, 2… hits and
 * each class follows the hit-by-hit path with its exact survival probability. Shooter types fire in
 * catalog order, as the per-unit loop does.
 */
export function fireGrouped(rng: Rng, shooters: readonly Group[], targets: readonly Group[], t: FireTally): void {
  const total = targets.reduce((s, g) => s + g.alive, 0);
  if (total === 0) return;
  for (const s of shooters) {
    const damage = s.cls.damage;
    if (damage === 0 || s.alive === 0) continue;
    const go: number[] = [];
    const stop: number[] = [];
    let q = 0;
    for (const g of targets) {
      const w = g.alive / total;
      const p = bounces(damage, g.cls) ? 0 : (s.cls.rapidFire[g.cls.type] as number) / 10_000;
      go.push(w * p);
      stop.push(w * (1 - p));
      q += w * p;
    }
    const stops = multinomial(rng, s.alive, stop);
    const more = multinomial(rng, continuations(rng, s.alive, q), go);
    targets.forEach((g, gi) => {
      const shots = (stops[gi] as number) + (more[gi] as number);
      if (shots === 0) return;
      t.shots += shots;
      t.damage += shots * damage;
      if (bounces(damage, g.cls)) {
        t.bounced += shots;
        return;
      }
      const states = g.buckets.filter((b) => b.count > 0);
      // Counts before this batch: units hit earlier in the batch may move into a state processed
      // later, and must not be dealt that state's hits a second time.
      const members = states.map((b) => b.count);
      const perState = multinomial(rng, shots, members);
      states.forEach((b, bi) => {
        const k = perState[bi] as number;
        if (k === 0) return;
        for (const [j, n] of occupancy(rng, members[bi] as number, k)) land(rng, g, b, n, j, damage, t);
      });
      compact(g);
    });
  }
}
