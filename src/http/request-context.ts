import type { MiddlewareHandler } from "hono";
import { routePath } from "hono/route";
import { metrics } from "../platform/metrics";
import type { AppEnv } from "./app-env";
import { setResponseHeader } from "./response-header";

const VALID_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Request id, one structured log line and the request metrics. Only the route pattern is logged,
 * never the raw URL, so tokens passed in a query string stay out of logs.
 */
export const requestContext: MiddlewareHandler<AppEnv> = async (c, next) => {
  const start = Date.now();
  const incoming = c.req.header("X-Request-Id");
  const requestId = incoming && VALID_ID.test(incoming) ? incoming : crypto.randomUUID();
  c.set("requestId", requestId);
  c.set("ip", c.req.header("CF-Connecting-IP") ?? "unknown");
  c.set("user", undefined);
  await next();
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
};
