import { type Empire, empireScore } from "../../src/universe/engine/index";
import { shipsInFlight } from "./fleet-store";

/** A player's score as the shard last stored it; `version` grows by one each time the points change. */
export type Score = { points: number; version: number };

/** An empire with the score stored beside it: commands compare scores, and re-reading the row cost a query each time. */
type Entry = { empire: Empire; score: Score };

/**
 * The shard's empires: one JSON row each, read through an in-memory cache that keeps each
 * empire's stored score beside it. The cache never runs ahead of storage. A write inside
 * `transaction` reaches the cache only after the commit; a write inside another component's
 * transaction (the timers' alarm) only drops the cached entry, so the next read loads whatever
 * storage kept.
 */
export class EmpireStore {
  private readonly cache = new Map<string, Entry>();
  /** Entries written by the open `transaction`, promoted to the cache once it has committed. */
  private staged: Map<string, Entry> | null = null;

  constructor(private readonly storage: DurableObjectStorage) {}

  load(playerId: string): Empire | null {
    return this.entry(playerId)?.empire ?? null;
  }

  username(playerId: string): string {
    return (
      this.storage.sql.exec<{ username: string }>("SELECT username FROM empires WHERE player_id = ?", playerId).toArray()[0]?.username ?? ""
    );
  }

  score(playerId: string): Score | null {
    return this.entry(playerId)?.score ?? null;
  }

  private entry(playerId: string): Entry | null {
    const hit = this.cache.get(playerId);
    if (hit) return hit;
    const row = this.storage.sql
      .exec<{ state: string; points: number; version: number }>(
        "SELECT state, points, score_version AS version FROM empires WHERE player_id = ?",
        playerId,
      )
      .toArray()[0];
    if (!row) return null;
    const entry = { empire: JSON.parse(row.state) as Empire, score: { points: row.points, version: row.version } };
    this.cache.set(playerId, entry);
    return entry;
  }

  /** Drops every cached empire, after a change to the rows made outside this store (account deletion's rename). */
  reload(): void {
    this.cache.clear();
  }

  /** Runs `fn` in one synchronous transaction; if it throws, nothing it wrote is cached. */
  transaction<T>(fn: () => T): T {
    const staged = new Map<string, Entry>();
    this.staged = staged;
    try {
      const out = this.storage.transactionSync(fn);
      for (const [playerId, entry] of staged) this.cache.set(playerId, entry);
      return out;
    } finally {
      this.staged = null;
    }
  }

  create(playerId: string, username: string, empire: Empire, now: number): void {
    this.storage.sql.exec(
      "INSERT INTO empires (player_id, username, state, points, score_version, updated_at) VALUES (?, ?, ?, 0, 0, ?)",
      playerId,
      username,
      JSON.stringify(empire),
      now,
    );
    this.written({ empire, score: { points: 0, version: 0 } });
  }

  /** Stores the empire; answers its new score when the points changed (a push is due), else null. */
  save(empire: Empire, now: number): Score | null {
    const before = this.score(empire.playerId);
    if (!before) throw new Error(`no empire row for ${empire.playerId}`);
    // Ships in flight count (§13): a launch or a landing saves the empire after its fleet row changed.
    const points = empireScore(empire, shipsInFlight(this.storage.sql, empire.playerId)).total;
    const score = points === before.points ? null : { points, version: before.version + 1 };
    this.storage.sql.exec(
      "UPDATE empires SET state = ?, points = ?, score_version = ?, updated_at = ? WHERE player_id = ?",
      JSON.stringify(empire),
      points,
      score?.version ?? before.version,
      now,
      empire.playerId,
    );
    this.written({ empire, score: score ?? before });
    return score;
  }

  private written(entry: Entry): void {
    this.cache.delete(entry.empire.playerId);
    this.staged?.set(entry.empire.playerId, entry);
  }
}
