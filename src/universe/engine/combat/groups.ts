import type { CombatClass } from "./units";

/** Units of one type of one participant that share a hull and a current shield. */
export interface Bucket {
  hull: number;
  shield: number;
  count: number;
}

/**
 * All units of one type of one participant, grouped by state. Memory is O(distinct states), never
 * O(units): a million light fighters at full hull are one bucket.
 */
export interface Group {
  readonly cls: CombatClass;
  readonly participant: number;
  /** Units alive at the start of the current round: they all fire and can all be targeted. */
  alive: number;
  buckets: Bucket[];
  index: Map<number, Bucket>;
}

/** Buckets above this many in a group are merged (see `compact`): the model's one approximation. */
export const MAX_BUCKETS = 256;
const SHIELD_SPAN = 2 ** 23;

export function newGroup(cls: CombatClass, participant: number, count: number): Group {
  const g: Group = { cls, participant, alive: count, buckets: [], index: new Map() };
  add(g, cls.hull, cls.shield, count);
  return g;
}

export function add(g: Group, hull: number, shield: number, count: number): void {
  if (count <= 0) return;
  const h = Math.max(0, hull);
  const key = h * SHIELD_SPAN + shield;
  const b = g.index.get(key);
  if (b) b.count += count;
  else {
    const nb = { hull: h, shield, count };
    g.index.set(key, nb);
    g.buckets.push(nb);
  }
}

function rebuild(g: Group, buckets: Bucket[]): void {
  g.buckets = [];
  g.index = new Map();
  for (const b of buckets) add(g, b.hull, b.shield, b.count);
}

/**
 * Merges states when a group holds more than `MAX_BUCKETS`: living units are binned by hull into
 * MAX_BUCKETS/2 equal-width bins and each bin takes its count-weighted mean hull and shield (rounded
 * down, so merging never makes a unit sturdier); the dead merge into one bucket. A merged unit's
 * hull is off by less than one bin width, i.e. < 1/128 of the full hull.
 */
export function compact(g: Group): void {
  if (g.buckets.length <= MAX_BUCKETS) return;
  const bins = MAX_BUCKETS / 2;
  const width = g.cls.hull / bins;
  const sums = Array.from({ length: bins + 1 }, () => ({ hull: 0, shield: 0, count: 0 }));
  for (const b of g.buckets) {
    if (b.count === 0) continue;
    const s = sums[b.hull <= 0 ? bins : Math.min(bins - 1, Math.floor(b.hull / width))]!;
    s.hull += b.hull * b.count;
    s.shield += b.shield * b.count;
    s.count += b.count;
  }
  rebuild(
    g,
    sums
      .filter((s) => s.count > 0)
      .map((s) => ({ hull: Math.floor(s.hull / s.count), shield: Math.floor(s.shield / s.count), count: s.count })),
  );
}

/** §7.6: the destroyed leave, survivors get their full shield back; hull damage stays. */
export function endRound(g: Group): void {
  const survivors = g.buckets.filter((b) => b.hull > 0 && b.count > 0);
  g.alive = 0;
  for (const b of survivors) {
    g.alive += b.count;
    b.shield = g.cls.shield;
  }
  rebuild(g, survivors);
  compact(g);
}
