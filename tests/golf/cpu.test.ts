import { describe, expect, it } from "vitest";
import {
  CPU_PROFILE_NAMES,
  CPU_PROFILES,
  cpuProfile,
  FALLBACK_PROFILE,
  type GolfAction,
  type GolfState,
  golf,
  legalGolfActions,
  thinkDelayMs,
} from "../../src/games/golf/index";
import { createRng } from "../../src/lib/rng";
import { act, card, newGame, playing, withHand } from "./helpers";
import { playGame } from "./play";

/** The move every profile makes in `state` for seat 1, over a few CPU seeds. */
function movesOf(state: GolfState, seeds = 20): GolfAction[] {
  return CPU_PROFILE_NAMES.flatMap((profile) =>
    Array.from({ length: seeds }, (_, seed) => golf.cpuMove(state, 1, profile, createRng(seed))),
  );
}

/** Seat 1 to move holding `drawn` from the deck, with the given hand. */
function holding(drawn: string, hand: string, faceUp: number[], extra: Partial<GolfState> = {}): GolfState {
  const { state: s0, rng } = newGame();
  const rigged = withHand({ ...playing(s0), deck: [...s0.deck, card(drawn)], ...extra }, 1, hand, faceUp);
  return act(rigged, 1, { type: "draw_deck" }, rng).state;
}

describe("CPU profiles (§7.1)", () => {
  it("has the eight personalities with their exact parameters", () => {
    expect(CPU_PROFILES.map((p) => [p.name, p.style, p.swapThreshold, p.pairHope, p.aggression, p.unpredictability])).toEqual([
      ["Sofia", "Calculated & Patient", 4, 0.2, 0.2, 0.02],
      ["Maya", "Aggressive Closer", 6, 0.4, 0.85, 0.1],
      ["Priya", "Pair Hunter", 7, 0.8, 0.5, 0.05],
      ["Marcus", "Steady Eddie", 5, 0.35, 0.4, 0.03],
      ["Kenji", "Risk Taker", 8, 0.7, 0.75, 0.12],
      ["Diego", "Chaotic Gambler", 6, 0.5, 0.6, 0.28],
      ["River", "Adaptive Strategist", 5, 0.45, 0.55, 0.08],
      ["Sage", "Sneaky Finisher", 5, 0.3, 0.9, 0.15],
    ]);
    expect(golf.cpuProfiles).toEqual(CPU_PROFILE_NAMES);
  });

  it("falls back to the balanced CPU for unknown names", () => {
    expect(cpuProfile("Nobody")).toBe(FALLBACK_PROFILE);
    expect(FALLBACK_PROFILE).toMatchObject({ swapThreshold: 5, pairHope: 0.4, aggression: 0.5, unpredictability: 0.1 });
  });

  it("thinks for 0.45–0.8 s, Diego for 0.6–1.4 times that", () => {
    const rng = createRng(1);
    for (let i = 0; i < 200; i++) {
      const sofia = thinkDelayMs("Sofia", rng);
      expect(sofia).toBeGreaterThanOrEqual(450);
      expect(sofia).toBeLessThanOrEqual(800);
      const diego = thinkDelayMs("Diego", rng);
      expect(diego).toBeGreaterThanOrEqual(270);
      expect(diego).toBeLessThanOrEqual(1120);
    }
    expect(thinkDelayMs("Maya", createRng(5))).toBe(thinkDelayMs("Maya", createRng(5)));
  });
});

describe("CPU decisions (§7.2)", () => {
  it("makes its initial flips as configured, in different columns", () => {
    const two = newGame().state;
    for (let seed = 0; seed < 30; seed++) {
      const move = golf.cpuMove(two, 0, "Sofia", createRng(seed));
      expect(move.type).toBe("flip_initial");
      const [a, b] = move.type === "flip_initial" ? move.positions : [];
      expect(a !== undefined && b !== undefined && a % 3 !== b % 3).toBe(true);
    }
    const one = newGame({ initial_flips: 1 }).state;
    const move = golf.cpuMove(one, 1, "Maya", createRng(3));
    expect(legalGolfActions(one, 1)).toContainEqual(move);
  });

  it("starts the next round from round_over and refuses seats it is not waiting for", () => {
    const { state } = newGame();
    const over = { ...playing(state), phase: "round_over" as const };
    expect(golf.cpuMove(over, 0, "Sage", createRng(1))).toEqual({ type: "next_round" });
    expect(() => golf.cpuMove(playing(state), 0, "Sage", createRng(1))).toThrow();
    expect(() => golf.timeoutMove(playing(state), 0, createRng(1))).toThrow();
  });

  it("never puts a card worth 8+ into a face-down slot unless it pairs", () => {
    const state = holding("Q♥#2", "A♥#2 2♥#2 3♥#2 / 4♥#2 5♥#2 6♥#2", [0, 1, 2]);
    for (const move of movesOf(state)) expect(move).toEqual({ type: "discard" });
  });

  it("takes the pair when a drawn card matches a face-up card with a face-down partner", () => {
    const state = holding("7♣#2", "7♥#2 2♥#2 3♥#2 / 4♥#2 5♥#2 6♥#2", [0, 1, 2]);
    const moves = movesOf(state, 10).map((m) => JSON.stringify(m));
    const pairing = moves.filter((m) => m === JSON.stringify({ type: "swap", position: 3 })).length;
    expect(pairing / moves.length).toBeGreaterThan(0.85);
  });

  it("goes out with a low hand and refuses to go out past its tolerance", () => {
    const low = holding("A♣#2", "A♥#2 A♦#2 2♥#2 / K♥#2 K♦#2 9♣#2", [0, 1, 2, 3, 4]);
    for (const move of movesOf(low)) expect(move).toEqual({ type: "swap", position: 5 });
    // Filling the last slot would score well past 19, the most any profile accepts.
    const high = holding("3♣#2", "Q♥#2 Q♦#2 9♥#2 / 8♥#2 7♦#2 9♣#2", [0, 1, 2, 3, 4]);
    for (const move of movesOf(high)) expect(move).not.toEqual({ type: "swap", position: 5 });
  });

  it("settles for worse once a stalled round has been reshuffled, so the round can end", () => {
    const state = holding("Q♥#2", "A♥#2 2♥#2 3♥#2 / 4♥#2 5♥#2 6♥#2", [0, 1, 2], { reshuffles: 3 });
    for (const move of movesOf(state)) expect(move.type === "swap" && move.position >= 3).toBe(true);
  });

  it("never swaps a face-up card for its twin, so two CPUs cannot trade equal cards forever", () => {
    // Seat 1 holds two face-up 5s and chases four of a kind; another 5 on the discard pile may be
    // taken, but never to replace a face-up 5 (a swap that changes nothing).
    const { state: s0 } = newGame({ four_of_a_kind: true });
    const base = withHand(playing(s0), 1, "5♥#2 5♦#2 9♥#2 / 3♥#2 4♥#2 6♥#2", [0, 1, 3, 4, 5]);
    const state = { ...base, discard: [card("5♣#2")] };
    for (const profile of CPU_PROFILE_NAMES) {
      for (let seed = 0; seed < 20; seed++) {
        const move = golf.cpuMove(state, 1, profile, createRng(seed));
        if (move.type !== "draw_discard") continue;
        const taken = act(state, 1, move, createRng(seed)).state;
        const place = golf.cpuMove(taken, 1, profile, createRng(seed));
        expect(place.type === "swap" && (place.position === 0 || place.position === 1), `${profile} swapped a 5 for a 5`).toBe(false);
      }
    }
    // The game fast-check found: two Sage CPUs, four of a kind, never flipping — it used to loop past 20,000 actions.
    const game = playGame({
      seed: 1496387485,
      players: 2,
      options: { rounds: 1, decks: 2, initial_flips: 1, flip_mode: "never", ten_penny: true, four_of_a_kind: true },
      policies: ["Sage", "Sage"],
      driverSeed: 1193052020,
    });
    expect(game.log.length).toBeLessThan(1_000);
  });

  it("takes a king from the discard pile and leaves a queen", () => {
    const { state: s0 } = newGame();
    const base = withHand(playing(s0), 1, "A♥#2 2♥#2 3♥#2 / 4♥#2 5♥#2 6♥#2", [0, 1, 2]);
    for (const move of movesOf({ ...base, discard: [card("K♣#2")] })) expect(move).toEqual({ type: "draw_discard" });
    for (const move of movesOf({ ...base, discard: [card("Q♣#2")] })) expect(move).toEqual({ type: "draw_deck" });
  });

  it("flips a face-down card when Speed Golf asks, preferring one beside a face-up card", () => {
    const { state: s0, rng } = newGame({ flip_mode: "always" });
    const rigged = withHand(playing(s0), 1, "A♥#2 2♥#2 3♥#2 / 4♥#2 5♥#2 6♥#2", [0]);
    const pending = act(act(rigged, 1, { type: "draw_deck" }, rng).state, 1, { type: "discard" }, rng).state;
    for (const move of movesOf(pending, 5)) expect(move).toEqual({ type: "flip_card", position: 3 });
  });

  it("never reads a face-down card: shuffling hidden identities does not change a decision", () => {
    for (let seed = 0; seed < 40; seed++) {
      const sample: GolfState[] = [];
      playGame({ seed, players: 3, options: { rounds: 1 }, policies: ["Kenji", "Diego", "Priya"], driverSeed: seed }, (s) => {
        if (s.phase === "playing" || s.phase === "final_turn") sample.push(s);
      });
      const state = sample[Math.floor(sample.length / 2)] as GolfState;
      const hiddenSlots = state.players.flatMap((p) => p.hand.filter((slot) => !slot.faceUp));
      const pool = createRng(seed).shuffle([...hiddenSlots.map((slot) => slot.card), ...state.deck]);
      const reshuffled: GolfState = {
        ...state,
        players: state.players.map((p) => ({
          ...p,
          hand: p.hand.map((slot) => (slot.faceUp ? slot : { ...slot, card: pool.pop() ?? slot.card })),
        })),
        deck: pool,
      };
      const seat = state.current;
      expect(golf.cpuMove(reshuffled, seat, "River", createRng(seed))).toEqual(golf.cpuMove(state, seat, "River", createRng(seed)));
    }
  });

  it("plays well: median round score in the low teens or better over many CPU games", () => {
    const scores: number[] = [];
    for (let seed = 0; seed < 120; seed++) {
      const policies = [0, 1, 2, 3].map((i) => CPU_PROFILE_NAMES[(seed + i) % 8] as string);
      const game = playGame({ seed, players: 4, options: { rounds: 1 }, policies, driverSeed: seed + 1000 });
      scores.push(...(game.final.history[0]?.raw ?? []));
    }
    const sorted = [...scores].sort((a, b) => a - b);
    expect(sorted[Math.floor(sorted.length / 2)]).toBeLessThanOrEqual(14);
  });
});
