/** Setup and forced choices, shared by the timeout move and both CPUs (spec §15, §17). */
import type { TcgAction } from "../actions";
import { familiar } from "../cards";
import { maxHp } from "../stats";
import { type Familiar, type Player, pendingForced, type TcgState } from "../state";
import { checkAction } from "../rules";

export function isLegal(s: TcgState, seat: number, a: TcgAction): boolean {
  return checkAction(s, seat, a) === null;
}

function basicsInHand(s: TcgState, p: Player): string[] {
  return p.hand.filter((id) => familiar(s.cards[id] as string)?.stage === "basic");
}

/** The highest-HP basic in hand, first in hand order on ties. */
function strongestBasic(s: TcgState, p: Player): string | undefined {
  let best: string | undefined;
  for (const id of basicsInHand(s, p)) {
    if (!best || (familiar(s.cards[id] as string)?.hp ?? 0) > (familiar(s.cards[best] as string)?.hp ?? 0)) best = id;
  }
  return best;
}

/** The benched familiar with the most HP left, lowest position on ties. */
function sturdiestBenched(s: TcgState, p: Player): Familiar {
  const left = (f: Familiar) => maxHp(s, f) - f.damage;
  return p.bench.reduce((best, f) => (left(f) > left(best) ? f : best), p.bench[0] as Familiar);
}

/**
 * The move for setup and forced actions, or null in an ordinary main-phase turn.
 * `benchAll` is the CPUs' setup: bench every other basic before confirming.
 */
export function routineMove(s: TcgState, seat: number, benchAll: boolean): TcgAction | null {
  const p = s.players[seat] as Player;
  if (s.phase === "setup") {
    const strongest = strongestBasic(s, p);
    if (!p.active && strongest) return { type: "play_basic", card: strongest };
    const next = basicsInHand(s, p)[0];
    if (benchAll && next && p.bench.length < s.rules.max_bench) return { type: "play_basic", card: next };
    return { type: "end_turn" };
  }
  const forced = pendingForced(s);
  if (forced?.kind === "select_prize") return { type: "select_prize", index: 0 };
  if (forced?.kind === "select_active") return { type: "select_active", familiar: sturdiestBenched(s, p).id };
  return null;
}

export function assertAwaited(awaiting: readonly number[], seat: number): void {
  if (!awaiting.includes(seat)) throw new Error(`Seat ${seat} has nothing to do now`);
}
