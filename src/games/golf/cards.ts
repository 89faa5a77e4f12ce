/** Ranks, suits and what a card is worth under the house rules (spec §1.2, §2.2). */
import type { GolfOptions } from "./options";

export const JOKER = "★";
export const RANKS = ["A", "2", "3", "4", "5", "6", "7", "8", "9", "10", "J", "Q", "K", JOKER] as const;
export const SUITS = ["hearts", "diamonds", "clubs", "spades"] as const;

export type Rank = (typeof RANKS)[number];
export type Suit = (typeof SUITS)[number];

/** What a card shows face-up. Scoring only ever needs this much. */
export type CardFace = { rank: Rank; suit: Suit };

/**
 * A physical card. `deckId` is the pack it came from (its back colour). (rank, suit, deckId) is
 * unique within a deck, so it doubles as the card's identity.
 */
export type Card = CardFace & { deckId: number };

export type ValueOptions = Pick<GolfOptions, "eagle_eye" | "lucky_swing" | "super_kings" | "ten_penny" | "one_eyed_jacks">;

/**
 * Spec §3. Eagle Eye wins over Lucky Swing (§9): a lone joker is +2 everywhere. Every rank is a
 * case: CPUs value about ten cards a decision, and looking the number cards up by rank in a table
 * (a keyed load with a string key) cost more than all the comparisons, about 4 % of a CPU game.
 */
export function cardValue(card: CardFace, o: ValueOptions): number {
  switch (card.rank) {
    case JOKER:
      return o.eagle_eye ? 2 : o.lucky_swing ? -5 : -2;
    case "K":
      return o.super_kings ? -2 : 0;
    case "10":
      return o.ten_penny ? 1 : 10;
    case "J":
      return o.one_eyed_jacks && isOneEyed(card) ? 0 : 10;
    case "Q":
      return 10;
    case "A":
      return 1;
    case "2":
      return -2;
    case "3":
      return 3;
    case "4":
      return 4;
    case "5":
      return 5;
    case "6":
      return 6;
    case "7":
      return 7;
    case "8":
      return 8;
    case "9":
      return 9;
  }
}

/** The one-eyed jacks of a standard pack are the hearts and spades jacks. */
function isOneEyed(card: CardFace): boolean {
  return card.suit === "hearts" || card.suit === "spades";
}

/**
 * The per-rank value table shown to clients. Jacks list their usual 10; under `one_eyed_jacks`
 * J♥ and J♠ are 0, which a per-rank table cannot express.
 */
export function cardValueTable(o: ValueOptions): Record<Rank, number> {
  return Object.fromEntries(RANKS.map((rank) => [rank, cardValue({ rank, suit: "clubs" }, o)])) as Record<Rank, number>;
}
