/**
 * Whole seeded 4-CPU games pinned by what a reader can check at a glance: each seat's final total,
 * the number of actions and a short hash of the (seat, action) sequence. Engine and CPU speed-ups
 * must not change how CPUs play or how rules score; when one of these moves, a decision or a score
 * changed, which golden.test.ts would also catch, but here the failure says which game and seat.
 * Recorded before the engine and CPU were optimised (commit 05b68be) and unchanged since.
 */
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { applyGolf, awaitingSeats, CPU_PROFILE_NAMES, cpuProfile, createGolfGame, golfCpuMove, totals } from "../../src/games/golf/index";
import { createRng, deriveSeed } from "../../src/lib/rng";

/** Plays like `npm run bench:rooms`: the first awaited seat moves, with `deriveSeed(seed, "cpu", n)` for the n-th decision. */
function play(seed: number, cpus: string[]): { totals: number[]; actions: number; hash: string } {
  const game = createGolfGame({ players: cpus.map((name) => ({ name, cpu: name })), seed });
  let state = game.state;
  const log: unknown[] = [];
  for (let decisions = 0; state.phase !== "game_over"; decisions++) {
    if (decisions > 20_000) throw new Error(`Game ${seed} did not end`);
    const seat = awaitingSeats(state)[0] as number;
    const action = golfCpuMove(state, seat, cpuProfile(cpus[seat] as string), createRng(deriveSeed(seed, "cpu", decisions)));
    const result = applyGolf(state, seat, action, game.rng);
    if (!result.ok) throw new Error(`CPU move refused: ${result.code} (${JSON.stringify(action)})`);
    log.push([seat, action]);
    state = result.state;
  }
  return { totals: totals(state), actions: log.length, hash: createHash("sha256").update(JSON.stringify(log)).digest("hex").slice(0, 16) };
}

const cpus = (from: number): string[] => CPU_PROFILE_NAMES.slice(from, from + 4);

describe("CPU trajectories (9 holes, default options)", () => {
  it.each([
    { seed: 0x5eed, from: 0, totals: [61, 53, 95, 126], actions: 519, hash: "431e30faeff86238" },
    { seed: 0x5eee, from: 4, totals: [101, 121, 66, 112], actions: 497, hash: "3f559b2b7fb6c83e" },
    { seed: 0x5eef, from: 2, totals: [94, 99, 95, 108], actions: 525, hash: "8189827c57db28e9" },
    { seed: 2026, from: 4, totals: [50, 78, 39, 47], actions: 605, hash: "5339587b5717919b" },
  ])("seed $seed, the four profiles from index $from, plays as recorded", ({ seed, from, ...expected }) => {
    expect(play(seed, cpus(from))).toEqual(expected);
  });
});
