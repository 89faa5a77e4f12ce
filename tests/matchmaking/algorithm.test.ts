import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formGroups, isValidGroup, MATCHMAKING, type QueuedPlayer, ratingWindow, windowInfo } from "../../src/matchmaking/algorithm";

const T = 1_763_780_000_000;
let seq = 0;

/** A player who has waited `waitedMs` at time T. */
function p(userId: string, rating: number, waitedMs = 0): QueuedPlayer {
  seq += 1;
  return { userId, rating, enqueuedAt: T - waitedMs, seq };
}

const ids = (groups: QueuedPlayer[][]) => groups.map((g) => g.map((m) => m.userId));

describe("rating windows", () => {
  it("start at ±100, grow by 50 every 15 s, and stop at ±500", () => {
    expect(ratingWindow(0)).toBe(100);
    expect(ratingWindow(14_999)).toBe(100);
    expect(ratingWindow(15_000)).toBe(150);
    expect(ratingWindow(29_999)).toBe(150);
    expect(ratingWindow(30_000)).toBe(200);
    expect(ratingWindow(119_999)).toBe(450);
    expect(ratingWindow(120_000)).toBe(500);
    expect(ratingWindow(3_600_000)).toBe(500);
    // A clock that went backwards never shrinks the window below its start.
    expect(ratingWindow(-5_000)).toBe(100);
  });

  it("report the range and when the window next widens", () => {
    expect(windowInfo(1500, T, T + 16_000)).toEqual({ delta: 150, min: 1350, max: 1650, widensAt: T + 30_000 });
    expect(windowInfo(1500, T, T)).toEqual({ delta: 100, min: 1400, max: 1600, widensAt: T + 15_000 });
    expect(windowInfo(1200, T, T + 10 * 60_000)).toEqual({ delta: 500, min: 700, max: 1700, widensAt: null });
  });
});

describe("group formation", () => {
  it("pairs two players inside each other's windows and leaves a lone player queued", () => {
    expect(ids(formGroups([p("a", 1500), p("b", 1590)], T))).toEqual([["a", "b"]]);
    expect(formGroups([p("a", 1500)], T)).toEqual([]);
    expect(formGroups([], T)).toEqual([]);
  });

  it("matches players further apart only once both windows have grown", () => {
    // 150 apart: not at first, not when only one of them has waited, yes once both have waited 15 s.
    expect(formGroups([p("a", 1500), p("b", 1650)], T)).toEqual([]);
    expect(formGroups([p("a", 1500, 60_000), p("b", 1650, 0)], T)).toEqual([]);
    expect(ids(formGroups([p("a", 1500, 15_000), p("b", 1650, 15_000)], T))).toEqual([["a", "b"]]);
    // 600 apart never fits, however long they wait.
    expect(formGroups([p("a", 1000, 3_600_000), p("b", 1600, 3_600_000)], T)).toEqual([]);
  });

  it("seats at most 4 per group, longest-waiting first", () => {
    const queue = [p("e", 1500, 10), p("a", 1500, 50), p("c", 1500, 30), p("f", 1500, 0), p("b", 1500, 40), p("d", 1500, 20)];
    expect(ids(formGroups(queue, T))).toEqual([
      ["a", "b", "c", "d"],
      ["e", "f"],
    ]);
  });

  it("leaves the fifth compatible player for the next check rather than splitting into smaller tables", () => {
    const queue = [p("a", 1500, 50), p("b", 1510, 40), p("c", 1520, 30), p("d", 1530, 20), p("e", 1540, 10)];
    expect(ids(formGroups(queue, T))).toEqual([["a", "b", "c", "d"]]);
  });

  it("prefers a larger group for the longest-waiting player over the first fit", () => {
    // a fits b, c and d; b fits neither c nor d; c and d fit each other. Greedy in wait order would
    // seat only {a, b}; {a, c, d} is larger.
    const queue = [p("a", 1500, 40), p("b", 1590, 30), p("c", 1420, 20), p("d", 1430, 10)];
    expect(ids(formGroups(queue, T))).toEqual([["a", "c", "d"]]);
  });

  it("breaks ties between equally large groups by wait", () => {
    // a can sit with b or with c (not both); b has waited longer.
    const queue = [p("a", 1500, 30), p("c", 1420, 10), p("b", 1580, 20)];
    expect(ids(formGroups(queue, T))).toEqual([["a", "b"]]);
  });

  it("uses each player's own window: a long-waiting player does not pull in a newcomer outside the newcomer's window", () => {
    const veteran = p("vet", 1500, 120_000); // ±500
    const newcomer = p("new", 1800, 0); // ±100
    expect(formGroups([veteran, newcomer], T)).toEqual([]);
    expect(ids(formGroups([veteran, newcomer, p("mid", 1750, 120_000)], T))).toEqual([["vet", "mid"]]);
  });

  it("respects a game's smaller table", () => {
    const queue = [p("a", 1500, 30), p("b", 1500, 20), p("c", 1500, 10)];
    expect(ids(formGroups(queue, T, { ...MATCHMAKING, maxGroup: 2 }))).toEqual([["a", "b"]]);
  });
});

const arbQueue = fc
  .array(
    fc.record({
      rating: fc.integer({ min: 900, max: 2100 }),
      waited: fc.integer({ min: 0, max: 150_000 }),
    }),
    { maxLength: 9 },
  )
  .map((xs) => xs.map((x, i) => ({ userId: `u${i}`, rating: x.rating, enqueuedAt: T - x.waited, seq: i }) satisfies QueuedPlayer));

function subsetsWith(anchor: QueuedPlayer, others: QueuedPlayer[], maxSize: number): QueuedPlayer[][] {
  const out: QueuedPlayer[][] = [];
  const n = others.length;
  for (let mask = 0; mask < 1 << n; mask++) {
    const pick = others.filter((_, i) => mask & (1 << i));
    if (pick.length + 1 <= maxSize) out.push([anchor, ...pick]);
  }
  return out;
}

describe("group formation properties", () => {
  it("forms only valid, disjoint groups of 2–4 and leaves no two fitting players behind", () => {
    fc.assert(
      fc.property(arbQueue, (queue) => {
        const groups = formGroups(queue, T);
        const seen = new Set<string>();
        for (const g of groups) {
          expect(g.length).toBeGreaterThanOrEqual(2);
          expect(g.length).toBeLessThanOrEqual(4);
          expect(isValidGroup(g, T)).toBe(true);
          for (const m of g) {
            expect(seen.has(m.userId)).toBe(false);
            seen.add(m.userId);
          }
        }
        const left = queue.filter((q) => !seen.has(q.userId));
        for (let i = 0; i < left.length; i++) {
          for (let j = i + 1; j < left.length; j++) expect(isValidGroup([left[i]!, left[j]!], T)).toBe(false);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("gives the longest-waiting player the largest group that exists for them", () => {
    fc.assert(
      fc.property(arbQueue, (queue) => {
        if (queue.length === 0) return;
        const order = [...queue].sort((a, b) => a.enqueuedAt - b.enqueuedAt || a.seq - b.seq);
        const anchor = order[0]!;
        const best = Math.max(
          ...subsetsWith(anchor, order.slice(1), 4)
            .filter((g) => isValidGroup(g, T))
            .map((g) => g.length),
        );
        const groups = formGroups(queue, T);
        const mine = groups.find((g) => g.some((m) => m.userId === anchor.userId));
        expect(mine?.length ?? 1).toBe(best);
        if (mine) expect(mine[0]!.userId).toBe(anchor.userId);
      }),
      { numRuns: 300 },
    );
  });

  it("is deterministic and independent of the order the queue is given in", () => {
    fc.assert(
      fc.property(arbQueue, fc.integer(), (queue, salt) => {
        const shuffled = [...queue].sort((a, b) => ((a.seq * 7919 + salt) % 13) - ((b.seq * 7919 + salt) % 13));
        expect(ids(formGroups(shuffled, T))).toEqual(ids(formGroups(queue, T)));
      }),
      { numRuns: 200 },
    );
  });
});
