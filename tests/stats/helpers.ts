import { playGolf } from "../history/helpers";

/** A two-hole Golf game from a pinned seed; a CPU in seat 0 plays as Sofia, in seat 1 as Maya. */
export function twoHoleGolf(seed: number, startedAt: number, seat0: string | null, seat1: string | null) {
  return playGolf({
    seed,
    startedAt,
    options: { rounds: 2 },
    players: [
      { userId: seat0, plays: "Sofia" },
      { userId: seat1, plays: "Maya" },
    ],
  });
}
