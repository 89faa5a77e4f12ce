/**
 * One WebSocket to a room over the public protocol (`orrery.v1`), with the `ws` library. It
 * matches answers to commands by `messageId` (measuring each round trip), keeps the highest `seq`
 * seen, paces what it sends under the room's per-connection limit, and hands every other message
 * to `onMessage`.
 */
import WebSocket from "ws";
import { messagesOf } from "../../src/rooms/frames";
import { type ServerFrame, ServerFrameSchema } from "../../src/rooms/protocol";
import { Pacer, type PacerWindow } from "./pacer";
import type { Answer, ServerMsg } from "./protocol";

export class SocketRefused extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
  ) {
    super(`WebSocket refused: ${status} ${code}`);
  }
}

export interface RoomSocketOptions {
  /** Pacing windows (see pacer.ts); empty sends as fast as asked. */
  pacing: readonly PacerWindow[];
  /** Validate every server message against the protocol schema (costs CPU). */
  validate?: boolean;
  connectTimeoutMs?: number;
  /** Called for messages that do not match the schema (with `validate`). */
  onViolation?: (text: string) => void;
}

let counter = 0;

export class RoomSocket {
  /** Highest event `seq` seen (from `state`, `event`, `game_over`). */
  lastSeq = 0;
  frames = 0;
  bytes = 0;
  closeInfo: { code: number; reason: string } | null = null;
  onMessage: (msg: ServerMsg) => void = () => {};
  onClose: (code: number, reason: string) => void = () => {};
  private readonly pending = new Map<string, { sentAt: number; resolve: (a: Answer) => void }>();
  private readonly pacer: Pacer;
  private readonly prefix: string;

  private constructor(
    private readonly ws: WebSocket,
    private readonly opts: RoomSocketOptions,
  ) {
    this.pacer = new Pacer(opts.pacing);
    this.prefix = `c${(++counter).toString(36)}`;
    ws.on("message", (data, isBinary) => {
      this.bytes += Array.isArray(data)
        ? data.reduce((n, b) => n + b.length, 0)
        : data instanceof ArrayBuffer
          ? data.byteLength
          : data.length;
      this.receive(isBinary ? "" : data.toString());
    });
    ws.on("close", (code, reason) => {
      this.closeInfo = { code, reason: reason.toString() };
      for (const [id, p] of this.pending) {
        this.pending.delete(id);
        p.resolve({ ok: false, code: "socket_closed", message: `closed with ${code}`, details: null, latencyMs: 0 });
      }
      this.onClose(code, reason.toString());
    });
    ws.on("error", () => {
      // a 'close' follows
    });
  }

  /** Opens the socket; a refused upgrade rejects with `SocketRefused` (the HTTP error code). */
  static open(url: string, accessToken: string, opts: RoomSocketOptions): Promise<RoomSocket> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, ["orrery.v1", `bearer.${accessToken}`], {
        perMessageDeflate: false,
        handshakeTimeout: opts.connectTimeoutMs ?? 15_000,
      });
      let settled = false;
      ws.once("open", () => {
        settled = true;
        resolve(new RoomSocket(ws, opts));
      });
      ws.once("unexpected-response", (_req, res) => {
        let body = "";
        res.on("data", (c: Buffer) => {
          body += c.toString();
        });
        res.on("end", () => {
          let code = `http_${res.statusCode}`;
          try {
            code = JSON.parse(body)?.error?.code ?? code;
          } catch {
            // not JSON
          }
          settled = true;
          reject(new SocketRefused(res.statusCode ?? 0, code));
          ws.terminate();
        });
      });
      ws.once("error", (e) => {
        if (!settled) {
          settled = true;
          reject(e);
        }
      });
    });
  }

  get open(): boolean {
    return this.ws.readyState === WebSocket.OPEN;
  }

  /** Sends a command (paced) and resolves with its answer; the latency excludes time spent pacing. */
  async request(msg: { type: string } & Record<string, unknown>): Promise<Answer> {
    await this.pacer.take();
    if (!this.open) return { ok: false, code: "socket_closed", message: "socket is closed", details: null, latencyMs: 0 };
    const messageId = `${this.prefix}-${++counter}`;
    // This socket reads batch frames, so every join asks for them.
    const body = msg.type === "join" ? { batch: true, ...msg, messageId } : { ...msg, messageId };
    return new Promise<Answer>((resolve) => {
      this.pending.set(messageId, { sentAt: performance.now(), resolve });
      this.ws.send(JSON.stringify(body));
    });
  }

  close(code = 1000, reason = "bye"): void {
    try {
      this.ws.close(code, reason);
    } catch {
      // already closed
    }
  }

  /** Closes without the closing handshake (for a quick shutdown). */
  terminate(): void {
    this.ws.terminate();
  }

  private receive(text: string): void {
    this.frames++;
    if (text === "pong" || text === "") return;
    let frame: ServerFrame;
    try {
      frame = JSON.parse(text) as ServerFrame;
    } catch {
      this.opts.onViolation?.(text.slice(0, 200));
      return;
    }
    if (this.opts.validate && !ServerFrameSchema.safeParse(frame).success) this.opts.onViolation?.(text.slice(0, 200));
    for (const msg of messagesOf(frame)) this.handle(msg);
  }

  private handle(msg: ServerMsg): void {
    if (msg.type === "action_result" || msg.type === "error") {
      // Errors about a message the room could not read (rate_limited, message_too_large) carry no
      // messageId; the room answers in order, so they belong to the oldest unanswered command.
      const id = msg.messageId ?? this.pending.keys().next().value;
      const p = id === undefined ? undefined : this.pending.get(id);
      if (id !== undefined && p) {
        this.pending.delete(id);
        const latencyMs = performance.now() - p.sentAt;
        p.resolve(
          msg.type === "action_result"
            ? { ok: true, result: msg.result ?? {}, latencyMs }
            : { ok: false, code: msg.code, message: msg.message, details: msg.details, latencyMs },
        );
        return;
      }
    }
    if (msg.type === "state" || msg.type === "event" || msg.type === "game_over") this.lastSeq = Math.max(this.lastSeq, msg.seq);
    this.onMessage(msg);
  }
}
