import type { RngState } from "../../src/lib/rng";
import type { AreaState } from "../../src/world/state";

/** Tombstones of characters handed over, kept 7 days (§12). */
export const TOMBSTONE_MS = 7 * 24 * 3600_000;

/** SQL for one area object's own tables; every write runs inside the caller's transaction. */
export class AreaStore {
  constructor(private readonly sql: SqlStorage) {}

  load(): { area: string; state: AreaState; rng: RngState } | null {
    const row = this.sql
      .exec<{ area: string; state: string; rng: string }>("SELECT area, state, rng FROM world_area WHERE id = 1")
      .toArray()[0];
    return row ? { area: row.area, state: JSON.parse(row.state), rng: JSON.parse(row.rng) } : null;
  }

  save(state: AreaState, rng: RngState): void {
    this.sql.exec(
      "INSERT INTO world_area (id, area, state, rng) VALUES (1, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET state = excluded.state, rng = excluded.rng",
      state.area,
      JSON.stringify(state),
      JSON.stringify(rng),
    );
  }

  tombstone(character: string): { area: string; locVersion: number } | null {
    const r = this.sql
      .exec<{ area: string; loc_version: number }>("SELECT area, loc_version FROM world_tombstones WHERE character = ?", character)
      .toArray()[0];
    return r ? { area: r.area, locVersion: r.loc_version } : null;
  }

  setTombstone(character: string, area: string, locVersion: number, now: number): void {
    this.sql.exec(
      "INSERT INTO world_tombstones (character, area, loc_version, expires_at) VALUES (?, ?, ?, ?) ON CONFLICT(character) DO UPDATE SET area = excluded.area, loc_version = excluded.loc_version, expires_at = excluded.expires_at",
      character,
      area,
      locVersion,
      now + TOMBSTONE_MS,
    );
    this.sql.exec("DELETE FROM world_tombstones WHERE expires_at < ?", now);
  }

  clearTombstone(character: string): void {
    this.sql.exec("DELETE FROM world_tombstones WHERE character = ?", character);
  }

  locVersion(character: string): number {
    return this.sql.exec<{ v: number }>("SELECT loc_version AS v FROM world_versions WHERE character = ?", character).toArray()[0]?.v ?? 0;
  }

  setLocVersion(character: string, v: number): void {
    this.sql.exec(
      "INSERT INTO world_versions (character, loc_version) VALUES (?, ?) ON CONFLICT(character) DO UPDATE SET loc_version = excluded.loc_version",
      character,
      v,
    );
  }

  /** Events for a character without a socket (an arriving one, §12 step 5; an order's text, §9), delivered after `welcome`; at most `limit` kept. */
  enqueue(character: string, event: unknown, limit: number): void {
    this.sql.exec("INSERT INTO world_queue (character, event) VALUES (?, ?)", character, JSON.stringify(event));
    this.sql.exec(
      "DELETE FROM world_queue WHERE character = ? AND seq NOT IN (SELECT seq FROM world_queue WHERE character = ? ORDER BY seq DESC LIMIT ?)",
      character,
      character,
      limit,
    );
  }

  drain(character: string): unknown[] {
    const rows = this.sql.exec<{ event: string }>("SELECT event FROM world_queue WHERE character = ? ORDER BY seq", character).toArray();
    this.sql.exec("DELETE FROM world_queue WHERE character = ?", character);
    return rows.map((r) => JSON.parse(r.event));
  }

  dropQueue(character: string): void {
    this.sql.exec("DELETE FROM world_queue WHERE character = ?", character);
  }
}
