/** Stats count only what the human played; a CPU that took their seat earns them nothing. */
import { describe, expect, it } from "vitest";
import type { GolfState } from "../../src/games/golf/index";
import { registerUser } from "../helpers/http";
import { myStats, record } from "../history/helpers";
import { twoHoleGolf } from "./helpers";

let clock = 1_800_000_000_000;

/** Seed 23 (2 holes): seat 0 scores -3 (wins, seat 1 goes out) then -1 (wins, goes out first). Seed 5: seat 1 wins 15–18. */
function twoHoles(seed: number, seat0: string | null, seat1: string | null) {
  clock += 3_600_000;
  return twoHoleGolf(seed, clock, seat0, seat1);
}

/** Index of the action that ended the first hole. */
function firstHoleEnd(states: GolfState[]): number {
  return states.findIndex((s, i) => i > 0 && s.phase === "round_over") - 1;
}

describe("stats credit only the human's own play", () => {
  it("leaves out rounds a CPU played for the human after taking their seat", async () => {
    const ada = await registerUser("ada");
    const g = twoHoles(23, ada.id, null);
    const end = firstHoleEnd(g.states);
    // Ada's seat was taken over by a CPU for the whole second hole.
    g.record.actions = g.record.actions.map((a, i) => (i > end && a.seat === 0 ? { ...a, source: "cpu" } : a));
    expect(await record(g.record)).toBe(true);
    const { stats, achievements } = await myStats(ada);
    expect(stats).toMatchObject({
      gamesPlayed: 1,
      roundsPlayed: 1,
      roundsWon: 1,
      totalPoints: -3,
      averageScore: -3,
      bestRound: -3,
      worstRound: -3,
      knockouts: 0, // the second hole's knockout was the CPU's
      perfectRounds: 1,
      negativeRounds: 1,
    });
    expect(achievements.map((a) => a.key)).toContain("perfect_round");
  });

  it("a seat whose owner never moved: unranked for the opponent, a forfeit for the absent player", async () => {
    const ada = await registerUser("ada");
    const bob = await registerUser("bob");
    const g = twoHoles(5, ada.id, bob.id);
    // Bob never connected: a CPU made every one of his moves, and won.
    g.record.actions = g.record.actions.map((a) => (a.seat === 1 ? { ...a, source: "cpu" } : a));
    expect(g.record.result?.winnerSeat).toBe(1);
    expect(await record(g.record)).toBe(true);
    expect((await myStats(ada)).stats).toBeUndefined();
    expect((await myStats(bob)).stats).toMatchObject({
      gamesPlayed: 1,
      gamesWon: 0,
      roundsPlayed: 0,
      totalPoints: 0,
      bestGame: null,
      currentStreak: 0,
    });
    expect((await myStats(bob)).stats.rating.rating).toBeLessThan(1500);
  });
});
