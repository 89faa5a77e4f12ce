import type { DoMigration } from "./migrations";

/**
 * One alarm, many timers: due events live in `_timers` and the single DO alarm always points at
 * the earliest one. Each event is applied and deleted in one synchronous transaction, so an alarm
 * delivered twice (alarms are at-least-once) finds nothing left to apply.
 */
export const TIMERS_MIGRATION: DoMigration = {
  version: 1,
  name: "timers",
  sql: `CREATE TABLE IF NOT EXISTS _timers (
    key TEXT PRIMARY KEY,
    at INTEGER NOT NULL,
    kind TEXT NOT NULL,
    payload TEXT NOT NULL
  );
  CREATE INDEX IF NOT EXISTS _timers_at ON _timers (at);`,
};

export interface TimedEvent<P = unknown> {
  key: string;
  at: number;
  kind: string;
  payload: P;
}

type Row = { key: string; at: number; kind: string; payload: string };

export class Timers {
  /** While `runDue` is applying events, re-arming waits until the batch is done. */
  private running = false;

  constructor(private readonly storage: DurableObjectStorage) {}

  /** Upserts by key, so rescheduling the same logical timer never duplicates it. */
  schedule(key: string, at: number, kind: string, payload: unknown = null): void {
    this.storage.sql.exec(
      "INSERT INTO _timers (key, at, kind, payload) VALUES (?, ?, ?, ?) ON CONFLICT(key) DO UPDATE SET at = excluded.at, kind = excluded.kind, payload = excluded.payload",
      key,
      Math.floor(at),
      kind,
      JSON.stringify(payload),
    );
    this.rearm();
  }

  cancel(key: string): boolean {
    const n = this.storage.sql.exec("DELETE FROM _timers WHERE key = ?", key).rowsWritten;
    this.rearm();
    return n > 0;
  }

  cancelPrefix(prefix: string): number {
    const n = this.storage.sql.exec("DELETE FROM _timers WHERE substr(key, 1, ?) = ?", prefix.length, prefix).rowsWritten;
    this.rearm();
    return n;
  }

  get(key: string): TimedEvent | null {
    const row = this.storage.sql.exec<Row>("SELECT key, at, kind, payload FROM _timers WHERE key = ?", key).toArray()[0];
    return row ? decode(row) : null;
  }

  list(): TimedEvent[] {
    return this.storage.sql.exec<Row>("SELECT key, at, kind, payload FROM _timers ORDER BY at, key").toArray().map(decode);
  }

  next(): number | null {
    const row = this.storage.sql.exec<{ at: number | null }>("SELECT MIN(at) AS at FROM _timers").one();
    return row.at;
  }

  /** Points the alarm at the earliest event, or clears it when none is left. */
  rearm(): void {
    if (this.running) return;
    const at = this.next();
    if (at === null) void this.storage.deleteAlarm();
    else void this.storage.setAlarm(at);
  }

  /**
   * Applies every event due at `now`, earliest first. `apply` runs inside the same transaction
   * that deletes the row; it must be synchronous and do all its storage writes there. Returns the
   * applied events so the caller can fan out notifications after the commit.
   */
  runDue<R>(now: number, apply: (event: TimedEvent) => R, limit = 500): { event: TimedEvent; result: R }[] {
    const out: { event: TimedEvent; result: R }[] = [];
    this.running = true;
    try {
      this.applyDue(now, apply, limit, out);
    } finally {
      this.running = false;
    }
    this.rearm();
    return out;
  }

  private applyDue<R>(now: number, apply: (event: TimedEvent) => R, limit: number, out: { event: TimedEvent; result: R }[]): void {
    for (;;) {
      const row = this.storage.sql
        .exec<Row>("SELECT key, at, kind, payload FROM _timers WHERE at <= ? ORDER BY at, key LIMIT 1", now)
        .toArray()[0];
      if (!row || out.length >= limit) break;
      const event = decode(row);
      const result = this.storage.transactionSync(() => {
        // Re-checked inside the transaction: a handler may have cancelled or moved this event.
        const still = this.storage.sql
          .exec<{ at: number }>("SELECT at FROM _timers WHERE key = ? AND at = ?", row.key, row.at)
          .toArray()[0];
        if (!still) return { skipped: true as const };
        this.storage.sql.exec("DELETE FROM _timers WHERE key = ? AND at = ?", row.key, row.at);
        return { skipped: false as const, value: apply(event) };
      });
      if (!result.skipped) out.push({ event, result: result.value });
    }
  }
}

function decode(row: Row): TimedEvent {
  return { key: row.key, at: row.at, kind: row.kind, payload: JSON.parse(row.payload) };
}
