import { db } from "../../src/db/client";
import { createRng, deriveSeed, type Rng } from "../../src/lib/rng";
import { mayActOn } from "../../src/world/commands/gm";
import type { Role } from "../../src/world/commands/table";
import { worldContent } from "../../src/world/content/packs";
import {
  areaStub,
  characterByName,
  freePresence,
  locateByName,
  moveDirectory,
  onlineEverywhere,
  recordLevel,
} from "../../src/world/directory";
import * as engine from "../../src/world/engine";
import type { Request as EngineRequest, GmOutcome, Outgoing, ServerEvent } from "../../src/world/events";
import type { CharacterSnapshot } from "../../src/world/handover";
import { checkStats } from "../../src/world/lifecycle";
import {
  type Bucket,
  CHAT_BUCKET,
  COMMAND_BUCKET,
  isChat,
  MESSAGE_IDS_KEPT,
  PROTOCOL_VERSION,
  parseFrame,
  QUEUE_LIMIT,
  take,
  WORLD_CLOSE,
} from "../../src/world/protocol";
import type { AreaState, Stats } from "../../src/world/state";
import { allOn } from "../../src/world/world";
import {
  attachmentOf,
  closeQuietly,
  type Effect,
  type EffectReply,
  faultInjectionEnabled,
  Faults,
  KIT_MIGRATIONS,
  migrate,
  Outbox,
  OUTBOX_TIMER,
  receiveOnce,
  receiveRemote,
  refusal,
  safeSend,
  setAttachment,
  setAttachmentInMemory,
  SocketObject,
  type TimedEvent,
  Timers,
} from "../kit";
import { auditEffect, d1Receiver, setRoleEffect } from "./d1-effects";
import { type OrderAnswer, Orders } from "./orders";
import { WORLD_AREA_MIGRATIONS } from "./schema";
import { AreaStore } from "./store";

/** What the Worker forwards with a connection: the character as the directory knows it and the account's world role. */
export interface EntryHeader {
  character: { id: string; account: string; name: string; stats: Stats };
  role: Role;
  locVersion: number;
}
export const ENTRY_HEADER = "x-orrery-world-entry";

type WorldAttachment = { character: string; ended?: boolean; commands?: Bucket; chat?: Bucket };

const charTag = (id: string) => `char:${id}`;
/** The kit timer that drops a character's queued events (its key beside the engine's `stasis:<id>`, `fx:…`). */
const QUEUE_EXPIRY = "queue_expiry";
const queueKey = (id: string) => `queue:${id}`;
/** §3 `retry`: 1, 2, 4 … 30 s between attempts of a call to another area. */
const HANDOVER_RETRY = { baseDelayMs: 1_000, maxDelayMs: 30_000 };

/** The outbox effect of a handover (§12 step 2): the snapshot travels to area B. */
interface HandoverPayload {
  area: string;
  room: string;
  locVersion: number;
  snapshot: CharacterSnapshot;
}

/** A handover B answered, settled at A after the commit: its events and the transfer to send. */
interface Settled {
  character: string;
  outcome: "ok" | "rejected";
  area: string;
  room: string;
  out: Outgoing[];
}

/**
 * One area of the text world (spec §3, §10–§12). A thin shell: it loads the area state, asks the
 * pure engine (src/world) what changes, stores the new state and its timed events in one
 * transaction, and only then sends events. Its one alarm carries every timed event.
 */
export class WorldArea extends SocketObject {
  /** Test-only crash points (kit/faults.ts). */
  readonly faults = new Faults(this.ctx, faultInjectionEnabled(this.env));
  private readonly timers: Timers;
  private readonly store: AreaStore;
  private cache: { state: AreaState; rng: Rng } | null = null;
  private outboxCache: Outbox | null = null;
  private settled: Settled[] = [];
  /** Events of an arrival, sent once its transaction has committed. */
  private arrivalOut: Outgoing[] = [];
  private readonly orders: Orders;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env, "WORLD_AREAS");
    migrate(ctx.storage, [...KIT_MIGRATIONS, ...WORLD_AREA_MIGRATIONS]);
    this.timers = new Timers(ctx.storage, { maxAttempts: 8, baseDelayMs: 1_000, maxDelayMs: 30_000 });
    this.store = new AreaStore(ctx.storage.sql);
    this.orders = new Orders({
      storage: ctx.storage,
      env,
      faults: this.faults,
      content: () => this.content,
      outbox: () => this.outbox,
      load: (area) => this.load(area),
      loaded: () => this.loaded(),
      tombstone: (character) => this.store.tombstone(character),
      commit: (r, previous) => {
        const { rng } = this.loaded();
        this.recordEffects(r);
        this.persist({ state: r.state, rng }, previous);
        this.cache = { state: r.state, rng };
      },
      restore: (before, saved) => {
        this.cache = { state: before.state, rng: createRng(saved) };
      },
      sendTo: (character, event) => this.sendTo(character, event),
      queue: (character, event) => this.enqueue(character, event),
      flush: (character) => this.flushQueue(character),
      fanOut: (out) => this.fanOut(out),
      handle: (requests) => this.handle(requests),
      deliver: () => this.deliver(),
    });
  }

  /** The outbox, addressed by area id (the object's name), which is known once the area is loaded. */
  private get outbox(): Outbox {
    if (this.outboxCache) return this.outboxCache;
    const self = this.loaded().state.area;
    this.outboxCache = new Outbox(this.ctx.storage, this.timers, {
      self,
      // Other areas by name; the GM audit and roles go to D1 (§9).
      resolve: (target) => d1Receiver(this.env, target) ?? areaStub(this.env, target),
      // Areas never hand over to themselves (an exit into the same area is a plain move); an order
      // can come to its own area when the directory is ahead of the engine's look (the target just arrived).
      receiveLocal: (effect) =>
        effect.kind === "order" ? this.orders.receiveLocal(effect) : receiveOnce(this.ctx.storage, effect, () => "rejected", this.faults),
      onAck: (effect, result) => {
        if (effect.kind === "handover") this.settle(effect, result as "ok" | "rejected");
        if (effect.kind === "order") this.orders.acked(effect, result as OrderAnswer);
      },
      faults: this.faults,
      policy: HANDOVER_RETRY,
    });
    return this.outboxCache;
  }

  /** The content pack `WORLD_CONTENT` selects (src/world/content/packs.ts). */
  private get content() {
    return worldContent(this.env);
  }

  /** The cached state, or the stored one (read and parsed once, then cached); null before the area's first use. */
  private stored(): { state: AreaState; rng: Rng } | null {
    if (this.cache) return this.cache;
    const stored = this.store.load();
    if (stored) this.cache = { state: stored.state, rng: createRng(stored.rng) };
    return this.cache;
  }

  /** The area's state, created from content on first use; the area id is the object's name. */
  private load(area: string): { state: AreaState; rng: Rng } {
    const stored = this.stored();
    if (stored) return stored;
    const rng = createRng(deriveSeed(Date.now(), area));
    const state = engine.createArea(this.content, area, Date.now(), rng);
    this.ctx.storage.transactionSync(() => this.persist({ state, rng }, {}));
    this.cache = { state, rng };
    return this.cache;
  }

  private loaded(): { state: AreaState; rng: Rng } {
    const stored = this.stored();
    if (!stored) throw new Error("area not initialised");
    return stored;
  }

  /** Stores the state and mirrors its timed events onto the kit timers (one alarm). Call inside a transaction. */
  private persist(next: { state: AreaState; rng: Rng }, previous: AreaState["timers"]): void {
    this.store.save(next.state, next.rng.save());
    for (const key of Object.keys(previous)) if (!next.state.timers[key]) this.timers.cancel(key);
    for (const [key, t] of Object.entries(next.state.timers)) {
      const before = previous[key];
      if (!before || before.at !== t.at || before.kind !== t.kind) this.timers.schedule(key, t.at, t.kind, t.payload);
    }
  }

  /** Runs one engine step in a transaction; sends its events and handles its requests after the commit. */
  private async apply(
    run: (input: engine.StepInput) => engine.StepResult,
    after?: (result: engine.StepResult) => void,
  ): Promise<engine.StepResult> {
    const result = this.applySync(run, after);
    await this.handle(result.requests);
    return result;
  }

  private applySync(run: (input: engine.StepInput) => engine.StepResult, after?: (result: engine.StepResult) => void): engine.StepResult {
    const { state, rng } = this.loaded();
    const saved = rng.save();
    let result: engine.StepResult;
    try {
      result = this.ctx.storage.transactionSync(() => {
        const r = run({ content: this.content, state, now: Date.now(), rng });
        after?.(r);
        this.recordEffects(r);
        this.persist({ state: r.state, rng }, state.timers);
        this.faults.at("before_commit");
        return r;
      });
    } catch (error) {
      // Rolled back: the cached state and RNG must not run ahead of storage.
      this.cache = { state, rng: createRng(saved) };
      throw error;
    }
    this.cache = { state: result.state, rng };
    this.fanOut(result.out);
    return result;
  }

  private fanOut(out: Outgoing[]): void {
    const now = Date.now();
    for (const { to, event } of out) this.sendTo(to, event, now);
  }

  private sendTo(character: string, event: ServerEvent | Record<string, unknown>, now = Date.now()): void {
    const sockets = this.liveSockets(character);
    const frame = JSON.stringify({ ...event, serverTime: now });
    if (sockets.length === 0) {
      if (this.cache?.state.characters[character]?.status === "arriving") this.enqueue(character, event, now);
      return;
    }
    for (const ws of sockets) safeSend(ws, frame);
  }

  /** The character's sockets that have not ended (replaced, kicked or transferred). */
  private liveSockets(character: string): WebSocket[] {
    return this.ctx.getWebSockets(charTag(character)).filter((ws) => !attachmentOf<WorldAttachment>(ws).ended);
  }

  /**
   * Keeps an event for a character without a socket until it connects, but only as long as a
   * character stays in the world without one (the stasis grace, from the last event queued): by
   * then it has left the world, and a later login gets the full state, not stale text. The
   * `queue:<id>` timer drops what is left (docs/rules/world.md §9).
   */
  private enqueue(character: string, event: ServerEvent | Record<string, unknown>, now = Date.now()): void {
    this.store.enqueue(character, event, QUEUE_LIMIT);
    this.timers.schedule(queueKey(character), now + this.content.settings.stasis_grace_s * 1000, QUEUE_EXPIRY, { character });
  }

  /** Sends the events queued for a character on its live sockets (a new one after `welcome`) and removes them. */
  private flushQueue(character: string): void {
    const sockets = this.liveSockets(character);
    if (sockets.length === 0) return;
    const events = this.store.drain(character);
    if (events.length === 0) return;
    this.timers.cancel(queueKey(character));
    const now = Date.now();
    for (const event of events) {
      const frame = JSON.stringify({ ...(event as object), serverTime: now });
      for (const ws of sockets) safeSend(ws, frame);
    }
  }

  // ---- connections (§10.2) ----

  override async fetch(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const area = url.searchParams.get("area");
    const rawEntry = request.headers.get(ENTRY_HEADER);
    if (!area || !rawEntry) return refusal(400, "invalid_request", "missing area or entry");
    const entry = JSON.parse(rawEntry) as EntryHeader;
    const { state } = this.load(area);
    const id = entry.character.id;
    const owned = state.characters[id];
    if (!owned) {
      const tomb = this.store.tombstone(id);
      if (tomb) return refusal(409, "moved", "the character is in another area", { area: tomb.area });
      const holdsStart = this.content.rooms.get(this.content.settings.start_room)?.area === area;
      if (entry.locVersion !== 0 || !holdsStart) return refusal(503, "world_unavailable", "the character's area does not hold it");
    }
    const accepted = await this.sockets.accept<WorldAttachment>(request, { character: id }, [charTag(id)]);
    if (!("server" in accepted)) return accepted.response;
    // A second connection replaces the first (§10.2): quit {replaced}, close 4001, no room message.
    for (const old of this.ctx.getWebSockets(charTag(id))) {
      if (old === accepted.server) continue;
      setAttachment(old, { ...attachmentOf<WorldAttachment>(old), ended: true });
      safeSend(old, JSON.stringify({ type: "quit", reason: "replaced", serverTime: Date.now() }));
      closeQuietly(old, WORLD_CLOSE.replaced, "replaced");
    }
    safeSend(
      accepted.server,
      JSON.stringify({
        type: "welcome",
        character: { id, name: entry.character.name },
        area,
        protocol: PROTOCOL_VERSION,
        serverTime: Date.now(),
      }),
    );
    this.flushQueue(id);
    await this.apply((input) =>
      owned
        ? engine.enter({ ...input, character: id, role: entry.role })
        : engine.createCharacter({
            ...input,
            character: { ...entry.character, stats: checkStats(entry.character.stats) ?? checkStats(undefined)! },
            role: entry.role,
          }),
    );
    return accepted.response;
  }

  override async webSocketMessage(ws: WebSocket, raw: string | ArrayBuffer): Promise<void> {
    const att = attachmentOf<WorldAttachment>(ws);
    if (att.ended) return;
    if (this.sockets.admit(ws, 1_000) === "revoked") return;
    const now = Date.now();
    const frame = parseFrame(raw);
    const reply = (event: Record<string, unknown>) => safeSend(ws, JSON.stringify({ ...event, serverTime: now }));
    if ("code" in frame) return void reply({ type: "error", ...frame });
    if (frame.type === "ping") return void reply({ type: "pong", timestamp: frame.timestamp ?? now });
    const messageId = frame.messageId;
    const commands = take(att.commands, now, COMMAND_BUCKET);
    let chat = { ok: true, bucket: att.chat, retryAfterMs: 0 } as { ok: boolean; bucket: Bucket | undefined; retryAfterMs: number };
    if (commands.ok && isChat(frame.text)) chat = take(att.chat, now, CHAT_BUCKET);
    // The buckets refill within seconds, sooner than an area hibernates: they need not be stored.
    setAttachmentInMemory(ws, { ...attachmentOf<WorldAttachment>(ws), commands: commands.bucket, chat: chat.bucket });
    if (!commands.ok || !chat.ok) {
      const retryAfterMs = Math.max(commands.retryAfterMs, chat.retryAfterMs);
      return void reply({
        type: "error",
        code: "rate_limited",
        message: "too many commands; slow down",
        details: { retryAfterMs },
        ...(messageId ? { messageId } : {}),
      });
    }
    const { state } = this.loaded();
    const c = state.characters[att.character];
    if (!c || c.status === "offline")
      return void reply({
        type: "error",
        code: "not_online",
        message: "your character is not in this area",
        ...(messageId ? { messageId } : {}),
      });
    if (messageId && c.messageIds.includes(messageId)) return void reply({ type: "command_result", messageId, ok: true, replayed: true });
    let failed: { code: string; message: string } | null = null;
    const online = await this.onlineList(frame.text);
    const result = this.applySync(
      (input) => {
        const r = engine.command({ ...input, character: att.character, text: frame.text, online });
        failed = r.error ? { code: r.error.code, message: r.error.message } : null;
        // The error event carries the messageId: drop the engine's copy, the reply below sends it.
        if (r.error && messageId) r.out = r.out.filter((o) => !(o.to === att.character && o.event.type === "error"));
        return r;
      },
      (r) => {
        const me = r.state.characters[att.character];
        if (me && messageId) me.messageIds = [...me.messageIds, messageId].slice(-MESSAGE_IDS_KEPT);
      },
    );
    const f = failed as { code: string; message: string } | null;
    const answer = () => {
      if (messageId)
        reply(f ? { type: "error", code: f.code, message: f.message, messageId } : { type: "command_result", messageId, ok: true });
    };
    // A move into another area is answered before its `transfer` (§10.3); anything else after its
    // requests (audit rows, presence, an order to another area) are done. A refused order's error
    // carries the messageId itself.
    if (result.requests.some((q) => q.kind === "handover" && q.character === att.character)) answer();
    const answered = await this.handle(result.requests, messageId);
    if (!answered && !result.requests.some((q) => q.kind === "handover" && q.character === att.character)) answer();
  }

  /** `who` lists the whole world: the directory's presence rows, read only when the command is `who`. */
  private async onlineList(text: string) {
    if (text.trim().split(" ")[0]?.toLowerCase() !== "who") return undefined;
    const rows = await onlineEverywhere(this.env);
    const local = this.loaded().state.characters;
    return rows.map((r) => {
      const here = local[r.id];
      return {
        name: r.name,
        level: here?.level ?? r.level,
        area: r.area,
        room: here?.room ?? "?",
        account: r.account,
        stasis: here?.status === "stasis",
        invisible: here?.invisible ?? false,
        role: here?.role ?? "player",
      };
    });
  }

  override async webSocketClose(ws: WebSocket): Promise<void> {
    this.sockets.release(ws);
    const att = attachmentOf<WorldAttachment>(ws);
    if (att.ended) return;
    const others = this.liveSockets(att.character).filter((o) => o !== ws);
    if (others.length) return;
    await this.apply((input) => engine.socketClosed({ ...input, character: att.character }));
  }

  override async webSocketError(ws: WebSocket): Promise<void> {
    await this.webSocketClose(ws);
  }

  // ---- the alarm (§3) ----

  override async alarm(): Promise<void> {
    if (!this.stored()) return;
    const pending: EngineRequest[] = [];
    let outboxDue = false;
    const ran = this.timers.runDue(Date.now(), (event: TimedEvent) => {
      if (event.kind === OUTBOX_TIMER) {
        this.outbox.onTimer(Date.now());
        outboxDue = true;
        return [] as Outgoing[];
      }
      if (event.kind === QUEUE_EXPIRY) {
        this.store.dropQueue((event.payload as { character: string }).character);
        return [] as Outgoing[];
      }
      const { state, rng } = this.loaded();
      const timer = { at: event.at, kind: event.kind as never, payload: event.payload as Record<string, unknown> };
      const r = engine.fire({ content: this.content, state, now: Date.now(), rng, key: event.key, timer });
      this.recordEffects(r);
      // The row for this event is already deleted by runDue; the rest of the timers follow the new state.
      const { [event.key]: _fired, ...previous } = state.timers;
      this.persist({ state: r.state, rng }, previous);
      this.cache = { state: r.state, rng };
      pending.push(...r.requests);
      return r.out;
    });
    for (const { result } of ran) this.fanOut(result);
    await this.handle(pending);
    if (outboxDue) await this.deliver();
  }

  // ---- requests from the engine ----

  /**
   * Outbox rows written in the transaction of the step that caused them: a departing character's
   * handover (§12 step 1) and each GM command's audit entry (§9), so a crash after the commit
   * delivers them later and a crash before it leaves neither the effect nor the row.
   */
  private recordEffects(r: engine.StepResult): void {
    const now = Date.now();
    for (const q of r.requests) {
      if (q.kind === "handover") {
        const locVersion = this.store.locVersion(q.character) + 1;
        const snapshot = engine.snapshot(this.content, r.state, q.character);
        const payload: HandoverPayload = { area: q.area, room: q.room, locVersion, snapshot };
        this.outbox.send({ effect_id: `handover:${q.character}:${locVersion}`, kind: "handover", target: q.area, payload }, now);
      } else if (q.kind === "audit") {
        const { actor, account, role, text, target, outcome } = q;
        const payload = { at: now, character: actor, account, role, text, target, outcome, area: r.state.area };
        this.outbox.send(auditEffect(`audit:${q.id ?? crypto.randomUUID()}`, payload), now);
      }
    }
  }

  /** Delivers due outbox rows, then sends what their acks produced (after their commits): settled handovers, answered orders. */
  private async deliver(): Promise<void> {
    await this.outbox.deliver();
    await this.orders.delivered();
    const settled = this.settled;
    this.settled = [];
    for (const s of settled) {
      this.fanOut(s.out);
      if (s.outcome !== "ok") continue;
      for (const ws of this.ctx.getWebSockets(charTag(s.character))) {
        safeSend(ws, JSON.stringify({ type: "transfer", area: s.area, room: s.room, serverTime: Date.now() }));
        setAttachment(ws, { ...attachmentOf<WorldAttachment>(ws), ended: true });
        closeQuietly(ws, WORLD_CLOSE.transfer, "transfer");
      }
    }
  }

  /** §12 step 4, inside the transaction that deletes the acknowledged outbox row. */
  private settle(effect: Effect, outcome: "ok" | "rejected"): void {
    const p = effect.payload as HandoverPayload;
    const character = p.snapshot.character.id;
    const { state, rng } = this.loaded();
    const r = engine.departed({ content: this.content, state, now: Date.now(), rng, character, outcome });
    this.persist({ state: r.state, rng }, state.timers);
    this.cache = { state: r.state, rng };
    if (outcome === "ok") {
      this.store.setTombstone(character, p.area, p.locVersion, Date.now());
      this.store.setLocVersion(character, p.locVersion);
    }
    this.settled.push({ character, outcome, area: p.area, room: p.room, out: r.out });
  }

  /** Work after a step's commit; true when a GM order's refusal already answered `messageId`. */
  private async handle(requests: EngineRequest[], messageId?: string): Promise<boolean> {
    let answered = false;
    // Handovers and audit entries are outbox rows already committed with the step: deliver them now.
    if (requests.some((q) => q.kind === "handover" || q.kind === "audit")) {
      await this.faults.after("after_commit");
      await this.deliver();
    }
    for (const q of requests) {
      switch (q.kind) {
        case "left_world": {
          const code = q.reason === "kicked" ? WORLD_CLOSE.kicked : 1000;
          for (const ws of this.ctx.getWebSockets(charTag(q.character))) {
            setAttachment(ws, { ...attachmentOf<WorldAttachment>(ws), ended: true });
            closeQuietly(ws, code, q.reason);
          }
          const c = this.cache?.state.characters[q.character];
          await freePresence(this.env, q.character);
          if (c) await recordLevel(this.env, q.character, c.level);
          break;
        }
        case "order":
          answered = (await this.orders.send(q, messageId)) || answered;
          break;
        case "setrole":
          answered = (await this.setRole(q, messageId)) || answered;
          break;
        case "remote":
          if (q.command === "tell") await this.tellElsewhere(q.from, q.target, q.text);
          if (q.command === "where") answered = (await this.whereElsewhere(q, messageId)) || answered;
          break;
        case "broadcast":
          await this.broadcastEverywhere(q.text);
          break;
        case "reload":
          await this.apply((input) => engine.reset(input));
          break;
      }
    }
    return answered;
  }

  // ---- GM commands for characters of other areas (§9, §12): orders.ts; `setrole`, `where`, `tell` and `broadcast` here ----

  /**
   * `setrole` (§9): the account of the named character, then its role and the audit entry as two
   * outbox rows in one transaction, delivered to D1 until stored. Effective at the next entry.
   */
  private async setRole(q: Extract<EngineRequest, { kind: "setrole" }>, messageId?: string): Promise<boolean> {
    const target = await characterByName(db(this.env), q.name);
    const now = Date.now();
    const id = crypto.randomUUID();
    const { id: character, account, role } = q.actor;
    const outcome = target ? "ok" : "not_found";
    const audit = { at: now, character, account, role, text: q.text, target: q.name, outcome, area: q.actor.area };
    this.ctx.storage.transactionSync(() => {
      if (target) this.outbox.send(setRoleEffect(`setrole:${id}`, { account: target.accountId, role: q.role }), now);
      this.outbox.send(auditEffect(`audit:${id}`, audit), now);
    });
    await this.faults.after("after_commit");
    await this.deliver();
    return this.orders.tell(
      character,
      target
        ? { ok: true, text: `${target.name} will be ${q.role} at their next entry.` }
        : { ok: false, code: "not_found", message: `No character named ${q.name}.` },
      messageId,
    );
  }

  /** An effect from another area's outbox, applied once (the inbox answers a repeat): a GM order, or §12 steps 2–3 at B. */
  async receive(effect: Effect): Promise<EffectReply> {
    if (effect.kind === "order") return this.orders.receive(effect);
    const p = effect.payload as HandoverPayload;
    this.load(p.area);
    let reply: EffectReply;
    const before = this.cache!;
    const saved = before.rng.save();
    try {
      reply = await receiveRemote(this.ctx.storage, effect, () => this.arrive(p), this.faults);
    } catch (error) {
      this.cache = { state: before.state, rng: createRng(saved) };
      throw error;
    }
    const out = this.arrivalOut;
    this.arrivalOut = [];
    if (!reply.replayed) this.fanOut(out);
    // Step 3 after the commit; a failure throws, A retries, the inbox answers again and this runs again.
    if (reply.result === "ok") await moveDirectory(this.env, p.snapshot.character.id, p.area, p.locVersion);
    return reply;
  }

  private arrive(p: HandoverPayload): "ok" | "rejected" {
    if (this.content.rooms.get(p.room)?.area !== p.area) return "rejected";
    const { state, rng } = this.loaded();
    const r = engine.arrive({ content: this.content, state, now: Date.now(), rng, snapshot: p.snapshot, room: p.room });
    this.persist({ state: r.state, rng }, state.timers);
    this.cache = { state: r.state, rng };
    this.store.clearTombstone(p.snapshot.character.id);
    this.store.setLocVersion(p.snapshot.character.id, p.locVersion);
    this.arrivalOut = r.out;
    return "ok";
  }

  /**
   * `where` (§9) for a character of another area: its area from the presence directory, its room
   * from that area. Audited here with what the actor got (`failed` when that area could not be
   * asked); true when a refusal answered `messageId`.
   */
  private async whereElsewhere(q: Extract<EngineRequest, { kind: "remote" }>, messageId?: string): Promise<boolean> {
    const actor = this.cache?.state.characters[q.from];
    if (!actor) return false;
    const target = await locateByName(db(this.env), q.target);
    const area = target?.area;
    let outcome: GmOutcome;
    try {
      const found = area ? (await areaStub(this.env, area).inspect(area)).characters.find((c) => c.id === target.id) : undefined;
      // The same rule as `where` in one's own area (§9), against the role the target has where it is.
      if (!found) outcome = { ok: false, code: "not_online", message: `${q.target} is not online.` };
      else if (!mayActOn(actor, found)) outcome = { ok: false, code: "forbidden", message: `You cannot do that to ${found.name}.` };
      else outcome = { ok: true, text: `${found.name}: ${area}/${found.room}, ${found.status === "stasis" ? "stasis" : "online"}.` };
    } catch (error) {
      console.warn(JSON.stringify({ level: "warn", msg: "where: the target's area did not answer", area, error: String(error) }));
      outcome = { ok: false, code: "internal", message: `${q.target}'s area did not answer; try again.` };
    }
    const now = Date.now();
    const audit = {
      at: now,
      character: actor.id,
      account: actor.account,
      role: actor.role,
      text: q.text,
      target: q.target,
      outcome: outcome.ok ? "ok" : outcome.code === "internal" ? "failed" : outcome.code,
      area: this.loaded().state.area,
    };
    this.ctx.storage.transactionSync(() => this.outbox.send(auditEffect(`audit:${crypto.randomUUID()}`, audit), now));
    await this.deliver();
    return this.orders.tell(q.from, outcome, messageId);
  }

  /** `tell` to a character of another area (§6.3): found through the directory and presence, delivered by its area. */
  private async tellElsewhere(from: string, name: string, text: string): Promise<void> {
    const sender = this.cache?.state.characters[from];
    if (!sender) return;
    const target = await locateByName(db(this.env), name);
    const area = target?.area;
    const delivered =
      !!area &&
      (
        await areaStub(this.env, area).hear(area, [target.id], {
          type: "message",
          category: "tell",
          text: `${sender.name} tells you, '${text}'`,
          from: sender.name,
        })
      ).length > 0;
    this.sendTo(
      from,
      delivered
        ? { type: "message", category: "tell", text: `You tell ${target!.name}, '${text}'` }
        : { type: "error", code: "not_online", message: `${name} is not online.` },
    );
  }

  /**
   * `broadcast` (§9): every character online anywhere, found through the presence directory and
   * told by its own area, one call per area. A call that fails is logged where it fails: thrown,
   * it would end this one and cancel the calls to the other areas still on their way.
   */
  private async broadcastEverywhere(text: string): Promise<void> {
    const event = { type: "message", category: "broadcast", text };
    const here = this.loaded().state.area;
    const byArea = new Map<string, string[]>();
    for (const row of await onlineEverywhere(this.env)) {
      const ids = byArea.get(row.area);
      if (ids) ids.push(row.id);
      else byArea.set(row.area, [row.id]);
    }
    for (const id of byArea.get(here) ?? []) this.sendTo(id, event);
    byArea.delete(here);
    await Promise.all(
      [...byArea].map(([area, ids]) =>
        areaStub(this.env, area)
          .hear(area, ids, event)
          .catch((error: unknown) => {
            console.warn(JSON.stringify({ level: "warn", msg: "broadcast: an area did not answer", area, error: String(error) }));
          }),
      ),
    );
  }

  /** Delivers an event to those of `characters` connected to this area; answers the ones it reached. */
  hear(area: string, characters: readonly string[], event: Record<string, unknown>): string[] {
    this.load(area);
    return characters.filter((character) => {
      if (this.liveSockets(character).length === 0) return false;
      this.sendTo(character, event);
      return true;
    });
  }

  // ---- admin ----

  /** Who is here and in what state (admin HTTP). */
  inspect(area: string) {
    const { state } = this.load(area);
    return {
      area: state.area,
      occupied: state.occupied,
      characters: Object.values(state.characters).map((c) => ({
        id: c.id,
        name: c.name,
        room: c.room,
        status: c.status,
        role: c.role,
        hp: c.hp,
        level: c.level,
      })),
      npcs: Object.keys(state.npcs).length,
      items: Object.keys(state.items).length,
      timers: Object.keys(state.timers).length,
      outbox: this.outbox.stats(),
    };
  }

  /**
   * Removes an offline character's record and items (DELETE /v1/world/characters/{id}): `removed`,
   * `in_world` while it is in the world, or the area a tombstone forwards to (a directory behind a handover).
   */
  async forget(area: string, character: string): Promise<{ removed: boolean } | { moved: string }> {
    const { state } = this.load(area);
    const c = state.characters[character];
    if (!c) {
      const tomb = this.store.tombstone(character);
      return tomb ? { moved: tomb.area } : { removed: true };
    }
    if (c.status !== "offline") return { removed: false };
    await this.apply((input) => engine.forget({ ...input, character }));
    return { removed: true };
  }

  /**
   * Account deletion: the character's record and items leave this area, after it leaves the world
   * if it is in it. `moved` names the area a tombstone forwards to; `in_transit` means a handover
   * is between its steps (ask again shortly). A character never entered has no record: removed.
   */
  async erase(area: string, character: string): Promise<{ removed: true } | { moved: string } | { inTransit: true }> {
    const { state } = this.load(area);
    const c = state.characters[character];
    if (!c) {
      const tomb = this.store.tombstone(character);
      return tomb ? { moved: tomb.area } : { removed: true };
    }
    if (c.status === "departing") return { inTransit: true };
    await this.apply((input) => engine.erase({ ...input, character }));
    return { removed: true };
  }

  /** What the account export shows of a character's record here; `moved` when a tombstone forwards, null when there is none. */
  describe(area: string, character: string) {
    const { state } = this.load(area);
    const c = state.characters[character];
    if (!c) {
      const tomb = this.store.tombstone(character);
      return tomb ? { moved: tomb.area } : null;
    }
    const items = allOn(state, character).map((i) => ({ id: i.id, template: i.template }));
    return {
      record: {
        room: c.room,
        status: c.status,
        level: c.level,
        xp: c.xp,
        coins: c.coins,
        hp: c.hp,
        stats: c.stats,
        effects: c.effects.map((e) => e.effect),
        quests: c.quests,
        flags: c.flags,
        mutedUntil: c.mutedUntil,
        items,
      },
    };
  }

  /** Admin teleport; false when the character is not in the world here. */
  async teleport(area: string, character: string, room: string): Promise<boolean> {
    const { state } = this.load(area);
    const c = state.characters[character];
    if (!c || c.status === "offline" || c.status === "departing") return false;
    await this.apply((input) => engine.teleport({ ...input, character, room }));
    return true;
  }

  /** Admin reload (§11.3): the area resets from content; returns its counts afterwards. */
  async reload(area: string) {
    this.load(area);
    await this.apply((input) => engine.reset(input));
    return this.inspect(area);
  }

  /** Admin kick; false when the character is not in the world here (or is leaving it for another area: its new area kicks it). */
  async kick(area: string, character: string): Promise<boolean> {
    const { state } = this.load(area);
    const c = state.characters[character];
    if (!c || c.status === "offline" || c.status === "departing") return false;
    await this.apply((input) => engine.kick({ ...input, character }));
    return true;
  }
}
