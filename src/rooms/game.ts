/**
 * The contract between the room runtime and a game. The runtime owns connections, timers,
 * persistence and seats; a game is a set of pure functions over plain data.
 *
 * Determinism: the runtime stores the seed and the log of accepted (seat, action) pairs. Replaying
 * `setup` and then `apply` for every logged pair, with one fresh `createRng(seed)` threaded
 * through all calls, must rebuild the exact same state. Hence:
 * - `setup` and `apply` take all their randomness from the `rng` they are given, and a rejected
 *   action consumes none of it;
 * - `cpuMove` and `timeoutMove` are decisions, not state changes: the runtime hands them a separate
 *   derived stream (`deriveSeed`), and only the action they return is logged and applied;
 * - states are plain JSON data (stored in SQLite as JSON) and are never mutated in place.
 */
import type { z } from "zod";
import type { Rng } from "../lib/rng";

/**
 * Who a projection is for. `omniscient` sees everything and is meant for replays after the game
 * has ended; live connections are always a seat or a spectator.
 */
export type Viewer = { kind: "seat"; seat: number } | { kind: "spectator" } | { kind: "omniscient" };

/**
 * A seat at game start. Seats are numbered 0..n-1 in `setup`'s array order (the runtime compacts
 * room seats before starting), so every per-seat array in a game is indexed by seat.
 */
export interface SeatInfo {
  seat: number;
  name: string;
  /** CPU personality name, or null for a human. Informational: the runtime decides who moves. */
  cpu: string | null;
}

/**
 * Something that happened, as the game saw it. Raw events may hold hidden information;
 * they must pass through `projectEvent` before reaching anyone but an omniscient viewer.
 */
export type GameEvent = { type: string; data: Record<string, unknown> };

/** `code` is stable snake_case (clients switch on it); `message` is for humans. */
export type Rejection = { ok: false; code: string; message: string };

export type ApplyResult<S> = { ok: true; state: S; events: GameEvent[] } | Rejection;

export interface GameResult {
  /** Final score by seat, in the game's own unit (Golf: total points, lower is better). */
  scores: number[];
  /** Null when the best score is shared. */
  winnerSeat: number | null;
  /** Competition rank by seat (1 = best; tied seats share a rank). */
  ranks: number[];
  /** Game-specific figures for result screens and stats, e.g. Golf's holes won. */
  extra?: Record<string, unknown>;
}

export interface GameDefinition<S, A, O> {
  id: string;
  title: string;
  minPlayers: number;
  maxPlayers: number;
  /** Parses raw options, filling defaults; also the source of the HTTP validation and OpenAPI docs. */
  optionsSchema: z.ZodType<O>;
  /** Validates client action payloads (a discriminated union on `type`) before `apply` sees them. */
  actionSchema: z.ZodType<A>;
  /** CPU personality names accepted by `cpuMove`. */
  cpuProfiles: readonly string[];

  setup(input: { seats: SeatInfo[]; options: O; rng: Rng }): { state: S; events: GameEvent[] };
  /** Every action `seat` may take now; empty when the game is not waiting for that seat. */
  legalActions(state: S, seat: number): A[];
  /** Pure: returns a new state (the input is untouched) or a rejection that consumed no randomness. */
  apply(state: S, seat: number, action: A, rng: Rng): ApplyResult<S>;
  /** JSON-safe projection of `state` for `viewer`; never contains what that viewer may not know. */
  view(state: S, viewer: Viewer): unknown;
  /** The event as `viewer` may see it, or null when the viewer must not learn of it at all. */
  projectEvent(event: GameEvent, viewer: Viewer): GameEvent | null;
  /**
   * Seats whose input the game is waiting for (drives turn timers and CPU scheduling). Several
   * seats can be awaited at once, e.g. simultaneous reveals. A turn may need several actions
   * (draw, then place), so a seat can stay awaited after an accepted action.
   */
  awaiting(state: S): number[];
  isOver(state: S): boolean;
  /** Null until the game is over. */
  result(state: S): GameResult | null;
  /** A safe legal move for an awaited seat whose timer expired; throws if the seat is not awaited. */
  timeoutMove(state: S, seat: number, rng: Rng): A;
  /** A CPU's legal move for an awaited seat (unknown profiles fall back to a default); throws if not awaited. */
  cpuMove(state: S, seat: number, profile: string, rng: Rng): A;
  /** Short options summary for lobby listings. */
  summary?(options: O): Record<string, unknown>;
  /** Whether a game with these options may count for ratings and leaderboards (default: true). */
  isRanked?(options: O): boolean;
  /** Room settings this game plays best with; a room created without `config` takes them (e.g. longer turns). */
  roomDefaults?: { turnSeconds?: number; timeoutPolicy?: "cpu" | "forfeit" };
  /**
   * How a seat's timeouts add up towards the timeout policy: `consecutive` (default) counts a
   * streak that the seat's own action resets; `game` counts every timeout of the whole game.
   */
  timeoutCounting?: "consecutive" | "game";
  /**
   * Explicit turn boundary, for games where `awaiting()` alone cannot tell: a value that changes
   * exactly when a new turn begins. When it changes, every awaited seat starts a fresh clock (even
   * one that stays awaited); while it stays equal, an awaited seat keeps its running clock, and a
   * seat awaited again (after another seat's forced choice) resumes the time it had left.
   * Without it, turns are inferred from changes of `awaiting()`.
   */
  turnKey?(state: S): string;
  /**
   * A private pick a seat makes when it readies (Familiars: its deck). Checks the raw choice against
   * the room's options; the runtime keeps the accepted choice on the seat, shows it to nobody, and
   * hands all of them to `withSeatChoices` when the game starts.
   */
  parseSeatChoice?(options: O, raw: unknown): { ok: true; choice: unknown } | { ok: false; message: string };
  /** The options `setup` gets: the room's options with each seat's choice (null: none) folded in. */
  withSeatChoices?(options: O, choices: (unknown | null)[]): O;
  /** The options as rooms show them to everyone (default: unchanged), e.g. without private picks. */
  publicOptions?(options: O): unknown;
}

/** Game definitions are stored side by side, so the registry erases their type parameters. */
export type AnyGameDefinition = GameDefinition<any, any, any>;

export type GameRegistry = Readonly<Record<string, AnyGameDefinition>>;

export function reject(code: string, message: string): Rejection {
  return { ok: false, code, message };
}

/**
 * Builds a result from final scores: competition ranks (equal scores share a rank, the next rank
 * skips: [3, 1, 3] lower-is-better → [2, 1, 2]) and a winner only when the best score is unshared.
 */
export function resultFromScores(scores: readonly number[], better: "lower" | "higher", extra?: Record<string, unknown>): GameResult {
  const beats = (a: number, b: number): boolean => (better === "lower" ? a < b : a > b);
  const ranks = scores.map((s) => 1 + scores.filter((o) => beats(o, s)).length);
  const firsts = ranks.flatMap((r, seat) => (r === 1 ? [seat] : []));
  return {
    scores: [...scores],
    winnerSeat: firsts.length === 1 ? (firsts[0] as number) : null,
    ranks,
    ...(extra ? { extra } : {}),
  };
}
