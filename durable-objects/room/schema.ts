import type { DoMigration } from "../kit";

/**
 * The Room object's own tables (versions from 100; the kit's timers and inbox come first).
 * `room` holds the room document, `game` a snapshot of the game state with the RNG position (see
 * store.ts), and `actions` the append-only log (each action with its events) that replays to the
 * current state.
 */
export const ROOM_MIGRATIONS: DoMigration[] = [
  {
    version: 100,
    name: "room_document_and_log",
    sql: `CREATE TABLE room (id INTEGER PRIMARY KEY CHECK (id = 1), doc TEXT NOT NULL);
    CREATE TABLE game (id INTEGER PRIMARY KEY CHECK (id = 1), seed INTEGER NOT NULL, state TEXT NOT NULL, rng TEXT NOT NULL);
    CREATE TABLE actions (
      n INTEGER PRIMARY KEY,
      seat INTEGER,
      source TEXT NOT NULL,
      action TEXT NOT NULL,
      at INTEGER NOT NULL,
      first_seq INTEGER NOT NULL,
      event_count INTEGER NOT NULL
    );
    CREATE TABLE events (seq INTEGER PRIMARY KEY, action_n INTEGER NOT NULL, type TEXT NOT NULL, data TEXT NOT NULL);
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE INDEX _inbox_received ON _inbox (received_at);`,
  },
  {
    // The game row becomes a snapshot: the last action it includes (every earlier row was current).
    version: 101,
    name: "game_snapshot",
    sql: `ALTER TABLE game ADD COLUMN through INTEGER NOT NULL DEFAULT 0;
    UPDATE game SET through = COALESCE((SELECT MAX(n) FROM actions), 0);`,
  },
  {
    // An action's events move into its row (one insert per change instead of two); the resume
    // query finds them by `first_seq` and `event_count`.
    version: 102,
    name: "events_in_action_rows",
    sql: `ALTER TABLE actions ADD COLUMN events TEXT NOT NULL DEFAULT '[]';
    UPDATE actions SET events = (
      SELECT json_group_array(json_object('type', e.type, 'data', json(e.data)))
      FROM (SELECT type, data FROM events WHERE action_n = actions.n ORDER BY seq) e
    );
    DROP TABLE events;`,
  },
  {
    // The fields an action moves get a row of their own (store.ts), so the rest of the document is
    // rewritten only when it changes.
    version: 103,
    name: "room_hot_fields",
    sql: "CREATE TABLE room_hot (id INTEGER PRIMARY KEY CHECK (id = 1), hot TEXT NOT NULL);",
  },
  {
    // A change that logs actions carries the hot fields in its last action row, so a move writes
    // one row less; `room_hot` keeps them for changes that log nothing (store.ts).
    version: 104,
    name: "hot_fields_in_action_rows",
    sql: "ALTER TABLE actions ADD COLUMN hot TEXT;",
  },
  {
    // Every message records its id in `_inbox`, and this index was one more page written per
    // move, for a prune that runs at most once a minute over at most an hour of ids (room.ts):
    // that prune now scans the table instead.
    version: 105,
    name: "inbox_prune_by_scan",
    sql: "DROP INDEX IF EXISTS _inbox_received;",
  },
  {
    // A room holds a handful of timers (a turn clock's, a CPU move, grace, idle, index), and most
    // moves reschedule the clock's: the kit's index on `at` was one more page written per move, for
    // lookups the room answers from memory or with a scan of those few rows (kit/timers.ts).
    version: 106,
    name: "timers_without_at_index",
    sql: "DROP INDEX IF EXISTS _timers_at;",
  },
  {
    // A move records its message id and answer in its last action row (message-ids.ts) instead of
    // a row in `_inbox`: one page less per move.
    version: 107,
    name: "message_ids_in_action_rows",
    sql: `ALTER TABLE actions ADD COLUMN msg_key TEXT;
    ALTER TABLE actions ADD COLUMN msg_answer TEXT;`,
  },
  {
    // A clock's timer is derived from the room document instead of stored (timers.ts), which saves
    // one row written per move; the rows stored before go.
    version: 108,
    name: "clock_timers_derived",
    sql: "DELETE FROM _timers WHERE key LIKE 'turn:%' OR key LIKE 'warn:%';",
  },
];
