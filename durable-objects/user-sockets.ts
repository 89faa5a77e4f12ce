import { DurableObject } from "cloudflare:workers";
import { KIT_MIGRATIONS, migrate, type Revocation, type SocketBinding, type SocketObject, type SocketPlace, retryDelayMs, Timers } from "./kit";

/** Revoked sessions are remembered this long: longer than any upgrade takes from the Worker's check to `enter`. */
const TOMBSTONE_MS = 60 * 60 * 1000;
const DELIVERY_RETRY = { baseDelayMs: 2_000, maxDelayMs: 60_000 };
const MAX_ATTEMPTS = 30;

interface Delivery {
  binding: SocketBinding;
  objectId: string;
  revocation: Revocation;
  attempt: number;
}

/**
 * One per user: where the user holds sockets (object and session), so a logout or ban reaches
 * every one of them. Objects `enter` before accepting a socket and `leave` when the session's
 * last socket there closes. A revocation is written first (tombstones and one durable delivery
 * timer per object) and then delivered; a delivery that fails is retried by the alarm, so it
 * reaches objects that were busy, evicted or hibernated. A missed `leave` leaves a stale place,
 * which costs one needless delivery and is removed by it.
 */
export class UserSockets extends DurableObject<Env> {
  private readonly timers: Timers;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    migrate(ctx.storage, [
      ...KIT_MIGRATIONS,
      {
        version: 100,
        name: "places",
        sql: `CREATE TABLE places (
          binding TEXT NOT NULL,
          object_id TEXT NOT NULL,
          session_id TEXT NOT NULL,
          at INTEGER NOT NULL,
          PRIMARY KEY (binding, object_id, session_id)
        );
        CREATE TABLE revoked_sessions (session_id TEXT PRIMARY KEY, at INTEGER NOT NULL);`,
      },
    ]);
    this.timers = new Timers(ctx.storage);
  }

  /** Registers a place before its socket is accepted; false when the session was revoked meanwhile. */
  enter(place: SocketPlace): boolean {
    const sql = this.ctx.storage.sql;
    if (sql.exec("SELECT 1 FROM revoked_sessions WHERE session_id = ?", place.sessionId).toArray().length) return false;
    sql.exec(
      `INSERT INTO places (binding, object_id, session_id, at) VALUES (?, ?, ?, ?)
       ON CONFLICT DO UPDATE SET at = max(at, excluded.at)`,
      place.binding,
      place.objectId,
      place.sessionId,
      place.at,
    );
    return true;
  }

  /** Forgets a place, unless a socket entered it after `at` (a reconnect racing the release). */
  leave(place: SocketPlace): void {
    this.ctx.storage.sql.exec(
      "DELETE FROM places WHERE binding = ? AND object_id = ? AND session_id = ? AND at < ?",
      place.binding,
      place.objectId,
      place.sessionId,
      place.at,
    );
  }

  /**
   * Records the revocation and delivers it to every object where it applies; returns once each
   * object has answered or has a retry scheduled. Idempotent: revoking again delivers again.
   */
  async revoke(revocation: Revocation): Promise<{ objects: number; pending: number }> {
    const now = Date.now();
    const sql = this.ctx.storage.sql;
    const deliveries = this.ctx.storage.transactionSync(() => {
      sql.exec("DELETE FROM revoked_sessions WHERE at < ?", now - TOMBSTONE_MS);
      for (const s of revocation.sessions) sql.exec("INSERT OR REPLACE INTO revoked_sessions (session_id, at) VALUES (?, ?)", s, now);
      const targets = sql
        .exec<{ binding: SocketBinding; object_id: string; session_id: string }>("SELECT binding, object_id, session_id FROM places")
        .toArray()
        .filter((p) => revocation.all || revocation.sessions.includes(p.session_id));
      const byObject = new Map(targets.map((t) => [`${t.binding}:${t.object_id}`, t]));
      const batch = crypto.randomUUID();
      return [...byObject.values()].map((t) => {
        const delivery: Delivery = { binding: t.binding, objectId: t.object_id, revocation, attempt: 1 };
        const key = `deliver:${batch}:${t.binding}:${t.object_id}`;
        this.timers.schedule(key, now + retryDelayMs(DELIVERY_RETRY, delivery.attempt), "deliver", delivery);
        return { key, delivery };
      });
    });
    const results = await Promise.all(deliveries.map((d) => this.deliver(d.key, d.delivery)));
    return { objects: deliveries.length, pending: results.filter((ok) => !ok).length };
  }

  /** Places currently registered (tests and operators). */
  places(): { binding: string; objectId: string; sessionId: string }[] {
    return this.ctx.storage.sql
      .exec<{ binding: string; object_id: string; session_id: string }>("SELECT binding, object_id, session_id FROM places ORDER BY at")
      .toArray()
      .map((p) => ({ binding: p.binding, objectId: p.object_id, sessionId: p.session_id }));
  }

  override async alarm(): Promise<void> {
    const now = Date.now();
    // Each due delivery is rescheduled before it is tried, so a crash mid-delivery still retries it.
    const due = this.timers.runDue(now, (event) => {
      const delivery = event.payload as Delivery;
      if (delivery.attempt >= MAX_ATTEMPTS) {
        console.error(JSON.stringify({ level: "error", msg: "socket revocation undeliverable", binding: delivery.binding }));
        return null;
      }
      const next = { ...delivery, attempt: delivery.attempt + 1 };
      this.timers.schedule(event.key, now + retryDelayMs(DELIVERY_RETRY, next.attempt), "deliver", next);
      return { key: event.key, delivery: next };
    });
    await Promise.all(due.flatMap(({ result }) => (result ? [this.deliver(result.key, result.delivery)] : [])));
  }

  private async deliver(key: string, d: Delivery): Promise<boolean> {
    try {
      // Every binding in `SocketBinding` holds a `SocketObject`; the namespaces' own types cannot say so as one type.
      const ns = this.env[d.binding] as unknown as DurableObjectNamespace<SocketObject>;
      const stub = ns.get(ns.idFromString(d.objectId));
      await stub.revokeSockets(d.revocation);
    } catch (e) {
      console.error(JSON.stringify({ level: "warn", msg: "socket revocation failed; will retry", binding: d.binding, error: String(e) }));
      return false;
    }
    const sql = this.ctx.storage.sql;
    this.ctx.storage.transactionSync(() => {
      if (d.revocation.all) {
        sql.exec("DELETE FROM places WHERE binding = ? AND object_id = ?", d.binding, d.objectId);
      } else {
        for (const s of d.revocation.sessions) {
          sql.exec("DELETE FROM places WHERE binding = ? AND object_id = ? AND session_id = ?", d.binding, d.objectId, s);
        }
      }
      this.timers.cancel(key);
    });
    return true;
  }
}
