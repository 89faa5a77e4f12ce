/** D1 reads for a player's public profile. */
import { and, desc, eq } from "drizzle-orm";
import type { Db } from "../db/client";
import { gamePlayers, gameRecords, rooms } from "../db/schema/index";
import { summaryColumns, summaryOf } from "../history/store";

/**
 * The player's latest games from public rooms, newest first. A room game is recorded under its
 * room's id and the rooms index keeps finished rooms with their visibility, so the join shows
 * exactly the games anyone could have watched; imported games and private rooms never match.
 */
export async function recentPublicGames(d: Db, userId: string, opts: { limit: number; game?: string }) {
  const rows = await d
    .select({ ...summaryColumns, mySeat: gamePlayers.seat })
    .from(gamePlayers)
    .innerJoin(gameRecords, eq(gameRecords.id, gamePlayers.gameId))
    .innerJoin(rooms, eq(rooms.id, gameRecords.id))
    .where(
      and(
        eq(gamePlayers.userId, userId),
        eq(rooms.visibility, "public"),
        eq(gameRecords.imported, false),
        opts.game ? eq(gameRecords.game, opts.game) : undefined,
      ),
    )
    .orderBy(desc(gamePlayers.endedAt), desc(gamePlayers.gameId))
    .limit(opts.limit);
  return rows.map((r) => ({ ...summaryOf(r), mySeat: r.mySeat }));
}
