/**
 * Client-side pacing for the room WebSocket's per-connection limit (30 messages per 10 s, a fixed
 * window on the server's clock). The pacer keeps a log of send times and lets a message go only
 * when every window allows it:
 * - the limit itself, widened by a margin: no 10 s window, wherever the server's starts, can then
 *   see more than 30 messages even with some network jitter;
 * - a short smoothing window (2 messages per 0.7 s by default) so a connection sends steadily
 *   instead of spending 30 messages in a burst and then falling silent for 10 s. Two lets a Golf
 *   turn (draw, then place) go back to back.
 */
export interface PacerWindow {
  messages: number;
  ms: number;
}

export const ROOM_RATE_LIMIT = { messages: 30, windowMs: 10_000 } as const;

export function defaultPacing(marginMs = 250): PacerWindow[] {
  const limit: PacerWindow = { messages: ROOM_RATE_LIMIT.messages, ms: ROOM_RATE_LIMIT.windowMs + marginMs };
  // The same average rate as the limit, in pairs.
  const smooth: PacerWindow = { messages: 2, ms: Math.ceil((2 * limit.ms) / limit.messages) };
  return [limit, smooth];
}

/** The most messages per second one connection sends under these windows. */
export function pacedRate(windows: readonly PacerWindow[]): number {
  return Math.min(...windows.map((w) => (w.messages * 1000) / w.ms));
}

export class Pacer {
  private readonly sent: number[] = [];
  private readonly keep: number;

  /** No windows: no pacing. */
  constructor(private readonly windows: readonly PacerWindow[]) {
    this.keep = Math.max(0, ...windows.map((w) => w.messages));
  }

  /** Milliseconds until a message may go (0: now). */
  delay(now = performance.now()): number {
    let wait = 0;
    for (const w of this.windows) {
      // The message `w.messages` sends back must have left the window.
      const old = this.sent[this.sent.length - w.messages];
      if (old !== undefined) wait = Math.max(wait, old + w.ms - now);
    }
    return Math.max(0, Math.ceil(wait));
  }

  /** Records a send now. Callers check `delay()` first. */
  record(now = performance.now()): void {
    if (this.keep === 0) return;
    this.sent.push(now);
    if (this.sent.length > this.keep) this.sent.splice(0, this.sent.length - this.keep);
  }

  /** Waits until a message may go, then records it. */
  async take(): Promise<number> {
    let waited = 0;
    for (;;) {
      const d = this.delay();
      if (d === 0) break;
      waited += d;
      await new Promise((r) => setTimeout(r, d));
    }
    this.record();
    return waited;
  }
}
