/** The Golf game state: plain JSON data, so rooms can store it as-is and replays can compare it. */
import type { Card } from "./cards";
import type { GolfOptions } from "./options";
import type { Adjustment } from "./round-end";

/** The room's `waiting` phase belongs to the runtime; a Golf game starts at its first deal. */
export type Phase = "initial_flip" | "playing" | "final_turn" | "round_over" | "game_over";

export type Slot = { card: Card; faceUp: boolean };

export type PlayerState = {
  seat: number;
  name: string;
  cpu: string | null;
  /** Six slots: top row 0–2, bottom row 3–5. */
  hand: Slot[];
  /** Whether the player has made this round's initial flip. */
  flipped: boolean;
};

export type RoundResult = {
  round: number;
  /** `deck_exhausted`: a deck draw found neither deck nor discards to reshuffle. */
  reason: "went_out" | "deck_exhausted";
  finisher: number | null;
  /** Hand scores by seat, before §2.3 adjustments. */
  raw: number[];
  adjustments: Adjustment[][];
  /** Adjusted round scores by seat; these are what the totals add up. */
  scores: number[];
  /** Seats tied for the lowest adjusted score: each wins the hole. */
  winners: number[];
};

export type GolfState = {
  options: GolfOptions;
  players: PlayerState[];
  /** 1-based hole number. */
  round: number;
  dealer: number;
  phase: Phase;
  /** Seat to act in `playing` / `final_turn`; during `initial_flip`, the seat that will start. */
  current: number;
  /** Top of the deck is the last element. */
  deck: Card[];
  /** Top of the discard pile is the last element. */
  discard: Card[];
  /** The card the current player holds after drawing and before placing it. */
  drawn: { card: Card; source: "deck" | "discard" } | null;
  /**
   * The current player already put a discard-pile draw back this turn. One undo per turn: a second
   * would let a turn loop draw/cancel forever, growing the log without bound.
   */
  cancelledDraw: boolean;
  /** Set after a deck draw was discarded and the flip mode asks for a flip (§2.1). */
  pendingFlip: { optional: boolean } | null;
  /** The first player to go out this round. */
  finisher: number | null;
  /** Times the deck ran out and was rebuilt from the discards this round; a sign of a stalled round. */
  reshuffles: number;
  /** Finished rounds, oldest first. Totals and holes won derive from it. */
  history: RoundResult[];
};

/**
 * The copy an action by `seat` works on. Only that seat's player is copied: the engine replaces
 * everything else it changes rather than changing it (deck, discard pile, history, the drawn card,
 * the actor's hand when a slot changes, and every player when a round is dealt or scored), so the
 * rest is shared with the input. Spelled out field by field, in the JSON order, rather than
 * spread: states and players built by spreads of differently built objects made V8's object spread
 * megamorphic, and copying was a fifth of a CPU game's time.
 */
export function cloneState(s: GolfState, seat: number): GolfState {
  const players = s.players.slice();
  const actor = players[seat] as PlayerState;
  players[seat] = playerWith(actor, actor.hand, actor.flipped);
  return {
    options: s.options,
    players,
    round: s.round,
    dealer: s.dealer,
    phase: s.phase,
    current: s.current,
    deck: s.deck,
    discard: s.discard,
    drawn: s.drawn,
    cancelledDraw: s.cancelledDraw,
    pendingFlip: s.pendingFlip,
    finisher: s.finisher,
    reshuffles: s.reshuffles,
    history: s.history,
  };
}

/** A copy of `player` holding `hand`; every player object is built here, so all share one shape. */
export function playerWith(player: Pick<PlayerState, "seat" | "name" | "cpu">, hand: Slot[], flipped: boolean): PlayerState {
  return { seat: player.seat, name: player.name, cpu: player.cpu, hand, flipped };
}

/** Every CPU decision asks for the totals: indexed loops, without a callback per seat and round. */
export function totals(s: GolfState): number[] {
  const sums: number[] = [];
  for (let i = 0; i < s.players.length; i++) {
    const seat = (s.players[i] as PlayerState).seat;
    let sum = 0;
    for (let r = 0; r < s.history.length; r++) sum += (s.history[r] as RoundResult).scores[seat] as number;
    sums.push(sum);
  }
  return sums;
}

export function holesWon(s: GolfState): number[] {
  return s.players.map((p) => s.history.filter((r) => r.winners.includes(p.seat)).length);
}

/** How many of `hand`'s cards are face-down: `hiddenPositions(hand).length` without the list. */
export function faceDownCount(hand: readonly Slot[]): number {
  let n = 0;
  for (let i = 0; i < hand.length; i++) if (!(hand[i] as Slot).faceUp) n++;
  return n;
}

export function hiddenPositions(hand: readonly Slot[]): number[] {
  const out: number[] = [];
  for (let position = 0; position < hand.length; position++) if (!hand[position]?.faceUp) out.push(position);
  return out;
}
