/** Round-end bonuses and penalties (spec §2.3), applied in a fixed order to the raw hand scores. */
import type { GolfOptions } from "./options";

export type RoundEndOptions = Pick<GolfOptions, "blackjack" | "knock_penalty" | "knock_bonus" | "underdog_bonus" | "tied_shame">;

export type RoundEndRule = "blackjack" | "knock_penalty" | "knock_bonus" | "underdog_bonus" | "tied_shame";

export type Adjustment = { rule: RoundEndRule; delta: number };

export type AdjustedScores = {
  /** Adjusted round score by seat. */
  scores: number[];
  /** What was applied to each seat, in order; empty when nothing applied. */
  adjustments: Adjustment[][];
};

/**
 * Applies, in this order, each step seeing the scores left by the previous ones:
 * 1. blackjack: a raw 21 becomes 0;
 * 2. knock_penalty: finisher +10 if strictly above the table minimum;
 * 3. knock_bonus: finisher −5 (so 2 and 3 together net +5);
 * 4. underdog_bonus: everyone tied for the lowest score −3;
 * 5. tied_shame: everyone whose score equals someone else's +5.
 * `finisher` is null when the round ended without anyone going out; steps 2–3 then do nothing.
 */
export function applyRoundEndAdjustments(raw: readonly number[], finisher: number | null, o: RoundEndOptions): AdjustedScores {
  const scores = [...raw];
  const adjustments: Adjustment[][] = raw.map(() => []);
  const adjust = (seat: number, rule: RoundEndRule, delta: number): void => {
    scores[seat] = (scores[seat] as number) + delta;
    adjustments[seat]?.push({ rule, delta });
  };

  if (o.blackjack) for (const seat of seatsWhere(scores, (s) => s === 21)) adjust(seat, "blackjack", -21);
  if (finisher !== null) {
    if (o.knock_penalty && (scores[finisher] as number) > Math.min(...scores)) adjust(finisher, "knock_penalty", 10);
    if (o.knock_bonus) adjust(finisher, "knock_bonus", -5);
  }
  if (o.underdog_bonus) for (const seat of lowestSeats(scores)) adjust(seat, "underdog_bonus", -3);
  if (o.tied_shame) {
    const tied = seatsWhere(scores, (s) => scores.filter((other) => other === s).length > 1);
    for (const seat of tied) adjust(seat, "tied_shame", 5);
  }
  return { scores, adjustments };
}

/** Seats tied for the lowest score; on adjusted round scores, the seats that win the hole. */
export function lowestSeats(scores: readonly number[]): number[] {
  const lowest = Math.min(...scores);
  return seatsWhere(scores, (score) => score === lowest);
}

/** The seats whose score passes `test`, in seat order. */
function seatsWhere(scores: readonly number[], test: (score: number) => boolean): number[] {
  const seats: number[] = [];
  for (let seat = 0; seat < scores.length; seat++) if (test(scores[seat] as number)) seats.push(seat);
  return seats;
}
