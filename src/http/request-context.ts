import type { Context } from "hono";
import { routePath } from "hono/route";
import { metrics } from "../platform/metrics";
import type { AppEnv } from "./app-env";
import { setResponseHeader } from "./response-header";

const VALID_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Gives the request its id (the caller's, when valid) and its client IP; returns its start time for `finishRequest`. */
export function startRequest(c: Context<AppEnv>): number {
  const start = Date.now();
  const incoming = c.req.header("X-Request-Id");
  c.set("requestId", incoming && VALID_ID.test(incoming) ? incoming : crypto.randomUUID());
  c.set("ip", c.req.header("CF-Connecting-IP") ?? "unknown");
  c.set("user", undefined);
  return start;
}

/** A request this slow is logged whatever its status (`REQUEST_LOG=errors`). */
export const SLOW_REQUEST_MS = 1000;

/**
 * Whether a finished request gets its log line: under `errors`, the failed (400 and up) and the
 * slow ones. A line per request cost 7–12 % of a planet read's CPU (paired `bench:profile` runs,
 * issue 13), and Workers Logs records every invocation anyway.
 */
export function logsRequest(mode: "errors" | "all", status: number, durationMs: number): boolean {
  return mode === "all" || status >= 400 || durationMs >= SLOW_REQUEST_MS;
}

/**
 * The request id header, the log line (see `logsRequest`) and the request metrics, which count
 * every request. Only the route pattern is logged, never the raw URL, so tokens passed in a query
 * string stay out of logs.
 */
export function finishRequest(c: Context<AppEnv>, start: number): void {
  const requestId = c.get("requestId");
  setResponseHeader(c, "X-Request-Id", requestId);
  const route = c.res.status === 404 || c.res.status === 405 ? "unmatched" : routePath(c, -1);
  const durationMs = Date.now() - start;
  const status = c.res.status;
  if (logsRequest(c.get("config")?.REQUEST_LOG ?? "all", status, durationMs)) {
    console.log(
      JSON.stringify({
        level: status >= 500 ? "error" : status >= 400 ? "warn" : "info",
        msg: "request",
        requestId,
        method: c.req.method,
        route,
        status,
        durationMs,
        userId: c.get("user")?.id ?? null,
      }),
    );
  }
  metrics.inc("orrery_http_requests_total", "HTTP requests by route, method and status", { route, method: c.req.method, status });
  metrics.observe("orrery_http_request_duration_seconds", "HTTP request latency", { route }, durationMs / 1000);
}
