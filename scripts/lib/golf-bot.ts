/**
 * A Golf player that sees only what its seat sees. It mirrors its `GolfView` from the projected
 * events (`src/games/golf/events.ts`) and plays a simple, always-legal strategy: flip two cards in
 * different columns, draw from the deck (or take a cheap discard), keep a card that beats its worst
 * face-up card or is cheap enough to fill a face-down slot (less picky after every reshuffle, so a
 * hole always ends), and discard the rest. Seat 0 (the host) advances finished holes.
 */
import type { GolfAction, GolfView, Rank } from "../../src/games/golf/index";
import { GolfMirror as ViewMirror } from "../../web/src/golf/mirror";
import type { GameMirror } from "./bots";

/** Initial-flip positions, best first: different columns (0,3), (1,4), (2,5). */
const FLIP_ORDER = [0, 4, 2, 3, 1, 5];
/** Keep a drawn card in a face-down slot when it is worth at most this (an unknown card averages about 6). */
const KEEP_AT_MOST = 4;
/** Take the discard only when it is worth at most this. */
const TAKE_DISCARD_AT_MOST = 1;

export class GolfMirror extends ViewMirror implements GameMirror {
  choose(seat: number): GolfAction | null {
    const v = this.view();
    return v ? chooseGolfAction(v, seat) : null;
  }

  /** The initial flips come from every seat at once; the next-hole vote is the host's alone. */
  simultaneous(): boolean {
    return this.view()?.phase === "initial_flip";
  }
}

/** A legal move for `seat` from its view, or null when the game does not wait for it. */
export function chooseGolfAction(v: GolfView, seat: number): GolfAction | null {
  const me = v.players[seat];
  if (!me) return null;
  const values = v.table.cardValues;
  const value = (c: { rank: Rank }) => values[c.rank];
  switch (v.phase) {
    case "initial_flip": {
      if (me.flipped) return null;
      const positions = FLIP_ORDER.slice(0, v.table.options.initial_flips).sort((a, b) => a - b);
      return { type: "flip_initial", positions };
    }
    case "round_over":
      // Every seat is awaited; one is enough, and the host is always seated.
      return seat === 0 ? { type: "next_round" } : null;
    case "playing":
    case "final_turn":
      break;
    default:
      return null;
  }
  if (v.currentSeat !== seat) return null;

  const hidden = me.hand.flatMap((s, i) => (s.faceUp ? [] : [i]));
  // The face-up card that costs the most, if any.
  const w = me.hand.reduce<{ position: number; value: number } | null>((best, s, position) => {
    if (!s.faceUp || !("rank" in s)) return best;
    return !best || value(s) > best.value ? { position, value: value(s) } : best;
  }, null);

  if (v.pendingFlip) {
    if (v.pendingFlip.optional) return { type: "skip_flip" };
    return { type: "flip_card", position: hidden[0] ?? 0 };
  }

  if (v.drawn) {
    const card = v.drawn.card;
    // Our own draw is always visible to us; without it (should not happen) place it blind.
    const cardValue = card ? value(card) : Number.POSITIVE_INFINITY;
    if (w && w.value > cardValue + 1) return { type: "swap", position: w.position };
    // Each trip through the deck makes us less picky, or a table whose low cards are all held
    // would never finish the hole.
    if (hidden.length > 0 && (cardValue <= KEEP_AT_MOST + 3 * v.reshuffles || v.drawn.source === "discard")) {
      return { type: "swap", position: hidden[0] as number };
    }
    if (v.drawn.source === "discard") return { type: "swap", position: w?.position ?? 0 };
    return { type: "discard" };
  }

  const top = v.discardTop;
  if (top && value(top) <= TAKE_DISCARD_AT_MOST && (hidden.length > 0 || (w !== null && w.value > value(top) + 1))) {
    return { type: "draw_discard" };
  }
  return { type: "draw_deck" };
}
