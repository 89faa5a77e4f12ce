/**
 * Events Golf emits, raw (as the server saw them). Only two carry hidden identities, and
 * `projectGolfEvent` strips them: the deal in `round_started` and a deck card in `drew`.
 */
import type { Card } from "./cards";
import type { RoundResult } from "./state";

export type RevealCause = "initial_flip" | "flip_card" | "flip_as_action" | "knock_early" | "final_turn";

export type GolfEventData = {
  /** `hands` (the whole deal, by seat) is for omniscient viewers only. */
  round_started: {
    round: number;
    dealer: number;
    firstSeat: number;
    discardTop: Card;
    deckSize: number;
    hands?: Card[][];
  };
  /** Whose turn it is now; `finalTurn` once someone has gone out. */
  turn_started: { seat: number; finalTurn: boolean };
  /** `card` is omitted for everyone but the drawer when it came from the deck. */
  drew: { seat: number; source: "deck" | "discard"; card?: Card };
  /** The deck ran out: all discards but the top went back in, shuffled. */
  reshuffled: { deckSize: number };
  /** `replaced` went face-up onto the discard pile. */
  swapped: { seat: number; position: number; card: Card; replaced: Card };
  discarded: { seat: number; card: Card };
  /** A discard-pile draw was put back on top; nothing else changed. */
  draw_cancelled: { seat: number; card: Card };
  /** The discarder must (or, when `optional`, may) flip one face-down card. */
  flip_offered: { seat: number; optional: boolean };
  flip_skipped: { seat: number };
  /** Face-down cards turned face-up, `positions[i]` showing `cards[i]`. */
  revealed: { seat: number; positions: number[]; cards: Card[]; cause: RevealCause };
  /** The seat has all six cards face-up: everyone else gets one final turn. */
  went_out: { seat: number };
  /** `hands` are every seat's cards, all face-up now; `totals` include this round. */
  round_ended: RoundResult & { hands: Card[][]; totals: number[] };
  game_ended: { totals: number[]; holesWon: number[]; ranks: number[]; winnerSeat: number | null };
};

export type GolfEventType = keyof GolfEventData;

export type GolfEvent = { [K in GolfEventType]: { type: K; data: GolfEventData[K] } }[GolfEventType];

export function golfEvent<K extends GolfEventType>(type: K, data: GolfEventData[K]): GolfEvent {
  return { type, data } as GolfEvent;
}
