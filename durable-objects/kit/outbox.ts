import { metrics } from "../../src/platform/metrics";
import type { Faults } from "./faults";
import { applyOnce } from "./inbox";
import type { DoMigration } from "./migrations";
import { DEFAULT_RETRY_POLICY, describeError, type RetryPolicy, retryDelayMs, type Timers } from "./timers";

/**
 * Effects between objects (docs/universe-cross-shard.md §2). The sender writes an outbox row in
 * the transaction of the cause; the alarm delivers it by RPC to the receiver's `receive`, which
 * applies it with `applyOnce` keyed by `effect_id`; the ack deletes the row. A failed delivery
 * is retried with the kit's backoff for as long as it takes: a row is never dropped, because its
 * payload may carry resources that exist nowhere else.
 */
export const OUTBOX_MIGRATION: DoMigration = {
  version: 4,
  name: "outbox",
  sql: `CREATE TABLE IF NOT EXISTS _outbox (
    effect_id TEXT PRIMARY KEY,
    target TEXT NOT NULL,
    kind TEXT NOT NULL,
    payload TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_at INTEGER NOT NULL,
    last_error TEXT
  );
  CREATE INDEX IF NOT EXISTS _outbox_order ON _outbox (target, created_at, effect_id);`,
};

export interface Effect<P = unknown> {
  /** Chosen by the sender from the cause (`fleet:<id>:incoming`), so one cause always yields one id. */
  effect_id: string;
  kind: string;
  /** DO name of the receiver. */
  target: string;
  /** DO name of the sender, so the receiver can address the next effect of the chain. */
  source: string;
  payload: P;
}

/** What `receive` answers; a refusal is a result too (the receiver throws only for faults). */
export interface EffectReply<R = unknown> {
  result: R;
  replayed: boolean;
}

export interface EffectReceiver {
  receive(effect: Effect): Promise<EffectReply>;
}

/** Key and kind of the kit timer that wakes the alarm for deliveries. */
export const OUTBOX_TIMER = "outbox";

/** If the object dies mid-delivery, the alarm comes back this much later for the rows left. */
const DELIVERY_LEASE_MS = 10_000;

export interface OutboxOptions {
  /** This object's DO name: effects addressed to it are applied in the sender's transaction. */
  self: string;
  /** A stub for the receiver's name. */
  resolve: (target: string) => EffectReceiver;
  /** This object's own receiver, for self-addressed effects (synchronous, it joins the cause's transaction). */
  receiveLocal: (effect: Effect) => EffectReply;
  /** Runs in the transaction that deletes the acknowledged row, for answers the sender must act on. */
  onAck?: (effect: Effect, result: unknown) => void;
  faults?: Faults;
  policy?: Pick<RetryPolicy, "baseDelayMs" | "maxDelayMs">;
  /** Deliveries per alarm run at most; the rest wait for the next run. */
  batch?: number;
}

type Row = { effect_id: string; target: string; kind: string; payload: string; created_at: number; attempts: number; next_at: number };

export interface OutboxRow {
  effect: Effect;
  createdAt: number;
  attempts: number;
  nextAt: number;
  lastError: string | null;
}

export class Outbox {
  /** Receivers with a delivery on the wire: one at a time each, so their effects arrive in order. */
  private readonly inFlight = new Set<string>();
  private readonly policy: Pick<RetryPolicy, "baseDelayMs" | "maxDelayMs">;
  private readonly batch: number;

  constructor(
    private readonly storage: DurableObjectStorage,
    private readonly timers: Timers,
    private readonly opts: OutboxOptions,
  ) {
    this.policy = opts.policy ?? DEFAULT_RETRY_POLICY;
    this.batch = opts.batch ?? 100;
  }

  /**
   * Records an effect. Call it inside the transaction of its cause, so both commit or neither
   * does. A self-addressed effect is applied right here instead, through the same receiver and
   * inbox, so there is one code path whether or not the two ends share an object.
   */
  send(effect: Omit<Effect, "source">, now: number): void {
    const full: Effect = { ...effect, source: this.opts.self };
    if (full.target === this.opts.self) {
      const reply = this.opts.receiveLocal(full);
      this.opts.onAck?.(full, reply.result);
      return;
    }
    this.storage.sql.exec(
      "INSERT INTO _outbox (effect_id, target, kind, payload, created_at, attempts, next_at) VALUES (?, ?, ?, ?, ?, 0, ?) ON CONFLICT (effect_id) DO NOTHING",
      full.effect_id,
      full.target,
      full.kind,
      JSON.stringify(full.payload),
      now,
      now,
    );
    this.timers.schedule(OUTBOX_TIMER, now, OUTBOX_TIMER);
  }

  /**
   * The `outbox` timer's handler, inside the timers' transaction: it cannot await, so it only
   * keeps a later wake-up in place in case the object dies before `deliver` finishes.
   */
  onTimer(now: number): void {
    if (this.pendingCount() > 0) this.timers.schedule(OUTBOX_TIMER, now + DELIVERY_LEASE_MS, OUTBOX_TIMER);
  }

  /**
   * Delivers due rows, at most `batch` of them: each receiver's rows go one after the other,
   * oldest first, and the receivers side by side, so one slow receiver delays only its own rows
   * (in rounds across all receivers, it would hold up every receiver's next row). A failed row
   * ends its receiver's turn. Call it from `alarm()` after `runDue`. Returns the number acknowledged.
   *
   * A receiver's next row is looked up as of the moment its last one was answered: a row written
   * meanwhile goes in this run. Another run skips a receiver with a row on the wire, so, looked up
   * as of the start, such a row waited for this whole run to end, and so behind the slowest receiver.
   */
  async deliver(now = Date.now()): Promise<number> {
    let budget = this.batch;
    let acked = 0;
    const drain = async (target: string): Promise<void> => {
      while (budget > 0) {
        const head = this.dueHeads(Math.max(now, Date.now()), 1, target)[0];
        if (!head) return;
        budget -= 1;
        if (!(await this.deliverOne(head))) return;
        acked += 1;
      }
    };
    const targets = this.dueHeads(now, budget)
      .map((r) => r.target)
      .filter((t) => !this.inFlight.has(t));
    await Promise.all(targets.map(drain));
    this.rearm();
    return acked;
  }

  pending(): OutboxRow[] {
    return this.storage.sql
      .exec<Row & { last_error: string | null }>("SELECT * FROM _outbox ORDER BY created_at, effect_id")
      .toArray()
      .map((r) => ({ effect: this.decode(r), createdAt: r.created_at, attempts: r.attempts, nextAt: r.next_at, lastError: r.last_error }));
  }

  /** What the admin view and alerts read: rows waiting and how long the oldest has waited. */
  stats(now = Date.now()): { pending: number; oldestAgeMs: number } {
    const row = this.storage.sql
      .exec<{ n: number; oldest: number | null }>("SELECT COUNT(*) AS n, MIN(created_at) AS oldest FROM _outbox")
      .one();
    return { pending: row.n, oldestAgeMs: row.oldest === null ? 0 : now - row.oldest };
  }

  private pendingCount(): number {
    return this.storage.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM _outbox").one().n;
  }

  /**
   * The first row of each receiver (or of `target` only), if it is due: a later row never
   * overtakes an earlier one in backoff.
   */
  private dueHeads(now: number, limit: number, target?: string): Row[] {
    return this.storage.sql
      .exec<Row>(
        `SELECT o.* FROM _outbox o
         WHERE o.next_at <= ? AND (? IS NULL OR o.target = ?) AND NOT EXISTS (
           SELECT 1 FROM _outbox p WHERE p.target = o.target
             AND (p.created_at < o.created_at OR (p.created_at = o.created_at AND p.effect_id < o.effect_id)))
         ORDER BY o.created_at, o.effect_id LIMIT ?`,
        now,
        target ?? null,
        target ?? null,
        limit,
      )
      .toArray();
  }

  private async deliverOne(row: Row): Promise<boolean> {
    this.inFlight.add(row.target);
    try {
      let effect: Effect;
      let reply: EffectReply;
      try {
        // A payload that cannot be decoded is a failed attempt of its own row, kept and retried;
        // thrown from here it would abort the whole run and stall every other receiver.
        effect = this.decode(row);
        reply = await this.opts.resolve(row.target).receive(effect);
      } catch (error) {
        this.recordFailure(row, error);
        return false;
      }
      await this.opts.faults?.after("before_ack");
      try {
        this.storage.transactionSync(() => {
          // Another run may have acknowledged it meanwhile; the ack is applied once.
          const deleted = this.storage.sql.exec("DELETE FROM _outbox WHERE effect_id = ?", row.effect_id).rowsWritten;
          if (deleted > 0) this.opts.onAck?.(effect, reply.result);
        });
      } catch (error) {
        this.recordFailure(row, error);
        return false;
      }
      metrics.inc("orrery_outbox_delivered_total", "Effects acknowledged by their receiver", { kind: row.kind });
      await this.opts.faults?.after("after_ack");
      return true;
    } finally {
      this.inFlight.delete(row.target);
    }
  }

  private recordFailure(row: Row, error: unknown): void {
    const attempts = row.attempts + 1;
    const nextAt = Date.now() + retryDelayMs(this.policy, attempts);
    const message = describeError(error);
    this.storage.sql.exec(
      "UPDATE _outbox SET attempts = ?, next_at = ?, last_error = ? WHERE effect_id = ?",
      attempts,
      nextAt,
      message,
      row.effect_id,
    );
    metrics.inc("orrery_outbox_failures_total", "Effect deliveries that failed (each attempt; retried, never dropped)", { kind: row.kind });
    console.warn(
      JSON.stringify({
        level: "warn",
        msg: "effect delivery failed; will retry",
        effectId: row.effect_id,
        target: row.target,
        attempts,
        nextAt,
        error: message,
      }),
    );
  }

  /** Points the `outbox` timer at the earliest retry, or removes it when nothing is left. */
  private rearm(): void {
    const at = this.storage.sql.exec<{ at: number | null }>("SELECT MIN(next_at) AS at FROM _outbox").one().at;
    if (at === null) this.timers.cancel(OUTBOX_TIMER);
    else this.timers.schedule(OUTBOX_TIMER, at, OUTBOX_TIMER);
  }

  private decode(row: Row): Effect {
    return { effect_id: row.effect_id, kind: row.kind, target: row.target, source: this.opts.self, payload: JSON.parse(row.payload) };
  }
}

/**
 * The receiver's half: applies `effect` once, recording its result under `effect_id` in the same
 * transaction, and answers the stored result to a duplicate. `apply` must be synchronous; it may
 * send the next effect of the chain through its own outbox. This is also what a self-addressed
 * effect runs, inside its sender's transaction.
 */
export function receiveOnce<R>(
  storage: DurableObjectStorage,
  effect: Effect,
  apply: (effect: Effect) => R,
  faults?: Faults,
): EffectReply<R> {
  return applyOnce(storage, effect.effect_id, () => {
    const result = apply(effect);
    faults?.at("during_apply");
    return result;
  });
}

/** `receiveOnce` for an effect that came by RPC: the receiver's `receive` method returns this. */
export async function receiveRemote<R>(
  storage: DurableObjectStorage,
  effect: Effect,
  apply: (effect: Effect) => R,
  faults?: Faults,
): Promise<EffectReply<R>> {
  const reply = receiveOnce(storage, effect, apply, faults);
  await faults?.after("after_apply");
  return reply;
}
