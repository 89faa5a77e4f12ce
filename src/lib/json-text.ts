import type { Context, TypedResponse } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { JSONParsed } from "hono/utils/types";

/**
 * The JSON text of a `T`. An object's answer that the Worker only passes on is serialized once,
 * in the object, instead of crossing the RPC boundary as a structured clone (serialized there,
 * rebuilt here) only to be serialized again for the response.
 */
export type JsonText<T> = string & { readonly jsonOf: T };

export function jsonText<T>(value: T): JsonText<T> {
  return JSON.stringify(value) as JsonText<T>;
}

/**
 * The text of a value the caller knows is there, such as a command's planet after the command
 * succeeded on it: `null` would break the route's contract, so it fails loudly (a 500) instead.
 */
export function presentText<T>(text: JsonText<T | null>): JsonText<T> {
  if (text === "null") throw new Error("an answer the route promises was null");
  return text as JsonText<T>;
}

/** The value back, for the few callers that read into it rather than pass it on. */
export function parseJsonText<T>(text: JsonText<T>): T {
  return JSON.parse(text) as T;
}

/** A parsed JSON value is a fresh copy: nothing in it is read-only. */
type Writable<T> = T extends readonly (infer U)[] ? Writable<U>[] : T extends object ? { -readonly [K in keyof T]: Writable<T[K]> } : T;

type JsonResponse<T, S extends ContentfulStatusCode> = Response & TypedResponse<JSONParsed<Writable<T>>, S, "json">;

/**
 * The response `c.json` would make of the value the text holds, typed as `c.json`'s is, so a
 * route's declared response schema checks it.
 */
export function sendJsonText<T, S extends ContentfulStatusCode>(c: Context, text: JsonText<T>, status: S): JsonResponse<T, S> {
  return c.body(text, status, { "Content-Type": "application/json" }) as unknown as JsonResponse<T, S>;
}
