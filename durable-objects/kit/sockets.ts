import { type Identity, readIdentity, SUBPROTOCOL_HEADER } from "./identity";

/** Literal heartbeat frames answered by the runtime without waking a hibernated object. */
export const HEARTBEAT_PING = "ping";
export const HEARTBEAT_PONG = "pong";

export function enableHeartbeat(ctx: DurableObjectState): void {
  ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair(HEARTBEAT_PING, HEARTBEAT_PONG));
}

export type SocketAttachment<T> = Identity & { connectedAt: number } & T;

/**
 * Accepts a hibernatable socket for the identity the Worker forwarded. The identity lives in the
 * socket attachment because in-memory maps are gone after hibernation.
 */
export function acceptSocket<T extends object>(
  ctx: DurableObjectState,
  request: Request,
  extra: T,
  tags: string[] = [],
): { response: Response; server: WebSocket; attachment: SocketAttachment<T> } | { response: Response } {
  if (request.headers.get("Upgrade")?.toLowerCase() !== "websocket") {
    return { response: new Response("expected a WebSocket upgrade", { status: 426 }) };
  }
  const identity = readIdentity(request);
  if (!identity) return { response: new Response("missing identity", { status: 401 }) };
  const pair = new WebSocketPair();
  const client = pair[0];
  const server = pair[1];
  const attachment: SocketAttachment<T> = { ...identity, connectedAt: Date.now(), ...extra };
  ctx.acceptWebSocket(server, [`user:${identity.userId}`, ...tags]);
  server.serializeAttachment(attachment);
  const headers = new Headers();
  const protocol = request.headers.get(SUBPROTOCOL_HEADER);
  if (protocol) headers.set("Sec-WebSocket-Protocol", protocol);
  return { response: new Response(null, { status: 101, webSocket: client, headers }), server, attachment };
}

export function attachmentOf<T extends object>(ws: WebSocket): SocketAttachment<T> {
  return ws.deserializeAttachment() as SocketAttachment<T>;
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
