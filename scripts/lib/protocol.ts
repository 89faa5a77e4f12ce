/** Client-side names for the `orrery.v1` messages; the schemas themselves live in src/rooms/protocol.ts. */
import type { z } from "zod";
import type { RoomInfoSchema, ServerMessage } from "../../src/rooms/protocol";

export type RoomInfo = z.output<typeof RoomInfoSchema>;
export type ServerMsg = ServerMessage;
export type ServerMsgOf<T extends ServerMessage["type"]> = Extract<ServerMessage, { type: T }>;
export type GameEventMsg = ServerMsgOf<"event">["event"];

/** The answer to a command: its `action_result`, or its `error`. */
export type Answer =
  | { ok: true; result: Record<string, unknown>; latencyMs: number }
  | { ok: false; code: string; message: string; details: unknown; latencyMs: number };
