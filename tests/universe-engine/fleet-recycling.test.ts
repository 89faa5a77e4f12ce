import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { collectDebris, RESOURCE_NAMES, recyclingCapacity } from "../../src/universe/engine/index";

const field = (metal: number, crystal: number, deuterium = 0) => ({ metal, crystal, deuterium });

describe("recycling (§13)", () => {
  it("shares the free cargo evenly among the kinds in the field", () => {
    // 20000 over metal and crystal: 10000 each
    expect(collectDebris(field(30_000, 10_000), 20_000)).toEqual({ collected: field(10_000, 10_000), remaining: field(20_000, 0) });
    // 20000 / 3 = 6666 each, the 2 left over go to metal and crystal
    expect(collectDebris(field(50_000, 50_000, 50_000), 20_000).collected).toEqual(field(6667, 6667, 6666));
  });

  it("shares again what a kind cannot fill, until the field is empty", () => {
    // 20000 each; crystal holds 4000, so metal gets 16000 more and is capped at its 30000
    expect(collectDebris(field(30_000, 4000), 40_000)).toEqual({ collected: field(30_000, 4000), remaining: field(0, 0) });
    expect(collectDebris(field(0, 0), 40_000).collected).toEqual(field(0, 0));
    expect(collectDebris(field(5, 5), 0).collected).toEqual(field(0, 0));
  });

  it("gives room to recyclers only, after what the fleet already carries", () => {
    expect(recyclingCapacity({ recycler: 2, large_cargo: 1 }, {}, field(0, 0))).toBe(40_000);
    // hyperspace technology 2: 20000 + 10 % = 22000 a recycler
    expect(recyclingCapacity({ recycler: 1 }, { hyperspace_technology: 2 }, field(0, 0))).toBe(22_000);
    // 65000 room, 30000 carried: the recyclers' 40000 shrink to 35000
    expect(recyclingCapacity({ recycler: 2, large_cargo: 1 }, {}, field(30_000, 0))).toBe(35_000);
    expect(recyclingCapacity({ large_cargo: 3 }, {}, field(0, 0))).toBe(0);
  });

  it("conserves the field: two fleets in a row never take more than it holds", () => {
    const amount = fc.integer({ min: 0, max: 1_000_000 });
    fc.assert(
      fc.property(amount, amount, amount, fc.nat(2_000_000), fc.nat(2_000_000), (m, c, d, cap1, cap2) => {
        const start = field(m, c, d);
        const first = collectDebris(start, cap1);
        const second = collectDebris(first.remaining, cap2);
        const total = (r: typeof start) => r.metal + r.crystal + r.deuterium;
        for (const r of RESOURCE_NAMES) {
          expect(first.collected[r] + second.collected[r] + second.remaining[r]).toBe(start[r]);
          expect(Math.min(first.collected[r], second.collected[r], second.remaining[r])).toBeGreaterThanOrEqual(0);
          expect(Number.isInteger(first.collected[r])).toBe(true);
        }
        // each fleet fills its cargo or empties the field
        expect(total(first.collected) === cap1 || total(first.remaining) === 0).toBe(true);
        expect(total(second.collected) === cap2 || total(second.remaining) === 0).toBe(true);
        // evenly: a kind the field still holds got at least as much as any other, but for a remainder unit
        for (const r of RESOURCE_NAMES) {
          if (first.remaining[r] > 0)
            for (const o of RESOURCE_NAMES) expect(first.collected[r]).toBeGreaterThanOrEqual(first.collected[o] - 1);
        }
      }),
      { numRuns: 500 },
    );
  });
});
