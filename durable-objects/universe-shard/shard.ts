import { DurableObject } from "cloudflare:workers";
import { db } from "../../src/db/client";
import { flushMetrics, metrics } from "../../src/platform/metrics";
import {
  advance,
  type CommandSuccess,
  type Coordinates,
  createEmpire,
  type Empire,
  type EmpireCommand,
  type EmpireOverview,
  type EngineEvent,
  empireOverview,
  empireScore,
  executeCommand,
  type Failure,
  type PlanetView,
  planetView,
  type ResearchOverview,
  researchOverview,
  seededRng,
  type ShipyardView,
  shipyardView,
  type UniverseSettings,
} from "../../src/universe/engine/index";
import { setPoints } from "../../src/universe/registry";
import { acceptSocket, attachmentOf, enableHeartbeat, KIT_MIGRATIONS, migrate, safeSend, Timers } from "../kit";
import { listNotifications, notificationFor } from "./notifications";
import { playerTimerPrefix, SHARD_MIGRATIONS, scoreTimerKey, timerKey } from "./storage";

export interface ShardContext {
  universeId: string;
  settings: UniverseSettings;
}

export type ShardResult<T> = { ok: true; value: T } | Failure | { ok: false; code: "not_joined"; message: string };

interface Committed {
  playerId: string;
  events: readonly EngineEvent[];
  points: number | null;
}

const SCORE_RETRY_MS = 30_000;

/**
 * Holds the empires of the players hashed to it: every action on one's own empire is atomic
 * here. Resources are never ticked; the engine computes them from elapsed time, and each queue
 * completion is a row in the timers table behind the single alarm.
 */
export class UniverseShard extends DurableObject<Env> {
  private readonly timers: Timers;
  private readonly cache = new Map<string, Empire>();
  /** Serialized context last written by `remember`, so unchanged settings cost no storage access. */
  private rememberedMeta: string | null = null;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    migrate(ctx.storage, [...KIT_MIGRATIONS, ...SHARD_MIGRATIONS]);
    this.timers = new Timers(ctx.storage);
    enableHeartbeat(ctx);
  }

  /** Alarms have no caller to pass settings, so the last ones seen are kept. */
  private remember(meta: ShardContext): void {
    const text = JSON.stringify(meta);
    if (text === this.rememberedMeta) return;
    this.ctx.storage.kv.put("meta", meta);
    this.rememberedMeta = text;
  }

  private meta(): ShardContext | undefined {
    return this.ctx.storage.kv.get<ShardContext>("meta");
  }

  private load(playerId: string): Empire | null {
    const hit = this.cache.get(playerId);
    if (hit) return hit;
    const row = this.ctx.storage.sql.exec<{ state: string }>("SELECT state FROM empires WHERE player_id = ?", playerId).toArray()[0];
    if (!row) return null;
    const empire = JSON.parse(row.state) as Empire;
    this.cache.set(playerId, empire);
    return empire;
  }

  private notJoined(): { ok: false; code: "not_joined"; message: string } {
    return { ok: false, code: "not_joined", message: "you have not joined this universe" };
  }

  /** Storage writes of one engine result; runs inside a transaction (a command's or an alarm's). */
  private persist(before: Empire, result: CommandSuccess, now: number): Committed {
    const { empire } = result;
    const playerId = empire.playerId;
    let points: number | null = null;
    if (empire !== before) {
      points = empireScore(empire).total;
      this.ctx.storage.sql.exec(
        "UPDATE empires SET state = ?, points = ?, updated_at = ? WHERE player_id = ?",
        JSON.stringify(empire),
        points,
        now,
        playerId,
      );
      this.cache.set(playerId, empire);
      // Durable intent to publish the score; cancelled once the push to D1 succeeds.
      this.timers.schedule(scoreTimerKey(playerId), now + SCORE_RETRY_MS, "score", { playerId });
    }
    this.timers.cancelPrefix(playerTimerPrefix(playerId));
    for (const t of result.timers) this.timers.schedule(timerKey(playerId, t.key), t.at, "complete", { playerId });
    for (const event of result.events) {
      const note = notificationFor(event);
      if (note) {
        this.ctx.storage.sql.exec(
          "INSERT INTO notifications (player_id, kind, message, data, created_at) VALUES (?, ?, ?, ?, ?)",
          playerId,
          note.kind,
          note.message,
          JSON.stringify(event),
          event.at,
        );
      }
    }
    return { playerId, events: result.events, points };
  }

  /** After the commit: live pushes and the score, neither of which may block or undo the change. */
  private async publish(done: Committed[]): Promise<void> {
    const meta = this.meta();
    for (const c of done) {
      const sockets = this.ctx.getWebSockets(`user:${c.playerId}`);
      for (const event of c.events) {
        const note = notificationFor(event);
        const frames = [JSON.stringify({ ...event, serverTime: Date.now() })];
        if (note && event.type !== "notification") {
          frames.push(
            JSON.stringify({ type: "notification", kind: note.kind, message: note.message, at: event.at, serverTime: Date.now() }),
          );
        }
        for (const ws of sockets) for (const f of frames) safeSend(ws, f);
      }
      if (c.points !== null && meta) {
        try {
          await setPoints(db(this.env), meta.universeId, c.playerId, c.points, Date.now());
          this.timers.cancel(scoreTimerKey(c.playerId));
        } catch (e) {
          console.error(JSON.stringify({ level: "warn", msg: "score push failed; will retry", playerId: c.playerId, error: String(e) }));
        }
      }
    }
    this.ctx.waitUntil(flushMetrics(this.env));
  }

  createEmpire(
    meta: ShardContext,
    input: { playerId: string; username: string; planetId: string; coords: Coordinates; planetName?: string; seed: number },
  ): ShardResult<EmpireOverview> {
    this.remember(meta);
    const now = Date.now();
    const existing = this.load(input.playerId);
    // Joining is retried by the Worker after partial failures; the player id is its idempotency key.
    if (existing) return { ok: true, value: empireOverview(existing, { now, settings: meta.settings }) };
    let first = true;
    const newId = () => {
      if (first) {
        first = false;
        return input.planetId;
      }
      return crypto.randomUUID();
    };
    const result = createEmpire(
      { playerId: input.playerId, coords: input.coords, ...(input.planetName ? { planetName: input.planetName } : {}) },
      { now, settings: meta.settings, newId, rng: seededRng(input.seed) },
    );
    if (!result.ok) return result;
    this.ctx.storage.transactionSync(() => {
      this.ctx.storage.sql.exec(
        "INSERT INTO empires (player_id, username, state, points, updated_at) VALUES (?, ?, ?, 0, ?)",
        input.playerId,
        input.username,
        JSON.stringify(result.empire),
        now,
      );
      this.cache.set(input.playerId, result.empire);
    });
    metrics.inc("orrery_universe_players_joined_total", "Players who joined a universe", { universe: meta.universeId });
    return { ok: true, value: empireOverview(result.empire, { now, settings: meta.settings }) };
  }

  overview(meta: ShardContext, playerId: string): ShardResult<EmpireOverview> {
    this.remember(meta);
    const empire = this.load(playerId);
    if (!empire) return this.notJoined();
    return { ok: true, value: empireOverview(empire, { now: Date.now(), settings: meta.settings }) };
  }

  planet(meta: ShardContext, playerId: string, planetId: string): ShardResult<PlanetView> {
    this.remember(meta);
    const empire = this.load(playerId);
    if (!empire) return this.notJoined();
    const view = planetView(empire, planetId, { now: Date.now(), settings: meta.settings });
    return "ok" in view ? view : { ok: true, value: view };
  }

  research(meta: ShardContext, playerId: string, planetId: string | undefined): ShardResult<ResearchOverview> {
    this.remember(meta);
    const empire = this.load(playerId);
    if (!empire) return this.notJoined();
    const from = planetId ?? empire.planets[0]?.id ?? "";
    const view = researchOverview(empire, from, { now: Date.now(), settings: meta.settings });
    return "ok" in view ? view : { ok: true, value: view };
  }

  shipyard(meta: ShardContext, playerId: string, planetId: string): ShardResult<ShipyardView> {
    this.remember(meta);
    const empire = this.load(playerId);
    if (!empire) return this.notJoined();
    const view = shipyardView(empire, planetId, { now: Date.now(), settings: meta.settings });
    return "ok" in view ? view : { ok: true, value: view };
  }

  /**
   * Runs a player command. The input gate serializes calls, and nothing is awaited before the
   * commit, so two parallel build requests can never spend the same resources.
   */
  async command(
    meta: ShardContext,
    playerId: string,
    command: EmpireCommand,
  ): Promise<ShardResult<{ planet: PlanetView | null; research: ResearchOverview | null }>> {
    this.remember(meta);
    const empire = this.load(playerId);
    if (!empire) return this.notJoined();
    const now = Date.now();
    const ctx = { now, settings: meta.settings, newId: () => crypto.randomUUID() };
    const result = executeCommand(empire, command, ctx);
    if (!result.ok) return result;
    const committed = this.ctx.storage.transactionSync(() => this.persist(empire, result, now));
    metrics.inc("orrery_universe_commands_total", "Empire commands applied", { type: command.type });
    await this.publish([committed]);
    const after = result.empire;
    const planetId = "planetId" in command ? command.planetId : undefined;
    const view = { now, settings: meta.settings };
    const planet = planetId && command.type !== "queue_research" ? planetView(after, planetId, view) : null;
    const research =
      command.type === "queue_research" || command.type === "cancel_research"
        ? researchOverview(after, planetId ?? after.planets[0]!.id, view)
        : null;
    return {
      ok: true,
      value: { planet: planet && !("ok" in planet) ? planet : null, research: research && !("ok" in research) ? research : null },
    };
  }

  notifications(playerId: string, opts: { before?: number | undefined; limit: number; unreadOnly?: boolean | undefined }) {
    return listNotifications(this.ctx.storage.sql, playerId, opts);
  }

  markRead(playerId: string, ids: number[] | "all"): number {
    const now = Date.now();
    if (ids === "all") {
      return this.ctx.storage.sql.exec("UPDATE notifications SET read_at = ? WHERE player_id = ? AND read_at IS NULL", now, playerId)
        .rowsWritten;
    }
    let n = 0;
    for (const id of ids) {
      n += this.ctx.storage.sql.exec(
        "UPDATE notifications SET read_at = ? WHERE player_id = ? AND id = ? AND read_at IS NULL",
        now,
        playerId,
        id,
      ).rowsWritten;
    }
    return n;
  }

  deleteNotification(playerId: string, id: number): boolean {
    return this.ctx.storage.sql.exec("DELETE FROM notifications WHERE player_id = ? AND id = ?", playerId, id).rowsWritten > 0;
  }

  override async alarm(): Promise<void> {
    const meta = this.meta();
    if (!meta) return;
    const now = Date.now();
    const retryScores: string[] = [];
    const applied = this.timers.runDue(now, (event) => {
      const { playerId } = event.payload as { playerId: string };
      if (event.kind === "score") {
        retryScores.push(playerId);
        return null;
      }
      const empire = this.load(playerId);
      if (!empire) return null;
      // advance only processes what is due, so a duplicate or stale timer changes nothing.
      return this.persist(empire, advance(empire, { now, settings: meta.settings }), now);
    });
    const committed = applied.map((a) => a.result).filter((c): c is Committed => c !== null);
    for (const playerId of retryScores) {
      const row = this.ctx.storage.sql.exec<{ points: number }>("SELECT points FROM empires WHERE player_id = ?", playerId).toArray()[0];
      if (row) committed.push({ playerId, events: [], points: row.points });
    }
    if (committed.length) metrics.inc("orrery_universe_completions_total", "Timed completions applied", {}, committed.length);
    await this.publish(committed);
  }

  override async fetch(request: Request): Promise<Response> {
    const meta = this.meta();
    const accepted = acceptSocket(this.ctx, request, {});
    if (!("server" in accepted)) return accepted.response;
    const empire = this.load(accepted.attachment.userId);
    if (meta && empire) {
      safeSend(
        accepted.server,
        JSON.stringify({
          type: "welcome",
          empire: empireOverview(empire, { now: Date.now(), settings: meta.settings }),
          serverTime: Date.now(),
        }),
      );
    }
    return accepted.response;
  }

  override webSocketMessage(ws: WebSocket, message: string | ArrayBuffer): void {
    const me = attachmentOf(ws);
    const meta = this.meta();
    const empire = this.load(me.userId);
    if (message === "snapshot" && meta && empire) {
      safeSend(
        ws,
        JSON.stringify({
          type: "welcome",
          empire: empireOverview(empire, { now: Date.now(), settings: meta.settings }),
          serverTime: Date.now(),
        }),
      );
      return;
    }
    safeSend(
      ws,
      JSON.stringify({
        type: "error",
        code: "invalid_message",
        message: "send `snapshot` or the heartbeat `ping`",
        serverTime: Date.now(),
      }),
    );
  }

  override webSocketClose(ws: WebSocket, code: number): void {
    try {
      ws.close(code === 1005 ? 1000 : code, "closed");
    } catch {
      // already closed
    }
  }
}
