import type { DoMigration } from "../kit";

/**
 * An area's tables beside the kit's timers, inbox and outbox (handovers in flight are outbox rows). The area state is one JSON document,
 * rewritten in the transaction of every step, so a restart reloads exactly what was acknowledged.
 */
export const WORLD_AREA_MIGRATIONS: DoMigration[] = [
  {
    version: 100,
    name: "world_area",
    sql: `CREATE TABLE IF NOT EXISTS world_area (id INTEGER PRIMARY KEY CHECK (id = 1), area TEXT NOT NULL, state TEXT NOT NULL, rng TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS world_tombstones (character TEXT PRIMARY KEY, area TEXT NOT NULL, loc_version INTEGER NOT NULL, expires_at INTEGER NOT NULL);
    CREATE TABLE IF NOT EXISTS world_queue (seq INTEGER PRIMARY KEY AUTOINCREMENT, character TEXT NOT NULL, event TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS world_versions (character TEXT PRIMARY KEY, loc_version INTEGER NOT NULL);`,
  },
];
