/**
 * Seeded pseudo-random numbers (sfc32). Pure TypeScript, no Math.random: games replay exactly
 * from a stored seed, and `save()` lets a Durable Object persist the stream mid-game and resume it.
 */

/** The four uint32 words of sfc32's state; plain JSON, so it can be stored as-is. */
export type RngState = [number, number, number, number];

export interface Rng {
  /** Uniform float in [0, 1). */
  next(): number;
  /** Uniform integer in [min, max], both inclusive (integers, span at most 2^32). */
  int(min: number, max: number): number;
  /** True with probability `p` (p ≤ 0 never, p ≥ 1 always). */
  chance(p: number): boolean;
  /** A uniformly chosen element; throws on an empty array. */
  pick<T>(items: readonly T[]): T;
  /** A shuffled copy (Fisher–Yates); the input is left untouched. */
  shuffle<T>(items: readonly T[]): T[];
  /** The current position of the stream; `createRng(rng.save())` continues exactly from here. */
  save(): RngState;
}

const UINT32 = 4294967296;

/**
 * splitmix32 over one seed word, spread into the four sfc32 words, so nearby seeds give unrelated
 * streams. `seedBase` folds the seed into splitmix's start and `seedWord` gives its i-th output
 * directly (the start plus i + 1 golden-ratio steps), so a seed is spread without an array: CPUs
 * derive a fresh stream for every decision.
 */
function seedBase(seed: number): number {
  if (!Number.isSafeInteger(seed)) throw new RangeError(`RNG seed must be a safe integer, got ${seed}`);
  const hi = Math.floor(seed / UINT32) >>> 0;
  return ((seed >>> 0) ^ Math.imul(hi, 0x27d4eb2d)) | 0;
}

function seedWord(base: number, i: number): number {
  let z = (base + Math.imul(i + 1, 0x9e3779b9)) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

function checkState(state: readonly number[]): RngState {
  if (state.length !== 4 || !state.every((w) => Number.isInteger(w) && w >= 0 && w < UINT32)) {
    throw new RangeError("RNG state must be four uint32 words");
  }
  return [state[0] as number, state[1] as number, state[2] as number, state[3] as number];
}

/** A class rather than closures: creating a stream then costs one object, not seven functions. */
class Sfc32 implements Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(a: number, b: number, c: number, d: number) {
    this.a = a;
    this.b = b;
    this.c = c;
    this.d = d;
  }

  uint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  next(): number {
    return this.uint32() / UINT32;
  }

  int(min: number, max: number): number {
    if (!Number.isSafeInteger(min) || !Number.isSafeInteger(max) || min > max || max - min >= UINT32) {
      throw new RangeError(`Invalid integer range [${min}, ${max}]`);
    }
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError("Cannot pick from an empty array");
    return items[this.int(0, items.length - 1)] as T;
  }

  shuffle<T>(items: readonly T[]): T[] {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = this.int(0, i);
      [out[i], out[j]] = [out[j] as T, out[i] as T];
    }
    return out;
  }

  save(): RngState {
    return [this.a >>> 0, this.b >>> 0, this.c >>> 0, this.d >>> 0];
  }
}

export function createRng(seed: number | RngState): Rng {
  if (typeof seed !== "number") {
    // A restored state must not be advanced again.
    const [a, b, c, d] = checkState(seed);
    return new Sfc32(a, b, c, d);
  }
  const base = seedBase(seed);
  let a = seedWord(base, 0);
  let b = seedWord(base, 1);
  let c = seedWord(base, 2);
  let d = seedWord(base, 3);
  // Fresh seeds start from a warmed-up state: `uint32`'s step twelve times, on locals rather than
  // fields, which took three times as long (a CPU decision seeds a fresh stream).
  for (let i = 0; i < 12; i++) {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (((c << 21) | (c >>> 11)) + t) | 0;
  }
  return new Sfc32(a, b, c, d);
}

/**
 * A seed for an independent stream derived from `seed` and labels, e.g.
 * `deriveSeed(gameSeed, "cpu", seat, turn)`. Lets CPU and timer decisions draw randomness
 * without touching the game stream that replays depend on. Result is in [0, 2^31).
 */
export function deriveSeed(seed: number, ...salt: (string | number)[]): number {
  let h = seedWord(seedBase(seed), 0);
  for (const part of salt) {
    // The type tag and length keep ("1") apart from (1) and ("ab") apart from ("a", "b").
    if (typeof part === "number") {
      h = mix(h, 0x6e);
      const base = seedBase(part);
      for (let i = 0; i < 4; i++) h = mix(h, seedWord(base, i));
    } else {
      h = mix(h, 0x73 ^ (part.length << 8));
      for (let i = 0; i < part.length; i++) h = mix(h, part.charCodeAt(i));
    }
  }
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) & 0x7fffffff;
}

function mix(h: number, word: number): number {
  const m = Math.imul(h ^ word, 0x5bd1e995);
  return m ^ (m >>> 15);
}
