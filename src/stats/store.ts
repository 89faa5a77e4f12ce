/** D1 reads of stats: a player's totals and achievements, leaderboards and ranks. */
import { and, asc, eq, type SQL, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { type PlayerStatsRow, playerAchievements, playerStats } from "../db/schema/index";
import { achievementDef } from "./achievements";
import { statsAdapter } from "./adapters";

/** Games needed to appear on a leaderboard (and to have a rank). */
export const LEADERBOARD_MIN_GAMES = 5;

export const METRICS = ["rating", "wins", "win_rate", "avg_score", "streak"] as const;
export type Metric = (typeof METRICS)[number];

/**
 * Each metric's value and direction. `avg_score` is points per round (Golf: per hole, lower is
 * better) and leaves out players without a completed round; `streak` is the best win streak.
 */
function metricSql(metric: Metric, game: string): { value: string; order: string } {
  switch (metric) {
    case "rating":
      return { value: "s.rating", order: "s.rating DESC" };
    case "wins":
      return { value: "s.games_won", order: "s.games_won DESC" };
    case "win_rate":
      return { value: "CAST(s.games_won AS REAL) / s.games_played", order: "CAST(s.games_won AS REAL) / s.games_played DESC" };
    case "avg_score": {
      const dir = statsAdapter(game).better === "lower" ? "ASC" : "DESC";
      const avg = "CAST(s.total_points AS REAL) / NULLIF(s.rounds_played, 0)";
      return { value: avg, order: `(s.rounds_played = 0), ${avg} ${dir}` };
    }
    case "streak":
      return { value: "s.best_streak", order: "s.best_streak DESC, s.current_streak DESC" };
  }
}

/**
 * Players on a board, neither banned nor deleted: the ranked board needs LEADERBOARD_MIN_GAMES counted games; the
 * provisional one holds players with fewer, so a first game already shows up somewhere.
 */
export type Tier = "ranked" | "provisional";

function board(game: string, tier: Tier = "ranked"): SQL {
  const games =
    tier === "ranked" ? sql`s.games_played >= ${LEADERBOARD_MIN_GAMES}` : sql`s.games_played BETWEEN 1 AND ${LEADERBOARD_MIN_GAMES - 1}`;
  const ranks = METRICS.map((m) => `RANK() OVER (ORDER BY ${metricSql(m, game).order}) AS rank_${m}`).join(", ");
  const values = METRICS.map((m) => `${metricSql(m, game).value} AS value_${m}`).join(", ");
  return sql`SELECT s.user_id AS userId, u.username AS username, s.games_played AS gamesPlayed, s.games_won AS gamesWon,
      s.rounds_played AS roundsPlayed, s.rating AS rating, s.rating_deviation AS ratingDeviation, ${sql.raw(values)}, ${sql.raw(ranks)}
    FROM player_stats s JOIN users u ON u.id = s.user_id
    WHERE s.game = ${game} AND ${games} AND u.banned = 0 AND u.deleted_at IS NULL`;
}

type BoardRow = {
  userId: string;
  username: string;
  gamesPlayed: number;
  gamesWon: number;
  roundsPlayed: number;
  rating: number;
  ratingDeviation: number;
} & Record<`value_${Metric}` | `rank_${Metric}`, number | null>;

export async function leaderboard(d: Db, game: string, metric: Metric, limit: number, offset: number, tier: Tier = "ranked") {
  const filter = metric === "avg_score" ? sql`WHERE roundsPlayed > 0` : sql``;
  const [total] = await d.all<{ n: number }>(sql`WITH board AS (${board(game, tier)}) SELECT COUNT(*) AS n FROM board ${filter}`);
  const rows = await d.all<BoardRow>(sql`WITH board AS (${board(game, tier)}) SELECT * FROM board ${filter}
    ORDER BY ${sql.raw(`rank_${metric}`)}, gamesPlayed DESC, userId LIMIT ${limit} OFFSET ${offset}`);
  return {
    total: total?.n ?? 0,
    entries: rows.map((r) => ({
      rank: r[`rank_${metric}`] as number,
      player: { id: r.userId, username: r.username },
      value: r[`value_${metric}`],
      gamesPlayed: r.gamesPlayed,
      gamesWon: r.gamesWon,
      rating: r.rating,
      ratingDeviation: r.ratingDeviation,
    })),
  };
}

export type Ranks = Record<Metric, number | null>;

/** The player's rank on every board of the game, or null when the player is not on the boards. */
export async function ranksOf(d: Db, game: string, userId: string): Promise<Ranks | null> {
  const [row] = await d.all<BoardRow>(sql`WITH board AS (${board(game)}) SELECT * FROM board WHERE userId = ${userId}`);
  if (!row) return null;
  const ranks = Object.fromEntries(METRICS.map((m) => [m, row[`rank_${m}`] as number])) as Ranks;
  if (row.roundsPlayed === 0) ranks.avg_score = null;
  return ranks;
}

export async function statsRowsOf(d: Db, userId: string, game?: string): Promise<PlayerStatsRow[]> {
  return d
    .select()
    .from(playerStats)
    .where(and(eq(playerStats.userId, userId), game ? eq(playerStats.game, game) : undefined))
    .orderBy(asc(playerStats.game));
}

export async function achievementsOf(d: Db, userId: string, game?: string) {
  const rows = await d
    .select()
    .from(playerAchievements)
    .where(and(eq(playerAchievements.userId, userId), game ? eq(playerAchievements.game, game) : undefined))
    .orderBy(asc(playerAchievements.unlockedAt), asc(playerAchievements.achievement));
  return rows.map((r) => {
    const def = achievementDef(r.achievement);
    return {
      key: r.achievement,
      game: r.game,
      title: def?.title ?? r.achievement,
      description: def?.description ?? "",
      gameId: r.gameId,
      unlockedAt: r.unlockedAt,
    };
  });
}

export function statsOf(row: PlayerStatsRow, ranks: Ranks | null) {
  return {
    game: row.game,
    gamesPlayed: row.gamesPlayed,
    gamesWon: row.gamesWon,
    winRate: row.gamesPlayed > 0 ? row.gamesWon / row.gamesPlayed : 0,
    humanGamesPlayed: row.humanGamesPlayed,
    humanGamesWon: row.humanGamesWon,
    roundsPlayed: row.roundsPlayed,
    roundsWon: row.roundsWon,
    totalPoints: row.totalPoints,
    averageScore: row.roundsPlayed > 0 ? row.totalPoints / row.roundsPlayed : null,
    bestRound: row.bestRound,
    worstRound: row.worstRound,
    bestGame: row.bestGame,
    knockouts: row.knockouts,
    perfectRounds: row.perfectRounds,
    negativeRounds: row.negativeRounds,
    wolfpacks: row.wolfpacks,
    currentStreak: row.currentStreak,
    bestStreak: row.bestStreak,
    firstGameAt: row.firstGameAt,
    lastGameAt: row.lastGameAt,
    rating: { rating: row.rating, rd: row.ratingDeviation, volatility: row.volatility },
    rank: ranks?.rating ?? null,
    ranks,
  };
}
