import { metrics } from "../../src/platform/metrics";
import type { DoMigration } from "./migrations";
import { bySize } from "./sql-text";

/**
 * One alarm, many timers: due events live in `_timers` and the single DO alarm always points at
 * the earliest one. Each event is applied and deleted in one synchronous transaction, so an alarm
 * delivered twice (alarms are at-least-once) finds nothing left to apply.
 *
 * A handler that throws rolls back only its own event: the row is kept with one more attempt and
 * moved later by an exponential backoff, and after `maxAttempts` failures it moves to
 * `_timers_dead` with its error. One poisoned event therefore never holds back the others, and
 * the alarm itself does not throw, which would make the runtime retry the whole batch forever.
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

export const TIMER_RETRIES_MIGRATION: DoMigration = {
  version: 3,
  name: "timer_retries",
  sql: `ALTER TABLE _timers ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
  CREATE TABLE IF NOT EXISTS _timers_dead (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL,
    at INTEGER NOT NULL,
    kind TEXT NOT NULL,
    payload TEXT NOT NULL,
    attempts INTEGER NOT NULL,
    error TEXT NOT NULL,
    failed_at INTEGER NOT NULL
  );`,
};

export interface RetryPolicy {
  /** Failed attempts after which an event is dead-lettered. */
  maxAttempts: number;
  /** Delay before the first retry; each further failure doubles it, up to `maxDelayMs`. */
  baseDelayMs: number;
  maxDelayMs: number;
}

/** 8 attempts over about two minutes (retries after 1, 2, 4 … 64 s): enough for a transient fault, short for a poison. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 8, baseDelayMs: 1_000, maxDelayMs: 300_000 };

/**
 * For events whose loss would strand state elsewhere (a fleet's arrival, its return): retried
 * with the same capped backoff for as long as it takes, never dead-lettered.
 */
export const NEVER_DEAD_LETTER: Partial<RetryPolicy> = { maxAttempts: Number.POSITIVE_INFINITY };

/** Rows per multi-row statement: SQLite's bound parameters per statement are limited (4 per row). */
const ROWS_PER_STATEMENT = 20;

/** Dead letters kept per object; older ones are pruned so a recurring poison cannot fill storage. */
const DEAD_LETTERS_KEPT = 1_000;

/** The capped exponential backoff every retry in the objects uses: `baseDelayMs` after the first failure. */
export function retryDelayMs(policy: Pick<RetryPolicy, "baseDelayMs" | "maxDelayMs">, failedAttempts: number): number {
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, failedAttempts - 1));
}

export interface TimedEvent<P = unknown> {
  key: string;
  at: number;
  kind: string;
  payload: P;
  /** Earlier attempts that threw; `at` is then the retry time. */
  attempts: number;
  /** Derived from the object's state (`TimerMode.derived`), not stored. */
  derived?: true;
}

/** An event the object derives from its own state whenever asked (`TimerMode.derived`). */
export interface DerivedEvent {
  key: string;
  at: number;
  kind: string;
  payload: unknown;
}

export interface DeadTimer {
  key: string;
  at: number;
  kind: string;
  payload: unknown;
  attempts: number;
  error: string;
  failedAt: number;
}

type Row = { key: string; at: number; kind: string; payload: string; attempts: number };

/**
 * For an object whose few timers change on most messages (a room's turn clocks), the table is
 * also kept in memory and the alarm is only ever moved earlier:
 * - reads (`get`, `list`, the earliest time) cost no SQL, and rescheduling an event exactly as it
 *   is writes nothing;
 * - an alarm left earlier than the earliest event fires, finds nothing due and re-arms, which costs
 *   one wake-up instead of an alarm write per message.
 *
 * The copy is right only while every change goes through this class and commits: the owner calls
 * `forget()` when a transaction that may have changed timers rolls back (and `runDue` reads the
 * table afresh).
 */
export interface TimerMode {
  inMemory?: boolean;
  /**
   * Events that follow from the object's own stored state (a room's turn clocks, from its
   * document), listed afresh whenever needed instead of being stored: the state is written anyway,
   * so storing them too would be one more row written per change. They join the stored ones in
   * `list`, `next` (so the alarm covers them, and after a restart the alarm finds them again from
   * the state) and `runDue`. Their keys must not be used by stored events.
   *
   * A derived event runs once for a given time: its handler is expected to change the state so that
   * the event moves on or goes away, and if it does not, the event is left alone until the state
   * gives it another time. One whose handler throws is retried with the stored events' backoff and
   * given up after the last attempt. Those marks are kept in memory, so after a restart such an
   * event runs once more: handlers must be idempotent, as for any alarm.
   */
  derived?: () => readonly DerivedEvent[];
}

const COLUMNS = "key, at, kind, payload, attempts";

export class Timers {
  /** While `runDue` is applying events, re-arming waits until the batch is done. */
  private running = false;
  /** The alarm time this instance last set (null: deleted), undefined when unknown. */
  private armed: number | null | undefined;
  private readonly policy: RetryPolicy;
  private readonly kindPolicies: Record<string, RetryPolicy>;
  /** The table by key, when kept in memory (`TimerMode`); null until read, and after `forget`. */
  private table: Map<string, TimedEvent> | null = null;
  /** The stored payload text of each event in the in-memory table (every one enters through `decodeKept`). */
  private readonly payloadTexts = new WeakMap<TimedEvent, string>();
  /** Derived events already run, by key: the time they ran for. */
  private readonly spent = new Map<string, number>();
  /**
   * Derived events moved by `expedite` or to retry after a failure, by key: the time the state
   * gives them, the time to run instead, and the failed attempts so far.
   */
  private readonly moved = new Map<string, { from: number; to: number; attempts: number }>();

  /** `byKind` overrides the policy for events of those kinds. */
  constructor(
    private readonly storage: DurableObjectStorage,
    policy: Partial<RetryPolicy> = {},
    byKind: Record<string, Partial<RetryPolicy>> = {},
    private readonly mode: TimerMode = {},
  ) {
    this.policy = { ...DEFAULT_RETRY_POLICY, ...policy };
    this.kindPolicies = Object.fromEntries(Object.entries(byKind).map(([kind, p]) => [kind, { ...this.policy, ...p }]));
  }

  /**
   * Upserts by key, so rescheduling the same logical timer never duplicates it; a rescheduled
   * event starts with no failed attempts. Rescheduling an event exactly as it is writes nothing.
   */
  schedule(key: string, at: number, kind: string, payload: unknown = null): void {
    this.scheduleMany([{ key, at, kind, payload }]);
  }

  /** `schedule` for several events, in one statement per `ROWS_PER_STATEMENT` (a turn's clock is three timers). */
  scheduleMany(events: readonly { key: string; at: number; kind: string; payload: unknown }[]): void {
    const table = this.memory();
    const rows: Row[] = [];
    for (const e of events) {
      const row = { key: e.key, at: Math.floor(e.at), kind: e.kind, payload: JSON.stringify(e.payload), attempts: 0 };
      const held = table?.get(e.key);
      if (held && held.at === row.at && held.kind === row.kind && held.attempts === 0 && this.payloadTexts.get(held) === row.payload) continue;
      rows.push(row);
    }
    for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
      const chunk = rows.slice(i, i + ROWS_PER_STATEMENT);
      this.storage.sql.exec(upsertSql(chunk.length), ...chunk.flatMap((r) => [r.key, r.at, r.kind, r.payload]));
    }
    if (table) for (const r of rows) table.set(r.key, this.decodeKept(r));
    if (rows.length > 0) this.rearm();
  }

  /** `cancel` for several keys; returns how many events it removed. */
  cancelMany(keys: readonly string[]): number {
    let n = 0;
    for (let i = 0; i < keys.length; i += ROWS_PER_STATEMENT) {
      const chunk = keys.slice(i, i + ROWS_PER_STATEMENT);
      n += this.storage.sql.exec(deleteSql(chunk.length), ...chunk).rowsWritten;
    }
    if (this.table) for (const key of keys) this.table.delete(key);
    if (n > 0) this.rearm();
    return n;
  }

  /**
   * Runs `changes` (several schedules and cancels) with one re-arm at the end instead of one per
   * change. If `changes` throws, the caller's transaction rolls back and the alarm stays as it was.
   */
  batch<R>(changes: () => R): R {
    if (this.running) return changes();
    this.running = true;
    let result: R;
    try {
      result = changes();
    } finally {
      this.running = false;
    }
    this.rearm();
    return result;
  }

  cancel(key: string): boolean {
    return this.cancelMany([key]) > 0;
  }

  cancelPrefix(prefix: string): number {
    const n = this.storage.sql.exec("DELETE FROM _timers WHERE substr(key, 1, ?) = ?", prefix.length, prefix).rowsWritten;
    if (this.table) for (const key of this.table.keys()) if (key.startsWith(prefix)) this.table.delete(key);
    if (n > 0) this.rearm();
    return n;
  }

  get(key: string): TimedEvent | null {
    const table = this.memory();
    if (table) return table.get(key) ?? this.derivedEvents().find((e) => e.key === key) ?? null;
    const row = this.storage.sql.exec<Row>(`SELECT ${COLUMNS} FROM _timers WHERE key = ?`, key).toArray()[0];
    return row ? decode(row) : (this.derivedEvents().find((e) => e.key === key) ?? null);
  }

  /** Every pending event, stored and derived, earliest first. */
  list(): TimedEvent[] {
    const table = this.memory();
    const stored = table ? [...table.values()] : this.storage.sql.exec<Row>(`SELECT ${COLUMNS} FROM _timers`).toArray().map(decode);
    return [...stored, ...this.derivedEvents()].sort(byTime);
  }

  /**
   * Moves the pending events `match` picks to `at`, for tests that run a deadline without waiting
   * for it: they run the alarm next (`runDurableObjectAlarm`), which is left where it was so that it
   * does not also fire on its own. A derived event keeps the earlier time only while the state
   * still gives it the time it had.
   */
  expedite(match: (event: TimedEvent) => boolean, at: number): void {
    const time = Math.floor(at);
    for (const e of this.list()) {
      if (!match(e) || e.at <= time) continue;
      if (e.derived) {
        this.moved.set(e.key, { from: this.moved.get(e.key)?.from ?? e.at, to: time, attempts: e.attempts });
        continue;
      }
      this.storage.sql.exec("UPDATE _timers SET at = ? WHERE key = ?", time, e.key);
      this.table?.set(e.key, { ...e, at: time });
    }
  }

  /** Drops the in-memory table (`TimerMode`) and what the alarm is known to be: the next read comes from storage. */
  forget(): void {
    this.table = null;
    this.armed = undefined;
  }

  /** Dead-lettered events, newest first. */
  deadLetters(): DeadTimer[] {
    return this.storage.sql
      .exec<Row & { error: string; failed_at: number }>(`SELECT ${COLUMNS}, error, failed_at FROM _timers_dead ORDER BY id DESC`)
      .toArray()
      .map((r) => ({ ...decode(r), error: r.error, failedAt: r.failed_at }));
  }

  next(): number | null {
    const table = this.memory();
    let at = table ? null : this.storage.sql.exec<{ at: number | null }>("SELECT MIN(at) AS at FROM _timers").one().at;
    for (const e of [...(table?.values() ?? []), ...this.derivedEvents()]) if (at === null || e.at < at) at = e.at;
    return at;
  }

  /**
   * Points the alarm at the earliest event, or clears it when none is left. Most timer changes
   * leave the earliest time as it was, and the alarm is then not written again: a time this
   * instance set and that is still ahead is still the alarm (one that has come has fired, and
   * `runDue` forgets it since the alarm that runs it is spent).
   */
  rearm(): void {
    if (this.running) return;
    const at = this.next();
    const armed = this.armed;
    if (at === armed && (at === null || at > Date.now())) return;
    // In memory mode an alarm still ahead and no later than the earliest event stays (see TimerMode).
    if (this.mode.inMemory && at !== null && typeof armed === "number" && armed > Date.now() && armed <= at) return;
    this.armed = at;
    if (at === null) void this.storage.deleteAlarm();
    else void this.storage.setAlarm(at);
  }

  /**
   * Applies every event due at `now`, earliest first. `apply` runs inside the same transaction
   * that deletes the row; it must be synchronous and do all its storage writes there. Returns the
   * applied events so the caller can fan out notifications after the commit; events whose
   * `apply` threw are not in it (see the class comment for what happens to them).
   */
  runDue<R>(now: number, apply: (event: TimedEvent) => R, limit = 500): { event: TimedEvent; result: R }[] {
    const out: { event: TimedEvent; result: R }[] = [];
    this.armed = undefined;
    // Storage is the truth for what is due; a handler that throws rolls back its own changes.
    this.table = null;
    this.running = true;
    try {
      this.applyDue(now, apply, limit, out);
    } finally {
      this.running = false;
      this.table = null;
    }
    this.rearm();
    return out;
  }

  private applyDue<R>(now: number, apply: (event: TimedEvent) => R, limit: number, out: { event: TimedEvent; result: R }[]): void {
    // A failed event moves past `now` or out of the table, and a derived one is spent once run, so
    // the loop always makes progress.
    for (let runs = 0; runs < limit; runs++) {
      const row = this.storage.sql.exec<Row>(`SELECT ${COLUMNS} FROM _timers WHERE at <= ? ORDER BY at, key LIMIT 1`, now).toArray()[0];
      const derived = earliest(this.derivedEvents().filter((e) => e.at <= now));
      if (derived && (!row || byTime(derived, row) < 0)) {
        this.applyDerived(derived, apply, now, out);
        continue;
      }
      if (!row) break;
      try {
        // Decoded inside the try: a payload that does not parse is a poisoned event too.
        const event = decode(row);
        const result = this.storage.transactionSync(() => {
          // Re-checked inside the transaction: a handler may have cancelled or moved this event.
          const still = this.storage.sql
            .exec<{ at: number }>("SELECT at FROM _timers WHERE key = ? AND at = ?", row.key, row.at)
            .toArray()[0];
          if (!still) return { skipped: true as const };
          this.storage.sql.exec("DELETE FROM _timers WHERE key = ? AND at = ?", row.key, row.at);
          this.table?.delete(row.key);
          return { skipped: false as const, value: apply(event) };
        });
        if (!result.skipped) out.push({ event, result: result.value });
      } catch (error) {
        // The handler's timer changes rolled back with its transaction: the copy may hold them.
        this.table = null;
        this.recordFailure(row, error, now);
      }
    }
  }

  /**
   * Runs a due derived event in its own transaction. It is then spent for its time; one whose
   * handler threw is instead retried as a stored event would be, from memory, and given up (logged,
   * not dead-lettered: the state still holds it) after the policy's last attempt.
   */
  private applyDerived<R>(event: TimedEvent, apply: (event: TimedEvent) => R, now: number, out: { event: TimedEvent; result: R }[]): void {
    const from = this.moved.get(event.key)?.from ?? event.at;
    this.moved.delete(event.key);
    this.spent.set(event.key, from);
    try {
      out.push({ event, result: this.storage.transactionSync(() => apply(event)) });
    } catch (error) {
      this.table = null;
      const attempts = event.attempts + 1;
      const policy = this.kindPolicies[event.kind] ?? this.policy;
      metrics.inc("orrery_timer_failures_total", "Timed events whose handler threw (each attempt)", { kind: event.kind });
      const fields = { key: event.key, kind: event.kind, at: from, attempts, error: describeError(error) };
      if (attempts >= policy.maxAttempts) {
        log("error", "derived timed event failed; given up until the state moves it", fields);
        return;
      }
      this.spent.delete(event.key);
      const retryAt = now + retryDelayMs(policy, attempts);
      this.moved.set(event.key, { from, to: retryAt, attempts });
      log("warn", "derived timed event failed; will retry", { ...fields, retryAt });
    }
  }

  /** The derived events not yet run for their time, with `expedite`'s times; forgets marks the state has moved past. */
  private derivedEvents(): TimedEvent[] {
    const source = this.mode.derived;
    if (!source) return [];
    const out: TimedEvent[] = [];
    for (const e of source()) {
      const spent = this.spent.get(e.key);
      if (spent === e.at) continue;
      if (spent !== undefined) this.spent.delete(e.key);
      let move = this.moved.get(e.key);
      if (move && move.from !== e.at) {
        this.moved.delete(e.key);
        move = undefined;
      }
      out.push({ key: e.key, at: move?.to ?? e.at, kind: e.kind, payload: e.payload, attempts: move?.attempts ?? 0, derived: true });
    }
    return out;
  }

  /** Runs after the failed transaction rolled back, so the row is exactly as it was before the attempt. */
  private recordFailure(row: Row, error: unknown, now: number): void {
    const attempts = row.attempts + 1;
    const message = describeError(error);
    const policy = this.kindPolicies[row.kind] ?? this.policy;
    metrics.inc("orrery_timer_failures_total", "Timed events whose handler threw (each attempt)", { kind: row.kind });
    if (attempts < policy.maxAttempts) {
      const retryAt = now + retryDelayMs(policy, attempts);
      this.storage.sql.exec("UPDATE _timers SET attempts = ?, at = ? WHERE key = ? AND at = ?", attempts, retryAt, row.key, row.at);
      log("warn", "timed event failed; will retry", { key: row.key, kind: row.kind, attempts, retryAt, error: message });
      return;
    }
    this.storage.transactionSync(() => {
      this.storage.sql.exec(
        "INSERT INTO _timers_dead (key, at, kind, payload, attempts, error, failed_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        row.key,
        row.at,
        row.kind,
        row.payload,
        attempts,
        message,
        now,
      );
      this.storage.sql.exec("DELETE FROM _timers WHERE key = ? AND at = ?", row.key, row.at);
      this.storage.sql.exec("DELETE FROM _timers_dead WHERE id <= (SELECT MAX(id) FROM _timers_dead) - ?", DEAD_LETTERS_KEPT);
    });
    metrics.inc("orrery_timer_dead_letters_total", "Timed events dead-lettered after their last attempt", { kind: row.kind });
    log("error", "timed event dead-lettered", { key: row.key, kind: row.kind, attempts, error: message });
  }

  /** An event of the in-memory table, with its payload's stored text kept for `scheduleMany`'s comparison. */
  private decodeKept(row: Row): TimedEvent {
    const event = decode(row);
    this.payloadTexts.set(event, row.payload);
    return event;
  }

  private memory(): Map<string, TimedEvent> | null {
    if (!this.mode.inMemory) return null;
    if (!this.table) {
      const rows = this.storage.sql.exec<Row>(`SELECT ${COLUMNS} FROM _timers`).toArray();
      this.table = new Map(rows.map((r) => [r.key, this.decodeKept(r)]));
    }
    return this.table;
  }
}

const upsertSql = bySize(
  (rows) => `INSERT INTO _timers (key, at, kind, payload, attempts) VALUES ${Array(rows).fill("(?, ?, ?, ?, 0)").join(", ")}
   ON CONFLICT(key) DO UPDATE SET at = excluded.at, kind = excluded.kind, payload = excluded.payload, attempts = 0
   WHERE at != excluded.at OR kind != excluded.kind OR payload != excluded.payload OR attempts != 0`,
);

const deleteSql = bySize((rows) => `DELETE FROM _timers WHERE key IN (${Array(rows).fill("?").join(", ")})`);

function earliest(events: readonly TimedEvent[]): TimedEvent | undefined {
  let first: TimedEvent | undefined;
  for (const e of events) if (!first || byTime(e, first) < 0) first = e;
  return first;
}

function byTime(a: { at: number; key: string }, b: { at: number; key: string }): number {
  return a.at - b.at || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
}

function decode(row: Row): TimedEvent {
  return { key: row.key, at: row.at, kind: row.kind, payload: JSON.parse(row.payload), attempts: row.attempts };
}

/** An error as one line for logs and stored retry rows: its name and message, capped at 2,000 characters. */
export function describeError(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.slice(0, 2_000);
}

function log(level: "warn" | "error", msg: string, fields: Record<string, unknown>): void {
  (level === "error" ? console.error : console.warn)(JSON.stringify({ level, msg, ...fields }));
}
