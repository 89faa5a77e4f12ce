import type { Levels, ResearchName } from "../../src/universe/engine/catalog-types";
import { type Fleet, type FleetTarget, type Resources, type ShipCounts, shipsOf } from "../../src/universe/engine/index";

/*
 * The shard's two fleet tables (docs/universe-cross-shard.md §4). `fleets`: the fleets of this
 * shard's players, from launch until they land home. `arrivals`: fleets of anyone heading to a
 * planet this shard's players own; only a reference, the ships and cargo stay in the fleet row.
 */

/** A fleet as its owner's shard keeps it. `recalledAt` is set while a recall awaits the arrival owner's answer. */
export interface StoredFleet {
  fleet: Fleet;
  arrivalOwner: string;
  targetPlanetId: string | null;
  targetOwnerId: string | null;
  recalledAt: number | null;
  outcome: string | null;
}

/** An arrival the shard will apply at `arrivalAt` (the `incoming` effect's payload). */
export interface Arrival {
  fleetId: string;
  ownerId: string;
  ownerUsername: string;
  /** The shard of the fleet's owner: the arrival's outcome goes there. */
  ownerShard: string;
  mission: Fleet["mission"];
  ships: ShipCounts;
  cargo: Resources;
  origin: { galaxy: number; system: number; position: number };
  target: FleetTarget;
  targetPlanetId: string | null;
  targetOwnerId: string | null;
  departureAt: number;
  arrivalAt: number;
  /** Recycle: the recyclers' free cargo, from the owner's research at launch. */
  recycleCapacity?: number;
  /** War missions and ACS defend: the owner's research at launch, for the fight and the probes' report. */
  research?: Levels<ResearchName>;
  /** ACS defend: when the fleet leaves the planet it guards. */
  holdUntil?: number;
  /** ACS attack: the union the fleet joins, and when it would arrive alone (what joining compares). */
  unionId?: string;
  ownArrivalAt?: number;
}

/** Same-millisecond arrivals run in key order: time first, then the UUIDv7 id, i.e. launch order (§7). */
export const arriveKey = (at: number, id: string) => `arrive:${String(at).padStart(15, "0")}:${id}`;

type FleetRow = {
  data: string;
  arrival_owner: string;
  target_planet_id: string | null;
  target_owner_id: string | null;
  recalled_at: number | null;
  outcome: string | null;
};

export class FleetStore {
  constructor(private readonly sql: SqlStorage) {}

  insert(f: StoredFleet): void {
    this.sql.exec(
      "INSERT INTO fleets (id, owner_id, arrival_owner, target_planet_id, target_owner_id, recalled_at, outcome, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
      f.fleet.id,
      f.fleet.ownerId,
      f.arrivalOwner,
      f.targetPlanetId,
      f.targetOwnerId,
      f.recalledAt,
      f.outcome,
      JSON.stringify(f.fleet),
    );
  }

  update(f: StoredFleet): void {
    this.sql.exec(
      "UPDATE fleets SET recalled_at = ?, outcome = ?, data = ? WHERE id = ?",
      f.recalledAt,
      f.outcome,
      JSON.stringify(f.fleet),
      f.fleet.id,
    );
  }

  get(fleetId: string): StoredFleet | null {
    const row = this.sql.exec<FleetRow>("SELECT * FROM fleets WHERE id = ?", fleetId).toArray()[0];
    return row ? decode(row) : null;
  }

  delete(fleetId: string): void {
    this.sql.exec("DELETE FROM fleets WHERE id = ?", fleetId);
  }

  /** The player's fleets, oldest launch first (ids are UUIDv7). */
  owned(ownerId: string): StoredFleet[] {
    return this.sql.exec<FleetRow>("SELECT * FROM fleets WHERE owner_id = ? ORDER BY id", ownerId).toArray().map(decode);
  }

  count(ownerId: string): number {
    return this.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM fleets WHERE owner_id = ?", ownerId).one().n;
  }

  insertArrival(a: Arrival): void {
    this.sql.exec("INSERT INTO arrivals (fleet_id, arrival_at, data) VALUES (?, ?, ?)", a.fleetId, a.arrivalAt, JSON.stringify(a));
  }

  arrival(fleetId: string): Arrival | null {
    const row = this.sql.exec<{ data: string }>("SELECT data FROM arrivals WHERE fleet_id = ?", fleetId).toArray()[0];
    return row ? (JSON.parse(row.data) as Arrival) : null;
  }

  /** Other players' arrivals at the player's planets, soonest first. */
  incomingTo(playerId: string): Arrival[] {
    return this.sql
      .exec<{ data: string }>(
        "SELECT data FROM arrivals WHERE json_extract(data, '$.targetOwnerId') = ? AND json_extract(data, '$.ownerId') != ? ORDER BY arrival_at, fleet_id",
        playerId,
        playerId,
      )
      .toArray()
      .map((r) => JSON.parse(r.data) as Arrival);
  }

  updateArrival(a: Arrival): void {
    this.sql.exec("UPDATE arrivals SET arrival_at = ?, data = ? WHERE fleet_id = ?", a.arrivalAt, JSON.stringify(a), a.fleetId);
  }

  deleteArrival(fleetId: string): boolean {
    return this.sql.exec("DELETE FROM arrivals WHERE fleet_id = ?", fleetId).rowsWritten > 0;
  }
}

/** The player's ships away in fleets, which the score counts (§13). */
export function shipsInFlight(sql: SqlStorage, ownerId: string): ShipCounts {
  return shipsOf(new FleetStore(sql).owned(ownerId).map((f) => f.fleet));
}

function decode(row: FleetRow): StoredFleet {
  return {
    fleet: JSON.parse(row.data) as Fleet,
    arrivalOwner: row.arrival_owner,
    targetPlanetId: row.target_planet_id,
    targetOwnerId: row.target_owner_id,
    recalledAt: row.recalled_at,
    outcome: row.outcome,
  };
}
