import type { Context } from "hono";
import { cors } from "hono/cors";
import type { AppEnv } from "./app-env";
import { setResponseHeader } from "./response-header";

const EXPOSED = ["X-Request-Id", "Retry-After", "X-RateLimit-Limit", "X-RateLimit-Remaining"];
const EXPOSED_TEXT = EXPOSED.join(",");

/** The allowed origins are read from the request's config (`CORS_ORIGINS`). */
const allowed = (origin: string, c: Context<AppEnv>) => (c.get("config").CORS_ORIGINS.includes(origin) ? origin : null);

/** Answers an OPTIONS request: hono's CORS middleware, whose preflight answer never reaches a route. */
export const preflight = cors({
  origin: allowed,
  allowHeaders: ["Authorization", "Content-Type", "X-Request-Id"],
  exposeHeaders: EXPOSED,
  maxAge: 600,
});

/**
 * CORS headers for any answer but a preflight's, written after the handler. Hono's middleware
 * writes them before it, into a placeholder response that hono then copies into the handler's,
 * header by header: two extra responses built on every request, cross-origin or not.
 */
export function addCorsHeaders(c: Context<AppEnv>): void {
  setResponseHeader(c, "Vary", "Origin", { append: true });
  const origin = allowed(c.req.header("Origin") ?? "", c);
  if (!origin) return;
  setResponseHeader(c, "Access-Control-Allow-Origin", origin);
  setResponseHeader(c, "Access-Control-Expose-Headers", EXPOSED_TEXT);
}
