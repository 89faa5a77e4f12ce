/** CPU and timeout moves (spec §15, §17). */
import type { Rng } from "../../../lib/rng";
import type { TcgAction } from "../actions";
import { awaitingSeats } from "../rules";
import type { TcgState } from "../state";
import { basicMove } from "./basic";
import { assertAwaited, routineMove } from "./shared";
import { tacticianMove } from "./tactician";

export const CPU_PROFILES = ["basic", "tactician"] as const;

/** The safe move for an expired turn: setup placement, forced choices, else `end_turn`. */
export function tcgTimeoutMove(s: TcgState, seat: number, _rng: Rng): TcgAction {
  assertAwaited(awaitingSeats(s), seat);
  return routineMove(s, seat, false) ?? { type: "end_turn" };
}

/** Unknown profiles play `basic`. */
export function tcgCpuMove(s: TcgState, seat: number, profile: string, rng: Rng): TcgAction {
  assertAwaited(awaitingSeats(s), seat);
  const routine = routineMove(s, seat, true);
  if (routine) return routine;
  return profile === "tactician" ? tacticianMove(s, seat, rng) : basicMove(s, seat);
}
