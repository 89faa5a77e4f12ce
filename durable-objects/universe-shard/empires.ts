import { type Empire, empireScore } from "../../src/universe/engine/index";
import { shipsInFlight } from "./fleet-store";

/** A player's score as the shard last stored it; `version` grows by one each time the points change. */
export type Score = { points: number; version: number };

/**
 * The shard's empires: one JSON row each, read through an in-memory cache. The cache never runs
 * ahead of storage. A write inside `transaction` reaches the cache only after the commit; a write
 * inside another component's transaction (the timers' alarm) only drops the cached copy, so the
 * next read loads whatever storage kept.
 */
export class EmpireStore {
  private readonly cache = new Map<string, Empire>();
  /** Empires written by the open `transaction`, promoted to the cache once it has committed. */
  private staged: Map<string, Empire> | null = null;

  constructor(private readonly storage: DurableObjectStorage) {}

  load(playerId: string): Empire | null {
    const hit = this.cache.get(playerId);
    if (hit) return hit;
    const row = this.storage.sql.exec<{ state: string }>("SELECT state FROM empires WHERE player_id = ?", playerId).toArray()[0];
    if (!row) return null;
    const empire = JSON.parse(row.state) as Empire;
    this.cache.set(playerId, empire);
    return empire;
  }

  username(playerId: string): string {
    return (
      this.storage.sql.exec<{ username: string }>("SELECT username FROM empires WHERE player_id = ?", playerId).toArray()[0]?.username ?? ""
    );
  }

  score(playerId: string): Score | null {
    const row = this.storage.sql
      .exec<Score>("SELECT points, score_version AS version FROM empires WHERE player_id = ?", playerId)
      .toArray()[0];
    return row ?? null;
  }

  /** Runs `fn` in one synchronous transaction; if it throws, nothing it wrote is cached. */
  transaction<T>(fn: () => T): T {
    const staged = new Map<string, Empire>();
    this.staged = staged;
    try {
      const out = this.storage.transactionSync(fn);
      for (const [playerId, empire] of staged) this.cache.set(playerId, empire);
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
    this.written(empire);
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
    this.written(empire);
    return score;
  }

  private written(empire: Empire): void {
    this.cache.delete(empire.playerId);
    this.staged?.set(empire.playerId, empire);
  }
}
