/**
 * A Golf view kept current from the projected events (`src/games/golf/events.ts`): the room sends
 * `state` only on join, on `sync` and at the start, and a resumed socket gets the events it missed.
 * The web table and the load-test bots both play from it.
 */
import type { Card, GolfView } from "../../../src/games/golf/index";
import type { ServerMessage } from "../../../src/rooms/protocol";

export type GameEventMsg = Extract<ServerMessage, { type: "event" }>["event"];
type Slot = GolfView["players"][number]["hand"][number];
type Player = GolfView["players"][number];

const faceDown = (deckId: number): Slot => ({ faceUp: false, deckId });

export class GolfMirror {
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
}
