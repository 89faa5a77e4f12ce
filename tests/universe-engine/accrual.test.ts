import { describe, expect, it } from "vitest";
import { accrue, accrueResources } from "../../src/universe/engine/index";

describe("accrual (§3 step 5)", () => {
  it("adds hourly × elapsed hours below capacity", () => {
    expect(accrue(100, 60, 0.5, 10_000)).toBe(130);
  });

  it("clips at capacity", () => {
    expect(accrue(9_990, 60, 1, 10_000)).toBe(10_000);
  });

  it("never trims a stock already above capacity", () => {
    expect(accrue(25_000, 60, 10, 10_000)).toBe(25_000);
  });

  it("drains a net consumption down to zero, above capacity too", () => {
    expect(accrue(25_000, -100, 10, 10_000)).toBe(24_000);
    expect(accrue(50, -100, 1, 10_000)).toBe(0);
  });

  it("works on the three resources between two instants", () => {
    const stock = { metal: 100, crystal: 9_999, deuterium: 20_000 };
    const after = accrueResources(
      stock,
      { metal: 3600, crystal: 3600, deuterium: 3600 },
      { metal: 10_000, crystal: 10_000, deuterium: 10_000 },
      0,
      10_000,
    );
    expect(after).toEqual({ metal: 110, crystal: 10_000, deuterium: 20_000 });
  });

  it("changes nothing for an instant in the past", () => {
    const stock = { metal: 1, crystal: 2, deuterium: 3 };
    expect(accrueResources(stock, { metal: 10, crystal: 10, deuterium: 10 }, stock, 5_000, 4_000)).toBe(stock);
  });
});
