/**
 * What a seat may know: face-up cards, the discard pile, and its own drawn card. CPU code reads only
 * this, so a CPU cannot peek at face-down cards even by accident.
 */
import type { Card, Rank } from "../cards";
import { copiesInDeck } from "../deck";
import type { GolfOptions } from "../options";
import { type GolfState, type Phase, type PlayerState, type RoundResult, type Slot, totals } from "../state";

export type Knowledge = {
  seat: number;
  options: GolfOptions;
  phase: Phase;
  /** By seat; null is a face-down card. */
  hands: (Card | null)[][];
  discardTop: Card | null;
  /** The card this seat holds, if it is this seat's turn and it has drawn. */
  drawn: GolfState["drawn"];
  pendingFlip: GolfState["pendingFlip"];
  finisher: number | null;
  reshuffles: number;
  totals: readonly number[];
  discard: readonly Card[];
};

export function knowledgeFor(s: GolfState, seat: number): Knowledge {
  // A loop into an array sized up front rather than `map` (its call back into `visibleHand` for
  // each player) or `push` (growing the empty array): both showed in CPU profiles, and this runs at
  // every decision.
  const hands: (Card | null)[][] = new Array(s.players.length);
  for (let i = 0; i < s.players.length; i++) hands[i] = visibleHand(s.players[i] as PlayerState);
  const ownTurn = s.current === seat;
  return {
    seat,
    options: s.options,
    phase: s.phase,
    hands,
    discardTop: s.discard[s.discard.length - 1] ?? null,
    drawn: ownTurn ? s.drawn : null,
    pendingFlip: ownTurn ? s.pendingFlip : null,
    finisher: s.finisher,
    reshuffles: s.reshuffles,
    totals: totalsOf(s),
    discard: s.discard,
  };
}

/**
 * Totals by seat, worked out once per finished round rather than at every decision (summing the
 * history was a sixth of building a CPU's knowledge). The engine never changes a history array in
 * place: scoring a round replaces it, so an array's totals cannot go stale. Only the last history
 * is remembered: a game's decisions come one after another, and the WeakMap lookup this replaced
 * cost 1 % of a CPU game; games that take turns in one isolate only sum again when they alternate.
 */
let lastHistory: readonly RoundResult[] | null = null;
let lastTotals: readonly number[] = [];

function totalsOf(s: GolfState): readonly number[] {
  if (s.history !== lastHistory) {
    lastTotals = totals(s);
    lastHistory = s.history;
  }
  return lastTotals;
}

/**
 * A player's hand as the table sees it, face-down cards as null. Written out for the six slots
 * every dealt hand has: this runs for every hand at every CPU decision, and the nested `map`s it
 * replaced were the biggest single cost in a CPU's decision.
 */
function visibleHand(player: PlayerState): (Card | null)[] {
  const hand = player.hand;
  if (hand.length !== 6) return hand.map(visibleCard);
  return [
    visibleCard(hand[0] as Slot),
    visibleCard(hand[1] as Slot),
    visibleCard(hand[2] as Slot),
    visibleCard(hand[3] as Slot),
    visibleCard(hand[4] as Slot),
    visibleCard(hand[5] as Slot),
  ];
}

function visibleCard(slot: Slot): Card | null {
  return slot.faceUp ? slot.card : null;
}

/**
 * In hands and in the whole discard pile: every discard was shown. Counted on each call: a decision
 * asks about one or two ranks, and a per-decision cache cost more to create than the count.
 */
function seenOf(k: Knowledge, rank: Rank): number {
  let n = 0;
  for (let seat = 0; seat < k.hands.length; seat++) {
    const hand = k.hands[seat] as (Card | null)[];
    for (let i = 0; i < hand.length; i++) {
      const card = hand[i] as Card | null;
      if (card !== null && card.rank === rank) n++;
    }
  }
  for (let i = 0; i < k.discard.length; i++) if ((k.discard[i] as Card).rank === rank) n++;
  return n;
}

/**
 * Whether a card the seat may see is of `rank` (null: face-down). Spelled out because
 * `card?.rank === rank`, comparing undefined with strings, made V8's scans of hands 2–3× slower.
 */
export function hasRank(card: Card | null | undefined, rank: Rank): boolean {
  return card !== null && card !== undefined && card.rank === rank;
}

export function ownHand(k: Knowledge): (Card | null)[] {
  return k.hands[k.seat] as (Card | null)[];
}

/**
 * How many face-down cards `hand` has: `hiddenSlots(hand).length` without the array. An indexed
 * loop: CPUs count some hand's face-down cards about three times a decision, and the `for…of` it
 * replaced (with the engine's `faceDownCount`) cost 2 % of a bench game.
 */
export function hiddenCount(hand: readonly (Card | null)[]): number {
  let n = 0;
  for (let i = 0; i < hand.length; i++) if (hand[i] === null) n++;
  return n;
}

export function hiddenSlots(hand: readonly (Card | null)[]): number[] {
  const out: number[] = [];
  for (let position = 0; position < hand.length; position++) if (!hand[position]) out.push(position);
  return out;
}

/** Share of a rank's copies not seen face-up yet: a rough chance that more are still to come. */
export function unseenFraction(k: Knowledge, rank: Rank): number {
  const copies = copiesInDeck(rank, k.options);
  return copies === 0 ? 0 : Math.max(0, copies - seenOf(k, rank)) / copies;
}

export function opponents(k: Knowledge): number[] {
  const out: number[] = [];
  for (let seat = 0; seat < k.hands.length; seat++) if (seat !== k.seat) out.push(seat);
  return out;
}
