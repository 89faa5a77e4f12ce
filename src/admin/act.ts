import type { Context } from "hono";
import { type AuditEntry, writeAudit } from "../audit/log";
import { currentUser } from "../auth/middleware";
import type { Db } from "../db/client";
import type { AppEnv } from "../http/app-env";
import { ApiError } from "../http/errors";
import { ReasonRequest } from "./schemas";

/** Records an admin action as the signed-in operator, under the request's id. */
export function recordAction(c: Context<AppEnv>, d: Db, entry: Omit<AuditEntry, "actorId" | "requestId">): Promise<void> {
  return writeAudit(d, { ...entry, actorId: currentUser(c).id, requestId: c.get("requestId") });
}

/** The request body `optionalReason` reads, for `createRoute({ request: { body } })`. */
export const optionalReasonBody = { required: false, content: { "application/json": { schema: ReasonRequest } } };

/** The optional `{reason}` body of actions that need nothing else; no body at all is fine. */
export async function optionalReason(c: Context<AppEnv>): Promise<string | null> {
  const text = await c.req.text();
  if (text.trim() === "") return null;
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw ApiError.of("invalid_json", "request body is not valid JSON");
  }
  const parsed = ReasonRequest.safeParse(raw);
  if (!parsed.success)
    throw ApiError.of("invalid_request", "reason must be a string of 1–500 characters", [
      { path: "json.reason", code: "invalid_type", message: "1–500 characters" },
    ]);
  return parsed.data.reason ?? null;
}
