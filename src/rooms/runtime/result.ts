/**
 * A room's final result: the game's own result with the seats that resigned, forfeited or left
 * moved behind everyone who played it out. Ranks are competition ranks (ties share a rank).
 */
import type { GameResult } from "../game";
import type { RoomDoc, RoomResult } from "./model";

function outSeats(doc: RoomDoc): number[] {
  return doc.seats.filter((s) => s.out !== null).map((s) => s.seat);
}

/** The game ran to its end. */
export function completedResult(doc: RoomDoc, game: GameResult): RoomResult {
  const forfeited = outSeats(doc);
  if (forfeited.length === 0) return { ...game, reason: "completed", forfeited, game };
  const inRunning = game.ranks.map((_, seat) => seat).filter((seat) => !forfeited.includes(seat));
  const ranks = game.ranks.map((rank, seat) => {
    if (forfeited.includes(seat)) return inRunning.length + 1;
    return 1 + inRunning.filter((o) => (game.ranks[o] as number) < rank).length;
  });
  const firsts = ranks.flatMap((r, seat) => (r === 1 && !forfeited.includes(seat) ? [seat] : []));
  return {
    scores: [...game.scores],
    ranks,
    winnerSeat: firsts.length === 1 ? (firsts[0] as number) : null,
    ...(game.extra ? { extra: game.extra } : {}),
    reason: "completed",
    forfeited,
    game,
  };
}

/** The game stopped because too few players were left: everyone still in shares first place. */
export function forfeitResult(doc: RoomDoc): RoomResult {
  const forfeited = outSeats(doc);
  const active = doc.seats.length - forfeited.length;
  const ranks = doc.seats.map((s) => (forfeited.includes(s.seat) ? active + 1 : 1));
  const firsts = ranks.flatMap((r, seat) => (r === 1 ? [seat] : []));
  return {
    scores: doc.seats.map(() => 0),
    ranks,
    winnerSeat: firsts.length === 1 ? (firsts[0] as number) : null,
    reason: "forfeit",
    forfeited,
    game: null,
  };
}
