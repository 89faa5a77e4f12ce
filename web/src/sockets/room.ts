/**
 * A room's socket (docs/rooms-protocol.md): joins on every connect, resuming from the last event
 * seen (`lastSeq`), keeps the room, the turn clocks and, for Golf, the view mirrored from events.
 * Familiars is not mirrored: events ask for a fresh view with `sync` (one in flight at a time; the
 * `state` it brings covers every event the server sent before it).
 * (A join the server cannot resume gets a fresh `state`; a gap in the event numbers asks for one.)
 */
import { batch, signal } from "@preact/signals";
import type { z } from "zod";
import type { GolfView } from "../../../src/games/golf/index";
import type { TcgView } from "../../../src/games/tcg/view";
import { messagesOf } from "../../../src/rooms/frames";
import type { RoomInfoSchema, ServerFrame, ServerMessage } from "../../../src/rooms/protocol";
import { sentence } from "../api/messages";
import { GolfMirror } from "../golf/mirror";
import { Socket } from "./socket";

export type RoomInfo = z.output<typeof RoomInfoSchema>;
type Msg<T extends ServerMessage["type"]> = Extract<ServerMessage, { type: T }>;
export type TurnClock = Msg<"turn_start">;
export type GameOver = Msg<"game_over">["result"];

export class RoomConnection {
  readonly room = signal<RoomInfo | null>(null);
  readonly you = signal<Msg<"state">["you"] | null>(null);
  readonly view = signal<GolfView | null>(null);
  readonly tcgView = signal<TcgView | null>(null);
  readonly clock = signal<TurnClock | null>(null);
  readonly result = signal<GameOver | null>(null);
  readonly error = signal<string | null>(null);
  readonly log = signal<string[]>([]);
  /** serverTime − Date.now(), so countdowns follow the server's clock. */
  readonly skew = signal(0);
  private readonly mirror = new GolfMirror();
  private readonly socket: Socket;
  private lastSeq = 0;
  /** A tcg `sync` is in flight; `behind` when events came after it was sent. */
  private syncing = false;
  private behind = false;
  private syncTimer: ReturnType<typeof setTimeout> | null = null;
  private n = 0;

  constructor(
    readonly roomId: string,
    private readonly mode: "play" | "watch",
    code?: string,
  ) {
    const query = code ? `?code=${encodeURIComponent(code)}` : "";
    this.socket = new Socket(
      `/v1/rooms/${roomId}/ws${query}`,
      () => this.join(),
      (data) => this.receive(data),
    );
  }

  get status() {
    return this.socket.status;
  }
  get closeReason() {
    return this.socket.closeReason;
  }

  command(msg: Record<string, unknown> & { type: string }): void {
    this.error.value = null;
    this.socket.send({ ...msg, messageId: `${Date.now().toString(36)}-${++this.n}` });
  }

  act(action: Record<string, unknown> & { type: string }): void {
    this.command({ type: "action", action });
  }

  close(): void {
    if (this.syncTimer) clearTimeout(this.syncTimer);
    this.socket.close();
  }

  private join(): void {
    this.command({ type: "join", mode: this.mode, batch: true, ...(this.lastSeq > 0 ? { lastSeq: this.lastSeq } : {}) });
  }

  private receive(data: string): void {
    const frame = JSON.parse(data) as ServerFrame;
    this.skew.value = frame.serverTime - Date.now();
    // A batch is one change: the screen updates once for all of it.
    batch(() => {
      for (const m of messagesOf(frame)) this.handle(m);
    });
  }

  /** One `sync` for a burst of events (a CPU's turn is many), never two in flight. */
  private resync(delayMs: number): void {
    if (this.syncing) {
      this.behind = true;
      return;
    }
    if (this.syncTimer) return;
    this.syncTimer = setTimeout(() => {
      this.syncTimer = null;
      this.syncing = true;
      this.command({ type: "sync" });
    }, delayMs);
  }

  private handle(m: ServerMessage): void {
    switch (m.type) {
      case "state":
        this.room.value = m.room;
        this.you.value = m.you;
        this.syncing = false;
        // Events that came while the sync was in flight may be newer than this view.
        if (this.behind && this.lastSeq > m.seq) this.resync(0);
        this.behind = false;
        this.lastSeq = m.seq;
        if (m.room.game === "tcg") this.tcgView.value = (m.view as TcgView | null) ?? null;
        if (m.room.game === "golf") {
          this.mirror.reset(m.view);
          this.view.value = m.view ? structuredClone(this.mirror.view()) : null;
        }
        if (m.room.result) this.result.value = m.room.result;
        return;
      case "event":
        if (this.room.value?.game === "tcg") {
          this.lastSeq = Math.max(this.lastSeq, m.seq);
          this.log.value = [...this.log.value.slice(-30), describeEvent(m.event, this.room.value)];
          this.resync(SYNC_COALESCE_MS);
          return;
        }
        if (this.lastSeq > 0 && m.seq > this.lastSeq + 1 && this.view.value) this.command({ type: "sync" });
        this.lastSeq = Math.max(this.lastSeq, m.seq);
        this.mirror.apply(m.event);
        this.view.value = structuredClone(this.mirror.view());
        this.log.value = [...this.log.value.slice(-30), describeEvent(m.event, this.room.value)];
        // The mirror cannot total a hole's scores: the engine's own view does.
        if (m.event.type === "round_ended" || m.event.type === "game_ended") this.command({ type: "sync" });
        return;
      case "room":
        this.room.value = m.room;
        return;
      case "turn_start":
        this.clock.value = m;
        return;
      case "game_over":
        this.result.value = m.result;
        this.clock.value = null;
        return;
      case "error":
        // A refused sync (rate limited, say) is asked again a moment later: without it the
        // table would stay on a stale view when no further event comes.
        if (this.syncing) {
          this.syncing = false;
          this.resync(SYNC_RETRY_MS);
        }
        this.error.value = sentence(m.code, m.message);
        return;
      case "room_closed":
        this.error.value = sentence("room_closed", `The room closed (${m.reason}).`);
        return;
      default:
        return;
    }
  }
}

function describeEvent(e: { type: string; data?: unknown }, room: RoomInfo | null): string {
  const d = (e.data ?? {}) as { seat?: number };
  const who = d.seat === undefined ? "" : `${room?.seats[d.seat]?.name ?? `Seat ${d.seat}`} `;
  return `${who}${e.type.replaceAll("_", " ")}`;
}

/** Events of one burst arrive within a few milliseconds; one sync answers them all. */
const SYNC_COALESCE_MS = 50;
/** After a refused sync (the per-user frame limit), ask again once the limit has room. */
const SYNC_RETRY_MS = 1_000;
