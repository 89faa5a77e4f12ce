/**
 * What a bot needs from a game: a mirror of its own view, kept current from the `state` snapshot
 * and then from the projected events alone (the room sends `state` only on join and at the start),
 * and a choice of legal move for its seat from that view.
 */
import type { GameEventMsg } from "./protocol";

export interface GameMirror {
  /** A full snapshot: the `view` of a `state` message. */
  reset(view: unknown): void;
  apply(event: GameEventMsg): void;
  /** A legal action for `seat` now, or null when the game is not waiting for this seat. */
  choose(seat: number): unknown | null;
  over(): boolean;
  /** True when the mirror cannot follow the events and wants a fresh `state` (the bot sends `sync`). */
  needsSync?(seat: number): boolean;
  /** True while every seat may act at once (Golf's initial flips): no turn orders the actions. */
  simultaneous?(): boolean;
}
