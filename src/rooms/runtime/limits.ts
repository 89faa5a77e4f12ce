/**
 * Message size and resume decisions for room connections. The per-user frame limit is the kit's
 * (`takeFrame` in durable-objects/kit/frame-limits.ts).
 */
import { LIMITS } from "./model";

/**
 * Whether a frame (UTF-8 text, or binary) is over `limit` bytes. A UTF-16 code unit is at most 3 bytes in UTF-8, so text
 * short enough is never encoded: only a frame near the limit is.
 */
export function overBytes(message: string | ArrayBuffer, limit: number): boolean {
  if (typeof message !== "string") return message.byteLength > limit;
  if (message.length * 3 <= limit) return false;
  return new TextEncoder().encode(message).byteLength > limit;
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
