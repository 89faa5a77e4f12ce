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

/** Shared OpenAPI response entries so every route documents the same error shape. */
export function errorResponses(...statuses: ContentfulStatusCode[]) {
  const out: Record<string, { description: string; content: { "application/json": { schema: typeof ErrorSchema } } }> = {};
  for (const s of statuses) {
    out[String(s)] = { description: `Error (${s})`, content: { "application/json": { schema: ErrorSchema } } };
  }
  return out;
}

export function issuesToDetails(issues: readonly z.core.$ZodIssue[], target?: string) {
  return issues.map((i) => ({
    path: [...(target ? [target] : []), ...i.path.map(String)].join("."),
    code: i.code,
    message: i.message,
  }));
}
