/** Creating a game and applying actions (spec §1). Pure: each call returns a new state. */
import { createRng, type Rng } from "../../lib/rng";
import type { ApplyResult, SeatInfo } from "../../rooms/game";
import type { GolfAction } from "./actions";
import type { Card } from "./cards";
import { type GolfEvent, golfEvent } from "./events";
import { type GolfOptions, type GolfOptionsInput, parseGolfOptions } from "./options";
import { dealRound, finishRound, golfResult, reveal } from "./round";
import { checkGolfAction } from "./rules";
import { cloneState, faceDownCount, type GolfState, hiddenPositions, holesWon, type PlayerState, playerWith, type Slot } from "./state";

export const MIN_PLAYERS = 2;
export const MAX_PLAYERS = 6;

/** Seats must be numbered 0..n-1 in order; the first round is dealt straight away. */
export function setupGolf(input: { seats: SeatInfo[]; options: GolfOptions; rng: Rng }): {
  state: GolfState;
  events: GolfEvent[];
} {
  const { seats, options, rng } = input;
  if (seats.length < MIN_PLAYERS || seats.length > MAX_PLAYERS) {
    throw new RangeError(`Golf needs ${MIN_PLAYERS}–${MAX_PLAYERS} players, got ${seats.length}`);
  }
  seats.forEach((s, i) => {
    if (s.seat !== i) throw new RangeError(`Seats must be numbered 0..n-1 in order; seat ${s.seat} is at index ${i}`);
  });
  const state: GolfState = {
    options,
    players: seats.map((seat) => playerWith(seat, [], false)),
    round: 1,
    dealer: 0,
    phase: "initial_flip",
    current: 0,
    deck: [],
    discard: [],
    drawn: null,
    cancelledDraw: false,
    pendingFlip: null,
    finisher: null,
    reshuffles: 0,
    history: [],
  };
  const events: GolfEvent[] = [];
  dealRound(state, rng, events);
  return { state, events };
}

/**
 * Convenience for tools, bots and tests: seats from a player list, options from raw input, and a
 * game rng from a seed. Keep using the returned rng for `applyGolf` to stay on the replayable stream.
 */
export function createGolfGame(input: { players: { name: string; cpu?: string | null }[]; options?: GolfOptionsInput; seed: number }): {
  state: GolfState;
  events: GolfEvent[];
  rng: Rng;
} {
  const rng = createRng(input.seed);
  const seats = input.players.map((p, seat) => ({ seat, name: p.name, cpu: p.cpu ?? null }));
  const { state, events } = setupGolf({ seats, options: parseGolfOptions(input.options), rng });
  return { state, events, rng };
}

export function applyGolf(state: GolfState, seat: number, action: GolfAction, rng: Rng): ApplyResult<GolfState> {
  const rejection = checkGolfAction(state, seat, action);
  if (rejection) return { ok: false, ...rejection };
  const s = cloneState(state, seat);
  const events: GolfEvent[] = [];
  const player = s.players[seat] as PlayerState;
  if (perform(s, player, action, rng, events)) endTurn(s, player, events);
  return { ok: true, state: s, events };
}

/**
 * Carries out an action already checked by `checkGolfAction`, so it may rely on its preconditions.
 * Returns whether the acting player's turn is over.
 */
function perform(s: GolfState, player: PlayerState, action: GolfAction, rng: Rng, events: GolfEvent[]): boolean {
  const { seat } = player;
  switch (action.type) {
    case "flip_initial":
      reveal(player, action.positions, "initial_flip", events);
      player.flipped = true;
      if (s.players.every((p) => p.flipped)) {
        s.phase = "playing";
        events.push(golfEvent("turn_started", { seat: s.current, finalTurn: false }));
      }
      return false;
    case "draw_deck":
      drawFromDeck(s, seat, rng, events);
      return false;
    case "draw_discard": {
      const card = s.discard.at(-1) as Card;
      s.discard = s.discard.slice(0, -1);
      s.drawn = { card, source: "discard" };
      events.push(golfEvent("drew", { seat, source: "discard", card }));
      return false;
    }
    case "swap": {
      const held = takeDrawn(s);
      const replaced = (player.hand[action.position] as Slot).card;
      // A new hand: the draft's is still the input state's.
      const hand = player.hand.slice();
      hand[action.position] = { card: held, faceUp: true };
      player.hand = hand;
      s.discard = [...s.discard, replaced];
      events.push(golfEvent("swapped", { seat, position: action.position, card: held, replaced }));
      return true;
    }
    case "discard": {
      const held = takeDrawn(s);
      s.discard = [...s.discard, held];
      events.push(golfEvent("discarded", { seat, card: held }));
      s.pendingFlip = flipOffer(s, player);
      if (s.pendingFlip) events.push(golfEvent("flip_offered", { seat, optional: s.pendingFlip.optional }));
      return s.pendingFlip === null;
    }
    case "cancel_draw": {
      const held = takeDrawn(s);
      s.discard = [...s.discard, held];
      s.cancelledDraw = true;
      events.push(golfEvent("draw_cancelled", { seat, card: held }));
      return false;
    }
    case "flip_card":
      s.pendingFlip = null;
      reveal(player, [action.position], "flip_card", events);
      return true;
    case "skip_flip":
      s.pendingFlip = null;
      events.push(golfEvent("flip_skipped", { seat }));
      return true;
    case "flip_as_action":
      reveal(player, [action.position], "flip_as_action", events);
      return true;
    case "knock_early":
      reveal(player, hiddenPositions(player.hand), "knock_early", events);
      return true;
    case "next_round":
      nextRound(s, rng, events);
      return false;
  }
}

/** Deals the next hole, or after the last one ends the game (§1.7). */
function nextRound(s: GolfState, rng: Rng, events: GolfEvent[]): void {
  if (s.round < s.options.rounds) {
    s.round += 1;
    dealRound(s, rng, events);
    return;
  }
  s.phase = "game_over";
  const { scores, ranks, winnerSeat } = golfResult(s);
  events.push(golfEvent("game_ended", { totals: scores, holesWon: holesWon(s), ranks, winnerSeat }));
}

function takeDrawn(s: GolfState): Card {
  const card = (s.drawn as NonNullable<GolfState["drawn"]>).card;
  s.drawn = null;
  return card;
}

/**
 * An empty deck is refilled from all discards but the top, shuffled; with nothing to refill it
 * from, the round ends on the spot and is scored without a finisher.
 */
function drawFromDeck(s: GolfState, seat: number, rng: Rng, events: GolfEvent[]): void {
  if (s.deck.length === 0) {
    if (s.discard.length <= 1) {
      finishRound(s, "deck_exhausted", events);
      return;
    }
    const top = s.discard.at(-1) as Card;
    s.deck = rng.shuffle(s.discard.slice(0, -1));
    s.discard = [top];
    s.reshuffles += 1;
    events.push(golfEvent("reshuffled", { deckSize: s.deck.length }));
  }
  const card = s.deck.at(-1) as Card;
  s.deck = s.deck.slice(0, -1);
  s.drawn = { card, source: "deck" };
  events.push(golfEvent("drew", { seat, source: "deck", card }));
}

/** What the flip mode asks after a deck draw is discarded (§2.1); null ends the turn. */
function flipOffer(s: GolfState, player: PlayerState): GolfState["pendingFlip"] {
  if (faceDownCount(player.hand) === 0) return null;
  switch (s.options.flip_mode) {
    case "always":
      return { optional: false };
    case "endgame":
      return s.players.some((p) => faceDownCount(p.hand) <= 1) ? { optional: true } : null;
    case "never":
      return null;
  }
}

/**
 * Going out and final turns (§1.6): the first player fully face-up becomes the finisher; each
 * other player then has one more turn and is revealed right after it; the round ends when play
 * would return to the finisher.
 */
function endTurn(s: GolfState, player: PlayerState, events: GolfEvent[]): void {
  s.cancelledDraw = false;
  if (s.phase === "final_turn") {
    const hidden = hiddenPositions(player.hand);
    if (hidden.length > 0) reveal(player, hidden, "final_turn", events);
  } else if (faceDownCount(player.hand) === 0) {
    s.finisher = player.seat;
    s.phase = "final_turn";
    events.push(golfEvent("went_out", { seat: player.seat }));
  }
  const next = (player.seat + 1) % s.players.length;
  if (s.phase === "final_turn" && next === s.finisher) {
    finishRound(s, "went_out", events);
    return;
  }
  s.current = next;
  events.push(golfEvent("turn_started", { seat: next, finalTurn: s.phase === "final_turn" }));
}
