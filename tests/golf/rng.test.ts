import { describe, expect, it } from "vitest";
import { createRng, deriveSeed } from "../../src/lib/rng";

describe("seeded rng (src/lib/rng)", () => {
  it("repeats a stream for the same seed and differs across seeds", () => {
    const a = createRng(42);
    const b = createRng(42);
    const c = createRng(43);
    const first = Array.from({ length: 20 }, () => a.next());
    expect(Array.from({ length: 20 }, () => b.next())).toEqual(first);
    expect(Array.from({ length: 20 }, () => c.next())).not.toEqual(first);
    for (const x of first) {
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
    }
  });

  it("resumes exactly from a saved, JSON-round-tripped state", () => {
    const rng = createRng(7);
    for (let i = 0; i < 13; i++) rng.next();
    const saved = JSON.parse(JSON.stringify(rng.save()));
    const resumed = createRng(saved);
    expect(Array.from({ length: 50 }, () => resumed.int(0, 1000))).toEqual(Array.from({ length: 50 }, () => rng.int(0, 1000)));
    expect(saved).toHaveLength(4);
  });

  it("draws integers inclusively and roughly uniformly", () => {
    const rng = createRng(1);
    const counts = [0, 0, 0, 0, 0, 0];
    for (let i = 0; i < 6000; i++) counts[rng.int(0, 5)]! += 1;
    for (const n of counts) expect(n).toBeGreaterThan(850);
    expect(() => rng.int(3, 2)).toThrow(RangeError);
    expect(() => rng.int(0, 1.5)).toThrow(RangeError);
  });

  it("shuffles into a new array holding the same items, leaving the input alone", () => {
    const rng = createRng(3);
    const input = Array.from({ length: 52 }, (_, i) => i);
    const shuffled = rng.shuffle(input);
    expect(input).toEqual(Array.from({ length: 52 }, (_, i) => i));
    expect(shuffled).not.toEqual(input);
    expect([...shuffled].sort((a, b) => a - b)).toEqual(input);
  });

  it("picks from arrays and refuses empty ones; chance respects its bounds", () => {
    const rng = createRng(9);
    expect(["a", "b", "c"]).toContain(rng.pick(["a", "b", "c"]));
    expect(() => rng.pick([])).toThrow(RangeError);
    expect(Array.from({ length: 100 }, () => rng.chance(0)).some(Boolean)).toBe(false);
    expect(Array.from({ length: 100 }, () => rng.chance(1)).every(Boolean)).toBe(true);
  });

  it("rejects bad seeds and states", () => {
    expect(() => createRng(1.5)).toThrow(RangeError);
    expect(() => createRng([1, 2, 3] as unknown as [number, number, number, number])).toThrow(RangeError);
    expect(() => createRng([1, 2, 3, -1])).toThrow(RangeError);
  });

  it("derives stable, distinct seeds for independent streams", () => {
    expect(deriveSeed(5, "cpu", 2)).toBe(deriveSeed(5, "cpu", 2));
    const seeds = new Set([
      deriveSeed(5),
      deriveSeed(5, "cpu"),
      deriveSeed(5, "cpu", 2),
      deriveSeed(5, "cpu", "2"),
      deriveSeed(6, "cpu", 2),
      deriveSeed(5, "cp", "u2"),
    ]);
    expect(seeds.size).toBe(6);
    for (const seed of seeds) expect(seed >= 0 && seed < 2 ** 31 && Number.isInteger(seed)).toBe(true);
  });
});
