/** The game result (spec §12): ranks follow the winner, not the scores. */
import type { GameResult } from "../../rooms/game";
import type { TcgState } from "./state";

export function tcgResult(s: TcgState): GameResult | null {
  if (s.phase !== "game_over") return null;
  const ranks = s.winner === null ? [1, 1] : s.players.map((p) => (p.seat === s.winner ? 1 : 2));
  return {
    scores: s.players.map((p) => p.points),
    winnerSeat: s.winner,
    ranks,
    extra: { end_reason: s.end_reason, turns: s.turn, knockouts: s.players.map((p) => p.knockouts) },
  };
}
