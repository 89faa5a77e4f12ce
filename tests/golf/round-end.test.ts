import { describe, expect, it } from "vitest";
import { applyRoundEndAdjustments, lowestSeats } from "../../src/games/golf/index";
import { opts } from "./helpers";

const all = opts({ blackjack: true, knock_penalty: true, knock_bonus: true, underdog_bonus: true, tied_shame: true });

describe("round-end adjustments (§2.3)", () => {
  it("change nothing when no rule is on", () => {
    expect(applyRoundEndAdjustments([21, 10, 10], 0, opts())).toEqual({ scores: [21, 10, 10], adjustments: [[], [], []] });
  });

  it("blackjack turns exactly 21 into 0", () => {
    expect(applyRoundEndAdjustments([21, 22, 20], null, opts({ blackjack: true })).scores).toEqual([0, 22, 20]);
  });

  it("knock penalty and knock bonus stack to a net +5", () => {
    const { scores, adjustments } = applyRoundEndAdjustments([15, 10], 0, opts({ knock_penalty: true, knock_bonus: true }));
    expect(scores).toEqual([20, 10]);
    expect(adjustments[0]).toEqual([
      { rule: "knock_penalty", delta: 10 },
      { rule: "knock_bonus", delta: -5 },
    ]);
  });

  it("knock penalty spares a finisher tied for lowest", () => {
    expect(applyRoundEndAdjustments([10, 10, 12], 0, opts({ knock_penalty: true })).scores).toEqual([10, 10, 12]);
  });

  it("knock penalty is judged after blackjack", () => {
    // Raw 21 would be far above 5, but blackjack makes it 0 first.
    expect(applyRoundEndAdjustments([21, 5], 0, opts({ blackjack: true, knock_penalty: true })).scores).toEqual([0, 5]);
  });

  it("knock rules do nothing without a finisher", () => {
    expect(applyRoundEndAdjustments([15, 10], null, opts({ knock_penalty: true, knock_bonus: true })).scores).toEqual([15, 10]);
  });

  it("underdog goes to every player tied for lowest, judged after the knock rules", () => {
    // The finisher's bonus (10 → 5) makes it the sole lowest.
    expect(applyRoundEndAdjustments([10, 7, 7], 0, opts({ knock_bonus: true, underdog_bonus: true })).scores).toEqual([2, 7, 7]);
    expect(applyRoundEndAdjustments([10, 7, 7], null, opts({ underdog_bonus: true })).scores).toEqual([10, 4, 4]);
  });

  it("tied shame is judged last, on the adjusted scores", () => {
    // Blackjack creates the tie: 21 → 0 equals the other 0.
    expect(applyRoundEndAdjustments([21, 0, 8], null, opts({ blackjack: true, tied_shame: true })).scores).toEqual([5, 5, 8]);
    // Underdog keeps a tie at the bottom: both get −3, then both are shamed.
    expect(applyRoundEndAdjustments([4, 4, 9], null, opts({ underdog_bonus: true, tied_shame: true })).scores).toEqual([6, 6, 9]);
    // The knock bonus breaks the raw tie before shame is judged.
    expect(applyRoundEndAdjustments([9, 9], 1, opts({ knock_bonus: true, tied_shame: true })).scores).toEqual([9, 4]);
  });

  it("applies all five in order: worked example", () => {
    // blackjack: [0,12,9,15]; penalty: 15 > 0 → 25; bonus → 20; underdog: seat 0 → −3; no ties.
    const { scores, adjustments } = applyRoundEndAdjustments([21, 12, 9, 15], 3, all);
    expect(scores).toEqual([-3, 12, 9, 20]);
    expect(adjustments).toEqual([
      [
        { rule: "blackjack", delta: -21 },
        { rule: "underdog_bonus", delta: -3 },
      ],
      [],
      [],
      [
        { rule: "knock_penalty", delta: 10 },
        { rule: "knock_bonus", delta: -5 },
      ],
    ]);
  });

  it("all five with ties everywhere: worked example", () => {
    // No blackjack; finisher 1 at 8 > 6 → 18 → 13; underdog seats 0 and 2 (6) → 3, 3; shame: 3, 3 tied → 8, 8.
    expect(applyRoundEndAdjustments([6, 8, 6], 1, all).scores).toEqual([8, 13, 8]);
  });
});

describe("holes won", () => {
  it("goes to every seat tied for the lowest adjusted score", () => {
    expect(lowestSeats([5, 3, 9])).toEqual([1]);
    expect(lowestSeats([3, 3, 9, 3])).toEqual([0, 1, 3]);
    expect(lowestSeats([-4, 0])).toEqual([0]);
  });
});
