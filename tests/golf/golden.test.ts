/**
 * Golden digests of whole seeded CPU games: every action, every event, every final state and the
 * game stream's end position. Engine and CPU optimisations must leave these unchanged; a digest
 * that moves means some decision, event or score changed, which is a behaviour change for rooms
 * and replays, not a speed-up. If a rule or CPU change is meant to alter play, update the digest
 * in the same commit and say why.
 */
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  applyGolf,
  awaitingSeats,
  CPU_PROFILE_NAMES,
  cpuProfile,
  createGolfGame,
  type GolfOptionsInput,
  golfCpuMove,
} from "../../src/games/golf/index";
import { createRng, deriveSeed } from "../../src/lib/rng";

type Table = { seed: number; cpus: string[]; options?: GolfOptionsInput };

/**
 * Plays one game the way `npm run bench:rooms` does (bench/rooms.ts `engineBench`): the first
 * awaited seat moves, with a fresh `deriveSeed(seed, "cpu", n)` stream for the n-th decision.
 */
function digestGame(hash: ReturnType<typeof createHash>, { seed, cpus, options }: Table): void {
  const game = createGolfGame({ players: cpus.map((name) => ({ name, cpu: name })), options, seed });
  hash.update(JSON.stringify(game.events));
  let state = game.state;
  for (let decisions = 0; state.phase !== "game_over"; decisions++) {
    if (decisions > 20_000) throw new Error(`Game ${seed} did not end`);
    const seat = awaitingSeats(state)[0] as number;
    const action = golfCpuMove(state, seat, cpuProfile(cpus[seat] as string), createRng(deriveSeed(seed, "cpu", decisions)));
    const result = applyGolf(state, seat, action, game.rng);
    if (!result.ok) throw new Error(`CPU move refused: ${result.code} (${JSON.stringify(action)})`);
    hash.update(JSON.stringify([seat, action, result.events]));
    state = result.state;
  }
  hash.update(JSON.stringify(state));
  hash.update(JSON.stringify(game.rng.save()));
}

function digest(tables: Table[]): string {
  const hash = createHash("sha256");
  for (const table of tables) digestGame(hash, table);
  return hash.digest("hex");
}

/** Every house rule, flip mode, deck count and table size, drawn from a seeded stream. */
function houseRulesTable(n: number): Table {
  const pick = createRng(deriveSeed(n, "golden-options"));
  const flag = (): boolean => pick.chance(0.5);
  const players = pick.int(2, 6);
  // All eight profiles take turns, plus an unknown name (the fallback CPU, as on a timeout).
  const names = [...CPU_PROFILE_NAMES, "Nobody"];
  return {
    seed: 1_000 + n,
    cpus: Array.from({ length: players }, (_, seat) => names[(n + seat) % names.length] as string),
    options: {
      rounds: 3,
      decks: pick.int(1, 3),
      initial_flips: pick.int(0, 2),
      flip_mode: pick.pick(["never", "always", "endgame"] as const),
      use_jokers: flag(),
      lucky_swing: flag(),
      eagle_eye: flag(),
      super_kings: flag(),
      ten_penny: flag(),
      one_eyed_jacks: flag(),
      negative_pairs_keep_value: flag(),
      knock_penalty: flag(),
      knock_bonus: flag(),
      underdog_bonus: flag(),
      tied_shame: flag(),
      blackjack: flag(),
      wolfpack: flag(),
      four_of_a_kind: flag(),
      flip_as_action: flag(),
      knock_early: flag(),
    },
  };
}

describe("golden CPU games (decisions, events and scores pinned)", () => {
  it("plays the bench's 400 games (4 CPUs, default options) exactly as before", () => {
    const cpus = CPU_PROFILE_NAMES.slice(0, 4);
    const tables = Array.from({ length: 400 }, (_, g) => ({ seed: 0x5eed + g, cpus }));
    expect(digest(tables)).toBe("b6fcf21b46e1134d222ce7d44cdcd5c29e40b910f5184d64b6fdd1e947cfb8ce");
  });

  it("plays 300 house-rules games (every rule, 2–6 seats, every profile) exactly as before", () => {
    const tables = Array.from({ length: 300 }, (_, n) => houseRulesTable(n));
    expect(digest(tables)).toBe("ab58ac9ca9124d518152e34fbf9fc30ddbae347bf867100452bd1b8c6f3360ed");
  });
});
