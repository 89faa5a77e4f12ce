/** Leaderboards and player stats. */
import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { currentUser, publicRoute, requireAuth } from "../auth/middleware";
import { findUserById } from "../auth/users";
import { type Db, db } from "../db/client";
import { GameSummarySchema } from "../history/schemas";
import { findGame } from "../history/simulate";
import type { AppEnv } from "../http/app-env";
import { ApiError, errorResponses } from "../http/errors";
import { bearer, jsonResponse as json, optionalBearer } from "../http/openapi";
import { router } from "../http/router";
import { GLICKO2 } from "./glicko2";
import { recentPublicGames } from "./profile";
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

const LeaderboardEntrySchema = z.object({
  rank: z.number().int(),
  player: z.object({ id: z.string(), username: z.string() }),
  value: z.number().nullable(),
  gamesPlayed: z.number().int(),
  gamesWon: z.number().int(),
  rating: z.number(),
  ratingDeviation: z.number(),
});

const exampleEntry = {
  rank: 1,
  player: { id: "3f1c0a52-8c1e-4c55-9d83-0d9ad1a6b0f4", username: "ada" },
  value: 1612.4,
  gamesPlayed: 12,
  gamesWon: 7,
  rating: 1612.4,
  ratingDeviation: 88.1,
};

const LeaderboardSchema = z
  .object({
    game: z.string(),
    metric: z.enum(METRICS),
    minGames: z.number().int(),
    total: z.number().int(),
    limit: z.number().int(),
    offset: z.number().int(),
    entries: z.array(LeaderboardEntrySchema),
    provisional: z
      .object({
        maxGames: z.number().int().openapi({ description: "Players with 1 to this many counted games are provisional" }),
        total: z.number().int(),
        entries: z.array(LeaderboardEntrySchema).openapi({ description: "The first `limit`, ranked among provisional players only" }),
      })
      .openapi({ description: `Players with fewer than ${LEADERBOARD_MIN_GAMES} games, kept apart from the ranked board` }),
  })
  .openapi("Leaderboard", {
    example: {
      game: "golf",
      metric: "rating",
      minGames: LEADERBOARD_MIN_GAMES,
      total: 1,
      limit: 20,
      offset: 0,
      entries: [exampleEntry],
      provisional: {
        maxGames: LEADERBOARD_MIN_GAMES - 1,
        total: 1,
        entries: [
          {
            ...exampleEntry,
            player: { id: "9b2d4e61-0c7a-4f3e-8a15-6d2c9e0b7f48", username: "grace" },
            value: 1662.3,
            gamesPlayed: 1,
            gamesWon: 1,
            rating: 1662.3,
            ratingDeviation: 290.3,
          },
        ],
      },
    },
  });

const PlayerProfileSchema = PlayerStatsSchema.extend({
  recentGames: z
    .array(GameSummarySchema)
    .openapi({ description: "Latest games from public rooms, newest first (`mySeat`: this player's seat)" }),
}).openapi("PlayerProfile", {
  example: {
    player: { id: "3f1c0a52-8c1e-4c55-9d83-0d9ad1a6b0f4", username: "ada" },
    stats: [],
    achievements: [],
    recentGames: [],
  },
});

const GameQuery = z.object({ game: z.string().max(32).optional().openapi({ example: "golf" }) });

const PlayerParam = z.object({ id: z.string().min(1).max(64).openapi({ example: "3f1c0a52-8c1e-4c55-9d83-0d9ad1a6b0f4" }) });

/** Leaderboards and profiles are public: a token is optional, anonymous callers are limited per IP. */
const publicRead = publicRoute("stats:read");

const board = createRoute({
  operationId: "getLeaderboard",
  method: "get",
  path: "/v1/leaderboards/{game}",
  tags: [tag],
  summary: "A game's leaderboard (public)",
  description:
    `Players with at least ${LEADERBOARD_MIN_GAMES} counted games in \`entries\` (paged by \`limit\` and \`offset\`); players with 1 to ${LEADERBOARD_MIN_GAMES - 1} ` +
    "in `provisional` (its first `limit`, ranked among themselves by the same metric). Banned players are left out. " +
    `Metrics: \`rating\` (Glicko-2, from ${GLICKO2.initial.rating}), ` +
    "`wins`, `win_rate`, `avg_score` (points per round; lower first for Golf) and `streak` (best win streak). Tied values share a rank. " +
    "No login needed; a bearer token, when sent, must be valid.",
  security: optionalBearer,
  middleware: publicRead,
  request: {
    params: z.object({ game: z.string().min(1).max(32).openapi({ example: "golf" }) }),
    query: z.object({
      metric: z.enum(METRICS).default("rating").openapi({ example: "rating" }),
      limit: z.coerce.number().int().min(1).max(100).default(20).openapi({ example: 20 }),
      offset: z.coerce.number().int().min(0).max(100_000).default(0).openapi({ example: 0 }),
    }),
  },
  responses: { 200: json(LeaderboardSchema, "Leaderboard"), ...errorResponses(400, 401, 403, 404, 429) },
});

const playerStatsRoute = createRoute({
  operationId: "getPlayerStats",
  method: "get",
  path: "/v1/players/{id}/stats",
  tags: [tag],
  summary: "A player's stats, ranks and achievements (public)",
  security: optionalBearer,
  middleware: publicRead,
  request: { params: PlayerParam, query: GameQuery },
  responses: { 200: json(PlayerStatsSchema, "Stats"), ...errorResponses(400, 401, 403, 404, 429) },
});

const profileRoute = createRoute({
  method: "get",
  path: "/v1/players/{id}",
  operationId: "getPlayerProfile",
  tags: [tag],
  summary: "A player's public profile (public)",
  description:
    "Name, per-game stats with rating and ranks, achievements, and the latest games from public rooms (games of private rooms " +
    "and imported games are never listed). No login needed.",
  security: optionalBearer,
  middleware: publicRead,
  request: {
    params: PlayerParam,
    query: GameQuery.extend({
      games: z.coerce.number().int().min(1).max(50).default(10).openapi({ example: 10, description: "How many recent games" }),
    }),
  },
  responses: { 200: json(PlayerProfileSchema, "Profile"), ...errorResponses(400, 401, 403, 404, 429) },
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
    const d = db(c.env);
    const [page, provisional] = await Promise.all([
      leaderboard(d, game, metric, limit, offset),
      leaderboard(d, game, metric, limit, 0, "provisional"),
    ]);
    return c.json(
      {
        game,
        metric,
        minGames: LEADERBOARD_MIN_GAMES,
        limit,
        offset,
        ...page,
        provisional: { maxGames: LEADERBOARD_MIN_GAMES - 1, ...provisional },
      },
      200,
    );
  })
  .openapi(playerStatsRoute, async (c) => {
    const player = await userOr404(c, c.req.valid("param").id);
    return c.json(await playerStats(db(c.env), player, c.req.valid("query").game), 200);
  })
  .openapi(profileRoute, async (c) => {
    const player = await userOr404(c, c.req.valid("param").id);
    const { game, games } = c.req.valid("query");
    const d = db(c.env);
    const [stats, recentGames] = await Promise.all([playerStats(d, player, game), recentPublicGames(d, player.id, { limit: games, game })]);
    return c.json({ ...stats, recentGames }, 200);
  })
  .openapi(myStats, async (c) => {
    const me = currentUser(c);
    return c.json(await playerStats(db(c.env), { id: me.id, username: me.username }, c.req.valid("query").game), 200);
  });
