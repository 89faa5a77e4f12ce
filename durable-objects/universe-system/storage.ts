import type { DoMigration } from "../kit";

export const SYSTEM_MIGRATIONS: DoMigration[] = [
  {
    version: 100,
    name: "debris_and_arrivals",
    // `version` of a field grows with every change, for the galaxy view's projection in D1.
    // An arrival is a reference to a fleet that lives in its owner's shard (`reply_to`): the
    // ships and cargo it names stay that shard's. `claim` records the D1 slot claim of a colony
    // ship ('won' or 'taken') once it is known, before the arrival is applied.
    sql: `CREATE TABLE debris (
      position INTEGER PRIMARY KEY,
      metal INTEGER NOT NULL,
      crystal INTEGER NOT NULL,
      deuterium INTEGER NOT NULL,
      version INTEGER NOT NULL
    );
    CREATE TABLE arrivals (
      fleet_id TEXT PRIMARY KEY,
      owner_id TEXT NOT NULL,
      reply_to TEXT NOT NULL,
      mission TEXT NOT NULL,
      position INTEGER NOT NULL,
      arrives_at INTEGER NOT NULL,
      fleet TEXT NOT NULL,
      claim TEXT
    );`,
  },
];

/** Arrivals in one millisecond run in fleet id order (UUIDv7: launch order), as §7 of the design says. */
export const arriveKey = (at: number, fleetId: string) => `arrive:${String(Math.floor(at)).padStart(15, "0")}:${fleetId}`;
export const ARRIVE_KIND = "arrive";

/** One pending projection write per field; re-armed until D1 has the newest version. */
export const projectKey = (position: number) => `debris:${position}`;
export const PROJECT_KIND = "project_debris";
