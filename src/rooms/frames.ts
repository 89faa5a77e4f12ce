/** Reading server frames, kept apart from the schemas so a browser client can import it without zod. */
import type { ServerFrame, ServerMessage } from "./protocol";

/** The messages a frame carries, in order. */
export function messagesOf(frame: ServerFrame): ServerMessage[] {
  return frame.type === "batch" ? frame.messages : [frame];
}
