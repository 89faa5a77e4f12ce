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

/**
 * The request id header, one structured log line and the request metrics. Only the route pattern
 * is logged, never the raw URL, so tokens passed in a query string stay out of logs.
 */
export function finishRequest(c: Context<AppEnv>, start: number): void {
  const requestId = c.get("requestId");
  setResponseHeader(c, "X-Request-Id", requestId);
  const route = c.res.status === 404 || c.res.status === 405 ? "unmatched" : routePath(c, -1);
  const durationMs = Date.now() - start;
  const status = c.res.status;
  console.log(
    JSON.stringify({
      level: status >= 500 ? "error" : "info",
      msg: "request",
      requestId,
      method: c.req.method,
      route,
      status,
      durationMs,
      userId: c.get("user")?.id ?? null,
    }),
  );
  metrics.inc("orrery_http_requests_total", "HTTP requests by route, method and status", { route, method: c.req.method, status });
  metrics.observe("orrery_http_request_duration_seconds", "HTTP request latency", { route }, durationMs / 1000);
}
