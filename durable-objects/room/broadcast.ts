/**
 * Connections and fan-out. Who a connection is lives in its attachment (it survives
 * hibernation); what it may see is decided per viewer, and each distinct viewer's projection is
 * computed and serialized once per message.
 */
import type { AnyGameDefinition, GameEvent, Viewer } from "../../src/rooms/game";
import type { ServerMessage } from "../../src/rooms/protocol";
import type { LogEntry } from "../../src/rooms/runtime/machine";
import { type RoomDoc, seatOf } from "../../src/rooms/runtime/model";
import { attachmentOf, type SocketAttachment, safeSend } from "../kit/sockets";

export interface ConnState {
  /** `pending` until the client's `join`. */
  mode: "pending" | "play" | "watch";
  /** Joined with `batch: true`: one frame per change (see `Fanout`). */
  batch?: true;
}

export type RoomAttachment = SocketAttachment<ConnState>;

export interface Conn {
  ws: WebSocket;
  att: RoomAttachment;
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
export type Outgoing = DistributiveOmit<ServerMessage, "serverTime">;

export function encode(msg: Outgoing, now = Date.now()): string {
  return JSON.stringify({ ...msg, serverTime: now });
}

export function send(ws: WebSocket, msg: Outgoing): boolean {
  return safeSend(ws, encode(msg));
}

/** The open ones of `sockets` (the object's), optionally without one (e.g. the one closing now). */
export function connections(sockets: readonly WebSocket[], except?: WebSocket): Conn[] {
  const out: Conn[] = [];
  for (const ws of sockets) {
    if (ws === except || ws.readyState !== WebSocket.OPEN) continue;
    out.push({ ws, att: attachmentOf<ConnState>(ws) });
  }
  return out;
}

export function joined(conns: readonly Conn[]): Conn[] {
  return conns.filter((c) => c.att.mode !== "pending");
}

/** Distinct spectating users. */
export function spectatorCount(conns: readonly Conn[]): number {
  return new Set(conns.filter((c) => c.att.mode === "watch").map((c) => c.att.userId)).size;
}

/** A playing connection of a seat that has not left sees that seat; anyone else is a spectator. */
export function viewerOf(doc: RoomDoc, att: { userId: string; mode: ConnState["mode"] }): Viewer {
  const seat = seatOf(doc, att.userId);
  if (att.mode === "play" && seat && seat.out !== "left") return { kind: "seat", seat: seat.seat };
  return { kind: "spectator" };
}

export const viewerKey = (v: Viewer): string => (v.kind === "seat" ? `seat:${v.seat}` : v.kind);

/**
 * Everything one change sends, to every connection, in order: messages for all joined
 * connections, events projected per viewer, and messages for one socket (an answer). `flush` sends
 * a connection that joined with `batch` all of its messages as one frame, since a send per socket
 * costs more than the JSON it carries; the others get a frame per message. Each message is
 * serialized once (events once per distinct viewer) and each distinct batch frame once.
 */
export class Fanout {
  private readonly queues = new Map<WebSocket, { att: RoomAttachment; texts: string[]; shape: string }>();
  private closing: { code: number; reason: string } | null = null;
  /** Event parts named so far: a name stands for one list of texts in this fan-out, whatever call made it. */
  private parts = 0;
  private readonly afterwards: (() => void)[] = [];

  constructor(
    readonly connections: readonly Conn[],
    private readonly now = Date.now(),
  ) {}

  all(msg: Outgoing): void {
    const text = encode(msg, this.now);
    for (const c of this.connections) if (c.att.mode !== "pending") this.push(c, text, "a");
  }

  /** A message for one connection; it makes that connection's batch its own. */
  to(conn: Conn, msg: Outgoing): void {
    this.push(conn, encode(msg, this.now), null);
  }

  /**
   * `events` (raw, with their seqs), projected for each joined connection's viewer (or only `to`'s).
   * Viewers whose projections come out the same (public events) share one part, so their batch
   * frames are one frame.
   */
  events(doc: RoomDoc, game: AnyGameDefinition, events: readonly { seq: number; event: GameEvent }[], to?: Conn): void {
    if (events.length === 0) return;
    const byViewer = new Map<string, { texts: string[]; part: string }>();
    // A public event projects to itself for every viewer: its text is made once, not per viewer.
    const made: ({ projected: GameEvent; text: string } | undefined)[] = [];
    for (const c of to ? [to] : joined(this.connections)) {
      const viewer = viewerOf(doc, c.att);
      const key = viewerKey(viewer);
      let seen = byViewer.get(key);
      if (!seen) {
        const texts: string[] = [];
        events.forEach(({ seq, event }, i) => {
          const projected = game.projectEvent(event, viewer);
          if (!projected) return;
          let done = made[i];
          if (done?.projected !== projected) {
            done = { projected, text: encode({ type: "event", seq, event: projected }, this.now) };
            made[i] = done;
          }
          texts.push(done.text);
        });
        seen = [...byViewer.values()].find((v) => sameTexts(v.texts, texts)) ?? { texts, part: `e${this.parts++}` };
        byViewer.set(key, seen);
      }
      for (const t of seen.texts) this.push(c, t, to ? null : seen.part);
    }
  }

  /** Work that follows from the change but must not delay its frames (index sync, history). */
  later(work: () => void): void {
    this.afterwards.push(work);
  }

  /** After the sends, every connection is closed with this code. */
  closeAll(code: number, reason: string): void {
    this.closing = { code, reason };
  }

  flush(): void {
    const frames = new Map<string, string>();
    for (const [ws, q] of this.queues) {
      if (!q.att.batch || q.texts.length === 1) {
        for (const t of q.texts) safeSend(ws, t);
        continue;
      }
      let frame = q.shape === "" ? undefined : frames.get(q.shape);
      if (frame === undefined) {
        frame = `{"type":"batch","serverTime":${this.now},"messages":[${q.texts.join(",")}]}`;
        if (q.shape !== "") frames.set(q.shape, frame);
      }
      safeSend(ws, frame);
    }
    this.queues.clear();
    if (this.closing) closeConnections(this.connections, this.closing.code, this.closing.reason);
    for (const work of this.afterwards.splice(0)) work();
  }

  /**
   * `shape` names the parts a connection got (`a` for a message to all, a fan-out-wide name for
   * each distinct list of event texts), so connections with the same shape share one batch frame;
   * a message of its own (`null`) gives a connection a frame nobody shares.
   */
  private push(conn: Conn, text: string, part: string | null): void {
    let q = this.queues.get(conn.ws);
    if (!q) {
      q = { att: conn.att, texts: [], shape: "|" };
      this.queues.set(conn.ws, q);
    }
    q.texts.push(text);
    q.shape = part === null || q.shape === "" ? "" : `${q.shape}${part}|`;
  }
}

function sameTexts(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((t, i) => t === b[i]);
}

export function logEvents(entries: readonly LogEntry[]): { seq: number; event: GameEvent }[] {
  return entries.flatMap((e) => e.events.map((event, i) => ({ seq: e.firstSeq + i, event })));
}

/** Closes every connection of a user (or all of them) with a code and reason. */
export function closeConnections(conns: readonly Conn[], code: number, reason: string, userId?: string): void {
  for (const c of conns) {
    if (userId !== undefined && c.att.userId !== userId) continue;
    try {
      c.ws.close(code, reason);
    } catch {
      // already closing
    }
  }
}
