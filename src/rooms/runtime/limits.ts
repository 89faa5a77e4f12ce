/**
 * Message size and resume decisions for room connections. The per-user frame limit is the kit's
 * (`takeFrame` in durable-objects/kit/frame-limits.ts).
 */
import { LIMITS } from "./model";

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
