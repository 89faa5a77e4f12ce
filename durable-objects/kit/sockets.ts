import type { RateWindow } from "./frame-limits";
import { type Identity, readIdentity, SUBPROTOCOL_HEADER } from "./identity";

/** Literal heartbeat frames answered by the runtime without waking a hibernated object. */
export const HEARTBEAT_PING = "ping";
export const HEARTBEAT_PONG = "pong";

export function enableHeartbeat(ctx: DurableObjectState): void {
  ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair(HEARTBEAT_PING, HEARTBEAT_PONG));
}

export type SocketAttachment<T> = Identity & {
  connectedAt: number;
  /** This socket's frame window; the user's limit is the sum over their sockets (see `takeFrame`). */
  rate?: RateWindow;
  /** Set when the socket's session was revoked or its user banned: the close code. Frames are refused. */
  revoked?: number;
} & T;

export const userTag = (userId: string): string => `user:${userId}`;

/** A refusal before the upgrade, in the shape the Worker turns into its error model. */
export function refusal(status: number, code: string, message: string, details?: unknown): Response {
  return Response.json({ code, message, ...(details === undefined ? {} : { details }) }, { status });
}

/** The user's sockets in this object that are still open (a closing one no longer counts). */
export function openSocketsOf(ctx: DurableObjectState, userId: string, except?: WebSocket): WebSocket[] {
  return ctx.getWebSockets(userTag(userId)).filter((ws) => ws !== except && ws.readyState === WebSocket.OPEN);
}

/** Checks the upgrade and reads the identity the Worker forwarded. */
export function socketIdentity(request: Request): Identity | Response {
  if (request.headers.get("Upgrade")?.toLowerCase() !== "websocket") {
    return refusal(426, "upgrade_required", "expected a WebSocket upgrade");
  }
  return readIdentity(request) ?? refusal(401, "unauthorized", "missing identity");
}

/**
 * Accepts a hibernatable socket for the identity the Worker forwarded. The identity lives in the
 * socket attachment because in-memory maps are gone after hibernation. Objects accept through
 * `Sockets.accept` (kit/socket-host.ts), which also enforces the per-user cap and registers the
 * socket for revocation first.
 */
export function acceptSocket<T extends object>(
  ctx: DurableObjectState,
  request: Request,
  identity: Identity,
  extra: T,
  tags: string[] = [],
): { response: Response; server: WebSocket; attachment: SocketAttachment<T> } {
  const pair = new WebSocketPair();
  const client = pair[0];
  const server = pair[1];
  const attachment: SocketAttachment<T> = { ...identity, connectedAt: Date.now(), ...extra };
  ctx.acceptWebSocket(server, [userTag(identity.userId), ...tags]);
  setAttachment(server, attachment);
  const headers = new Headers();
  const protocol = request.headers.get(SUBPROTOCOL_HEADER);
  if (protocol) headers.set("Sec-WebSocket-Protocol", protocol);
  return { response: new Response(null, { status: 101, webSocket: client, headers }), server, attachment };
}

/**
 * Attachments as this instance last wrote or read them. Reading one from the socket decodes a
 * structured clone, and fan-out reads every socket's on every message. Gone with the instance
 * (hibernation), when reads fall back to the socket. Every write must go through `setAttachment`,
 * and a returned attachment is never changed in place: write a new one.
 */
const attachments = new WeakMap<WebSocket, object>();

export function attachmentOf<T extends object>(ws: WebSocket): SocketAttachment<T> {
  let att = attachments.get(ws);
  if (!att) {
    att = ws.deserializeAttachment() as object;
    attachments.set(ws, att);
  }
  return att as SocketAttachment<T>;
}

/** Stores a socket's attachment (it survives hibernation); throws, changing nothing, on a closed socket. */
export function setAttachment<T extends object>(ws: WebSocket, att: SocketAttachment<T>): void {
  ws.serializeAttachment(att);
  attachments.set(ws, att);
}

/**
 * Replaces the attachment for this instance only; the socket keeps the one last stored. For what
 * changes on every frame and may fall back to its stored value after hibernation: a frame window
 * or a token bucket (an object hibernates only after a quiet spell longer than either takes to refill).
 */
export function setAttachmentInMemory<T extends object>(ws: WebSocket, att: SocketAttachment<T>): void {
  attachments.set(ws, att);
}

/** Sends without throwing: a socket may close between enumeration and send. */
export function safeSend(ws: WebSocket, data: string): boolean {
  try {
    ws.send(data);
    return true;
  } catch {
    return false;
  }
}

/** Closes without throwing: the socket may already be closing. */
export function closeQuietly(ws: WebSocket, code: number, reason: string): void {
  try {
    ws.close(code, reason);
  } catch {
    // already closing or closed
  }
}
