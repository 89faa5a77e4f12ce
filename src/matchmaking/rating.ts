/**
 * The rating quick match pairs players by: their Glicko-2 rating for the game from the stats
 * (`player_stats`, written when games are recorded), or the Glicko-2 starting rating for a player
 * with no rated game yet. This is the only place matchmaking reads ratings.
 */
import { db } from "../db/client";
import { GLICKO2 } from "../stats/glicko2";
import { statsRowsOf } from "../stats/store";

export const DEFAULT_RATING: number = GLICKO2.initial.rating;

export async function ratingOf(env: Pick<Env, "DB">, userId: string, game: string): Promise<number> {
  try {
    const [row] = await statsRowsOf(db(env), userId, game);
    return row?.rating ?? DEFAULT_RATING;
  } catch (e) {
    // Matchmaking keeps working if stats cannot be read; the player is matched as a newcomer.
    console.error(JSON.stringify({ level: "error", msg: "rating read failed", error: e instanceof Error ? e.message : String(e) }));
    return DEFAULT_RATING;
  }
}
