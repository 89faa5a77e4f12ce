import { sql } from "drizzle-orm";
import { index, integer, primaryKey, real, sqliteTable, text } from "drizzle-orm/sqlite-core";

/** A seat as recorded: `userId` is null for CPU seats (and for every seat of an imported game). */
export type RecordedSeat = { seat: number; userId: string | null; name: string; cpu: string | null };

/** One accepted action of the log, in order; `at` is the epoch-ms time it was applied. */
export type RecordedAction = { seat: number; action: unknown; source: "human" | "cpu" | "timeout"; at: number };

/** One action of a compact log: `[seat, "h" | "c" | "t" (source), action, ms since the previous action]`. */
export type CompactAction = [seat: number, source: string, action: unknown, dtMs: number];

/**
 * What `game_records.log` holds: a compact log, a pointer to its `game_log_chunks`, or (rows
 * recorded before migration 0007) the plain actions. Encoded and decoded by src/history/log-codec.ts.
 */
export type StoredLog = { v: 1; t0: number; a: CompactAction[] } | { v: 1; chunks: number } | RecordedAction[];

/** The final result as the room decided it (the game's result, with resigned/forfeited seats ranked last). */
export type RecordedResult = {
  scores: number[];
  ranks: number[];
  winnerSeat: number | null;
  extra?: Record<string, unknown>;
  reason: "completed" | "forfeit";
  forfeited: number[];
};

/**
 * Finished and abandoned games, one row per game (the room id for room games). Holds everything a
 * replay needs: the seed, the seats, the parsed options and the action log; `setup` then `apply`
 * for each logged action rebuilds the game.
 */
export const gameRecords = sqliteTable(
  "game_records",
  {
    id: text("id").primaryKey(),
    game: text("game").notNull(),
    options: text("options", { mode: "json" }).notNull().$type<Record<string, unknown>>(),
    ranked: integer("ranked", { mode: "boolean" }).notNull(),
    status: text("status", { enum: ["finished", "abandoned"] }).notNull(),
    imported: integer("imported", { mode: "boolean" }).notNull().default(false),
    /** For imported games: the id the game had where it was exported from. */
    importedFrom: text("imported_from"),
    importedBy: text("imported_by"),
    seed: integer("seed").notNull(),
    seats: text("seats", { mode: "json" }).notNull().$type<RecordedSeat[]>(),
    /** Null for abandoned games. */
    result: text("result", { mode: "json" }).$type<RecordedResult>(),
    winnerSeat: integer("winner_seat"),
    winnerUserId: text("winner_user_id"),
    holesWon: text("holes_won", { mode: "json" }).$type<number[]>(),
    startedAt: integer("started_at").notNull(),
    endedAt: integer("ended_at").notNull(),
    durationMs: integer("duration_ms").notNull(),
    actionCount: integer("action_count").notNull(),
    /** Compact, or a pointer to `game_log_chunks` for a long log (see src/history/log-codec.ts). */
    log: text("log", { mode: "json" }).notNull().$type<StoredLog>(),
    /** UTF-8 size of the compact log; imports count it against the importer's quota. */
    logBytes: integer("log_bytes").notNull().default(0),
    /** Why the log does not replay through the engine (null when it does); such games never count for stats. */
    replayError: text("replay_error"),
    /** Whether recording this game updated player stats and ratings. */
    counted: integer("counted", { mode: "boolean" }).notNull().default(false),
    /** Nonce of the recording attempt that inserted the row; guards the stats statements of the same batch. */
    recordToken: text("record_token").notNull(),
    recordedAt: integer("recorded_at").notNull(),
  },
  (t) => [
    index("game_records_game_ended").on(t.game, t.endedAt),
    // The import quota (bytes per importer) and the retention sweep of imported games.
    index("game_records_importer").on(t.importedBy).where(sql`imported = 1`),
    index("game_records_import_age").on(t.recordedAt).where(sql`imported = 1`),
  ],
);

/** A long action log in pieces of at most `LOG_CHUNK_CHARS`, joined in `idx` order. */
export const gameLogChunks = sqliteTable(
  "game_log_chunks",
  {
    gameId: text("game_id")
      .notNull()
      .references(() => gameRecords.id, { onDelete: "cascade" }),
    idx: integer("idx").notNull(),
    data: text("data").notNull(),
  },
  (t) => [primaryKey({ columns: [t.gameId, t.idx] })],
);

/**
 * Who may see a game, and the index behind `GET /v1/me/games`: one row per human seat, plus one
 * with a null seat for the user who imported a game.
 */
export const gamePlayers = sqliteTable(
  "game_players",
  {
    gameId: text("game_id")
      .notNull()
      .references(() => gameRecords.id, { onDelete: "cascade" }),
    userId: text("user_id").notNull(),
    seat: integer("seat"),
    endedAt: integer("ended_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.gameId, t.userId] }), index("game_players_user_ended").on(t.userId, t.endedAt, t.gameId)],
);

/** Public replay links. Expired rows are purged on read and by `purgeExpiredShares`. */
export const replayShares = sqliteTable(
  "replay_shares",
  {
    code: text("code").primaryKey(),
    gameId: text("game_id")
      .notNull()
      .references(() => gameRecords.id, { onDelete: "cascade" }),
    createdBy: text("created_by").notNull(),
    title: text("title"),
    description: text("description"),
    views: integer("views").notNull().default(0),
    createdAt: integer("created_at").notNull(),
    /** Null: never expires (until revoked). */
    expiresAt: integer("expires_at"),
  },
  (t) => [
    index("replay_shares_creator").on(t.createdBy, t.createdAt),
    index("replay_shares_expiry").on(t.expiresAt).where(sql`expires_at IS NOT NULL`),
  ],
);

/**
 * Per player and game id: counters, records, streaks and the Glicko-2 rating. `version` counts the
 * games applied; a recording only commits when every version it read is unchanged.
 */
export const playerStats = sqliteTable(
  "player_stats",
  {
    userId: text("user_id").notNull(),
    game: text("game").notNull(),
    version: integer("version").notNull().default(0),
    gamesPlayed: integer("games_played").notNull().default(0),
    gamesWon: integer("games_won").notNull().default(0),
    humanGamesPlayed: integer("human_games_played").notNull().default(0),
    humanGamesWon: integer("human_games_won").notNull().default(0),
    roundsPlayed: integer("rounds_played").notNull().default(0),
    roundsWon: integer("rounds_won").notNull().default(0),
    totalPoints: integer("total_points").notNull().default(0),
    bestRound: integer("best_round"),
    worstRound: integer("worst_round"),
    bestGame: integer("best_game"),
    knockouts: integer("knockouts").notNull().default(0),
    perfectRounds: integer("perfect_rounds").notNull().default(0),
    negativeRounds: integer("negative_rounds").notNull().default(0),
    wolfpacks: integer("wolfpacks").notNull().default(0),
    currentStreak: integer("current_streak").notNull().default(0),
    bestStreak: integer("best_streak").notNull().default(0),
    firstGameAt: integer("first_game_at"),
    lastGameAt: integer("last_game_at"),
    rating: real("rating").notNull(),
    ratingDeviation: real("rating_deviation").notNull(),
    volatility: real("volatility").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.game] }), index("player_stats_game_rating").on(t.game, t.rating)],
);

/** Each achievement is unlocked once per player and game id (the primary key decides). */
export const playerAchievements = sqliteTable(
  "player_achievements",
  {
    userId: text("user_id").notNull(),
    game: text("game").notNull(),
    achievement: text("achievement").notNull(),
    /** The game that unlocked it. */
    gameId: text("game_id").notNull(),
    unlockedAt: integer("unlocked_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.game, t.achievement] })],
);

export type GameRecordRow = typeof gameRecords.$inferSelect;
export type GameRecordInsert = typeof gameRecords.$inferInsert;
export type ReplayShareRow = typeof replayShares.$inferSelect;
export type PlayerStatsRow = typeof playerStats.$inferSelect;
export type PlayerAchievementRow = typeof playerAchievements.$inferSelect;
