import { db } from "../../src/db/client";
import { flushMetricsSoon, metrics } from "../../src/platform/metrics";
import type { AnyGameDefinition } from "../../src/rooms/game";
import { findGame, resolveSeatChoice } from "../../src/rooms/games";
import { type IndexSnapshot, pushRoomIndex } from "../../src/rooms/index-sync";
import { CLOSE, type ClientMessage, ClientMessageSchema } from "../../src/rooms/protocol";
import { type AfterEffect, type Change, type Command, type Handled, handleCommand, isClosed } from "../../src/rooms/runtime/commands";
import { type Failure, RoomErrors } from "../../src/rooms/runtime/errors";
import { checkRoomConfig, idleVerdict } from "../../src/rooms/runtime/idle";
import { overBytes, resumePlan } from "../../src/rooms/runtime/limits";
import { closeRoom, cpuTurn, turnTimeout } from "../../src/rooms/runtime/machine";
import { autoStart, type MatchedRoomInput, newMatchedRoom } from "../../src/rooms/runtime/matched";
import { isLive, isMatched, isWatchingHost, LIMITS, type RoomDoc, roomMemberIds, seatCapacity, seatOf } from "../../src/rooms/runtime/model";
import { claimSeat, connect, disconnect, graceExpired, type NewRoomInput, newRoom } from "../../src/rooms/runtime/seats";
import {
  type CpuPayload,
  clockTimers,
  isDerivedKey,
  TIMER,
  type TimerSpec,
  type TurnPayload,
  type WarningPayload,
} from "../../src/rooms/runtime/timers";
import { extendTurn, markWarned, updateClocks } from "../../src/rooms/runtime/turns";
import { notifications, presenceOf, type RoomInfo, roomInfo } from "../../src/rooms/runtime/view";
import { attachmentOf, KIT_MIGRATIONS, migrate, readIdentity, SocketObject, setAttachment, type TimedEvent, Timers } from "../kit";
import {
  type Conn,
  type ConnState,
  closeConnections,
  connections,
  Fanout,
  logEvents,
  type Outgoing,
  type RoomAttachment,
  send,
  spectatorCount,
  viewerKey,
  viewerOf,
} from "./broadcast";
import { eventsBetween, type ReplayReport, readLog, replay } from "./log";
import { type Answered, MessageIds } from "./message-ids";
import { ROOM_MIGRATIONS } from "./schema";
import { RoomStore } from "./store";
import { RoomHistory } from "./history";
import { idleSignals } from "./idle";
import {
  AUTO_START_KEY,
  clearRoomTimers,
  graceKey,
  IDLE_KEY,
  INDEX_KEY,
  scheduleGrace,
  scheduleGraceForAbsent,
  syncDerivedTimers,
  touchIdle,
} from "./timers";

export type InitInput = Omit<NewRoomInput, "now">;

/** A quick-match room, created by the matchmaker with every player seated. */
export type MatchInitInput = Omit<MatchedRoomInput, "now">;

export type RpcResult<T> = ({ ok: true } & T) | Failure;

const INDEX_RETRY_MS = 10_000;
const INBOX_PRUNE_EVERY_MS = 60_000;
/** Spectator counts reach the D1 index batched: at most this long after a change. */
export const SPECTATOR_SYNC_DELAY_MS = 2_000;

/**
 * One game room: seats, the game state and its event log, turn timers and every connection. It
 * is a thin shell around the pure runtime in `src/rooms/runtime`: it loads the room, asks the
 * runtime what changes, persists the change (document, game state, RNG, log, timers) in one
 * transaction, and only then tells anyone (`atomically`).
 */
export class Room extends SocketObject {
  private readonly timers: Timers;
  private readonly store: RoomStore;
  private readonly history: RoomHistory;
  private readonly messageIds: MessageIds;
  private syncing: Promise<void> | null = null;
  private syncAgain = false;
  private spectatorsIndexed = -1;
  private inboxPrunedAt = 0;
  private clocks: { doc: RoomDoc | null; timers: readonly TimerSpec[] } = { doc: null, timers: [] };

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env, "ROOMS");
    migrate(ctx.storage, [...KIT_MIGRATIONS, ...ROOM_MIGRATIONS]);
    this.timers = new Timers(ctx.storage, {}, {}, { inMemory: true, derived: () => this.clockTimers() });
    this.store = new RoomStore(ctx.storage.sql, (doc) => this.gameOf(doc));
    this.messageIds = new MessageIds(ctx.storage.sql);
    this.history = new RoomHistory(() => this.env, ctx.storage.sql, this.store, this.timers);
  }

  // ---- RPC from the Worker ---------------------------------------------------------------------

  async init(input: InitInput): Promise<RpcResult<{ room: RoomInfo }>> {
    const existing = this.store.getDoc();
    if (existing) {
      return existing.id === input.id ? { ok: true, room: this.info(existing) } : RoomErrors.notFound();
    }
    const invalid = checkRoomConfig(input.config);
    if (invalid) return invalid;
    const now = Date.now();
    const doc = newRoom({ ...input, now });
    const game = this.gameOf(doc);
    this.atomically(() => {
      this.store.write(doc, undefined);
      touchIdle(this.timers, doc, now);
    });
    this.store.commit(doc, undefined);
    metrics.inc("orrery_rooms_created_total", "Rooms created", { game: game.id });
    flushMetricsSoon(this.ctx, this.env);
    await this.syncIndex();
    return { ok: true, room: this.info(doc) };
  }

  /**
   * Creates a quick-match room: every player seated, no open seat, and an `auto_start` timer at
   * `startsAt`. Idempotent, so the matchmaker can retry after a lost answer.
   */
  async initMatch(input: MatchInitInput): Promise<RpcResult<{ room: RoomInfo }>> {
    const existing = this.store.getDoc();
    if (existing) {
      return existing.id === input.id ? { ok: true, room: this.info(existing) } : RoomErrors.notFound();
    }
    const game = findGame(input.game);
    if (!game) return RoomErrors.notFound();
    const now = Date.now();
    const doc = newMatchedRoom({ ...input, now }, game.maxPlayers);
    this.atomically(() => {
      this.store.write(doc, undefined);
      touchIdle(this.timers, doc, now);
      this.timers.schedule(AUTO_START_KEY, Math.max(input.startsAt, now), TIMER.autoStart, null);
    });
    this.store.commit(doc, undefined);
    metrics.inc("orrery_rooms_created_total", "Rooms created", { game: game.id });
    flushMetricsSoon(this.ctx, this.env);
    await this.syncIndex();
    return { ok: true, room: this.info(doc) };
  }

  room(): RoomInfo | null {
    const doc = this.store.getDoc();
    return doc ? this.info(doc) : null;
  }

  /** Claims a seat for a user (HTTP join by code or id). Joining again returns the same seat. */
  async join(user: { userId: string; name: string }): Promise<RpcResult<{ room: RoomInfo; seat: number; already: boolean }>> {
    const doc = this.store.getDoc();
    if (!doc) return RoomErrors.notFound();
    if (isClosed(doc)) return RoomErrors.closed();
    const now = Date.now();
    if (isMatched(doc) && doc.status === "waiting" && !seatOf(doc, user.userId)) return RoomErrors.matchedRoom();
    const claimed = claimSeat(doc, user, seatCapacity(doc, this.gameOf(doc).maxPlayers), now);
    if (!claimed.ok) return claimed;
    const change: Change = { doc: { ...claimed.doc, lastActivityAt: now } };
    this.commitChange(doc, change, now, () => touchIdle(this.timers, change.doc, now));
    await this.syncIndex();
    return { ok: true, room: this.info(change.doc), seat: claimed.seat, already: claimed.already };
  }

  /** HTTP fallbacks of the `leave` and `resign` messages. */
  async command(userId: string, type: "leave" | "resign"): Promise<RpcResult<{ room: RoomInfo; result: Record<string, unknown> }>> {
    const doc = this.store.getDoc();
    if (!doc) return RoomErrors.notFound();
    const now = Date.now();
    const handled = this.handle(doc, userId, false, { type }, now);
    if (!handled.answer.ok) return handled.answer;
    if (handled.change) this.commitChange(doc, handled.change, now);
    this.afterEffects(handled.after ?? []);
    await this.syncIndex();
    return { ok: true, room: this.info(this.store.getDoc() as RoomDoc), result: handled.answer.result };
  }

  /** Everything about the room, hidden information included (tests and operators only). */
  inspect(): { doc: RoomDoc | null; state: unknown; rng: unknown; timers: TimedEvent[] } {
    const session = this.store.getSession();
    return { doc: this.store.getDoc(), state: session?.state ?? null, rng: session?.rng ?? null, timers: this.timers.list() };
  }

  /** Tests: moves the pending timers `match` picks to just now, for the next alarm to run (kit `Timers.expedite`). */
  expediteTimers(match: (timer: TimedEvent) => boolean): void {
    this.timers.expedite(match, Date.now() - 1);
  }

  /** The admin console's view: the public room, the game as an omniscient viewer sees it, and the log length. */
  adminView(): { room: RoomInfo; view: unknown; logLength: number; timers: number } | null {
    const doc = this.store.getDoc();
    if (!doc) return null;
    const session = this.store.getSession();
    return {
      room: this.info(doc),
      view: session ? this.gameOf(doc).view(session.state, { kind: "omniscient" }) : null,
      logLength: doc.actions,
      timers: this.timers.list().length,
    };
  }

  /**
   * Closes a live room for an operator: a game in progress ends without a result (the history
   * records it as abandoned, which no stat counts), and every socket gets `room_closed` with
   * reason `closed_by_admin`.
   */
  async adminClose(): Promise<RpcResult<{ room: RoomInfo }>> {
    const doc = this.store.getDoc();
    if (!doc) return RoomErrors.notFound();
    if (isClosed(doc) || !isLive(doc.status)) return RoomErrors.closed();
    const now = Date.now();
    this.commitChange(doc, { doc: closeRoom(doc, "closed_by_admin", now) }, now);
    await this.syncIndex();
    return { ok: true, room: this.info(this.store.getDoc() as RoomDoc) };
  }

  /** Replays the stored log from the seed and compares with the stored state. */
  verifyReplay(): ReplayReport | null {
    const doc = this.store.getDoc();
    const session = this.store.getSession();
    if (!doc || !session || doc.seed === null) return null;
    return replay(this.gameOf(doc), doc.seed, readLog(this.ctx.storage.sql), session);
  }

  // ---- WebSockets ------------------------------------------------------------------------------

  override async fetch(request: Request): Promise<Response> {
    const doc = this.store.getDoc();
    if (!doc) return failure(RoomErrors.notFound());
    if (isClosed(doc)) return failure(RoomErrors.closed());
    const identity = readIdentity(request);
    // The spectator cap keeps watchers out, never the host who manages the table by watching.
    if (identity && !this.canPlay(doc, identity.userId) && !isWatchingHost(doc, identity.userId)) {
      const conns = this.connections();
      const already = conns.some((c) => c.att.mode === "watch" && c.att.userId === identity.userId);
      if (!already && spectatorCount(conns) >= doc.config.maxSpectators)
        return failure(RoomErrors.spectatorsFull(doc.config.maxSpectators));
    }
    const accepted = await this.sockets.accept<ConnState>(request, { mode: "pending" });
    if ("server" in accepted && isLive(doc.status)) touchIdle(this.timers, doc, Date.now());
    return accepted.response;
  }

  override async webSocketMessage(ws: WebSocket, message: string | ArrayBuffer): Promise<void> {
    const now = Date.now();
    const rate = this.sockets.admit(ws, this.store.getDoc()?.config.messagesPer10s ?? LIMITS.rateLimitMessages);
    if (rate === "revoked") return;
    const att = attachmentOf<ConnState>(ws);
    if (!rate.allowed) {
      send(ws, errorMsg(null, "rate_limited", "too many messages; slow down", { retryAfterMs: rate.retryAfterMs }));
      return;
    }
    if (overBytes(message, LIMITS.maxMessageBytes)) {
      send(
        ws,
        errorMsg(null, "message_too_large", `messages are limited to ${LIMITS.maxMessageBytes} bytes`, {
          limitBytes: LIMITS.maxMessageBytes,
        }),
      );
      return;
    }
    const parsed = parseMessage(message);
    if (!parsed.ok) {
      send(ws, errorMsg(parsed.messageId, "invalid_message", parsed.message, parsed.details));
      return;
    }
    const msg = parsed.msg;
    try {
      const doc = this.store.getDoc();
      if (!doc) {
        send(ws, errorMsg(msg.messageId, "room_not_found", "no such room"));
        return;
      }
      if (isLive(doc.status)) touchIdle(this.timers, doc, now);
      if (msg.type === "ping") {
        send(ws, { type: "pong", messageId: msg.messageId });
      } else if (msg.type === "join") {
        this.onJoin(ws, att, msg, now);
      } else if (att.mode === "pending") {
        send(ws, errorMsg(msg.messageId, "not_joined", "send a join message first"));
      } else if (msg.type === "sync") {
        this.onSync(ws, att, msg.messageId);
      } else if (msg.type === "ready" && msg.choice !== undefined) {
        // A choice may name something stored elsewhere (a saved deck): resolved before the command runs.
        const resolved = await resolveSeatChoice(db(this.env), doc.game, att.userId, msg.choice);
        if (resolved.ok) this.onCommand(ws, att, { ...msg, choice: resolved.choice }, Date.now());
        else send(ws, errorMsg(msg.messageId, resolved.code, resolved.message, resolved.details));
      } else {
        this.onCommand(ws, att, msg, now);
      }
    } catch (e) {
      this.forget();
      console.error(JSON.stringify({ level: "error", msg: "room message failed", error: e instanceof Error ? e.message : String(e) }));
      send(ws, errorMsg(msg.messageId, "internal", "internal error"));
    }
    flushMetricsSoon(this.ctx, this.env);
  }

  override async webSocketClose(ws: WebSocket, code: number): Promise<void> {
    try {
      ws.close(code === 1005 || code === 1006 || code === 1015 ? 1000 : code, "closed");
    } catch {
      // already closed
    }
    this.sockets.release(ws);
    this.onDisconnect(ws);
  }

  override async webSocketError(ws: WebSocket): Promise<void> {
    this.sockets.release(ws);
    this.onDisconnect(ws);
  }

  // ---- alarm -------------------------------------------------------------------------------------

  override async alarm(): Promise<void> {
    const now = Date.now();
    if (!this.store.getDoc()) return;
    const fired: { before: RoomDoc; change: Change | null; messages: Outgoing[] }[] = [];
    let indexDue = false;
    let recordDue = false;
    try {
      this.timers.runDue(now, (event) => {
        if (event.kind === TIMER.index) {
          indexDue = true;
          return;
        }
        if (event.kind === TIMER.record) {
          recordDue = true;
          return;
        }
        const before = this.store.getDoc() as RoomDoc;
        const { change, messages } = this.onTimer(before, event, now);
        if (change) {
          this.persist(change, now);
          this.store.commit(change.doc, change.session);
        } else if (!event.derived && isDerivedKey(event.key)) {
          // A CPU move that changed nothing was spent: the seat, still awaited, needs one again.
          // (A clock's step that changed nothing is left until the document moves the clock on.)
          syncDerivedTimers(this.timers, this.gameOf(before), before, this.store.getSession(), now);
        }
        fired.push({ before, change, messages });
      });
    } catch (e) {
      this.forget();
      throw e;
    }
    // Everything the due timers changed reaches each socket as one batch (a CPU's turn is many events).
    const out = new Fanout(this.connections(), now);
    for (const f of fired) {
      if (f.change) this.announce(out, f.before, f.change);
      for (const m of f.messages) out.all(m);
    }
    out.flush();
    // Message ids are kept an hour: pruning them once a minute is enough, where a CPU game's alarm
    // fires on every move. The prune scans the table (room migration 105 dropped its index).
    if (now - this.inboxPrunedAt >= INBOX_PRUNE_EVERY_MS) {
      this.messageIds.prune(now);
      this.inboxPrunedAt = now;
    }
    flushMetricsSoon(this.ctx, this.env);
    if (indexDue) await this.syncIndex();
    if (recordDue) await this.history.record();
  }

  // ---- handlers ----------------------------------------------------------------------------------

  private onTimer(doc: RoomDoc, event: TimedEvent, now: number): { change: Change | null; messages: Outgoing[] } {
    const none = { change: null, messages: [] };
    const game = this.gameOf(doc);
    const session = this.store.getSession();
    try {
      switch (event.kind) {
        case TIMER.turn: {
          const { seat, turnId } = event.payload as TurnPayload;
          if (!session) return none;
          const step = turnTimeout(game, doc, session, seat, turnId, now);
          return step ? { change: { doc: step.doc, session: step.session, log: step.log }, messages: [] } : none;
        }
        case TIMER.warning: {
          const { seat, turnId, fraction } = event.payload as WarningPayload;
          const clock = doc.turns.find((t) => t.seat === seat && t.turnId === turnId);
          if (!clock || clock.warned.includes(fraction)) return none;
          return {
            change: { doc: markWarned(doc, seat, turnId, fraction) },
            messages: [
              { type: "timer_warning", seat, turnId, deadline: clock.deadline, remainingMs: Math.max(0, clock.deadline - now), fraction },
            ],
          };
        }
        case TIMER.cpu: {
          const { seat } = event.payload as CpuPayload;
          if (!session) return none;
          const step = cpuTurn(game, doc, session, seat, now);
          return step ? { change: { doc: step.doc, session: step.session, log: step.log }, messages: [] } : none;
        }
        case TIMER.grace: {
          const { userId } = event.payload as { userId: string };
          const r = graceExpired(doc, userId);
          return r.doc === doc ? none : { change: { doc: r.doc }, messages: [] };
        }
        case TIMER.idle: {
          if (isClosed(doc)) return none;
          const verdict = idleVerdict(doc, now, idleSignals(this.ctx, this.timers));
          if (verdict.close) return { change: { doc: closeRoom(doc, "room_expired", now) }, messages: [] };
          this.timers.schedule(IDLE_KEY, verdict.recheckAt, TIMER.idle, null);
          return none;
        }
        case TIMER.autoStart: {
          const started = autoStart(game, doc, crypto.getRandomValues(new Uint32Array(1))[0] as number, now);
          return started ? { change: started, messages: [] } : none;
        }
        default:
          return none;
      }
    } catch (e) {
      // A failing game hook must not wedge the alarm: the event is dropped and logged.
      console.error(
        JSON.stringify({ level: "error", msg: "room timer failed", kind: event.kind, error: e instanceof Error ? e.message : String(e) }),
      );
      return none;
    }
  }

  private onJoin(ws: WebSocket, att: RoomAttachment, msg: Extract<ClientMessage, { type: "join" }>, now: number): void {
    const doc = this.store.getDoc() as RoomDoc;
    if (isClosed(doc)) {
      send(ws, errorMsg(msg.messageId, "room_closed", "the room is closed"));
      closeConnections([{ ws, att }], CLOSE.roomClosed, "room_closed");
      return;
    }
    const mode = msg.mode === "play" && this.canPlay(doc, att.userId) ? "play" : "watch";
    const others = this.connections(ws);
    if (mode === "watch" && att.mode !== "watch" && !isWatchingHost(doc, att.userId)) {
      const already = others.some((c) => c.att.mode === "watch" && c.att.userId === att.userId);
      if (!already && spectatorCount(others) >= doc.config.maxSpectators) {
        send(ws, errorMsg(msg.messageId, "spectators_full", `this room already has ${doc.config.maxSpectators} spectators`));
        closeConnections([{ ws, att }], CLOSE.spectatorsFull, "spectators_full");
        return;
      }
    }
    const spectatorsBefore = spectatorCount([...others, { ws, att }]);
    const { batch: _previous, ...base } = att;
    const joinedAtt: RoomAttachment = msg.batch ? { ...base, mode, batch: true } : { ...base, mode };
    setAttachment(ws, joinedAtt);
    if (att.mode === "play" && mode === "watch") this.releaseSeat(doc, att.userId, others, now);

    // What the join changes for everyone, then the joiner's own view and answer, as one batch.
    const out = new Fanout(this.connections(), now);
    if (mode === "play" && isLive(doc.status)) {
      const seat = seatOf(doc, att.userId)?.seat as number;
      const presence = connect(doc, att.userId, this.gameOf(doc).timeoutCounting === "game");
      let next = presence.doc;
      if (presence.returnedInGrace) next = extendTurn(next, seat);
      if (presence.reclaimed && next.status === "playing") {
        const session = this.store.getSession();
        const awaiting = session ? this.gameOf(doc).awaiting(session.state) : [];
        next = updateClocks(next, awaiting, { started: awaiting.includes(seat) ? [seat] : [], continued: awaiting, stopped: [] }, now);
      }
      next = { ...next, lastActivityAt: now };
      this.commitChange(doc, { doc: next }, now, () => this.timers.cancel(graceKey(att.userId)), out);
    }

    const after = this.store.getDoc() as RoomDoc;
    const spectatorsNow = spectatorCount(out.connections);
    if (spectatorsNow !== spectatorsBefore) this.announceSpectators(out, spectatorsNow);

    const me: Conn = { ws, att: joinedAtt };
    const plan = resumePlan(msg.lastSeq, after.seq);
    if (plan.kind === "events") {
      out.events(after, this.gameOf(after), eventsBetween(this.ctx.storage.sql, plan.fromSeq, plan.toSeq), me);
      out.to(me, { type: "room", room: this.info(after, spectatorsNow) });
    } else {
      out.to(me, this.stateFor(after, joinedAtt, spectatorsNow));
    }
    const seat = seatOf(after, att.userId);
    out.to(me, {
      type: "action_result",
      messageId: msg.messageId,
      command: "join",
      ok: true,
      result: {
        mode,
        seat: mode === "play" ? (seat?.seat ?? null) : null,
        resumed: plan.kind === "events",
        seq: after.seq,
        ...(plan.kind === "events" ? { fromSeq: plan.fromSeq, toSeq: plan.toSeq } : {}),
      },
    });
    out.flush();
  }

  /** Re-sends what `join` would show, changing nothing: no seat claim, presence or turn extension. */
  private onSync(ws: WebSocket, att: RoomAttachment, messageId: string): void {
    const doc = this.store.getDoc() as RoomDoc;
    send(ws, this.stateFor(doc, att, spectatorCount(this.connections())));
    send(ws, { type: "action_result", messageId, command: "sync", ok: true, result: { seq: doc.seq } });
  }

  private onCommand(
    ws: WebSocket,
    att: RoomAttachment,
    msg: Exclude<ClientMessage, { type: "join" | "ping" | "sync" }>,
    now: number,
  ): void {
    const key = `msg:${att.userId}:${msg.messageId}`;
    const seen = this.messageIds.answerOf(key, now);
    if (seen !== undefined) {
      send(ws, { ...(JSON.parse(seen) as Outgoing), replayed: true } as Outgoing);
      return;
    }
    const before = this.store.getDoc() as RoomDoc;
    const handled = this.handle(before, att.userId, att.mode === "watch", toCommand(msg), now);
    const answer: Outgoing = handled.answer.ok
      ? { type: "action_result", messageId: msg.messageId, command: msg.type, ok: true, result: handled.answer.result }
      : errorMsg(msg.messageId, handled.answer.code, handled.answer.message, handled.answer.details);
    const message = { key, answer: JSON.stringify(answer) };
    const { change } = handled;
    const logged = (change?.log?.length ?? 0) > 0;
    this.atomically(() => {
      if (change) this.persist(change, now, logged ? message : undefined);
      if (!logged) this.messageIds.recordInInbox(message, now);
    });
    if (change) this.commitDoc(change);
    this.messageIds.remember(message, now);
    // The answer goes first; what the command changed follows, in the same batch.
    const out = new Fanout(this.connections(), now);
    out.to({ ws, att }, answer);
    if (change) this.announce(out, before, change);
    out.flush();
    if (handled.after) this.afterEffects(handled.after);
  }

  private handle(doc: RoomDoc, userId: string, spectator: boolean, cmd: Command, now: number): Handled {
    return handleCommand(
      {
        game: this.gameOf(doc),
        doc,
        session: this.store.getSession(),
        userId,
        spectator,
        now,
        newSeed: () => crypto.getRandomValues(new Uint32Array(1))[0] as number,
        pick: (unused) => unused[(crypto.getRandomValues(new Uint32Array(1))[0] as number) % unused.length] as string,
      },
      cmd,
    );
  }

  private onDisconnect(ws: WebSocket): void {
    const doc = this.store.getDoc();
    if (!doc) return;
    const att = attachmentOf<ConnState>(ws);
    const conns = this.connections(ws);
    if (att.mode === "play") this.releaseSeat(doc, att.userId, conns, Date.now());
    if (att.mode !== "watch") return;
    const out = new Fanout(conns);
    this.announceSpectators(out, spectatorCount(conns));
    out.flush();
  }

  /**
   * A playing connection of the seat's owner ended (closed, or switched to watching): once none is
   * left the owner is away, and the grace period starts (then CPU takeover and host hand-over).
   * `others` are the room's other connections.
   */
  private releaseSeat(doc: RoomDoc, userId: string, others: Conn[], now: number): void {
    if (others.some((c) => c.att.userId === userId && c.att.mode === "play")) return;
    const next = disconnect(doc, userId, now);
    if (next === doc) return;
    const hold = isLive(next.status) && seatOf(next, userId)?.out === null;
    this.commitChange(doc, { doc: next }, now, () => {
      if (hold) scheduleGrace(this.timers, next, userId, now);
    });
  }

  // ---- persistence and fan-out ------------------------------------------------------------------

  /**
   * Writes a change (inside the caller's transaction) and brings the derived timers in line. A
   * `message` (the client message that made the change, with its answer) goes in its last log row.
   */
  private persist(change: Change, now: number, message?: Answered): void {
    const { doc } = change;
    this.store.write(doc, change.session, change.log, message);
    if (change.log?.[0]?.source === "setup") scheduleGraceForAbsent(this.timers, doc, now);
    // Durable intent, written with the state that ended the game: history gets it even after a crash.
    this.history.scheduleIfEnded(doc, now);
    if (isClosed(doc)) {
      clearRoomTimers(this.timers);
      return;
    }
    if (doc.status === "finished") this.timers.cancelPrefix("grace:");
    syncDerivedTimers(this.timers, this.gameOf(doc), doc, change.session ?? this.store.getSession(), now);
  }

  /** Persists a change in its own transaction, then announces it (through `out`, flushed by the caller, if given). */
  private commitChange(before: RoomDoc, change: Change, now: number, alsoInTransaction?: () => void, out?: Fanout): void {
    this.atomically(() => {
      this.persist(change, now);
      alsoInTransaction?.();
    });
    this.commitDoc(change);
    if (out) {
      this.announce(out, before, change);
      return;
    }
    const own = new Fanout(this.connections(), now);
    this.announce(own, before, change);
    own.flush();
  }

  /** Tells everyone (through `out`) what changed: events, room, presence, turns, game over, closing. */
  private announce(out: Fanout, before: RoomDoc, change: Change): void {
    const after = change.doc;
    const game = this.gameOf(after);
    const n = notifications(before, after);
    const conns = out.connections;
    if (before.status === "waiting" && (after.status === "playing" || after.status === "finished")) {
      // Everyone gets a state at once: the room summary and each distinct view are computed once.
      const spectators = spectatorCount(conns);
      const shared: SharedState = { room: this.info(after, spectators), views: new Map() };
      for (const c of conns) if (c.att.mode !== "pending") out.to(c, this.stateFor(after, c.att, spectators, shared));
    } else {
      if (change.log?.length) out.events(after, game, logEvents(change.log));
      if (n.room) out.all({ type: "room", room: this.info(after, spectatorCount(conns)) });
    }
    if (n.presence) out.all({ type: "presence", players: presenceOf(after) });
    for (const t of n.turnStarts) {
      const seat = after.seats[t.seat];
      out.all({
        type: "turn_start",
        seat: t.seat,
        userId: seat?.userId ?? null,
        turnId: t.turnId,
        startedAt: t.startedAt,
        deadline: t.deadline,
        extended: t.extended,
        turnSeconds: after.config.turnSeconds,
      });
    }
    if (n.gameOver && after.result) {
      out.all({ type: "game_over", seq: after.seq, result: after.result });
      metrics.inc("orrery_room_games_finished_total", "Room games finished", { game: game.id, reason: after.result.reason });
    }
    const actions = (change.log ?? []).filter((e) => e.source !== "setup");
    for (const e of actions) metrics.inc("orrery_room_actions_total", "Game actions applied in rooms", { game: game.id, source: e.source });
    if (!isClosed(before) && isClosed(after)) {
      const reason = after.closeReason ?? "room_closed";
      out.all({ type: "room_closed", reason });
      out.closeAll(reason === "room_expired" ? CLOSE.roomExpired : CLOSE.roomClosed, reason);
    }
    if (after.indexVersion !== before.indexVersion) out.later(() => this.ctx.waitUntil(this.syncIndex()));
    if (this.history.needsRecord(after) && !this.history.needsRecord(before)) out.later(() => this.ctx.waitUntil(this.history.record()));
    out.later(() => flushMetricsSoon(this.ctx, this.env));
  }

  /**
   * Spectators come and go in bursts, so their count reaches the D1 index through the index timer,
   * batched: one write at most `SPECTATOR_SYNC_DELAY_MS` after the first change. Any other index
   * write in between carries the current count too.
   */
  private announceSpectators(out: Fanout, count: number): void {
    out.all({ type: "spectators", count });
    if (count === this.spectatorsIndexed) return;
    const at = Date.now() + SPECTATOR_SYNC_DELAY_MS;
    const pending = this.timers.get(INDEX_KEY);
    if (!pending || pending.at > at) this.timers.schedule(INDEX_KEY, at, TIMER.index, null);
  }

  private afterEffects(effects: readonly AfterEffect[]): void {
    const conns = this.connections();
    for (const e of effects) {
      const mine = conns.filter((c) => c.att.userId === e.userId);
      if (e.code === "kicked") {
        for (const c of mine) send(c.ws, errorMsg(null, "kicked_from_room", "the host removed you from this room"));
        closeConnections(mine, CLOSE.kicked, "kicked");
      } else {
        closeConnections(mine, CLOSE.left, "left");
      }
    }
  }

  // ---- the D1 room index ------------------------------------------------------------------------

  /**
   * Pushes the room's summary to D1 after the SQLite commit. Serialized; a failure leaves a retry
   * timer behind, so the index catches up even if the object is evicted meanwhile.
   */
  private syncIndex(): Promise<void> {
    if (this.syncing) {
      this.syncAgain = true;
      return this.syncing;
    }
    this.syncing = (async () => {
      try {
        do {
          this.syncAgain = false;
          const doc = this.store.getDoc();
          if (!doc) return;
          const spectators = spectatorCount(this.connections());
          const synced = Number(this.store.getMeta("index_version") ?? 0);
          if (synced >= doc.indexVersion && spectators === this.spectatorsIndexed) continue;
          this.timers.schedule(INDEX_KEY, Date.now() + INDEX_RETRY_MS, TIMER.index, null);
          try {
            const game = this.gameOf(doc);
            await pushRoomIndex(db(this.env), doc, game.summary ? game.summary(doc.options) : null, this.snapshot(doc, spectators));
          } catch (e) {
            console.error(
              JSON.stringify({
                level: "error",
                msg: "room index sync failed",
                room: doc.id,
                error: e instanceof Error ? e.message : String(e),
              }),
            );
            return;
          }
          this.store.setMeta("index_version", String(doc.indexVersion));
          this.spectatorsIndexed = spectators;
          this.timers.cancel(INDEX_KEY);
        } while (this.syncAgain);
      } finally {
        this.syncing = null;
      }
    })();
    return this.syncing;
  }

  private snapshot(doc: RoomDoc, spectators: number): IndexSnapshot {
    return {
      id: doc.id,
      status: doc.status,
      hostUserId: doc.hostUserId,
      seatsTaken: doc.seats.length,
      seatsMax: seatCapacity(doc, this.gameOf(doc).maxPlayers),
      spectators,
      startedAt: doc.startedAt,
      endedAt: doc.endedAt,
      updatedAt: Date.now(),
      members: roomMemberIds(doc),
    };
  }

  // ---- helpers -----------------------------------------------------------------------------------

  /**
   * Writes a change all or nothing. The writes join the event's implicit transaction: workerd
   * commits everything written before the event yields as one SQLite transaction, and holds the
   * event's frames until it is durable. A `transactionSync` around them would nest a savepoint in
   * that transaction, two statements parsed on every move (a tenth of a Counter move's
   * instructions), only to roll back a write that fails half-way. Such a failure aborts the object
   * instead: the open transaction is dropped uncommitted, nothing of it was told to anyone, and the
   * next event loads the room from storage.
   */
  private atomically(work: () => void): void {
    try {
      work();
    } catch (e) {
      this.forget();
      this.ctx.abort(`room write failed: ${e instanceof Error ? e.message : String(e)}`);
      throw e;
    }
  }

  private connections(except?: WebSocket): Conn[] {
    return connections(this.sockets.all(), except);
  }

  private forget(): void {
    this.store.forget();
    this.timers.forget();
    this.messageIds.forget();
  }

  /**
   * Makes a written change the room's current one. The clocks' timers follow the document, so the
   * alarm is brought in line with the new one here, once it is current (in an alarm, `runDue`
   * re-arms after its events instead).
   */
  private commitDoc(change: Change): void {
    this.store.commit(change.doc, change.session);
    this.timers.rearm();
  }

  /** The clocks' timers of the current document (kit `TimerMode.derived`), worked out once per document. */
  private clockTimers(): readonly TimerSpec[] {
    const doc = this.store.getDoc();
    if (doc !== this.clocks.doc) this.clocks = { doc, timers: doc ? clockTimers(doc) : [] };
    return this.clocks.timers;
  }

  private gameOf(doc: RoomDoc): AnyGameDefinition {
    const game = findGame(doc.game);
    if (!game) throw new Error(`unknown game ${doc.game}`);
    return game;
  }

  private canPlay(doc: RoomDoc, userId: string): boolean {
    const seat = seatOf(doc, userId);
    return !!seat && seat.out !== "left";
  }

  private info(doc: RoomDoc, spectators = spectatorCount(this.connections())): RoomInfo {
    return roomInfo(doc, this.gameOf(doc), spectators);
  }

  private stateFor(doc: RoomDoc, att: RoomAttachment, spectators: number, shared?: SharedState): Outgoing {
    const session = this.store.getSession();
    const viewer = viewerOf(doc, att);
    const seat = seatOf(doc, att.userId);
    const mode = att.mode === "play" ? "play" : "watch";
    const key = viewerKey(viewer);
    let view = shared?.views.get(key);
    if (view === undefined) {
      view = session && doc.status !== "waiting" ? this.gameOf(doc).view(session.state, viewer) : null;
      shared?.views.set(key, view);
    }
    return {
      type: "state",
      seq: doc.seq,
      room: shared?.room ?? this.info(doc, spectators),
      you: {
        userId: att.userId,
        seat: viewer.kind === "seat" ? viewer.seat : null,
        mode,
        canAct: mode === "play" && !!seat && seat.out === null && isLive(doc.status),
      },
      view,
    };
  }
}

/** What every connection's `state` has in common when all of them get one at once. */
interface SharedState {
  room: RoomInfo;
  views: Map<string, unknown>;
}

function errorMsg(messageId: string | null, code: string, message: string, details?: unknown): Outgoing {
  return details === undefined ? { type: "error", messageId, code, message } : { type: "error", messageId, code, message, details };
}

function failure(f: Failure): Response {
  return Response.json(
    { code: f.code, message: f.message, ...(f.details === undefined ? {} : { details: f.details }) },
    { status: f.status },
  );
}

type Parsed = { ok: true; msg: ClientMessage } | { ok: false; messageId: string | null; message: string; details?: unknown };

function parseMessage(message: string | ArrayBuffer): Parsed {
  if (typeof message !== "string") return { ok: false, messageId: null, message: "messages are JSON text frames" };
  let raw: unknown;
  try {
    raw = JSON.parse(message);
  } catch {
    return { ok: false, messageId: null, message: "the message is not valid JSON" };
  }
  const id = (raw as { messageId?: unknown } | null)?.messageId;
  const messageId = typeof id === "string" ? id.slice(0, 64) : null;
  const parsed = ClientMessageSchema.safeParse(raw);
  if (!parsed.success) {
    const details = parsed.error.issues.map((i) => ({ path: i.path.map(String).join("."), code: i.code, message: i.message }));
    return { ok: false, messageId, message: "the message does not match the protocol", details };
  }
  return { ok: true, msg: parsed.data };
}

function toCommand(msg: Exclude<ClientMessage, { type: "join" | "ping" | "sync" }>): Command {
  switch (msg.type) {
    case "action":
      return { type: "action", action: msg.action };
    case "ready":
      return { type: "ready", ready: msg.ready, ...(msg.choice === undefined ? {} : { choice: msg.choice }) };
    case "add_cpu":
      return { type: "add_cpu", profile: msg.profile };
    case "remove_cpu":
      return { type: "remove_cpu", profile: msg.profile };
    case "kick":
      return { type: "kick", userId: msg.userId };
    default:
      return { type: msg.type };
  }
}
