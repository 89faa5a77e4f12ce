import { z } from "@hono/zod-openapi";
import type { ContentfulStatusCode } from "hono/utils/http-status";

/** Status of each generic code; domain codes (e.g. insufficient_resources) pass their own status. */
export const GENERIC_STATUS = {
  invalid_request: 400,
  invalid_json: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  payload_too_large: 413,
  upgrade_required: 426,
  rate_limited: 429,
  internal: 500,
  misconfigured: 500,
  unavailable: 503,
} as const satisfies Record<string, ContentfulStatusCode>;

export type GenericCode = keyof typeof GENERIC_STATUS;

export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }

  static of(code: GenericCode, message: string, details?: unknown, headers?: Record<string, string>) {
    return new ApiError(GENERIC_STATUS[code], code, message, details, headers);
  }
}

export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: "invalid_request" }),
      message: z.string(),
      details: z.unknown().optional(),
      requestId: z.string(),
    }),
  })
  .openapi("Error");

export type ErrorBody = z.infer<typeof ErrorSchema>;

export function errorBody(err: ApiError, requestId: string): ErrorBody {
  return {
    error: {
      code: err.code,
      message: err.message,
      ...(err.details === undefined ? {} : { details: err.details }),
      requestId,
    },
  };
}

/** A route's own refusals beyond the generic codes, by code: `{ room_full: 409 }`. */
export type DomainCodes = Record<string, ContentfulStatusCode>;

/**
 * The codes of a route's refusals, read from the factories that build them (e.g. `RoomErrors.full`),
 * so the documented code and status are the ones the route really answers with.
 */
export function codesOf(...refusals: (() => { status: number; code: string })[]): DomainCodes {
  return Object.fromEntries(
    refusals.map((make) => {
      const { code, status } = make();
      return [code, status as ContentfulStatusCode];
    }),
  );
}

/**
 * Shared OpenAPI response entries, so every route documents the same error shape and the codes it
 * can answer. Each status lists the generic codes of that status (from GENERIC_STATUS) plus the
 * route's domain codes, in its description and as `x-error-codes`.
 */
export function errorResponses(...refusals: (ContentfulStatusCode | DomainCodes)[]) {
  const codes = new Map<ContentfulStatusCode, string[]>();
  const add = (status: ContentfulStatusCode, code?: string) => {
    const list = codes.get(status) ?? [];
    if (code && !list.includes(code)) list.push(code);
    codes.set(status, list);
  };
  for (const r of refusals) {
    if (typeof r === "number") {
      add(r);
      for (const [code, status] of Object.entries(GENERIC_STATUS)) if (status === r) add(r, code);
    } else {
      for (const [code, status] of Object.entries(r)) add(status, code);
    }
  }
  const out: Record<string, ErrorResponseEntry> = {};
  for (const [status, list] of [...codes].sort(([a], [b]) => a - b)) {
    out[String(status)] = {
      description: `Error (${status}): ${list.map((c) => `\`${c}\``).join(", ")}`,
      content: { "application/json": { schema: ErrorSchema, example: exampleError(list[0] ?? "internal") } },
      "x-error-codes": list,
    };
  }
  return out;
}

interface ErrorResponseEntry {
  description: string;
  content: { "application/json": { schema: typeof ErrorSchema; example: ErrorBody } };
  "x-error-codes": string[];
}

const exampleError = (code: string): ErrorBody => ({
  error: { code, message: `refused: ${code.replaceAll("_", " ")}`, requestId: "6c3dcf16-d79e-46cb-b885-fd173e5d14a9" },
});

export function issuesToDetails(issues: readonly z.core.$ZodIssue[], target?: string) {
  return issues.map((i) => ({
    path: [...(target ? [target] : []), ...i.path.map(String)].join("."),
    code: i.code,
    message: i.message,
  }));
}
