/**
 * Who actually played. A CPU that takes over a human's seat (disconnect, timeouts, leaving) plays on
 * in the owner's name, and the log says so: each action's `source` is `human` only for the owner's
 * own moves. Stats credit a human only with rounds in which they made at least one move of their
 * own, and a human who made none at all never played the game (see `planGame`).
 */
import type { RecordedAction } from "../db/schema/history";
import type { GameEvent } from "../rooms/game";
import type { RoundFact } from "./adapters";

/**
 * Per seat, per round (0-based): whether the seat's owner moved in it. `stepEvents[i]` are the
 * events of action `i`; the action whose events end a round still belongs to that round.
 */
export function roundsPlayed(
  actions: readonly Pick<RecordedAction, "seat" | "source">[],
  stepEvents: readonly (readonly GameEvent[])[],
  seats: number,
  endsRound: (e: GameEvent) => boolean,
): boolean[][] {
  const played: boolean[][] = Array.from({ length: seats }, () => []);
  let round = 0;
  actions.forEach((a, i) => {
    const mine = played[a.seat];
    if (mine && a.source === "human") mine[round] = true;
    if ((stepEvents[i] ?? []).some(endsRound)) round += 1;
  });
  return played;
}

/** Each seat's rounds, keeping only those its owner played. */
export function keepPlayedRounds(rounds: readonly RoundFact[][], played: readonly boolean[][]): RoundFact[][] {
  return rounds.map((seatRounds, seat) => seatRounds.filter((_, round) => played[seat]?.[round] === true));
}

/**
 * Human seats whose owner never made a move (a matched player who never connected, or one who let
 * every turn run out). Seats that resigned, forfeited or left are already ranked last, so they are
 * not counted here.
 */
export function absentSeats(
  seats: readonly { seat: number; userId: string | null }[],
  actions: readonly Pick<RecordedAction, "seat" | "source">[],
  forfeited: readonly number[],
): number[] {
  const moved = new Set(actions.filter((a) => a.source === "human").map((a) => a.seat));
  return seats.filter((s) => s.userId !== null && !moved.has(s.seat) && !forfeited.includes(s.seat)).map((s) => s.seat);
}
