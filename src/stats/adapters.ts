/**
 * Per-game stats adapters: what a "round" is and which achievements exist beyond the generic ones.
 * Stats read only recorded data and the raw events of the re-simulated log, so a new game plugs in
 * by adding an adapter here; games without one count as a single round scored by the final result.
 */
import type { RecordedResult } from "../db/schema/history";
import type { GameEvent } from "../rooms/game";

/** One completed round of one seat. */
export interface RoundFact {
  /** The seat's round score (Golf: adjusted hole score, lower is better). */
  score: number;
  /** Whether the seat had the round's best score (shared bests all win). */
  won: boolean;
  /** Whether the seat ended the round (Golf: went out first). */
  knockout: boolean;
  /** Golf: the seat finished the round with two or more columns paired with jacks. */
  wolfpack: boolean;
}

export interface StatsAdapter {
  /** Whether lower or higher scores are better (best round, best game, average score). */
  better: "lower" | "higher";
  /** Every completed round, by seat. */
  rounds(input: { seats: number; events: readonly GameEvent[]; result: RecordedResult }): RoundFact[][];
  /** Keys of the game-specific achievements (see `achievements.ts`) this adapter supports. */
  achievements: readonly string[];
  /** Whether an event closes a round (so the next action belongs to the next round). */
  endsRound(event: GameEvent): boolean;
}

const JACK_COLUMNS: readonly [number, number][] = [
  [0, 3],
  [1, 4],
  [2, 5],
];

/** Columns whose two cards are both jacks; wolfpack is two or more (see docs/replays.md, Stats). */
export function jackColumns(hand: readonly { rank: string }[]): number {
  return JACK_COLUMNS.filter(([top, bottom]) => hand[top]?.rank === "J" && hand[bottom]?.rank === "J").length;
}

type RoundEnded = { scores: number[]; winners: number[]; finisher: number | null; hands: { rank: string }[][] };

export const golfStats: StatsAdapter = {
  better: "lower",
  rounds({ seats, events }) {
    const out: RoundFact[][] = Array.from({ length: seats }, () => []);
    for (const ev of events) {
      if (ev.type !== "round_ended") continue;
      const r = ev.data as unknown as RoundEnded;
      for (let seat = 0; seat < seats; seat++) {
        out[seat]?.push({
          score: r.scores[seat] as number,
          won: r.winners.includes(seat),
          knockout: r.finisher === seat,
          wolfpack: jackColumns(r.hands[seat] ?? []) >= 2,
        });
      }
    }
    return out;
  },
  achievements: ["perfect_round", "negative_round", "knockouts_10", "wolfpack"],
  endsRound: (e) => e.type === "round_ended",
};

/** A game without an adapter: a completed game is one round, scored by its final result. */
export const defaultStats: StatsAdapter = {
  better: "higher",
  rounds({ seats, result }) {
    return Array.from({ length: seats }, (_, seat) =>
      result.reason === "completed"
        ? [{ score: result.scores[seat] as number, won: result.ranks[seat] === 1, knockout: false, wolfpack: false }]
        : [],
    );
  },
  achievements: [],
  // The whole game is its one round.
  endsRound: () => false,
};

const ADAPTERS: Record<string, StatsAdapter> = { golf: golfStats };

export function statsAdapter(game: string): StatsAdapter {
  return Object.hasOwn(ADAPTERS, game) ? (ADAPTERS[game] as StatsAdapter) : defaultStats;
}
