/**
 * A Counter player (`src/games/counter/game.ts`): on its turn it adds 1–10. The view says whose
 * turn it is; `added` events move the turn on and `game_ended` ends it.
 */
import type { GameMirror } from "./bots";
import type { GameEventMsg } from "./protocol";

export interface CounterView {
  total: number;
  target: number;
  turns: number;
  maxTurns: number;
  currentSeat: number | null;
  players: { seat: number; tally: number; secret?: number }[];
}

export class CounterMirror implements GameMirror {
  private v: CounterView | null = null;
  private ended = false;
  private n = 0;

  reset(view: unknown): void {
    if (!view) return;
    this.v = structuredClone(view) as CounterView;
    this.ended = this.v.currentSeat === null;
  }

  over(): boolean {
    return this.ended;
  }

  apply(e: GameEventMsg): void {
    const v = this.v;
    if (!v) return;
    if (e.type === "added") {
      const seat = e.data.seat as number;
      v.total = e.data.total as number;
      v.turns += 1;
      const p = v.players[seat];
      if (p) p.tally += e.data.amount as number;
      v.currentSeat = (seat + 1) % v.players.length;
    } else if (e.type === "game_ended") {
      this.ended = true;
      v.currentSeat = null;
    }
  }

  choose(seat: number): { type: "add"; amount: number } | null {
    if (!this.v || this.ended || this.v.currentSeat !== seat) return null;
    this.n += 1;
    return { type: "add", amount: 1 + ((seat + this.n) % 10) };
  }
}
