/** Shared fixtures for the Golf tests: card shorthand, rigged states and a checked `act`. */
import { expect } from "vitest";
import {
  applyGolf,
  type Card,
  createGolfGame,
  type GolfAction,
  type GolfEvent,
  type GolfOptions,
  type GolfOptionsInput,
  type GolfState,
  parseGolfOptions,
  type Rank,
  type Suit,
} from "../../src/games/golf/index";
import type { Rng } from "../../src/lib/rng";

const SUIT_SYMBOLS: Record<string, Suit> = { "♥": "hearts", "♦": "diamonds", "♣": "clubs", "♠": "spades" };

/** "Q♥", "10♣", "★♠"; an optional "#1" picks the pack (deckId). */
export function card(text: string): Card {
  const match = /^(A|[2-9]|10|J|Q|K|★)([♥♦♣♠])(?:#(\d))?$/u.exec(text);
  if (!match) throw new Error(`Bad card shorthand ${text}`);
  return { rank: match[1] as Rank, suit: SUIT_SYMBOLS[match[2] as string] as Suit, deckId: Number(match[3] ?? 0) };
}

/** Space-separated cards; "/" between rows is decoration ("A♥ 2♥ 3♥ / 4♥ 5♥ 6♥"). */
export function cards(text: string): Card[] {
  return text
    .split(/\s+/)
    .filter((t) => t !== "" && t !== "/")
    .map(card);
}

export function opts(input: GolfOptionsInput = {}): GolfOptions {
  return parseGolfOptions(input);
}

export function newGame(options: GolfOptionsInput = {}, players = 2, seed = 7): { state: GolfState; rng: Rng } {
  const { state, rng } = createGolfGame({
    players: Array.from({ length: players }, (_, i) => ({ name: `P${i}` })),
    options,
    seed,
  });
  return { state, rng };
}

/** Applies an action that must be accepted. */
export function act(state: GolfState, seat: number, action: GolfAction, rng: Rng): { state: GolfState; events: GolfEvent[] } {
  const result = applyGolf(state, seat, action, rng);
  if (!result.ok) throw new Error(`Expected ${JSON.stringify(action)} by seat ${seat} to be accepted: ${result.code}`);
  return { state: result.state, events: result.events as GolfEvent[] };
}

/** Applies an action that must be rejected with `code`, without touching the state or the rng. */
export function expectRejected(state: GolfState, seat: number, action: GolfAction, rng: Rng, code: string): void {
  const before = JSON.stringify(state);
  const rngBefore = rng.save();
  const result = applyGolf(state, seat, action, rng);
  expect(result.ok ? "accepted" : result.code).toBe(code);
  expect(JSON.stringify(state)).toBe(before);
  expect(rng.save()).toEqual(rngBefore);
}

/** Skips the initial flip so tests start at the first turn. */
export function playing(state: GolfState): GolfState {
  return {
    ...state,
    phase: "playing",
    players: state.players.map((p) => ({ ...p, flipped: true })),
  };
}

/**
 * Replaces a player's hand: `faceUp` lists the face-up positions.
 * The cards should not also be elsewhere in the state; tests pick from packs the deck does not use
 * (e.g. "#2" with one pack) or accept duplicates when identity does not matter.
 */
export function withHand(state: GolfState, seat: number, hand: string, faceUp: readonly number[]): GolfState {
  const handCards = cards(hand);
  return {
    ...state,
    players: state.players.map((p) =>
      p.seat === seat ? { ...p, hand: handCards.map((c, i) => ({ card: c, faceUp: faceUp.includes(i) })) } : p,
    ),
  };
}

export const ALL = [0, 1, 2, 3, 4, 5];

export function eventTypes(events: readonly { type: string }[]): string[] {
  return events.map((e) => e.type);
}
