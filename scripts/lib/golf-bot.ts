/**
 * A Golf player that sees only what its seat sees. It mirrors its `GolfView` from the projected
 * events (`src/games/golf/events.ts`) and plays a simple, always-legal strategy: flip two cards in
 * different columns, draw from the deck (or take a cheap discard), keep a card that beats its worst
 * face-up card or is cheap enough to fill a face-down slot (less picky after every reshuffle, so a
 * hole always ends), and discard the rest. Seat 0 (the host) advances finished holes.
 */
import type { Card, GolfAction, GolfView, Rank } from "../../src/games/golf/index";
import type { GameMirror } from "./bots";
import type { GameEventMsg } from "./protocol";

type Slot = GolfView["players"][number]["hand"][number];
type Player = GolfView["players"][number];

/** Initial-flip positions, best first: different columns (0,3), (1,4), (2,5). */
const FLIP_ORDER = [0, 4, 2, 3, 1, 5];
/** Keep a drawn card in a face-down slot when it is worth at most this (an unknown card averages about 6). */
const KEEP_AT_MOST = 4;
/** Take the discard only when it is worth at most this. */
const TAKE_DISCARD_AT_MOST = 1;

const faceDown = (deckId: number): Slot => ({ faceUp: false, deckId });

export class GolfMirror implements GameMirror {
  private v: GolfView | null = null;
  /** The discard pile, top last; null where the pile was already there before our snapshot. */
  private pile: (Card | null)[] = [];

  reset(view: unknown): void {
    if (!view) return;
    this.v = structuredClone(view) as GolfView;
    const below = Math.max(0, this.v.discardSize - 1);
    this.pile = [...Array<Card | null>(below).fill(null), ...(this.v.discardTop ? [this.v.discardTop] : [])];
  }

  view(): GolfView | null {
    return this.v;
  }

  over(): boolean {
    return this.v?.phase === "game_over";
  }

  apply(e: GameEventMsg): void {
    const v = this.v;
    if (!v) return;
    const d = e.data as Record<string, any>;
    const player = (seat: unknown): Player => v.players[seat as number] as Player;
    switch (e.type) {
      case "round_started":
        v.round = d.round;
        v.dealer = d.dealer;
        v.phase = v.table.options.initial_flips > 0 ? "initial_flip" : "playing";
        v.currentSeat = v.phase === "playing" ? d.firstSeat : null;
        v.finisher = null;
        v.reshuffles = 0;
        v.drawn = null;
        v.pendingFlip = null;
        v.deckSize = d.deckSize;
        this.pile = [d.discardTop];
        for (const p of v.players) {
          p.hand = p.hand.map((s) => faceDown(s.deckId));
          p.flipped = v.table.options.initial_flips === 0;
        }
        break;
      case "turn_started":
        v.phase = d.finalTurn ? "final_turn" : "playing";
        v.currentSeat = d.seat;
        v.drawn = null;
        v.pendingFlip = null;
        break;
      case "drew":
        v.drawn = { seat: d.seat, source: d.source, ...(d.card ? { card: d.card } : {}) };
        if (d.source === "discard") this.pile.pop();
        else v.deckSize = Math.max(0, v.deckSize - 1);
        break;
      case "reshuffled":
        v.deckSize = d.deckSize;
        v.reshuffles += 1;
        this.pile = this.pile.slice(-1);
        break;
      case "swapped":
        player(d.seat).hand[d.position] = { ...d.card, faceUp: true };
        this.pile.push(d.replaced);
        v.drawn = null;
        break;
      case "discarded":
      case "draw_cancelled":
        this.pile.push(d.card);
        v.drawn = null;
        break;
      case "flip_offered":
        v.pendingFlip = { seat: d.seat, optional: d.optional };
        break;
      case "flip_skipped":
        v.pendingFlip = null;
        break;
      case "revealed": {
        const p = player(d.seat);
        (d.positions as number[]).forEach((position, i) => {
          p.hand[position] = { ...(d.cards[i] as Card), faceUp: true };
        });
        if (d.cause === "initial_flip") p.flipped = true;
        if (d.cause === "flip_card") v.pendingFlip = null;
        break;
      }
      case "went_out":
        v.finisher = d.seat;
        break;
      case "round_ended":
        v.phase = "round_over";
        v.currentSeat = null;
        v.drawn = null;
        v.pendingFlip = null;
        (d.hands as Card[][]).forEach((hand, seat) => {
          player(seat).hand = hand.map((c) => ({ ...c, faceUp: true }));
        });
        (d.totals as number[]).forEach((total, seat) => {
          player(seat).total = total;
        });
        break;
      case "game_ended":
        v.phase = "game_over";
        v.currentSeat = null;
        break;
    }
    v.discardTop = this.pile.at(-1) ?? null;
    v.discardSize = this.pile.length;
  }

  choose(seat: number): GolfAction | null {
    return this.v ? chooseGolfAction(this.v, seat) : null;
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
