/** Hand scoring (spec §3): columns, pairs, and the wolfpack / four-of-a-kind bonuses. */
import { type CardFace, cardValue, JOKER, type Rank, type ValueOptions } from "./cards";
import type { GolfOptions } from "./options";

export type ScoringOptions = ValueOptions & Pick<GolfOptions, "negative_pairs_keep_value" | "wolfpack" | "four_of_a_kind">;

/** Positions 0,1,2 are the top row and 3,4,5 the bottom row; columns are (p, p+3). */
export const COLUMNS = [
  [0, 3],
  [1, 4],
  [2, 5],
] as const;

export function columnPartner(position: number): number {
  return position < 3 ? position + 3 : position - 3;
}

/** Pairs are by rank only: suits, packs and one-eyed status don't matter. */
export function columnScore(top: CardFace, bottom: CardFace, o: ScoringOptions): number {
  const sum = cardValue(top, o) + cardValue(bottom, o);
  if (top.rank !== bottom.rank) return sum;
  if (o.eagle_eye && top.rank === JOKER) return -4;
  if (o.negative_pairs_keep_value && (cardValue(top, o) < 0 || cardValue(bottom, o) < 0)) return sum;
  return 0;
}

/** Wolfpack (≥2 jack pairs, once) and four of a kind (once per rank paired in ≥2 columns) stack. */
export function pairBonus(pairedRanks: readonly Rank[], o: ScoringOptions): number {
  // Both bonuses need two paired columns; most hands have fewer, and CPUs score hands constantly.
  if (pairedRanks.length < 2) return 0;
  const counts = new Map<Rank, number>();
  for (const rank of pairedRanks) counts.set(rank, (counts.get(rank) ?? 0) + 1);
  let bonus = 0;
  if (o.wolfpack && (counts.get("J") ?? 0) >= 2) bonus -= 20;
  if (o.four_of_a_kind) for (const n of counts.values()) if (n >= 2) bonus -= 20;
  return bonus;
}

/** Score of a fully face-up hand of six. Blackjack is not here: it is a round-end adjustment. */
export function scoreHand(cards: readonly CardFace[], o: ScoringOptions): number {
  if (cards.length !== 6) throw new RangeError(`A Golf hand has 6 cards, got ${cards.length}`);
  let total = 0;
  const paired: Rank[] = [];
  for (const [t, b] of COLUMNS) {
    const top = cards[t] as CardFace;
    const bottom = cards[b] as CardFace;
    total += columnScore(top, bottom, o);
    if (top.rank === bottom.rank) paired.push(top.rank);
  }
  return total + pairBonus(paired, o);
}
