import type { Rng } from "../../../lib/rng";

/**
 * Draws of the counting distributions the grouped fire model needs. Small cases are drawn exactly
 * (one Bernoulli trial per unit, or inversion); large ones use the normal approximation, whose
 * error in a count of standard deviation σ is below 0.5/σ by Berry–Esseen (σ ≥ 5 here).
 */

const EXACT_TRIALS = 40;
const INVERSION_MEAN = 30;

export function gaussian(rng: Rng): number {
  const u = 1 - rng.next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.next());
}

function normalCount(rng: Rng, mean: number, sd: number, max: number): number {
  return Math.min(max, Math.max(0, Math.round(mean + sd * gaussian(rng))));
}

export function binomial(rng: Rng, n: number, p: number): number {
  if (n <= 0 || p <= 0) return 0;
  if (p >= 1) return n;
  if (p > 0.5) return n - binomial(rng, n, 1 - p);
  if (n <= EXACT_TRIALS) {
    let x = 0;
    for (let i = 0; i < n; i++) if (rng.next() < p) x++;
    return x;
  }
  const mean = n * p;
  const q = 1 - p;
  if (mean < INVERSION_MEAN) {
    let f = q ** n;
    if (f > 0) {
      let u = rng.next();
      let x = 0;
      const ratio = p / q;
      while (u > f && x < n) {
        u -= f;
        f *= (ratio * (n - x)) / (x + 1);
        x++;
      }
      return x;
    }
  }
  return normalCount(rng, mean, Math.sqrt(mean * q), n);
}

/** Counts of `n` draws over categories of the given (unnormalised) weights. */
export function multinomial(rng: Rng, n: number, weights: readonly number[]): number[] {
  const out = new Array<number>(weights.length).fill(0);
  let mass = 0;
  for (const w of weights) mass += w;
  let left = n;
  for (let i = 0; i < weights.length && left > 0; i++) {
    const w = weights[i] as number;
    if (w <= 0) continue;
    const x = i === weights.length - 1 || w >= mass ? left : binomial(rng, left, w / mass);
    out[i] = x;
    left -= x;
    mass -= w;
  }
  return out;
}

/** Continuations before the `n`-th stop when each trial continues with probability `q`. */
export function continuations(rng: Rng, n: number, q: number): number {
  if (n <= 0 || q <= 0) return 0;
  if (n <= EXACT_TRIALS * 2) {
    const lq = Math.log(q);
    let total = 0;
    for (let i = 0; i < n; i++) total += Math.floor(Math.log(1 - rng.next()) / lq);
    return total;
  }
  const mean = (n * q) / (1 - q);
  return normalCount(rng, mean, Math.sqrt(mean / (1 - q)), Number.MAX_SAFE_INTEGER);
}
