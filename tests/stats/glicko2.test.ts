import { describe, expect, it } from "vitest";
import { GLICKO2, rateGame, updateRating } from "../../src/stats/glicko2";

describe("Glicko-2", () => {
  it("reproduces the example of Glickman's paper", () => {
    const player = { rating: 1500, rd: 200, volatility: 0.06 };
    const next = updateRating(player, [
      { opponent: { rating: 1400, rd: 30, volatility: 0.06 }, score: 1 },
      { opponent: { rating: 1550, rd: 100, volatility: 0.06 }, score: 0 },
      { opponent: { rating: 1700, rd: 300, volatility: 0.06 }, score: 0 },
    ]);
    // The paper rounds its intermediate steps; exact arithmetic lands within 0.01 of its figures.
    expect(Math.abs(next.rating - 1464.06)).toBeLessThan(0.015);
    expect(Math.abs(next.rd - 151.52)).toBeLessThan(0.015);
    expect(Math.abs(next.volatility - 0.05999)).toBeLessThan(0.00001);
  });

  it("grows only the RD of a player without games, up to the ceiling", () => {
    const next = updateRating({ rating: 1600, rd: 50, volatility: 0.06 }, []);
    expect(next.rating).toBe(1600);
    expect(next.rd).toBeCloseTo(Math.sqrt((50 / 173.7178) ** 2 + 0.06 ** 2) * 173.7178, 6);
    expect(updateRating(GLICKO2.initial, []).rd).toBe(350);
  });

  it("never lets the RD fall below the floor", () => {
    // Forty draws against well-known opponents per period would push the RD to about 20.
    const many = Array.from({ length: 40 }, () => ({ opponent: { rating: 1500, rd: 30, volatility: 0.06 }, score: 0.5 }));
    let r = { rating: 1500, rd: 100, volatility: 0.06 };
    for (let i = 0; i < 20; i++) r = updateRating(r, many);
    expect(r.rd).toBe(GLICKO2.options.rdFloor);
    expect(updateRating(r, many, { ...GLICKO2.options, rdFloor: 0 }).rd).toBeLessThan(30);
  });

  it("rates a multi-player game pairwise; ties draw; fixed entrants are not rated", () => {
    const fresh = GLICKO2.initial;
    const [a, b, cpu] = rateGame([
      { rating: fresh, rank: 1, fixed: false },
      { rating: fresh, rank: 2, fixed: false },
      { rating: GLICKO2.cpu, rank: 3, fixed: true },
    ]);
    expect(cpu).toBeNull();
    expect(a!.rating).toBeGreaterThan(1500);
    expect(b!.rating).toBeLessThan(a!.rating);
    // b beat the CPU and lost to a: the same as a win and a loss against equal opponents.
    expect(b!.rating).toBeCloseTo(
      updateRating(fresh, [
        { opponent: fresh, score: 0 },
        { opponent: GLICKO2.cpu, score: 1 },
      ]).rating,
      9,
    );
    const [x, y] = rateGame([
      { rating: fresh, rank: 1, fixed: false },
      { rating: fresh, rank: 1, fixed: false },
    ]);
    expect(x!.rating).toBeCloseTo(1500, 9);
    expect(y!.rating).toBeCloseTo(1500, 9);
    expect(x!.rd).toBeLessThan(350);
  });
});
