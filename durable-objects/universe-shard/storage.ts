import type { DoMigration } from "../kit";

export const SHARD_MIGRATIONS: DoMigration[] = [
  {
    version: 100,
    name: "empires",
    sql: `CREATE TABLE empires (
      player_id TEXT PRIMARY KEY,
      username TEXT NOT NULL,
      state TEXT NOT NULL,
      points INTEGER NOT NULL DEFAULT 0,
      updated_at INTEGER NOT NULL
    );
    CREATE TABLE notifications (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      player_id TEXT NOT NULL,
      kind TEXT NOT NULL,
      message TEXT NOT NULL,
      data TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      read_at INTEGER
    );
    CREATE INDEX notifications_player ON notifications (player_id, id);
    CREATE INDEX notifications_unread ON notifications (player_id) WHERE read_at IS NULL;`,
  },
  {
    version: 101,
    name: "score_version",
    sql: "ALTER TABLE empires ADD COLUMN score_version INTEGER NOT NULL DEFAULT 0;",
  },
];

/** Separates a player's timers from everyone else's in the shared timers table. */
export const timerKey = (playerId: string, key: string) => `${playerId}|${key}`;
export const playerTimerPrefix = (playerId: string) => `${playerId}|`;
export const scoreTimerKey = (playerId: string) => `score|${playerId}`;
