/**
 * Per-connection message limits. The counters live in the socket attachment, so they survive
 * hibernation; this module only decides.
 */
import { LIMITS } from "./model";

export interface RateWindow {
  windowStart: number;
  count: number;
}

export type RateDecision = { allowed: true; window: RateWindow } | { allowed: false; window: RateWindow; retryAfterMs: number };

/** Fixed window: at most `limit` messages per `windowMs`; refused messages count too. */
export function takeMessage(
  w: RateWindow | undefined,
  now: number,
  limit: number = LIMITS.rateLimitMessages,
  windowMs: number = LIMITS.rateLimitWindowMs,
): RateDecision {
  const current = !w || now - w.windowStart >= windowMs ? { windowStart: now, count: 0 } : w;
  const window = { windowStart: current.windowStart, count: current.count + 1 };
  if (window.count <= limit) return { allowed: true, window };
  return { allowed: false, window, retryAfterMs: Math.max(1, current.windowStart + windowMs - now) };
}

/** UTF-8 size of a text frame, or the byte length of a binary one. */
export function messageBytes(message: string | ArrayBuffer): number {
  return typeof message === "string" ? new TextEncoder().encode(message).byteLength : message.byteLength;
}

/**
 * How to bring a rejoining client up to date: the events after `lastSeq` when it is a little
 * behind, or a fresh state when it is too far behind, ahead of the room, or has no position.
 */
export function resumePlan(
  lastSeq: number | undefined,
  currentSeq: number,
  maxEvents: number = LIMITS.maxResumeEvents,
): { kind: "events"; fromSeq: number; toSeq: number } | { kind: "state" } {
  if (lastSeq === undefined || lastSeq > currentSeq || currentSeq - lastSeq > maxEvents || lastSeq === 0) {
    return { kind: "state" };
  }
  return { kind: "events", fromSeq: lastSeq + 1, toSeq: currentSeq };
}
