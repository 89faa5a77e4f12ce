/** Leaderboards and player stats. */
import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { currentUser, requireAuth } from "../auth/middleware";
import { findUserById } from "../auth/users";
import { type Db, db } from "../db/client";
import { findGame } from "../history/simulate";
import type { AppEnv } from "../http/app-env";
import { ApiError, errorResponses } from "../http/errors";
import { bearer, jsonResponse as json } from "../http/openapi";
import { router } from "../http/router";
import { GLICKO2 } from "./glicko2";
import { achievementsOf, LEADERBOARD_MIN_GAMES, leaderboard, METRICS, ranksOf, statsOf, statsRowsOf } from "./store";

const tag = "Stats";

const rankNumber = z.number().int().nullable();
const RanksSchema = z
  .object({ rating: rankNumber, wins: rankNumber, win_rate: rankNumber, avg_score: rankNumber, streak: rankNumber })
  .nullable()
  .openapi({ description: `Rank on each leaderboard; null until ${LEADERBOARD_MIN_GAMES} games (and for banned players)` });

const GameStatsSchema = z
  .object({
    game: z.string(),
    gamesPlayed: z.number().int(),
    gamesWon: z.number().int(),
    winRate: z.number(),
    humanGamesPlayed: z.number().int().openapi({ description: "Games with at least one other human" }),
    humanGamesWon: z.number().int(),
    roundsPlayed: z.number().int(),
    roundsWon: z.number().int(),
    totalPoints: z.number(),
    averageScore: z.number().nullable().openapi({ description: "Points per round (Golf: per hole)" }),
    bestRound: z.number().nullable(),
    worstRound: z.number().nullable(),
    bestGame: z.number().nullable(),
    knockouts: z.number().int().openapi({ description: "Rounds the player ended by going out first" }),
    perfectRounds: z.number().int().openapi({ description: "Rounds scoring 0 or less" }),
    negativeRounds: z.number().int(),
    wolfpacks: z.number().int().openapi({ description: "Golf rounds finished with two or more columns of paired jacks" }),
    currentStreak: z.number().int(),
    bestStreak: z.number().int(),
    firstGameAt: z.number().int().nullable(),
    lastGameAt: z.number().int().nullable(),
    rating: z.object({ rating: z.number(), rd: z.number(), volatility: z.number() }),
    rank: rankNumber.openapi({ description: "Rank on the rating leaderboard" }),
    ranks: RanksSchema,
  })
  .openapi("GameStats", {
    example: {
      game: "golf",
      gamesPlayed: 12,
      gamesWon: 7,
      winRate: 0.5833,
      humanGamesPlayed: 4,
      humanGamesWon: 2,
      roundsPlayed: 60,
      roundsWon: 31,
      totalPoints: 402,
      averageScore: 6.7,
      bestRound: -4,
      worstRound: 27,
      bestGame: 11,
      knockouts: 19,
      perfectRounds: 8,
      negativeRounds: 2,
      wolfpacks: 0,
      currentStreak: 2,
      bestStreak: 4,
      firstGameAt: 1767225600000,
      lastGameAt: 1767830400000,
      rating: { rating: 1612.4, rd: 88.1, volatility: 0.0599 },
      rank: 3,
      ranks: { rating: 3, wins: 2, win_rate: 4, avg_score: 5, streak: 2 },
    },
  });

const AchievementSchema = z
  .object({
    key: z.string(),
    game: z.string(),
    title: z.string(),
    description: z.string(),
    gameId: z.string().openapi({ description: "The game that unlocked it" }),
    unlockedAt: z.number().int(),
  })
  .openapi("Achievement", {
    example: {
      key: "first_win",
      game: "golf",
      title: "First win",
      description: "Win a game",
      gameId: "5d0e7c1a9b3f4e2d8c6a1b0f9e8d7c6b",
      unlockedAt: 1767227400000,
    },
  });

const PlayerStatsSchema = z
  .object({
    player: z.object({ id: z.string(), username: z.string() }),
    stats: z.array(GameStatsSchema),
    achievements: z.array(AchievementSchema),
  })
  .openapi("PlayerStats", {
    example: { player: { id: "3f1c0a52-8c1e-4c55-9d83-0d9ad1a6b0f4", username: "ada" }, stats: [], achievements: [] },
  });

const LeaderboardSchema = z
  .object({
    game: z.string(),
    metric: z.enum(METRICS),
    minGames: z.number().int(),
    total: z.number().int(),
    limit: z.number().int(),
    offset: z.number().int(),
    entries: z.array(
      z.object({
        rank: z.number().int(),
        player: z.object({ id: z.string(), username: z.string() }),
        value: z.number().nullable(),
        gamesPlayed: z.number().int(),
        gamesWon: z.number().int(),
        rating: z.number(),
        ratingDeviation: z.number(),
      }),
    ),
  })
  .openapi("Leaderboard", {
    example: {
      game: "golf",
      metric: "rating",
      minGames: LEADERBOARD_MIN_GAMES,
      total: 1,
      limit: 20,
      offset: 0,
      entries: [
        {
          rank: 1,
          player: { id: "3f1c0a52-8c1e-4c55-9d83-0d9ad1a6b0f4", username: "ada" },
          value: 1612.4,
          gamesPlayed: 12,
          gamesWon: 7,
          rating: 1612.4,
          ratingDeviation: 88.1,
        },
      ],
    },
  });

const GameQuery = z.object({ game: z.string().max(32).optional().openapi({ example: "golf" }) });

const board = createRoute({
  operationId: "getLeaderboard",
  method: "get",
  path: "/v1/leaderboards/{game}",
  tags: [tag],
  summary: "A game's leaderboard",
  description:
    `Players with at least ${LEADERBOARD_MIN_GAMES} counted games; banned players are left out. Metrics: \`rating\` (Glicko-2, from ${GLICKO2.initial.rating}), ` +
    "`wins`, `win_rate`, `avg_score` (points per round; lower first for Golf) and `streak` (best win streak). Tied values share a rank.",
  security: bearer,
  middleware: requireAuth,
  request: {
    params: z.object({ game: z.string().min(1).max(32).openapi({ example: "golf" }) }),
    query: z.object({
      metric: z.enum(METRICS).default("rating"),
      limit: z.coerce.number().int().min(1).max(100).default(20),
      offset: z.coerce.number().int().min(0).max(100_000).default(0),
    }),
  },
  responses: { 200: json(LeaderboardSchema, "Leaderboard"), ...errorResponses(400, 401, 403, 404, 429) },
});

const playerStatsRoute = createRoute({
  operationId: "getPlayerStats",
  method: "get",
  path: "/v1/players/{id}/stats",
  tags: [tag],
  summary: "A player's stats, ranks and achievements",
  security: bearer,
  middleware: requireAuth,
  request: { params: z.object({ id: z.string().min(1).max(64) }), query: GameQuery },
  responses: { 200: json(PlayerStatsSchema, "Stats"), ...errorResponses(400, 401, 403, 404, 429) },
});

const myStats = createRoute({
  operationId: "getMyStats",
  method: "get",
  path: "/v1/me/stats",
  tags: [tag],
  summary: "My stats, ranks and achievements",
  security: bearer,
  middleware: requireAuth,
  request: { query: GameQuery },
  responses: { 200: json(PlayerStatsSchema, "Stats"), ...errorResponses(400, 401, 403, 429) },
});

async function playerStats(d: Db, player: { id: string; username: string }, game: string | undefined) {
  const rows = await statsRowsOf(d, player.id, game);
  const stats = await Promise.all(rows.map(async (r) => statsOf(r, await ranksOf(d, r.game, player.id))));
  return { player, stats, achievements: await achievementsOf(d, player.id, game) };
}

async function userOr404(c: Context<AppEnv>, id: string) {
  const user = await findUserById(db(c.env), id);
  if (!user) throw ApiError.of("not_found", "no such player");
  return { id: user.id, username: user.username };
}

export const statsRoutes = router()
  .openapi(board, async (c) => {
    const { game } = c.req.valid("param");
    if (!findGame(game)) throw ApiError.of("not_found", `no game ${JSON.stringify(game)}`);
    const { metric, limit, offset } = c.req.valid("query");
    const page = await leaderboard(db(c.env), game, metric, limit, offset);
    return c.json({ game, metric, minGames: LEADERBOARD_MIN_GAMES, limit, offset, ...page }, 200);
  })
  .openapi(playerStatsRoute, async (c) => {
    const player = await userOr404(c, c.req.valid("param").id);
    return c.json(await playerStats(db(c.env), player, c.req.valid("query").game), 200);
  })
  .openapi(myStats, async (c) => {
    const me = currentUser(c);
    return c.json(await playerStats(db(c.env), { id: me.id, username: me.username }, c.req.valid("query").game), 200);
  });
