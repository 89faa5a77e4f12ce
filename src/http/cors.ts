import type { Context, MiddlewareHandler } from "hono";
import { cors } from "hono/cors";
import type { AppEnv } from "./app-env";
import { setResponseHeader } from "./response-header";

const EXPOSED = ["X-Request-Id", "Retry-After", "X-RateLimit-Limit", "X-RateLimit-Remaining"];

/** The allowed origins are read from the request's config (`CORS_ORIGINS`). */
const allowed = (origin: string, c: Context<AppEnv>) => (c.get("config").CORS_ORIGINS.includes(origin) ? origin : null);

const preflight = cors({
  origin: allowed,
  allowHeaders: ["Authorization", "Content-Type", "X-Request-Id"],
  exposeHeaders: EXPOSED,
  maxAge: 600,
});

/**
 * CORS for the allow-listed origins: hono's middleware answers preflights, and every other
 * response gets its headers after the handler. Hono's writes them before the handler, into a
 * placeholder response that hono then copies into the handler's, header by header: two extra
 * responses built on every request, cross-origin or not.
 */
export const corsHeaders: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (c.req.method === "OPTIONS") return preflight(c, next);
  await next();
  setResponseHeader(c, "Vary", "Origin", { append: true });
  const origin = allowed(c.req.header("Origin") ?? "", c);
  if (!origin) return;
  setResponseHeader(c, "Access-Control-Allow-Origin", origin);
  setResponseHeader(c, "Access-Control-Expose-Headers", EXPOSED.join(","));
};
