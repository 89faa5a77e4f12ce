import type { Context, ErrorHandler, NotFoundHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import { MisconfiguredError } from "../config";
import type { AppEnv } from "./app-env";
import { ApiError, errorBody } from "./errors";

export function sendError(c: Context<AppEnv>, err: ApiError): Response {
  const res = c.json(errorBody(err, c.get("requestId") ?? "unknown"), err.status);
  for (const [k, v] of Object.entries(err.headers ?? {})) res.headers.set(k, v);
  return res;
}

function fromHttpException(e: HTTPException): ApiError {
  if (e.status === 400 && /json/i.test(e.message)) return ApiError.of("invalid_json", "request body is not valid JSON");
  if (e.status === 413) return ApiError.of("payload_too_large", "request body is too large");
  if (e.status === 401) return ApiError.of("unauthorized", e.message || "unauthorized");
  if (e.status === 400) return ApiError.of("invalid_request", e.message || "bad request");
  return new ApiError(e.status, e.status >= 500 ? "internal" : "invalid_request", e.message || "request failed");
}

export const onError: ErrorHandler<AppEnv> = (err, c) => {
  if (err instanceof ApiError) return sendError(c, err);
  if (err instanceof HTTPException) return sendError(c, fromHttpException(err));
  if (err instanceof MisconfiguredError) {
    console.error(JSON.stringify({ level: "error", msg: "misconfigured", reason: err.message, requestId: c.get("requestId") }));
    return sendError(c, ApiError.of("misconfigured", "the server is misconfigured; see the logs"));
  }
  console.error(
    JSON.stringify({
      level: "error",
      msg: "unhandled error",
      requestId: c.get("requestId"),
      error: err instanceof Error ? err.message : String(err),
      stack: err instanceof Error ? err.stack : undefined,
    }),
  );
  return sendError(c, ApiError.of("internal", "internal error"));
};

export const notFound: NotFoundHandler<AppEnv> = (c) => sendError(c, ApiError.of("not_found", `no route for ${c.req.method} ${c.req.path}`));
