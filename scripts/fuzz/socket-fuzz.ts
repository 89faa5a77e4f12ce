/**
 * Drives one fuzz socket with the `ws` library: sends a frame (or a flood of copies), then waits
 * until every copy is answered, the socket closes, or the time runs out. Every server frame is
 * judged against its protocol as it arrives.
 */
import WebSocket from "ws";
import type { FuzzFrame, SocketKind } from "./frames";
import { errorShapeProblem, judgeFrame } from "./verdict";

export type Refused = { refused: true; status: number; body: string };

export class FuzzSocket {
  pending = 0;
  closed: { code: number; reason: string } | null = null;
  readonly problems: string[] = [];
  private wake: (() => void) | null = null;

  private constructor(
    readonly kind: SocketKind,
    private readonly ws: WebSocket,
  ) {
    ws.on("message", (data, isBinary) => {
      const text = isBinary ? "<binary>" : data.toString();
      const { answer, problem } = judgeFrame(kind, text);
      if (problem) this.problems.push(problem);
      if (answer && this.pending > 0) this.pending--;
      if (this.pending === 0) this.wake?.();
    });
    ws.on("close", (code, reason) => {
      this.closed = { code, reason: reason.toString() };
      this.wake?.();
    });
    ws.on("error", () => {
      // a close follows
    });
  }

  /** Opens a socket; a refused upgrade resolves with the HTTP answer instead. */
  static open(kind: SocketKind, url: string, protocols: string[], timeoutMs: number): Promise<FuzzSocket | Refused> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, protocols, { perMessageDeflate: false, handshakeTimeout: timeoutMs, maxPayload: 4 * 1024 * 1024 });
      ws.once("open", () => resolve(new FuzzSocket(kind, ws)));
      ws.once("unexpected-response", (_req, res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          resolve({ refused: true, status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") });
          ws.terminate();
        });
      });
      ws.once("error", (e) => reject(e));
    });
  }

  get open(): boolean {
    return this.ws.readyState === WebSocket.OPEN && !this.closed;
  }

  /**
   * Waits for a closing socket's close event (the server's close frame arrived, the handshake is
   * finishing); false when it never comes, and the socket is then torn down.
   */
  ended(timeoutMs: number): Promise<boolean> {
    if (this.closed) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.ws.terminate();
        resolve(false);
      }, timeoutMs);
      this.ws.once("close", () => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }

  /** Waits for the next message of this type (the universe's welcome on connect). */
  first(type: string, timeoutMs: number): Promise<boolean> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      const on = (data: WebSocket.RawData) => {
        if (data.toString().includes(`"type":"${type}"`)) {
          clearTimeout(timer);
          this.ws.off("message", on);
          resolve(true);
        }
      };
      this.ws.on("message", on);
    });
  }

  /**
   * Sends the frame (`repeat` copies) and waits for as many answers. Resolves with how many copies
   * were sent and whether an answer or a close came for all of them.
   */
  async send(frame: FuzzFrame, timeoutMs: number): Promise<{ sent: number; answered: boolean }> {
    let sent = 0;
    for (let i = 0; i < frame.repeat && !this.closed && this.ws.readyState === WebSocket.OPEN; i++) {
      this.pending++;
      sent++;
      this.ws.send(frame.data, { binary: typeof frame.data !== "string" });
    }
    const answered = await new Promise<boolean>((resolve) => {
      if (this.pending === 0 || this.closed) return resolve(true);
      const timer = setTimeout(() => {
        this.wake = null;
        resolve(false);
      }, timeoutMs);
      this.wake = () => {
        if (this.pending > 0 && !this.closed) return;
        clearTimeout(timer);
        this.wake = null;
        resolve(true);
      };
    });
    this.pending = 0;
    return { sent, answered };
  }

  /** Sends `text` and waits for a message of `type`: the liveness check after the run. */
  async ask(text: string, type: string, timeoutMs: number): Promise<boolean> {
    const got = this.first(type, timeoutMs);
    this.ws.send(text);
    return got;
  }

  close(): void {
    this.ws.close(1000, "done");
  }
}

/** Null when a refused handshake answered with the documented error body; otherwise why not. */
export function judgeRefusal(r: Refused): string | null {
  if (r.status >= 500) return `handshake refused with ${r.status}: ${r.body.slice(0, 300)}`;
  const problem = errorShapeProblem(r.body);
  return problem ? `handshake refused with ${r.status} without the error shape (${problem})` : null;
}
