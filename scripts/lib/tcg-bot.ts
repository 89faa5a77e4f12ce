/**
 * A Familiars player that plays uniformly random legal moves from what its seat sees. Rather than
 * mirror some thirty event types, it re-reads its view with `sync` whenever events arrived since
 * its last view and the game may be waiting for it: its own turn (or setup), a forced choice
 * pending (settling it hands the move back), or after a `turn_start`, a `forced` or a knockout.
 * Legality comes from the engine itself, run on a state rebuilt from the view (`stateFromView`).
 */
import { legalTcgActions, type TcgAction, type TcgView } from "../../src/games/tcg/index";
import type { PlayerView } from "../../src/games/tcg/view";
import { stateFromView } from "../../src/games/tcg/view-state";
import { createRng, type Rng } from "../../src/lib/rng";
import type { GameMirror } from "./bots";
import type { GameEventMsg } from "./protocol";

function awaits(v: TcgView, seat: number): boolean {
  if (v.phase === "game_over") return false;
  if (v.phase === "setup") return !(v.players[seat] as PlayerView).ready;
  return (v.forced ? v.forced.seat : v.current) === seat;
}

export class TcgMirror implements GameMirror {
  private v: TcgView | null = null;
  /** Events arrived since the view. */
  private stale = false;
  /** One of them may have handed the move to this seat. */
  private mayBeMine = false;
  private ended = false;
  private readonly rng: Rng;

  constructor(seed = 1) {
    this.rng = createRng(seed);
  }

  reset(view: unknown): void {
    if (!view) return;
    this.v = view as TcgView;
    this.stale = false;
    this.mayBeMine = false;
    this.ended = this.v.phase === "game_over";
  }

  apply(e: GameEventMsg): void {
    this.stale = true;
    if (e.type === "game_over") this.ended = true;
    // Cheaper to re-read once per turn change than to track which seat each one names.
    else if (e.type === "turn_start" || e.type === "forced" || e.type === "knocked_out") this.mayBeMine = true;
  }

  /** The seat's view may be out of date at a moment it must act: ask the room for a fresh one. */
  needsSync(seat: number): boolean {
    if (!this.v || this.ended || !this.stale) return false;
    // While someone owes a forced choice, the event that settles it may hand the move back.
    return this.mayBeMine || this.v.forced !== null || awaits(this.v, seat);
  }

  over(): boolean {
    return this.ended;
  }

  choose(seat: number): TcgAction | null {
    if (!this.v || this.ended || this.stale || !awaits(this.v, seat)) return null;
    // Resigning would end the game at once: never chosen (it is always listed last).
    const legal = legalTcgActions(stateFromView(this.v), seat).filter((a) => a.type !== "resign");
    return legal.length > 0 ? this.rng.pick(legal) : null;
  }
}
