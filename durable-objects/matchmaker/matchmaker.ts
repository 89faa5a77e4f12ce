import { DurableObject } from "cloudflare:workers";
import { db } from "../../src/db/client";
import { formGroups, MATCHMAKING, type MatchmakingSettings, type QueuedPlayer, windowInfo } from "../../src/matchmaking/algorithm";
import { cpuFillMs, cpuOpponents } from "../../src/matchmaking/cpu-fill";
import { type CreateOutcome, createMatchedRoom, existingRoom } from "../../src/matchmaking/create-room";
import type { MatchmakingStatus } from "../../src/matchmaking/schemas";
import { flushMetricsSoon, metrics } from "../../src/platform/metrics";
import { findGame } from "../../src/rooms/games";
import { deleteRoomRow } from "../../src/rooms/index-sync";
import { KIT_MIGRATIONS, migrate, type TimedEvent, Timers } from "../kit";
import { dropStale, scheduleSweep, SWEEP_KIND, touchQueued } from "./presence";
import { MATCHMAKER_MIGRATIONS } from "./schema";

export const TICK_KEY = "tick";
/** One timer, aimed at the earliest time a queued player is due for CPUs. */
export const FILL_KEY = "cpu_fill";
export const MATCHMAKER_TIMER = { tick: "tick", create: "create_room", forget: "forget_match", fill: "cpu_fill" } as const;
export const createKey = (roomId: string): string => `create:${roomId}`;
export const forgetKey = (roomId: string): string => `forget:${roomId}`;

/** A match is remembered this long after its room started, so status can still point at the room. */
export const MATCH_RETENTION_MS = 120_000;
/** Delay before each retry of a room creation that failed (index = attempts so far). */
export const CREATE_RETRY_MS = [2_000, 5_000, 15_000, 30_000, 60_000] as const;

const NOTICES: Record<string, string> = {
  too_many_rooms: "you were matched, but you are already in 4 live rooms; leave one and queue again",
};

type QueueRow = { user_id: string; name: string; rating: number; enqueued_at: number; seq: number; seen_at: number };
type MatchRow = {
  room_id: string;
  formed_at: number;
  starts_at: number;
  state: "creating" | "ready" | "cancelled";
  code: string | null;
  attempts: number;
  error: string | null;
  /** JSON array of CPU personalities (a table filled with CPUs); null for a match of players. */
  cpus: string | null;
};
type MatchPlayerRow = {
  room_id: string;
  user_id: string;
  seat: number;
  name: string;
  rating: number;
  enqueued_at: number;
  seq: number;
  dropped: string | null;
};

export type Refusal<C extends string> = { ok: false; code: C; message: string; status: MatchmakingStatus };
export type EnqueueResult = { ok: true; status: MatchmakingStatus } | Refusal<"already_queued" | "already_matched">;
export type LeaveResult = { ok: true; status: MatchmakingStatus } | Refusal<"not_queued" | "already_matched">;

/**
 * The quick-match queue of one game (one object per game, named by the game id). The queue is a
 * table in the object's SQLite; a `tick` timer (kit `Timers`, behind the single alarm) runs every
 * 3 s while two or more players wait and forms groups with the pure `formGroups`. A formed group
 * leaves the queue as a `creating` match in the same transaction; the room is then created outside
 * it (D1 and the Room object are other services), retried by a `create:` timer until it exists.
 * The room starts itself when the countdown ends.
 */
export class Matchmaker extends DurableObject<Env> {
  private readonly timers: Timers;
  private creating: Promise<void> | null = null;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    migrate(ctx.storage, [...KIT_MIGRATIONS, ...MATCHMAKER_MIGRATIONS]);
    this.timers = new Timers(ctx.storage);
  }

  // ---- RPC from the Worker ---------------------------------------------------------------------

  enqueue(input: { game: string; userId: string; name: string; rating: number }): EnqueueResult {
    const now = Date.now();
    return this.ctx.storage.transactionSync((): EnqueueResult => {
      this.bindGame(input.game);
      if (this.queued(input.userId)) {
        return this.refuse("already_queued", "you are already in this queue", input.game, input.userId, now);
      }
      if (this.activeMatch(input.userId, now)) {
        return this.refuse("already_matched", "you have been matched; your room starts shortly", input.game, input.userId, now);
      }
      const seq = this.nextSeq();
      this.sql.exec(
        "INSERT INTO queue (user_id, name, rating, enqueued_at, seq, seen_at) VALUES (?, ?, ?, ?, ?, ?)",
        input.userId,
        input.name,
        input.rating,
        now,
        seq,
        now,
      );
      this.ensureTick(now);
      this.ensureFill(now);
      scheduleSweep(this.sql, this.timers);
      return { ok: true, status: this.statusAt(input.game, input.userId, now) };
    });
  }

  leave(game: string, userId: string): LeaveResult {
    const now = Date.now();
    return this.ctx.storage.transactionSync((): LeaveResult => {
      if (this.queued(userId)) {
        this.sql.exec("DELETE FROM queue WHERE user_id = ?", userId);
        if (this.queueSize() < this.settings(game).minGroup) this.timers.cancel(TICK_KEY);
        if (this.queueSize() === 0) this.timers.cancel(FILL_KEY);
        scheduleSweep(this.sql, this.timers);
        return { ok: true, status: this.statusAt(game, userId, now) };
      }
      if (this.activeMatch(userId, now)) {
        return this.refuse("already_matched", "you have already been matched; leave the room instead", game, userId, now);
      }
      return this.refuse("not_queued", "you are not in this queue", game, userId, now);
    });
  }

  /** A poll: also shows the player is still there (see presence.ts). */
  status(game: string, userId: string): MatchmakingStatus {
    const now = Date.now();
    return this.ctx.storage.transactionSync(() => {
      if (touchQueued(this.sql, userId, now)) scheduleSweep(this.sql, this.timers);
      return this.statusAt(game, userId, now);
    });
  }

  /** Everything the object holds (tests and operators). */
  inspect(): { game: string | null; queue: QueueRow[]; matches: MatchRow[]; players: MatchPlayerRow[]; timers: TimedEvent[] } {
    return {
      game: this.boundGame(),
      queue: this.sql.exec<QueueRow>("SELECT * FROM queue ORDER BY enqueued_at, seq").toArray(),
      matches: this.sql.exec<MatchRow>("SELECT * FROM matches ORDER BY formed_at, room_id").toArray(),
      players: this.sql.exec<MatchPlayerRow>("SELECT * FROM match_players ORDER BY room_id, seat").toArray(),
      timers: this.timers.list(),
    };
  }

  // ---- alarm -------------------------------------------------------------------------------------

  override async alarm(): Promise<void> {
    const now = Date.now();
    this.timers.runDue(now, (event) => this.onTimer(event, now));
    await this.createPending();
  }

  private onTimer(event: TimedEvent, now: number): void {
    switch (event.kind) {
      case MATCHMAKER_TIMER.tick:
        this.formMatches(now);
        return;
      case MATCHMAKER_TIMER.fill:
        // Players first: whoever can be matched with someone is, and only the rest get CPUs.
        this.formMatches(now);
        this.fillWithCpus(now);
        return;
      case SWEEP_KIND:
        this.expireStale(now);
        return;
      case MATCHMAKER_TIMER.forget: {
        const { roomId } = event.payload as { roomId: string };
        this.sql.exec("DELETE FROM match_players WHERE room_id = ?", roomId);
        this.sql.exec("DELETE FROM matches WHERE room_id = ?", roomId);
        return;
      }
      default:
        // `create_room` only wakes the object: `createPending` runs after every alarm.
        return;
    }
  }

  /** One check of the queue: forms every group `formGroups` finds, then keeps ticking while needed. */
  private formMatches(now: number): void {
    const game = this.boundGame();
    if (!game) return;
    const settings = this.settings(game);
    this.expireStale(now);
    const rows = this.queueRows();
    const byUser = new Map(rows.map((r) => [r.user_id, r]));
    const queue: QueuedPlayer[] = rows.map((r) => ({ userId: r.user_id, rating: r.rating, enqueuedAt: r.enqueued_at, seq: r.seq }));
    for (const group of formGroups(queue, now, settings)) {
      this.formMatch(
        group.map((p) => byUser.get(p.userId) as QueueRow),
        null,
        now + settings.countdownMs,
        now,
      );
    }
    this.ensureTick(now);
    if (this.queueSize() === 0) this.timers.cancel(FILL_KEY);
    scheduleSweep(this.sql, this.timers);
  }

  /** Every player who has waited `QUICK_MATCH_CPU_FILL_SECONDS` unmatched gets a table of their own with CPUs. */
  private fillWithCpus(now: number): void {
    const game = this.boundGame();
    const fillMs = cpuFillMs(this.env);
    const def = game ? findGame(game) : undefined;
    if (!def || fillMs === null) return;
    const startsAt = now + this.settings(def.id).countdownMs;
    for (const row of this.queueRows()) {
      if (row.enqueued_at + fillMs > now) break;
      const cpus = cpuOpponents(
        def,
        (unused) => unused[(crypto.getRandomValues(new Uint32Array(1))[0] as number) % unused.length] as string,
      );
      this.formMatch([row], cpus, startsAt, now);
    }
    this.ensureFill(now);
  }

  /** A group leaves the queue as a `creating` match (inside the caller's transaction); the room is created after. */
  private formMatch(players: readonly QueueRow[], cpus: string[] | null, startsAt: number, now: number): void {
    const roomId = this.env.ROOMS.newUniqueId().toString();
    this.sql.exec(
      "INSERT INTO matches (room_id, formed_at, starts_at, state, cpus) VALUES (?, ?, ?, 'creating', ?)",
      roomId,
      now,
      startsAt,
      cpus && JSON.stringify(cpus),
    );
    players.forEach((r, seat) => {
      this.sql.exec(
        "INSERT INTO match_players (room_id, user_id, seat, name, rating, enqueued_at, seq) VALUES (?, ?, ?, ?, ?, ?, ?)",
        roomId,
        r.user_id,
        seat,
        r.name,
        r.rating,
        r.enqueued_at,
        r.seq,
      );
      this.sql.exec("DELETE FROM queue WHERE user_id = ?", r.user_id);
    });
    this.timers.schedule(createKey(roomId), now + CREATE_RETRY_MS[0], MATCHMAKER_TIMER.create, { roomId });
  }

  /** Removes entries nobody polled for the TTL, then re-aims the sweep and the tick. */
  private expireStale(now: number): void {
    const dropped = dropStale(this.sql, now);
    scheduleSweep(this.sql, this.timers);
    if (dropped === 0) return;
    const game = this.boundGame();
    if (game && this.queueSize() < this.settings(game).minGroup) this.timers.cancel(TICK_KEY);
    if (this.queueSize() === 0) this.timers.cancel(FILL_KEY);
    metrics.inc("orrery_matchmaking_queue_expired_total", "Queue entries removed for not polling", { game: game ?? "unknown" });
  }

  // ---- room creation (outside the timer transaction) ---------------------------------------------

  private createPending(): Promise<void> {
    this.creating ??= this.runCreations().finally(() => {
      this.creating = null;
    });
    return this.creating;
  }

  private async runCreations(): Promise<void> {
    const game = this.boundGame();
    if (!game) return;
    const now = Date.now();
    const pending = this.sql.exec<MatchRow>("SELECT * FROM matches WHERE state = 'creating' ORDER BY formed_at").toArray();
    for (const m of pending) {
      // A fresh match is created at once; a failed one waits for its back-off timer.
      const retryAt = this.timers.get(createKey(m.room_id))?.at;
      if (m.attempts > 0 && retryAt !== undefined && retryAt > now) continue;
      const players = this.matchPlayers(m.room_id);
      let outcome: CreateOutcome;
      try {
        outcome = await createMatchedRoom(this.env, {
          roomId: m.room_id,
          game,
          players: players.filter((p) => p.dropped === null).map((p) => ({ userId: p.user_id, name: p.name })),
          cpus: cpusOf(m),
          startsAt: m.starts_at,
        });
      } catch (e) {
        await this.creationFailed(m, e);
        continue;
      }
      this.ctx.storage.transactionSync(() => this.settle(m.room_id, outcome, Date.now()));
      metrics.inc("orrery_matchmaking_matches_total", "Quick-match groups by outcome", {
        game,
        outcome: outcome.ok ? "started" : "cancelled",
        players: outcome.seated.length,
      });
    }
    flushMetricsSoon(this.ctx, this.env);
  }

  /** Records how a room creation ended (inside a transaction). */
  private settle(roomId: string, outcome: CreateOutcome, now: number): void {
    const m = this.match(roomId);
    if (m?.state !== "creating") return;
    for (const userId of outcome.dropped) {
      this.sql.exec("UPDATE match_players SET dropped = 'too_many_rooms' WHERE room_id = ? AND user_id = ?", roomId, userId);
    }
    if (outcome.ok) {
      this.sql.exec("UPDATE matches SET state = 'ready', code = ?, error = NULL WHERE room_id = ?", outcome.code, roomId);
    } else {
      this.sql.exec("UPDATE matches SET state = 'cancelled', error = 'not_enough_players' WHERE room_id = ?", roomId);
      this.requeue(roomId, outcome.seated, now);
    }
    this.timers.cancel(createKey(roomId));
    this.timers.schedule(forgetKey(roomId), Math.max(now, m.starts_at) + MATCH_RETENTION_MS, MATCHMAKER_TIMER.forget, { roomId });
  }

  /** Retries with back-off; after the last attempt the match is cancelled and its players go back to the queue. */
  private async creationFailed(m: MatchRow, e: unknown): Promise<void> {
    const error = e instanceof Error ? e.message : String(e);
    console.error(
      JSON.stringify({ level: "error", msg: "quick-match room creation failed", room: m.room_id, attempt: m.attempts + 1, error }),
    );
    const attempts = m.attempts + 1;
    const now = Date.now();
    const delay = CREATE_RETRY_MS[attempts];
    if (delay !== undefined) {
      this.ctx.storage.transactionSync(() => {
        this.sql.exec("UPDATE matches SET attempts = ?, error = ? WHERE room_id = ? AND state = 'creating'", attempts, error, m.room_id);
        this.timers.schedule(createKey(m.room_id), now + delay, MATCHMAKER_TIMER.create, { roomId: m.room_id });
      });
      return;
    }
    // The room may exist after all (an earlier attempt created it and only its answer was lost):
    // then the match stands, and its index row must stay.
    const room = await existingRoom(this.env, m.room_id);
    if (room) {
      const seated = new Set(room.seats.flatMap((s) => (s.userId === null ? [] : [s.userId])));
      const all = this.matchPlayers(m.room_id).map((p) => p.user_id);
      const outcome: CreateOutcome = { ok: true, code: room.code, seated: [...seated], dropped: all.filter((u) => !seated.has(u)) };
      this.ctx.storage.transactionSync(() => this.settle(m.room_id, outcome, Date.now()));
      return;
    }
    this.ctx.storage.transactionSync(() => {
      this.sql.exec("UPDATE matches SET state = 'cancelled', attempts = ?, error = ? WHERE room_id = ?", attempts, error, m.room_id);
      const players = this.matchPlayers(m.room_id).filter((p) => p.dropped === null);
      this.requeue(
        m.room_id,
        players.map((p) => p.user_id),
        now,
      );
      this.timers.cancel(createKey(m.room_id));
      this.timers.schedule(forgetKey(m.room_id), now + MATCH_RETENTION_MS, MATCHMAKER_TIMER.forget, { roomId: m.room_id });
    });
    // Best effort: a half-created index row would count against the players' live rooms.
    await deleteRoomRow(db(this.env), m.room_id).catch(() => undefined);
  }

  /** Puts players back in the queue with their original place (they keep their wait time). */
  private requeue(roomId: string, userIds: readonly string[], now: number): void {
    for (const userId of userIds) {
      this.sql.exec(
        `INSERT INTO queue (user_id, name, rating, enqueued_at, seq, seen_at)
         SELECT user_id, name, rating, enqueued_at, seq, ? FROM match_players WHERE room_id = ? AND user_id = ?
         ON CONFLICT(user_id) DO NOTHING`,
        now,
        roomId,
        userId,
      );
    }
    this.ensureTick(now);
    this.ensureFill(now);
    scheduleSweep(this.sql, this.timers);
  }

  // ---- status ------------------------------------------------------------------------------------

  private statusAt(game: string, userId: string, now: number): MatchmakingStatus {
    const q = this.sql.exec<QueueRow>("SELECT * FROM queue WHERE user_id = ?", userId).toArray()[0];
    const fillMs = cpuFillMs(this.env);
    if (q) {
      const ahead = this.sql
        .exec<{ n: number }>(
          "SELECT COUNT(*) AS n FROM queue WHERE enqueued_at < ? OR (enqueued_at = ? AND seq < ?)",
          q.enqueued_at,
          q.enqueued_at,
          q.seq,
        )
        .one().n;
      return {
        state: "queued",
        game,
        serverTime: now,
        position: ahead + 1,
        queueSize: this.queueSize(),
        enqueuedAt: q.enqueued_at,
        waitMs: Math.max(0, now - q.enqueued_at),
        rating: q.rating,
        window: windowInfo(q.rating, q.enqueued_at, now, this.settings(game)),
        nextCheckAt: this.timers.get(TICK_KEY)?.at ?? null,
        cpuFillAt: fillMs === null ? null : q.enqueued_at + fillMs,
      };
    }
    const latest = this.sql
      .exec<MatchPlayerRow & Pick<MatchRow, "state" | "starts_at" | "code" | "cpus">>(
        `SELECT mp.*, m.state, m.starts_at, m.code, m.cpus FROM match_players mp JOIN matches m ON m.room_id = mp.room_id
         WHERE mp.user_id = ? ORDER BY m.formed_at DESC LIMIT 1`,
        userId,
      )
      .toArray()[0];
    if (latest?.dropped) {
      return { state: "idle", game, serverTime: now, notice: { code: latest.dropped, message: NOTICES[latest.dropped] ?? latest.dropped } };
    }
    if (latest && latest.state !== "cancelled") {
      return {
        state: "matched",
        game,
        serverTime: now,
        roomId: latest.room_id,
        code: latest.code,
        startsAt: latest.starts_at,
        countdownMs: Math.max(0, latest.starts_at - now),
        roomReady: latest.state === "ready",
        players: this.matchPlayers(latest.room_id)
          .filter((p) => p.dropped === null)
          .map((p) => ({ userId: p.user_id, name: p.name, rating: p.rating })),
        cpus: cpusOf(latest),
        ranked: latest.cpus === null,
      };
    }
    return { state: "idle", game, serverTime: now, notice: null };
  }

  private refuse<C extends string>(code: C, message: string, game: string, userId: string, now: number): Refusal<C> {
    return { ok: false, code, message, status: this.statusAt(game, userId, now) };
  }

  // ---- helpers -----------------------------------------------------------------------------------

  private get sql(): SqlStorage {
    return this.ctx.storage.sql;
  }

  private boundGame(): string | null {
    return this.sql.exec<{ value: string }>("SELECT value FROM meta WHERE key = 'game'").toArray()[0]?.value ?? null;
  }

  /** One object per game: the first enqueue records which, and anything else is a bug. */
  private bindGame(game: string): void {
    const bound = this.boundGame();
    if (bound === null) this.sql.exec("INSERT INTO meta (key, value) VALUES ('game', ?)", game);
    else if (bound !== game) throw new Error(`this matchmaker serves ${bound}, not ${game}`);
  }

  private settings(game: string): MatchmakingSettings {
    const def = findGame(game);
    return {
      ...MATCHMAKING,
      minGroup: Math.max(MATCHMAKING.minGroup, def?.minPlayers ?? 0),
      maxGroup: Math.min(MATCHMAKING.maxGroup, def?.maxPlayers ?? MATCHMAKING.maxGroup),
    };
  }

  private nextSeq(): number {
    const row = this.sql.exec<{ value: string }>("SELECT value FROM meta WHERE key = 'seq'").toArray()[0];
    const seq = Number(row?.value ?? 0) + 1;
    this.sql.exec("INSERT INTO meta (key, value) VALUES ('seq', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value", String(seq));
    return seq;
  }

  private queued(userId: string): boolean {
    return this.sql.exec("SELECT 1 FROM queue WHERE user_id = ?", userId).toArray().length > 0;
  }

  private queueSize(): number {
    return this.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM queue").one().n;
  }

  private queueRows(): QueueRow[] {
    return this.sql.exec<QueueRow>("SELECT * FROM queue ORDER BY enqueued_at, seq").toArray();
  }

  private match(roomId: string): MatchRow | undefined {
    return this.sql.exec<MatchRow>("SELECT * FROM matches WHERE room_id = ?", roomId).toArray()[0];
  }

  private matchPlayers(roomId: string): MatchPlayerRow[] {
    return this.sql.exec<MatchPlayerRow>("SELECT * FROM match_players WHERE room_id = ? ORDER BY seat", roomId).toArray();
  }

  /** A match the user is part of whose room has not started yet (they cannot queue again meanwhile). */
  private activeMatch(userId: string, now: number): boolean {
    return (
      this.sql
        .exec(
          `SELECT 1 FROM match_players mp JOIN matches m ON m.room_id = mp.room_id
           WHERE mp.user_id = ? AND mp.dropped IS NULL AND (m.state = 'creating' OR (m.state = 'ready' AND m.starts_at > ?))`,
          userId,
          now,
        )
        .toArray().length > 0
    );
  }

  /**
   * Aims the fill timer at the earliest time a queued player is due for CPUs. It only moves
   * earlier (a player re-queued with their original wait); a timer left aimed at someone who was
   * matched meanwhile fires, finds nobody due, and re-aims.
   */
  private ensureFill(now: number): void {
    const fillMs = cpuFillMs(this.env);
    const firstAt = this.sql.exec<{ at: number | null }>("SELECT MIN(enqueued_at) AS at FROM queue").one().at;
    if (fillMs === null || firstAt === null) {
      this.timers.cancel(FILL_KEY);
      return;
    }
    const due = Math.max(now, firstAt + fillMs);
    const current = this.timers.get(FILL_KEY)?.at;
    if (current === undefined || due < current) this.timers.schedule(FILL_KEY, due, MATCHMAKER_TIMER.fill, null);
  }

  /** Checks every `tickMs` while enough players wait to form a group; an existing tick keeps its time. */
  private ensureTick(now: number): void {
    const game = this.boundGame();
    if (!game || this.queueSize() < this.settings(game).minGroup) return;
    if (!this.timers.get(TICK_KEY)) this.timers.schedule(TICK_KEY, now + MATCHMAKING.tickMs, MATCHMAKER_TIMER.tick, null);
  }
}

function cpusOf(m: Pick<MatchRow, "cpus">): string[] {
  return m.cpus === null ? [] : (JSON.parse(m.cpus) as string[]);
}
