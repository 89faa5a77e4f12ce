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
    // D1 rows start at version 0, so existing scores become version 1 and land over them. Earlier
    // code could drop a failed push, so each existing score gets an intent to publish, due at
    // once: it runs on the shard's next alarm (any timer change re-arms it).
    sql: `ALTER TABLE empires ADD COLUMN score_version INTEGER NOT NULL DEFAULT 0;
    UPDATE empires SET score_version = 1;
    INSERT INTO _timers (key, at, kind, payload)
      SELECT 'score|' || player_id, 0, 'score', json_object('playerId', player_id) FROM empires WHERE true
      ON CONFLICT (key) DO NOTHING;`,
  },
  {
    version: 102,
    name: "fleets",
    // fleets: this shard's players' fleets (fleet-store.ts); arrivals: anyone's fleets heading
    // to this shard's planets, applied by the `arrive:` timers.
    sql: `CREATE TABLE fleets (
      id TEXT PRIMARY KEY,
      owner_id TEXT NOT NULL,
      arrival_owner TEXT NOT NULL,
      target_planet_id TEXT,
      target_owner_id TEXT,
      recalled_at INTEGER,
      outcome TEXT,
      data TEXT NOT NULL
    );
    CREATE INDEX fleets_owner ON fleets (owner_id, id);
    CREATE TABLE arrivals (
      fleet_id TEXT PRIMARY KEY,
      arrival_at INTEGER NOT NULL,
      data TEXT NOT NULL
    );`,
  },
  {
    version: 103,
    name: "abandoned_planets",
    // Colonies their players gave up (abandoned.ts): a retried abandon answers the same.
    sql: `CREATE TABLE abandoned_planets (
      planet_id TEXT PRIMARY KEY,
      player_id TEXT NOT NULL,
      abandoned_at INTEGER NOT NULL
    );`,
  },
];

/** Separates a player's timers from everyone else's in the shared timers table. */
export const timerKey = (playerId: string, key: string) => `${playerId}|${key}`;
export const playerTimerPrefix = (playerId: string) => `${playerId}|`;
export const scoreTimerKey = (playerId: string) => `score|${playerId}`;
