/**
 * Connections and fan-out. Who a connection is lives in its attachment (it survives
 * hibernation); what it may see is decided per viewer, and each distinct viewer's projection is
 * computed and serialized once per message.
 */
import type { AnyGameDefinition, GameEvent, Viewer } from "../../src/rooms/game";
import type { ServerMessage } from "../../src/rooms/protocol";
import type { LogEntry } from "../../src/rooms/runtime/machine";
import { type RoomDoc, seatOf } from "../../src/rooms/runtime/model";
import { attachmentOf, type SocketAttachment, safeSend } from "../kit";

export interface ConnState {
  /** `pending` until the client's `join`. */
  mode: "pending" | "play" | "watch";
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

/** Open connections, optionally without one (e.g. the one closing now). */
export function connections(ctx: DurableObjectState, except?: WebSocket): Conn[] {
  const out: Conn[] = [];
  for (const ws of ctx.getWebSockets()) {
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

export function broadcast(conns: readonly Conn[], msg: Outgoing): void {
  const data = encode(msg);
  for (const c of joined(conns)) safeSend(c.ws, data);
}

/** Sends `events` (raw, with their seqs) to each joined connection, projected for its viewer, in order. */
export function sendEvents(
  conns: readonly Conn[],
  doc: RoomDoc,
  game: AnyGameDefinition,
  events: readonly { seq: number; event: GameEvent }[],
): void {
  if (events.length === 0) return;
  const cache = new Map<string, string[]>();
  const now = Date.now();
  for (const c of joined(conns)) {
    const viewer = viewerOf(doc, c.att);
    const key = viewerKey(viewer);
    let frames = cache.get(key);
    if (!frames) {
      frames = [];
      for (const { seq, event } of events) {
        const projected = game.projectEvent(event, viewer);
        if (projected) frames.push(encode({ type: "event", seq, event: projected }, now));
      }
      cache.set(key, frames);
    }
    for (const f of frames) safeSend(c.ws, f);
  }
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
