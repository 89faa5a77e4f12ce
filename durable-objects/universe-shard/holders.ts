import type { ShipCounts } from "../../src/universe/engine/index";
import type { DoMigration } from "../kit";
import type { Arrival } from "./fleet-store";

/*
 * ACS defend (§13) on the host's side: fleets of buddies holding at this shard's planets. The
 * shard that owns a planet's arrivals owns its holders too, so every battle there sees exactly
 * the holders present at its second (timers run in time order: a hold that ends before a battle
 * has been released by then, one that starts after it is not here yet). The row keeps the
 * arrival as it came (the owner's research at launch fights) with the ships left after battles.
 */

/** Versions 160–169 are ACS's (holders here, unions in unions.ts). */
export const HOLDER_MIGRATION: DoMigration = {
  version: 160,
  name: "acs_holders",
  sql: `CREATE TABLE acs_holders (
    fleet_id TEXT PRIMARY KEY,
    planet_id TEXT NOT NULL,
    hold_until INTEGER NOT NULL,
    data TEXT NOT NULL
  );
  CREATE INDEX acs_holders_planet ON acs_holders (planet_id, fleet_id);`,
};

/** A holding fleet: its arrival, with `ships` the ones left, and when it leaves. */
export interface Holder extends Arrival {
  holdUntil: number;
}

export const HOLD_TIMER = "hold";
export const holdKey = (fleetId: string) => `hold:${fleetId}`;

export class HolderStore {
  constructor(private readonly sql: SqlStorage) {}

  insert(h: Holder): void {
    this.sql.exec(
      "INSERT INTO acs_holders (fleet_id, planet_id, hold_until, data) VALUES (?, ?, ?, ?) ON CONFLICT (fleet_id) DO NOTHING",
      h.fleetId,
      h.targetPlanetId,
      h.holdUntil,
      JSON.stringify(h),
    );
  }

  get(fleetId: string): Holder | null {
    const row = this.sql.exec<{ data: string }>("SELECT data FROM acs_holders WHERE fleet_id = ?", fleetId).toArray()[0];
    return row ? (JSON.parse(row.data) as Holder) : null;
  }

  /** Holders at a planet, in the order they arrived (ids are UUIDv7: launch order breaks ties). */
  atPlanet(planetId: string): Holder[] {
    return this.sql
      .exec<{ data: string }>(
        "SELECT data FROM acs_holders WHERE planet_id = ? ORDER BY json_extract(data, '$.arrivalAt'), fleet_id",
        planetId,
      )
      .toArray()
      .map((r) => JSON.parse(r.data) as Holder);
  }

  /** Buddies' fleets holding at the player's planets, ending soonest first. */
  hostedBy(playerId: string): Holder[] {
    return this.sql
      .exec<{ data: string }>(
        "SELECT data FROM acs_holders WHERE json_extract(data, '$.targetOwnerId') = ? ORDER BY hold_until, fleet_id",
        playerId,
      )
      .toArray()
      .map((r) => JSON.parse(r.data) as Holder);
  }

  setShips(fleetId: string, ships: ShipCounts): void {
    const h = this.get(fleetId);
    if (h) this.sql.exec("UPDATE acs_holders SET data = ? WHERE fleet_id = ?", JSON.stringify({ ...h, ships }), fleetId);
  }

  delete(fleetId: string): boolean {
    return this.sql.exec("DELETE FROM acs_holders WHERE fleet_id = ?", fleetId).rowsWritten > 0;
  }
}
