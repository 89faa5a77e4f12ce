import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";

/**
 * The JSON text of a `T`. An object's answer that the Worker only passes on is serialized once,
 * in the object, instead of crossing the RPC boundary as a structured clone (serialized there,
 * rebuilt here) only to be serialized again for the response.
 */
export type JsonText<T> = string & { readonly jsonOf: T };

export function jsonText<T>(value: T): JsonText<T> {
  return JSON.stringify(value) as JsonText<T>;
}

/** The value back, for the few callers that read into it rather than pass it on. */
export function parseJsonText<T>(text: JsonText<T>): T {
  return JSON.parse(text) as T;
}

/** The response `c.json` would make of the value the text holds. */
export function sendJsonText(c: Context, text: JsonText<unknown>, status: ContentfulStatusCode): Response {
  return c.body(text, status, { "Content-Type": "application/json" });
}
