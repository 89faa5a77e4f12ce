/**
 * Quick-match group formation: pure functions over the queue, with the current time passed in.
 * The Matchmaker object runs `formGroups` on its alarm every `tickMs` while two or more players
 * wait; docs/lobby-and-matchmaking.md describes the algorithm.
 *
 * Rating windows. A player who has waited `w` ms accepts opponents within
 * `min(windowMax, windowStart + windowStep × ⌊w / windowStepMs⌋)` rating points of their own
 * rating: ±100 at first, 50 wider every 15 s, at most ±500.
 *
 * Compatibility. Two players fit each other when each one's rating is inside the other's window,
 * i.e. `|r₁ − r₂| ≤ min(window₁, window₂)`. A group is valid when every pair in it fits.
 *
 * Formation, one pass per check:
 * 1. Order the queue by wait, longest first (then by arrival sequence).
 * 2. Take the longest-waiting player not yet grouped as the anchor. Among the players that fit the
 *    anchor, find the largest valid group with the anchor (at most `maxGroup`); between groups of
 *    the same size, prefer the one whose members waited longest (lexicographically by wait order).
 * 3. If that group has at least `minGroup` players, it is formed and its players leave the pass.
 *    Otherwise the anchor waits for the next check (its window keeps growing).
 * 4. Repeat with the next anchor.
 *
 * Finding the best group uses the fact that ratings lie on a line: a set of players is valid iff
 * every member's window covers the whole span [lowest, highest] of the set. So for every span
 * [lo, hi] (lo and hi taken from the candidates' ratings) the members eligible for it are those
 * inside it whose window reaches both ends, and any subset of them is valid; the best group is the
 * anchor plus the longest-waiting eligible players. A greedy pass (add each candidate, in wait
 * order, that fits everyone chosen so far) is tried first: when it fills the table it is already
 * optimal, and the span search is only needed for smaller groups. The search considers the
 * `searchCap` longest-waiting candidates that fit the anchor, which bounds a check's cost to
 * O(groups × searchCap³) however long the queue.
 */

export interface MatchmakingSettings {
  windowStart: number;
  windowStep: number;
  windowStepMs: number;
  windowMax: number;
  tickMs: number;
  countdownMs: number;
  minGroup: number;
  maxGroup: number;
  searchCap: number;
}

export const MATCHMAKING: Readonly<MatchmakingSettings> = {
  /** Initial rating window: ± this many points. */
  windowStart: 100,
  /** The window grows by this much … */
  windowStep: 50,
  /** … every this many milliseconds of waiting … */
  windowStepMs: 15_000,
  /** … up to ± this many points. */
  windowMax: 500,
  /** How often the matchmaker checks the queue (its alarm). */
  tickMs: 3_000,
  /** Countdown between being matched and the room starting itself. */
  countdownMs: 5_000,
  minGroup: 2,
  maxGroup: 4,
  /** Candidates the exact search looks at per anchor (the longest-waiting that fit the anchor). */
  searchCap: 32,
};

export interface QueuedPlayer {
  userId: string;
  rating: number;
  enqueuedAt: number;
  /** Arrival order, to break ties between equal `enqueuedAt`. */
  seq: number;
}

/** ± rating points a player accepts after waiting `waitMs`. */
export function ratingWindow(
  waitMs: number,
  s: Pick<MatchmakingSettings, "windowStart" | "windowStep" | "windowStepMs" | "windowMax"> = MATCHMAKING,
): number {
  const steps = Math.floor(Math.max(0, waitMs) / s.windowStepMs);
  return Math.min(s.windowMax, s.windowStart + s.windowStep * steps);
}

export interface WindowInfo {
  /** ± points. */
  delta: number;
  min: number;
  max: number;
  /** When the window next grows; null once it is at its maximum. */
  widensAt: number | null;
}

export function windowInfo(rating: number, enqueuedAt: number, now: number, s: MatchmakingSettings = MATCHMAKING): WindowInfo {
  const waited = Math.max(0, now - enqueuedAt);
  const delta = ratingWindow(waited, s);
  const widensAt = delta >= s.windowMax ? null : enqueuedAt + (Math.floor(waited / s.windowStepMs) + 1) * s.windowStepMs;
  return { delta, min: rating - delta, max: rating + delta, widensAt };
}

/** Longest-waiting first, then arrival order. */
export function byWait(a: QueuedPlayer, b: QueuedPlayer): number {
  return a.enqueuedAt - b.enqueuedAt || a.seq - b.seq || (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0);
}

/** Whether two players (with their current windows) fit each other. */
export function fitsEachOther(a: { rating: number; window: number }, b: { rating: number; window: number }): boolean {
  return Math.abs(a.rating - b.rating) <= Math.min(a.window, b.window);
}

/** Whether every pair of a group fits, at `now`. */
export function isValidGroup(group: readonly QueuedPlayer[], now: number, s: MatchmakingSettings = MATCHMAKING): boolean {
  const w = group.map((p) => ({ rating: p.rating, window: ratingWindow(now - p.enqueuedAt, s) }));
  for (let i = 0; i < w.length; i++) {
    for (let j = i + 1; j < w.length; j++) if (!fitsEachOther(w[i]!, w[j]!)) return false;
  }
  return true;
}

interface Entry {
  p: QueuedPlayer;
  /** Position in wait order (0 = longest waiting). */
  rank: number;
  window: number;
}

const inWaitOrder = (g: readonly Entry[]): Entry[] => [...g].sort((x, y) => x.rank - y.rank);

/** Larger first; at equal size, the group whose members come earlier in wait order. */
function better(a: readonly Entry[], b: readonly Entry[]): boolean {
  if (a.length !== b.length) return a.length > b.length;
  const sa = inWaitOrder(a);
  const sb = inWaitOrder(b);
  for (let i = 0; i < sa.length; i++) {
    const d = sa[i]!.rank - sb[i]!.rank;
    if (d !== 0) return d < 0;
  }
  return false;
}

/** The best group around `anchor` from `pool` (each of which fits the anchor), in wait order. */
function bestGroup(anchor: Entry, pool: readonly Entry[], s: MatchmakingSettings): Entry[] {
  // Greedy in wait order: optimal whenever it fills the table.
  const greedy: Entry[] = [anchor];
  for (const c of pool) {
    if (greedy.length >= s.maxGroup) break;
    if (greedy.every((m) => fitsEachOther({ rating: m.p.rating, window: m.window }, { rating: c.p.rating, window: c.window }))) {
      greedy.push(c);
    }
  }
  if (greedy.length >= s.maxGroup) return greedy;

  // Exact search over spans [lo, hi] that contain the anchor and that the anchor's window covers.
  const cands = pool.slice(0, s.searchCap);
  const ra = anchor.p.rating;
  const ratings = [...new Set([ra, ...cands.map((c) => c.p.rating)])].sort((x, y) => x - y);
  let best = greedy;
  for (const lo of ratings) {
    if (lo > ra || ra - lo > anchor.window) continue;
    for (const hi of ratings) {
      if (hi < ra || hi - ra > anchor.window) continue;
      const chosen: Entry[] = [anchor];
      for (const c of cands) {
        if (chosen.length >= s.maxGroup) break;
        const r = c.p.rating;
        if (r >= lo && r <= hi && c.window >= Math.max(r - lo, hi - r)) chosen.push(c);
      }
      if (better(chosen, best)) best = chosen;
    }
  }
  return best;
}

/**
 * Groups to form now, each in wait order (longest-waiting first). Players not in a group stay
 * queued. Deterministic for a given queue and `now`.
 */
export function formGroups(queue: readonly QueuedPlayer[], now: number, s: MatchmakingSettings = MATCHMAKING): QueuedPlayer[][] {
  const order: Entry[] = [...queue].sort(byWait).map((p, rank) => ({ p, rank, window: ratingWindow(now - p.enqueuedAt, s) }));
  const taken = new Set<number>();
  const groups: QueuedPlayer[][] = [];
  for (const anchor of order) {
    if (taken.has(anchor.rank)) continue;
    const pool = order.filter(
      (c) =>
        c.rank !== anchor.rank &&
        !taken.has(c.rank) &&
        fitsEachOther({ rating: anchor.p.rating, window: anchor.window }, { rating: c.p.rating, window: c.window }),
    );
    if (pool.length + 1 < s.minGroup) continue;
    const group = bestGroup(anchor, pool, s);
    if (group.length < s.minGroup) continue;
    for (const m of group) taken.add(m.rank);
    groups.push(inWaitOrder(group).map((m) => m.p));
  }
  return groups;
}
