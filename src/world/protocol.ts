/** The text world's socket protocol (spec §10.3, §10.4): client frames, limits and token buckets. Pure. */
import { z } from "zod";
import { lookupCommand, normalise } from "./commands/dispatch";

export const PROTOCOL_VERSION = 1;
export const MAX_FRAME_BYTES = 8192;
export const MESSAGE_IDS_KEPT = 100;
export const QUEUE_LIMIT = 200;

/** Close codes the world uses beyond 1000 (quit). */
export const WORLD_CLOSE = { replaced: 4001, kicked: 4003, transfer: 4010 } as const;

export const ClientFrameSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("command"), text: z.string().min(1).max(512), messageId: z.string().min(1).max(64).optional() }).strict(),
  z.object({ type: z.literal("ping"), timestamp: z.number().optional() }).strict(),
]);
export type ClientFrame = z.infer<typeof ClientFrameSchema>;

export type FrameRefusal = { code: "invalid_json" | "invalid_message" | "message_too_large"; message: string; details?: unknown };

export function parseFrame(raw: string | ArrayBuffer): ClientFrame | FrameRefusal {
  const size = typeof raw === "string" ? new TextEncoder().encode(raw).byteLength : raw.byteLength;
  if (size > MAX_FRAME_BYTES)
    return { code: "message_too_large", message: `frames are at most ${MAX_FRAME_BYTES} bytes`, details: { limit: MAX_FRAME_BYTES } };
  if (typeof raw !== "string") return { code: "invalid_message", message: "frames are JSON text" };
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { code: "invalid_json", message: "frame is not valid JSON" };
  }
  const parsed = ClientFrameSchema.safeParse(json);
  if (!parsed.success) {
    return {
      code: "invalid_message",
      message: "expected {type: command, text, messageId?} or {type: ping}",
      details: parsed.error.issues.slice(0, 3).map((i) => ({ path: i.path.join("."), message: i.message })),
    };
  }
  return parsed.data;
}

/** A token bucket: `capacity` tokens refilling at `perSecond`. */
export interface Bucket {
  tokens: number;
  at: number;
}

export const COMMAND_BUCKET = { capacity: 20, perSecond: 10 } as const;
export const CHAT_BUCKET = { capacity: 5, perSecond: 1 } as const;

export function refill(bucket: Bucket | undefined, now: number, spec: { capacity: number; perSecond: number }): Bucket {
  if (!bucket) return { tokens: spec.capacity, at: now };
  const tokens = Math.min(spec.capacity, bucket.tokens + ((now - bucket.at) / 1000) * spec.perSecond);
  return { tokens, at: now };
}

/** Takes one token; `retryAfterMs` says when one will be there when the bucket is empty. */
export function take(
  bucket: Bucket | undefined,
  now: number,
  spec: { capacity: number; perSecond: number },
): { ok: boolean; bucket: Bucket; retryAfterMs: number } {
  const b = refill(bucket, now, spec);
  if (b.tokens >= 1) return { ok: true, bucket: { tokens: b.tokens - 1, at: now }, retryAfterMs: 0 };
  return { ok: false, bucket: b, retryAfterMs: Math.ceil(((1 - b.tokens) / spec.perSecond) * 1000) };
}

/** Whether a command line spends a chat token (§10.4): `'`, `:` and commands flagged chat. */
export function isChat(text: string): boolean {
  const t = normalise(text);
  if (t.startsWith("'") || t.startsWith(":")) return true;
  const word = t.split(" ")[0]?.toLowerCase() ?? "";
  return lookupCommand(word)?.chat === true;
}
