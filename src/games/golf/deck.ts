/** Building the (unshuffled) deck from the options (spec §1.1). */
import { type Card, JOKER, RANKS, SUITS } from "./cards";
import { DEFAULT_DECK_COLORS, type DeckColor, type GolfOptions } from "./options";

type DeckOptions = Pick<GolfOptions, "decks" | "use_jokers" | "lucky_swing">;

const STANDARD_RANKS = RANKS.filter((r) => r !== JOKER);

/**
 * `decks` packs of 52 in pack order, then the jokers: 2 per pack (hearts and spades) with
 * `use_jokers`, or a single one in total with `use_jokers` + `lucky_swing`. Without `use_jokers`
 * there are no jokers, whatever the joker variants say.
 */
export function buildDeck(o: DeckOptions): Card[] {
  const cards: Card[] = [];
  for (let deckId = 0; deckId < o.decks; deckId++) {
    for (const suit of SUITS) for (const rank of STANDARD_RANKS) cards.push({ rank, suit, deckId });
  }
  if (o.use_jokers) {
    if (o.lucky_swing) cards.push({ rank: JOKER, suit: "hearts", deckId: 0 });
    else {
      for (let deckId = 0; deckId < o.decks; deckId++) {
        cards.push({ rank: JOKER, suit: "hearts", deckId }, { rank: JOKER, suit: "spades", deckId });
      }
    }
  }
  return cards;
}

/** How many copies of `rank` the deck holds, e.g. for estimating the chance of drawing a pair. */
export function copiesInDeck(rank: Card["rank"], o: DeckOptions): number {
  if (rank !== JOKER) return SUITS.length * o.decks;
  if (!o.use_jokers) return 0;
  return o.lucky_swing ? 1 : 2 * o.decks;
}

/** Back colour per deck id; packs beyond the chosen list use the default colour for that pack. */
export function deckColors(o: Pick<GolfOptions, "decks" | "deck_colors">): DeckColor[] {
  return Array.from({ length: o.decks }, (_, i) => o.deck_colors[i] ?? (DEFAULT_DECK_COLORS[i] as DeckColor));
}
