/**
 * What a client may send on the universe socket. Frames are text: the bare word `snapshot` (kept
 * for existing clients) or one JSON object discriminated by `type`. The heartbeat text `ping` never
 * reaches the shard: the runtime answers it without waking the object.
 */
import { z } from "zod";

export const UniverseClientMessageSchema = z.discriminatedUnion("type", [
  /** Asks for a fresh `welcome` (the whole empire). */
  z.object({ type: z.literal("snapshot") }),
]);

export type UniverseClientMessage = z.output<typeof UniverseClientMessageSchema>;

export type ParsedUniverseMessage =
  | { ok: true; msg: UniverseClientMessage }
  | { ok: false; message: string; details?: { path: string; code: string; message: string }[] };

const HINT = 'send {"type":"snapshot"} (or the text `snapshot`), or the heartbeat `ping`';

export function parseUniverseMessage(frame: string | ArrayBuffer): ParsedUniverseMessage {
  if (typeof frame !== "string") return { ok: false, message: `messages are text frames; ${HINT}` };
  if (frame === "snapshot") return { ok: true, msg: { type: "snapshot" } };
  let raw: unknown;
  try {
    raw = JSON.parse(frame);
  } catch {
    return { ok: false, message: `the message is not JSON; ${HINT}` };
  }
  const parsed = UniverseClientMessageSchema.safeParse(raw);
  if (!parsed.success) {
    const details = parsed.error.issues.map((i) => ({ path: i.path.map(String).join("."), code: i.code, message: i.message }));
    return { ok: false, message: `unknown message; ${HINT}`, details };
  }
  return { ok: true, msg: parsed.data };
}
