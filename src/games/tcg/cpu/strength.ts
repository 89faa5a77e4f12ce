/**
 * The strength set of spec §17: games k = 1…200 with seed k, the tactician in seat k mod 2 with
 * starter types[k mod 5] and basic with types[(k+2) mod 5]. Shared by the test and the bench.
 */
import { createRng, deriveSeed } from "../../../lib/rng";
import { TYPES } from "../cards";
import { applyTcg, setupTcg } from "../engine";
import { parseTcgOptions } from "../options";
import { awaitingSeats } from "../rules";
import type { TcgState } from "../state";
import { tcgCpuMove } from "./decide";

export const STRENGTH_GAMES = 200;

/** Plays game k; returns the final state and the tactician's seat. */
function strengthGame(k: number): { final: TcgState; tacticianSeat: number; actions: number } {
  const tacticianSeat = k % 2;
  const decks = [null, null] as ({ starter: (typeof TYPES)[number] } | null)[];
  decks[tacticianSeat] = { starter: TYPES[k % 5] as (typeof TYPES)[number] };
  decks[1 - tacticianSeat] = { starter: TYPES[(k + 2) % 5] as (typeof TYPES)[number] };
  const profiles = tacticianSeat === 0 ? ["tactician", "basic"] : ["basic", "tactician"];
  const rng = createRng(k);
  const seats = profiles.map((cpu, seat) => ({ seat, name: cpu, cpu }));
  let state = setupTcg({ seats, options: parseTcgOptions({ decks }), rng }).state;
  let actions = 0;
  while (state.phase !== "game_over") {
    const seat = awaitingSeats(state)[0] as number;
    // The n-th decision draws from its own derived stream, as in the room runtime.
    const decisions = createRng(deriveSeed(k, "cpu", actions));
    const result = applyTcg(state, seat, tcgCpuMove(state, seat, profiles[seat] as string, decisions), rng);
    if (!result.ok) throw new Error(`CPU move rejected: ${result.code}`);
    state = result.state;
    actions += 1;
  }
  return { final: state, tacticianSeat, actions };
}

/** Tactician wins over the whole set. */
export function tacticianWins(): { wins: number; games: number; actions: number } {
  let wins = 0;
  let actions = 0;
  for (let k = 1; k <= STRENGTH_GAMES; k++) {
    const game = strengthGame(k);
    if (game.final.winner === game.tacticianSeat) wins += 1;
    actions += game.actions;
  }
  return { wins, games: STRENGTH_GAMES, actions };
}
