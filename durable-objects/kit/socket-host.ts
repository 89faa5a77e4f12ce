import { DurableObject } from "cloudflare:workers";
import { type FrameDecision, type RateWindow, SOCKET_LIMITS, takeFrame } from "./frame-limits";
import { REVOKED_CLOSE, type Revocation, revokes, type SocketBinding, type SocketPlace } from "./revocation";
import {
  acceptSocket,
  attachmentOf,
  setAttachment,
  setAttachmentInMemory,
  closeQuietly,
  enableHeartbeat,
  openSocketsOf,
  refusal,
  type SocketAttachment,
  socketIdentity,
  userTag,
} from "./sockets";
import { objectByName } from "../../src/lib/objects";

/** The per-user registry of places where the user holds sockets (durable-objects/user-sockets.ts). */
export function socketRegistry(env: Env, userId: string) {
  return objectByName(env.USER_SOCKETS, userId);
}

/** `SOCKETS_PER_USER_PER_OBJECT`, a Worker var; the default applies when unset or invalid. */
export function socketsPerUser(env: Env): number {
  const n = Number(env.SOCKETS_PER_USER_PER_OBJECT);
  return Number.isInteger(n) && n >= 1 ? n : SOCKET_LIMITS.socketsPerUser;
}

type Accepted<T> = { response: Response; server: WebSocket; attachment: SocketAttachment<T> };

/**
 * Everything an object does with user sockets beyond its own protocol: the per-user cap, the
 * per-user frame limit, and revocation. Before a socket is accepted its place (object, session)
 * is registered with the user's registry, so a later logout or ban can find this object even
 * after it hibernated; when the user's last socket of a session here closes, the place is
 * released. A release that never arrives only costs the registry a needless revocation call.
 */
export class Sockets {
  /** Sockets between the cap check and their acceptance, by `userId sessionId`; they count toward the cap. */
  private readonly entering = new Map<string, number>();
  private readonly cap: number;
  /** `ctx.getWebSockets()` as of the last accept or release; null until asked for. */
  private listed: WebSocket[] | null = null;

  constructor(
    private readonly ctx: DurableObjectState,
    private readonly env: Env,
    private readonly binding: SocketBinding,
  ) {
    this.cap = socketsPerUser(env);
  }

  async accept<T extends object>(request: Request, extra: T, tags: string[] = []): Promise<Accepted<T> | { response: Response }> {
    const identity = socketIdentity(request);
    if (identity instanceof Response) return { response: identity };
    const crowded = this.full(identity.userId);
    if (crowded) return { response: crowded };
    // A session with a live socket here already has its place registered (until that socket's
    // release), and a revocation of it will be delivered here: no registry call needed.
    if (!this.registered(identity.userId, identity.sessionId)) {
      // The session may have been revoked between the Worker's check and this registration.
      if (!(await this.enter(identity.userId, identity.sessionId))) {
        return { response: refusal(401, "unauthorized", "session has ended", { reason: "revoked" }) };
      }
      const full = this.full(identity.userId);
      if (full) return { response: full };
    }
    this.listed = null;
    return acceptSocket(this.ctx, request, identity, extra, tags);
  }

  /**
   * Every socket of the object, for fan-out on every message. The list changes only when a socket
   * is accepted or released, so it is asked of the runtime once per change; a socket closing in
   * between is still listed, and callers check `readyState` as they would anyway.
   */
  all(): WebSocket[] {
    this.listed ??= this.ctx.getWebSockets();
    return this.listed;
  }

  private registered(userId: string, sessionId: string): boolean {
    return openSocketsOf(this.ctx, userId).some((o) => {
      const att = attachmentOf(o);
      return att.sessionId === sessionId && !att.revoked;
    });
  }

  /** Registers the place with the user's registry; the socket counts toward the cap meanwhile. */
  private async enter(userId: string, sessionId: string): Promise<boolean> {
    const key = `${userId} ${sessionId}`;
    this.entering.set(key, (this.entering.get(key) ?? 0) + 1);
    try {
      return await socketRegistry(this.env, userId).enter(this.place(sessionId));
    } finally {
      const left = (this.entering.get(key) ?? 1) - 1;
      if (left > 0) this.entering.set(key, left);
      else this.entering.delete(key);
    }
  }

  /**
   * Counts a frame against the user's limit across all their sockets here. `revoked` means the
   * socket's session ended: the frame must be dropped unanswered.
   */
  admit(ws: WebSocket, limit: number = SOCKET_LIMITS.framesPerWindow): FrameDecision | "revoked" {
    const att = attachmentOf(ws);
    if (att.revoked) {
      closeQuietly(ws, att.revoked, "revoked");
      return "revoked";
    }
    // From the object's listed sockets rather than a tagged `getWebSockets` call on every frame.
    const others: (RateWindow | undefined)[] = [];
    for (const o of this.all()) {
      if (o === ws) continue;
      const other = attachmentOf(o);
      if (other.userId === att.userId) others.push(other.rate);
    }
    const decision = takeFrame(att.rate, others, Date.now(), limit);
    // Stored once per window (serializing on every frame cost more than the count is worth).
    const next = { ...att, rate: decision.window };
    if (decision.window.windowStart === att.rate?.windowStart) setAttachmentInMemory(ws, next);
    else setAttachment(ws, next);
    return decision;
  }

  /** Call from `webSocketClose`/`webSocketError`: releases the place once the session has no socket left here. */
  release(ws: WebSocket): void {
    this.listed = null;
    const att = attachmentOf(ws);
    if (!att.sessionId || att.revoked) return;
    const still =
      this.entering.has(`${att.userId} ${att.sessionId}`) ||
      openSocketsOf(this.ctx, att.userId, ws).some((o) => attachmentOf(o).sessionId === att.sessionId);
    if (still) return;
    const leaving = socketRegistry(this.env, att.userId)
      .leave(this.place(att.sessionId))
      .catch((e: unknown) => console.error(JSON.stringify({ level: "warn", msg: "socket release failed", error: String(e) })));
    this.ctx.waitUntil(leaving);
  }

  /** Marks and closes every socket the revocation covers; idempotent. Returns how many it closed. */
  revoke(r: Revocation): number {
    const code = REVOKED_CLOSE[r.reason];
    let closed = 0;
    for (const ws of this.ctx.getWebSockets(userTag(r.userId))) {
      const att = attachmentOf(ws);
      if (!revokes(r, att.sessionId)) continue;
      if (!att.revoked) {
        try {
          setAttachment(ws, { ...att, revoked: code });
        } catch {
          // already closed: nothing left to refuse
        }
      }
      closeQuietly(ws, code, r.reason);
      closed += 1;
    }
    return closed;
  }

  private full(userId: string): Response | null {
    let n = openSocketsOf(this.ctx, userId).length;
    for (const [key, count] of this.entering) if (key.startsWith(`${userId} `)) n += count;
    if (n < this.cap) return null;
    return refusal(409, "too_many_sockets", `at most ${this.cap} sockets per user here; close one first`, { limit: this.cap });
  }

  private place(sessionId: string): SocketPlace {
    return { binding: this.binding, objectId: this.ctx.id.toString(), sessionId, at: Date.now() };
  }
}

/**
 * Base class of every object that accepts user sockets: the heartbeat, the `Sockets` helper, and
 * the RPC through which the user's registry delivers revocations.
 */
export abstract class SocketObject extends DurableObject<Env> {
  protected readonly sockets: Sockets;

  constructor(ctx: DurableObjectState, env: Env, binding: SocketBinding) {
    super(ctx, env);
    this.sockets = new Sockets(ctx, env, binding);
    enableHeartbeat(ctx);
  }

  revokeSockets(revocation: Revocation): number {
    return this.sockets.revoke(revocation);
  }
}
