import { flushMetricsSoon } from "../src/platform/metrics";
import {
  appliedMigrations,
  attachmentOf,
  type Effect,
  type EffectReply,
  Faults,
  faultInjectionEnabled,
  KIT_MIGRATIONS,
  migrate,
  OUTBOX_TIMER,
  Outbox,
  rateLimitedFrame,
  receiveOnce,
  receiveRemote,
  SocketObject,
  safeSend,
  type TimedEvent,
  Timers,
} from "./kit";
import { objectByName } from "../src/lib/objects";

/**
 * A tiny internal object: the readiness probe's round trip, the reference user of the object
 * conventions (migrations, timers, hibernatable sockets), and the `/v1/ws/echo` connection check
 * clients use to verify their token and network path. Sentinels also send each other tally
 * additions through the outbox, which is how the kit's delivery guarantees are tested.
 */
export class Sentinel extends SocketObject {
  private readonly timers: Timers;
  readonly faults = new Faults(this.ctx, faultInjectionEnabled(this.env));
  private readonly outbox: Outbox;
  /** Receives still to refuse, as a receiver that is down would. */
  private failingReceives = 0;
  /** Makes the derived timer's handler throw (`setDeadline`). */
  private derivedError: string | null = null;
  /** While set, receives wait for it before applying, as an overloaded receiver would. */
  private held: { promise: Promise<void>; resolve: () => void } | null = null;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env, "SENTINEL");
    migrate(ctx.storage, [
      ...KIT_MIGRATIONS,
      {
        version: 100,
        name: "tally",
        sql: "CREATE TABLE tally (name TEXT PRIMARY KEY, total INTEGER NOT NULL, applications INTEGER NOT NULL)",
      },
    ]);
    // A sentinel named `mem-…` keeps its timers in memory, as rooms do, so the kit tests cover both
    // modes; like a room's turn clock, its one derived timer follows its stored state (`setDeadline`).
    this.timers = new Timers(ctx.storage, {}, {}, {
      inMemory: ctx.id.name?.startsWith("mem-") ?? false,
      derived: () => this.derivedTimers(),
    });
    this.outbox = new Outbox(ctx.storage, this.timers, {
      self: ctx.id.name ?? ctx.id.toString(),
      resolve: (target) => objectByName(env.SENTINEL, target),
      receiveLocal: (effect) => this.receiveNow(effect),
      faults: this.faults,
    });
  }

  ping(): { ok: true; at: number } {
    return { ok: true, at: Date.now() };
  }

  migrations() {
    return appliedMigrations(this.ctx.storage);
  }

  /** Schedules adding `amount` to a named tally at `at`; the effect is observable via `tally`. */
  scheduleAdd(key: string, at: number, name: string, amount: number): void {
    this.timers.schedule(key, at, "add", { name, amount });
  }

  /** Like `add`, but its handler throws unless the timers it lists are exactly storage's (its own row already gone). */
  scheduleProbe(key: string, at: number, name: string): void {
    this.timers.schedule(key, at, "probe", { name, amount: 1 });
  }

  /**
   * Sets the deadline its derived timer follows (kept as the total of the tally `deadline`, as a
   * room keeps a clock in its document); the timer adds 1 to the tally `derived-runs` and leaves the
   * deadline as it is. With `error`, its handler throws that instead (until set again, in memory).
   */
  setDeadline(at: number, error?: string): void {
    this.derivedError = error ?? null;
    this.ctx.storage.sql.exec(
      "INSERT INTO tally (name, total, applications) VALUES ('deadline', ?, 1) ON CONFLICT(name) DO UPDATE SET total = excluded.total",
      at,
    );
    this.timers.rearm();
  }

  /** Moves the pending event `key` to just now, for the next alarm to run. */
  expedite(key: string): void {
    this.timers.expedite((e) => e.key === key, Date.now() - 1);
  }

  private derivedTimers(): { key: string; at: number; kind: string; payload: unknown }[] {
    const deadline = this.tally("deadline");
    if (!deadline.applications) return [];
    const payload = { name: "derived-runs", amount: 1, ...(this.derivedError ? { error: this.derivedError } : {}) };
    return [{ key: "derived", at: deadline.total, kind: this.derivedError ? "poison" : "add", payload }];
  }

  /** Schedules in a transaction that then fails, and forgets the timers as an owner must after a rollback. */
  scheduleRolledBack(key: string, at: number): void {
    try {
      this.ctx.storage.transactionSync(() => {
        this.timers.schedule(key, at, "add", { name: "never", amount: 1 });
        throw new Error("rolled back");
      });
    } catch {
      this.timers.forget();
    }
  }

  /** A poisoned event: it adds to the tally like `add` and schedules a timer, then throws, so its writes must roll back. */
  schedulePoison(key: string, at: number, name: string, error: string): void {
    this.timers.schedule(key, at, "poison", { name, amount: 1, error });
  }

  /** Adds `amount` to the tally `name` of the sentinel `target`, exactly once, through the outbox. */
  async sendAdd(target: string, effectId: string, name: string, amount: number): Promise<void> {
    this.ctx.storage.transactionSync(() => {
      this.addToTally(`sent:${name}`, amount);
      this.outbox.send({ effect_id: effectId, kind: "add", target, payload: { name, amount } }, Date.now());
      this.faults.at("before_commit");
    });
    await this.faults.after("after_commit");
  }

  async receive(effect: Effect): Promise<EffectReply> {
    if (this.failingReceives > 0) {
      this.failingReceives -= 1;
      throw new Error("receiver unavailable (injected)");
    }
    if (this.held) await this.held.promise;
    return receiveRemote(this.ctx.storage, effect, (e) => this.addEffect(e), this.faults);
  }

  failNextReceives(n: number): void {
    this.failingReceives = n;
  }

  /** Deliveries to this object wait until `releaseReceives` (a slow receiver, with no clock to race). */
  holdReceives(): void {
    if (this.held) return;
    let resolve = () => {};
    const promise = new Promise<void>((r) => {
      resolve = r;
    });
    this.held = { promise, resolve };
  }

  releaseReceives(): void {
    this.held?.resolve();
    this.held = null;
  }

  outboxRows(): { effectId: string; attempts: number; nextAt: number; lastError: string | null }[] {
    return this.outbox
      .pending()
      .map((r) => ({ effectId: r.effect.effect_id, attempts: r.attempts, nextAt: r.nextAt, lastError: r.lastError }));
  }

  private receiveNow(effect: Effect): EffectReply {
    return receiveOnce(this.ctx.storage, effect, (e) => this.addEffect(e), this.faults);
  }

  private addEffect(effect: Effect): { added: number } {
    const { name, amount } = effect.payload as { name: string; amount: number };
    this.addToTally(name, amount);
    return { added: amount };
  }

  cancel(key: string): boolean {
    return this.timers.cancel(key);
  }

  scheduleAdds(events: { key: string; at: number; name: string; amount: number }[]): void {
    this.timers.scheduleMany(events.map((e) => ({ key: e.key, at: e.at, kind: "add", payload: { name: e.name, amount: e.amount } })));
  }

  cancelMany(keys: string[]): number {
    return this.timers.cancelMany(keys);
  }

  pending(): { key: string; at: number; kind: string; attempts: number }[] {
    return this.timers.list().map(({ key, at, kind, attempts }) => ({ key, at, kind, attempts }));
  }

  deadTimers() {
    return this.timers.deadLetters();
  }

  tally(name: string): { total: number; applications: number } {
    const row = this.ctx.storage.sql
      .exec<{ total: number; applications: number }>("SELECT total, applications FROM tally WHERE name = ?", name)
      .toArray()[0];
    return row ?? { total: 0, applications: 0 };
  }

  override async alarm(): Promise<void> {
    const now = Date.now();
    this.timers.runDue(now, (event) => (event.kind === OUTBOX_TIMER ? this.outbox.onTimer(now) : this.onTimer(event)));
    await this.outbox.deliver(now);
    flushMetricsSoon(this.ctx, this.env);
  }

  private onTimer(event: TimedEvent): void {
    const { name, amount, error } = event.payload as { name: string; amount: number; error?: string };
    if (event.kind === "probe") {
      const listed = this.timers.list().map((t) => t.key);
      const stored = this.ctx.storage.sql.exec<{ key: string }>("SELECT key FROM _timers ORDER BY at, key").toArray().map((r) => r.key);
      if (listed.join() !== stored.join()) throw new Error(`listed ${listed.join()} while storage holds ${stored.join()}`);
    }
    this.addToTally(name, amount);
    if (event.kind === "poison") {
      this.timers.schedule(`left-by:${event.key}`, Date.now() + 60_000, "add", { name, amount });
      throw new Error(error);
    }
  }

  private addToTally(name: string, amount: number): void {
    this.ctx.storage.sql.exec(
      "INSERT INTO tally (name, total, applications) VALUES (?, ?, 1) ON CONFLICT(name) DO UPDATE SET total = total + excluded.total, applications = applications + 1",
      name,
      amount,
    );
  }

  override async fetch(request: Request): Promise<Response> {
    return (await this.sockets.accept(request, {})).response;
  }

  override webSocketMessage(ws: WebSocket, message: string | ArrayBuffer): void {
    const gate = this.sockets.admit(ws);
    if (gate === "revoked") return;
    if (!gate.allowed) {
      safeSend(ws, rateLimitedFrame(gate.retryAfterMs));
      return;
    }
    const me = attachmentOf(ws);
    if (message === "whoami") {
      safeSend(
        ws,
        JSON.stringify({ type: "identity", userId: me.userId, username: me.username, role: me.role, connectedAt: me.connectedAt }),
      );
      return;
    }
    safeSend(ws, JSON.stringify({ type: "echo", data: typeof message === "string" ? message : `<${message.byteLength} bytes>` }));
  }

  override webSocketClose(ws: WebSocket, code: number): void {
    try {
      ws.close(code === 1005 ? 1000 : code, "closed");
    } catch {
      // already closed by the peer
    }
    this.sockets.release(ws);
  }

  override webSocketError(ws: WebSocket): void {
    this.sockets.release(ws);
  }
}
