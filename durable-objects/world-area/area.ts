import { createRng, deriveSeed, type Rng } from "../../src/lib/rng";
import type { Role } from "../../src/world/commands/table";
import { starterContent } from "../../src/world/content/starter";
import { freePresence, moveDirectory, recordLevel, setWorldRole, characterByName } from "../../src/world/directory";
import * as engine from "../../src/world/engine";
import type { Outgoing, Request as EngineRequest, ServerEvent } from "../../src/world/events";
import type { CharacterSnapshot } from "../../src/world/handover";
import { checkStats } from "../../src/world/lifecycle";
import {
  CHAT_BUCKET,
  COMMAND_BUCKET,
  isChat,
  MESSAGE_IDS_KEPT,
  PROTOCOL_VERSION,
  parseFrame,
  QUEUE_LIMIT,
  take,
  WORLD_CLOSE,
  type Bucket,
} from "../../src/world/protocol";
import type { AreaState, Stats } from "../../src/world/state";
import { db } from "../../src/db/client";
import { writeAudit } from "../../src/audit/log";
import {
  applyOnce,
  attachmentOf,
  closeQuietly,
  KIT_MIGRATIONS,
  migrate,
  refusal,
  retryDelayMs,
  safeSend,
  SocketObject,
  type TimedEvent,
  Timers,
} from "../kit";
import { WORLD_AREA_MIGRATIONS } from "./schema";
import { AreaStore, } from "./store";

/** What the Worker forwards with a connection: the character as the directory knows it and the account's world role. */
export interface EntryHeader {
  character: { id: string; account: string; name: string; stats: Stats };
  role: Role;
  locVersion: number;
}
export const ENTRY_HEADER = "x-orrery-world-entry";

type WorldAttachment = { character: string; ended?: boolean; commands?: Bucket; chat?: Bucket };

const charTag = (id: string) => `char:${id}`;
const HANDOVER_RETRY = { baseDelayMs: 1_000, maxDelayMs: 30_000 };

/**
 * One area of the text world (spec §3, §10–§12). A thin shell: it loads the area state, asks the
 * pure engine (src/world) what changes, stores the new state and its timed events in one
 * transaction, and only then sends events. Its one alarm carries every timed event.
 */
export class WorldArea extends SocketObject {
  private readonly timers: Timers;
  private readonly store: AreaStore;
  private cache: { state: AreaState; rng: Rng } | null = null;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env, "WORLD_AREAS");
    migrate(ctx.storage, [...KIT_MIGRATIONS, ...WORLD_AREA_MIGRATIONS]);
    this.timers = new Timers(ctx.storage, { maxAttempts: 8, baseDelayMs: 1_000, maxDelayMs: 30_000 });
    this.store = new AreaStore(ctx.storage.sql);
  }

  private get content() {
    return starterContent();
  }

  /** The area's state, created from content on first use; the area id is the object's name. */
  private load(area: string): { state: AreaState; rng: Rng } {
    if (this.cache) return this.cache;
    const stored = this.store.load();
    if (stored) {
      this.cache = { state: stored.state, rng: createRng(stored.rng) };
      return this.cache;
    }
    const rng = createRng(deriveSeed(Date.now(), area));
    const state = engine.createArea(this.content, area, Date.now(), rng);
    this.ctx.storage.transactionSync(() => this.persist({ state, rng }, {}));
    this.cache = { state, rng };
    return this.cache;
  }

  private loaded(): { state: AreaState; rng: Rng } {
    const stored = this.cache ?? this.store.load();
    if (!stored) throw new Error("area not initialised");
    return this.load(stored.state.area);
  }

  /** Stores the state and mirrors its timed events onto the kit timers (one alarm). Call inside a transaction. */
  private persist(next: { state: AreaState; rng: Rng }, previous: AreaState["timers"]): void {
    this.store.save(next.state, next.rng.save());
    for (const key of Object.keys(previous)) if (!next.state.timers[key]) this.timers.cancel(key);
    for (const [key, t] of Object.entries(next.state.timers)) {
      const before = previous[key];
      if (!before || before.at !== t.at || before.kind !== t.kind) this.timers.schedule(key, t.at, t.kind, t.payload);
    }
    this.cache = next;
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
    const result = this.ctx.storage.transactionSync(() => {
      const r = run({ content: this.content, state, now: Date.now(), rng });
      after?.(r);
      this.persist({ state: r.state, rng }, state.timers);
      return r;
    });
    this.fanOut(result.out);
    return result;
  }

  private fanOut(out: Outgoing[]): void {
    const now = Date.now();
    for (const { to, event } of out) this.sendTo(to, event, now);
  }

  private sendTo(character: string, event: ServerEvent | Record<string, unknown>, now = Date.now()): void {
    const sockets = this.ctx.getWebSockets(charTag(character)).filter((ws) => !attachmentOf<WorldAttachment>(ws).ended);
    const frame = JSON.stringify({ ...event, serverTime: now });
    if (sockets.length === 0) {
      if (this.cache?.state.characters[character]?.status === "arriving") this.store.enqueue(character, event, QUEUE_LIMIT);
      return;
    }
    for (const ws of sockets) safeSend(ws, frame);
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
      old.serializeAttachment({ ...attachmentOf<WorldAttachment>(old), ended: true });
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
    for (const event of this.store.drain(id)) safeSend(accepted.server, JSON.stringify({ ...(event as object), serverTime: Date.now() }));
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
    ws.serializeAttachment({ ...attachmentOf<WorldAttachment>(ws), commands: commands.bucket, chat: chat.bucket });
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
    let transfer: EngineRequest | undefined;
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
        transfer = r.requests.find((q) => q.kind === "handover" && q.character === att.character);
        this.recordDepartures(r);
      },
    );
    if (messageId) {
      const f = failed as { code: string; message: string } | null;
      reply(f ? { type: "error", code: f.code, message: f.message, messageId } : { type: "command_result", messageId, ok: true });
    }
    void transfer;
    await this.handle(result.requests);
  }

  /** `who` lists the whole world: the directory's presence rows, read only when the command is `who`. */
  private async onlineList(text: string) {
    if (text.trim().split(" ")[0]?.toLowerCase() !== "who") return undefined;
    const { onlineEverywhere } = await import("../../src/world/directory");
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
    const others = this.ctx.getWebSockets(charTag(att.character)).filter((o) => o !== ws && !attachmentOf<WorldAttachment>(o).ended);
    if (others.length) return;
    await this.apply((input) => engine.socketClosed({ ...input, character: att.character }));
  }

  override async webSocketError(ws: WebSocket): Promise<void> {
    await this.webSocketClose(ws);
  }

  // ---- the alarm (§3) ----

  override async alarm(): Promise<void> {
    const pending: EngineRequest[] = [];
    const retries: string[] = [];
    const ran = this.timers.runDue(Date.now(), (event: TimedEvent) => {
      if (event.kind === "handover_retry") {
        retries.push((event.payload as { id: string }).id);
        return [] as Outgoing[];
      }
      const { state, rng } = this.loaded();
      const r = engine.fire({
        content: this.content,
        state,
        now: Date.now(),
        rng,
        key: event.key,
        timer: { at: event.at, kind: event.kind as never, payload: event.payload as Record<string, unknown> },
      });
      this.recordDepartures(r);
      this.persist({ state: r.state, rng }, { ...state.timers, [event.key]: undefined as never });
      pending.push(...r.requests);
      return r.out;
    });
    for (const { result } of ran) this.fanOut(result);
    await this.handle(pending);
    for (const id of retries) await this.sendHandover(id);
  }

  // ---- requests from the engine ----

  /** A departing character gets its handover record in the same transaction as its `departing` state (§12 step 1). */
  private recordDepartures(r: engine.StepResult): void {
    for (const q of r.requests) {
      if (q.kind !== "handover") continue;
      const locVersion = this.store.locVersion(q.character) + 1;
      const snapshot = engine.snapshot(this.content, r.state, q.character);
      this.store.addHandover({
        id: crypto.randomUUID(),
        character: q.character,
        area: q.area,
        room: q.room,
        locVersion,
        snapshot,
        attempts: 0,
      });
    }
  }

  private async handle(requests: EngineRequest[]): Promise<void> {
    for (const q of requests) {
      switch (q.kind) {
        case "handover":
          for (const h of this.store.handovers().filter((x) => x.character === q.character)) await this.sendHandover(h.id);
          break;
        case "left_world": {
          const code = q.reason === "kicked" ? WORLD_CLOSE.kicked : 1000;
          for (const ws of this.ctx.getWebSockets(charTag(q.character))) {
            ws.serializeAttachment({ ...attachmentOf<WorldAttachment>(ws), ended: true });
            closeQuietly(ws, code, q.reason);
          }
          const c = this.cache?.state.characters[q.character];
          await freePresence(this.env, q.character);
          if (c) await recordLevel(this.env, q.character, c.level);
          break;
        }
        case "audit":
          await writeAudit(db(this.env), {
            action: "world.gm",
            actorId: q.account,
            targetType: "character",
            targetId: q.target ?? undefined,
            requestId: null,
            details: { character: q.actor, role: q.role, text: q.text, outcome: q.outcome, area: this.cache?.state.area },
          });
          break;
        case "setrole": {
          const target = await characterByName(db(this.env), q.name);
          if (target) await setWorldRole(this.env, target.accountId, q.role);
          break;
        }
        case "broadcast":
        case "reload":
        case "remote":
          // Cross-area fan-out goes through the directory; not wired yet (see docs/world-handover.md).
          if (q.kind === "broadcast")
            for (const c of Object.keys(this.loaded().state.characters))
              this.sendTo(c, { type: "message", category: "broadcast", text: q.text });
          if (q.kind === "reload") await this.apply((input) => engine.reset(input));
          break;
      }
    }
  }

  /** §12 steps 2–4 from A's side. An unknown outcome (a throw) is retried with the same id, never guessed. */
  private async sendHandover(id: string): Promise<void> {
    const h = this.store.handover(id);
    if (!h) return;
    let outcome: "ok" | "rejected";
    try {
      const b = this.env.WORLD_AREAS.get(this.env.WORLD_AREAS.idFromName(h.area));
      outcome = await b.accept(h.id, h.area, h.snapshot, h.room, h.locVersion);
    } catch (error) {
      const attempts = this.ctx.storage.transactionSync(() => this.store.bumpAttempts(id));
      this.timers.schedule(`handover:${id}`, Date.now() + retryDelayMs(HANDOVER_RETRY, attempts), "handover_retry", { id });
      console.warn(JSON.stringify({ level: "warn", msg: "handover call failed; will retry", id, attempts, error: String(error) }));
      return;
    }
    this.applySync(
      (input) => engine.departed({ ...input, character: h.character, outcome }),
      () => {
        this.store.dropHandover(id);
        this.timers.cancel(`handover:${id}`);
        if (outcome === "ok") {
          this.store.setTombstone(h.character, h.area, h.locVersion, Date.now());
          this.store.setLocVersion(h.character, h.locVersion);
        }
      },
    );
    if (outcome === "ok") {
      for (const ws of this.ctx.getWebSockets(charTag(h.character))) {
        safeSend(ws, JSON.stringify({ type: "transfer", area: h.area, room: h.room, serverTime: Date.now() }));
        ws.serializeAttachment({ ...attachmentOf<WorldAttachment>(ws), ended: true });
        closeQuietly(ws, WORLD_CLOSE.transfer, "transfer");
      }
    }
  }

  /** §12 step 2 at B, keyed by the handover id in the inbox: a repeated call returns the stored answer. */
  async accept(
    handoverId: string,
    area: string,
    snapshot: CharacterSnapshot,
    room: string,
    locVersion: number,
  ): Promise<"ok" | "rejected"> {
    this.load(area);
    const { result } = applyOnce(this.ctx.storage, `handover:${handoverId}`, () => {
      if (this.content.rooms.get(room)?.area !== area) return "rejected" as const;
      const { state, rng } = this.loaded();
      const r = engine.arrive({ content: this.content, state, now: Date.now(), rng, snapshot, room });
      this.persist({ state: r.state, rng }, state.timers);
      this.store.clearTombstone(snapshot.character.id);
      this.store.setLocVersion(snapshot.character.id, locVersion);
      return "ok" as const;
    });
    if (result === "ok") await moveDirectory(this.env, snapshot.character.id, area, locVersion);
    return result;
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
        hp: c.hp,
        level: c.level,
      })),
      npcs: Object.keys(state.npcs).length,
      items: Object.keys(state.items).length,
      timers: Object.keys(state.timers).length,
      handovers: this.store.handovers().length,
    };
  }

  /** Removes an offline character's record and items (DELETE /v1/world/characters/{id}); false while it is in the world. */
  async forget(area: string, character: string): Promise<boolean> {
    const { state } = this.load(area);
    const c = state.characters[character];
    if (c && c.status !== "offline") return false;
    if (c) await this.apply((input) => engine.forget({ ...input, character }));
    return true;
  }

  async kick(area: string, character: string): Promise<boolean> {
    const { state } = this.load(area);
    if (!state.characters[character] || state.characters[character].status === "offline") return false;
    await this.apply((input) => engine.kick({ ...input, character }));
    return true;
  }
}
