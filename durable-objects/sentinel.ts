import { flushMetrics } from "../src/platform/metrics";
import { appliedMigrations, attachmentOf, KIT_MIGRATIONS, migrate, rateLimitedFrame, SocketObject, safeSend, type TimedEvent, Timers } from "./kit";

/**
 * A tiny internal object: the readiness probe's round trip, the reference user of the object
 * conventions (migrations, timers, hibernatable sockets), and the `/v1/ws/echo` connection check
 * clients use to verify their token and network path.
 */
export class Sentinel extends SocketObject {
  private readonly timers: Timers;

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
    this.timers = new Timers(ctx.storage);
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

  /** A poisoned event: it adds to the tally like `add`, then throws, so its writes must roll back. */
  schedulePoison(key: string, at: number, name: string, error: string): void {
    this.timers.schedule(key, at, "poison", { name, amount: 1, error });
  }

  cancel(key: string): boolean {
    return this.timers.cancel(key);
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
    this.timers.runDue(Date.now(), (event) => this.onTimer(event));
    this.ctx.waitUntil(flushMetrics(this.env));
  }

  private onTimer(event: TimedEvent): void {
    const { name, amount, error } = event.payload as { name: string; amount: number; error?: string };
    this.ctx.storage.sql.exec(
      "INSERT INTO tally (name, total, applications) VALUES (?, ?, 1) ON CONFLICT(name) DO UPDATE SET total = total + excluded.total, applications = applications + 1",
      name,
      amount,
    );
    if (event.kind === "poison") throw new Error(error);
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
      safeSend(ws, JSON.stringify({ type: "identity", userId: me.userId, username: me.username, role: me.role, connectedAt: me.connectedAt }));
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
