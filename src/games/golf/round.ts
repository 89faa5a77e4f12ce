/** Dealing a round (spec §1.3) and scoring it at the end (spec §1.6, §2.3). Both mutate a draft state. */
import type { Rng } from "../../lib/rng";
import { resultFromScores, type GameResult } from "../../rooms/game";
import type { Card } from "./cards";
import { buildDeck } from "./deck";
import { type GolfEvent, golfEvent, type RevealCause } from "./events";
import { applyRoundEndAdjustments, lowestSeats } from "./round-end";
import { scoreHand } from "./scoring";
import { type GolfState, holesWon, type PlayerState, playerWith, type RoundResult, type Slot, totals } from "./state";

/**
 * A fresh shuffled deck every round; six cards each, dealt player by player from the top; the next
 * card starts the discard pile. The dealer moves one seat per round (round 1: seat 0) and the
 * seat after the dealer plays first.
 */
export function dealRound(s: GolfState, rng: Rng, events: GolfEvent[]): void {
  const deck = rng.shuffle(buildDeck(s.options));
  const flipped = s.options.initial_flips === 0;
  // New player objects: an action's draft shares every player but the actor's with its input.
  s.players = s.players.map((player) => playerWith(player, deck.splice(-6).map((card) => ({ card, faceUp: false })), flipped));
  s.discard = deck.splice(-1);
  s.deck = deck;
  s.dealer = (s.round - 1) % s.players.length;
  s.current = (s.dealer + 1) % s.players.length;
  s.phase = s.options.initial_flips > 0 ? "initial_flip" : "playing";
  s.drawn = null;
  s.cancelledDraw = false;
  s.pendingFlip = null;
  s.finisher = null;
  s.reshuffles = 0;
  events.push(
    golfEvent("round_started", {
      round: s.round,
      dealer: s.dealer,
      firstSeat: s.current,
      discardTop: s.discard[0] as Card,
      deckSize: s.deck.length,
      hands: s.players.map((p) => p.hand.map((slot) => slot.card)),
    }),
  );
  if (s.phase === "playing") events.push(golfEvent("turn_started", { seat: s.current, finalTurn: false }));
}

/** Replaces the hand rather than changing it: the draft's hand is still the input state's. */
export function reveal(player: PlayerState, positions: number[], cause: RevealCause, events: GolfEvent[]): void {
  const hand = player.hand.slice();
  const cards = positions.map((position) => {
    const slot = hand[position] as Slot;
    hand[position] = { card: slot.card, faceUp: true };
    return slot.card;
  });
  player.hand = hand;
  events.push(golfEvent("revealed", { seat: player.seat, positions, cards, cause }));
}

/** Reveals everything, scores the hands, applies §2.3 and records the round. */
export function finishRound(s: GolfState, reason: RoundResult["reason"], events: GolfEvent[]): void {
  // New player objects: an action's draft shares every player but the actor's with its input.
  s.players = s.players.map((player) =>
    playerWith(player, player.hand.map((slot) => (slot.faceUp ? slot : { card: slot.card, faceUp: true })), player.flipped),
  );
  const hands = s.players.map((p) => p.hand.map((slot) => slot.card));
  const raw = hands.map((hand) => scoreHand(hand, s.options));
  const { scores, adjustments } = applyRoundEndAdjustments(raw, s.finisher, s.options);
  const result: RoundResult = {
    round: s.round,
    reason,
    finisher: s.finisher,
    raw,
    adjustments,
    scores,
    winners: lowestSeats(scores),
  };
  s.history = [...s.history, result];
  s.phase = "round_over";
  s.drawn = null;
  s.pendingFlip = null;
  events.push(golfEvent("round_ended", { ...result, hands, totals: totals(s) }));
}

/** Lowest total wins; holes won and per-round scores ride along for result screens. */
export function golfResult(s: GolfState): GameResult {
  return resultFromScores(totals(s), "lower", {
    holesWon: holesWon(s),
    roundScores: s.history.map((r) => r.scores),
  });
}
