import type { DoMigration } from "../kit";

export const MARKET_MIGRATIONS: DoMigration[] = [
  {
    version: 100,
    name: "offers",
    // An open offer's row holds its escrow (`offered_*`) until the state moves, once, to accepted
    // or cancelled. `version` counts changes and `projected` is the version D1 last received.
    sql: `CREATE TABLE offers (
      id TEXT PRIMARY KEY,
      seller_id TEXT NOT NULL,
      seller_name TEXT NOT NULL,
      seller_shard TEXT NOT NULL,
      seller_planet_id TEXT NOT NULL,
      offered_resource TEXT NOT NULL,
      offered_amount INTEGER NOT NULL,
      requested_resource TEXT NOT NULL,
      requested_amount INTEGER NOT NULL,
      fee_rate REAL NOT NULL,
      status TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      closed_at INTEGER,
      buyer_id TEXT,
      accept_id TEXT,
      fee INTEGER,
      version INTEGER NOT NULL,
      projected INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX offers_unprojected ON offers (id) WHERE projected < version;`,
  },
  {
    version: 101,
    name: "offers_without_seller_names",
    // A copied name outlives the account deletion that renames the seller: views take the name
    // from D1's universe_players instead (src/universe/market/projection.ts).
    sql: "ALTER TABLE offers DROP COLUMN seller_name;",
  },
];

export type OfferRecord = {
  id: string;
  seller_id: string;
  seller_shard: string;
  seller_planet_id: string;
  offered_resource: string;
  offered_amount: number;
  requested_resource: string;
  requested_amount: number;
  fee_rate: number;
  status: string;
  created_at: number;
  closed_at: number | null;
  buyer_id: string | null;
  accept_id: string | null;
  fee: number | null;
  version: number;
  projected: number;
};
