import type { DoMigration } from "../kit";

/**
 * The Matchmaker object's own tables (versions from 100; the kit's timers and inbox come first).
 * `queue` holds the waiting players; a formed group becomes a row of `matches` with its players in
 * `match_players` (kept a little after the room started, so status can point at the room).
 */
export const MATCHMAKER_MIGRATIONS: DoMigration[] = [
  {
    version: 100,
    name: "queue_and_matches",
    sql: `CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE queue (
      user_id TEXT PRIMARY KEY,
      name TEXT NOT NULL,
      rating REAL NOT NULL,
      enqueued_at INTEGER NOT NULL,
      seq INTEGER NOT NULL
    );
    CREATE INDEX queue_order ON queue (enqueued_at, seq);
    CREATE TABLE matches (
      room_id TEXT PRIMARY KEY,
      formed_at INTEGER NOT NULL,
      starts_at INTEGER NOT NULL,
      state TEXT NOT NULL CHECK (state IN ('creating', 'ready', 'cancelled')),
      code TEXT,
      attempts INTEGER NOT NULL DEFAULT 0,
      error TEXT
    );
    CREATE TABLE match_players (
      room_id TEXT NOT NULL,
      user_id TEXT NOT NULL,
      seat INTEGER NOT NULL,
      name TEXT NOT NULL,
      rating REAL NOT NULL,
      enqueued_at INTEGER NOT NULL,
      seq INTEGER NOT NULL,
      dropped TEXT,
      PRIMARY KEY (room_id, user_id)
    );
    CREATE INDEX match_players_user ON match_players (user_id);`,
  },
  {
    version: 101,
    name: "queue_seen_at",
    // When the player last showed they are still there (POST or a status poll); see presence.ts.
    sql: `ALTER TABLE queue ADD COLUMN seen_at INTEGER NOT NULL DEFAULT 0;
    UPDATE queue SET seen_at = enqueued_at;`,
  },
  {
    version: 102,
    name: "match_cpus",
    // The CPU personalities of a table filled with CPUs (JSON array); null for a match of players.
    sql: "ALTER TABLE matches ADD COLUMN cpus TEXT;",
  },
];
