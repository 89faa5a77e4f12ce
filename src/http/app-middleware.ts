import type { Context, MiddlewareHandler, Next } from "hono";
import { bodyLimit } from "hono/body-limit";
import { methodNotAllowed } from "hono/method-not-allowed";
import { secureHeaders } from "hono/secure-headers";
import type { OpenAPIHono } from "@hono/zod-openapi";
import { bootstrapPending, ensureBootstrapAdmin } from "../auth/users";
import { loadConfig } from "../config";
import { db } from "../db/client";
import type { AppEnv } from "./app-env";
import { addCorsHeaders, preflight } from "./cors";
import { onError, sendError } from "./error-handler";
import { ApiError } from "./errors";
import { finishRequest, startRequest } from "./request-context";

/**
 * What every request goes through around its route, as one middleware: its id, log line and
 * metrics; its config; the security and CORS headers; under /v1, the body limit and the bootstrap
 * admin; the 405 for a known path asked with another method. As separate middlewares these were
 * seven steps of hono's dispatch, each an async call with its own error handling, on every request
 * (issue 13).
 *
 * An error is answered where it is thrown, as hono answers a middleware's: the steps outside it
 * still add their headers. So a misconfigured Worker's 500 has its request id and nothing else,
 * and a refused body still gets the security and CORS headers.
 *
 * `ownBodyLimit` is a /v1 path whose route applies a body limit of its own.
 */
export function appMiddleware(app: OpenAPIHono<AppEnv>, ownBodyLimit: string): MiddlewareHandler<AppEnv> {
  /** A page's policy (the /docs page): its script and styles come from this origin. */
  const documentSecurity = secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", "data:"],
      connectSrc: ["'self'"],
      objectSrc: ["'none'"],
      baseUri: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
    },
  });
  /**
   * Every other answer (JSON, text, socket upgrades) gets the headers that act on a response a
   * browser never renders as a page, as OWASP's REST cheat sheet lists them: no sniffing, no
   * framing, HTTPS only, no cross-origin embedding. The others (referrer, opener, prefetch, XSS
   * filter, download and cross-domain policies, agent clusters) act on documents only, and writing
   * them cost 14 % of a planet read's instructions (issue 13).
   */
  const apiSecurity = secureHeaders({
    contentSecurityPolicy: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
    crossOriginOpenerPolicy: false,
    originAgentCluster: false,
    referrerPolicy: false,
    xDnsPrefetchControl: false,
    xDownloadOptions: false,
    xPermittedCrossDomainPolicies: false,
    xXssProtection: false,
    removePoweredBy: false,
  });
  const refuseOtherMethods = methodNotAllowed({
    app,
    onMethodNotAllowed: (c, allowed) =>
      sendError(c, ApiError.of("method_not_allowed", `${c.req.method} is not allowed here`, { allowed }, { Allow: allowed.join(", ") })),
  });

  /** The route, behind the body limit and the bootstrap admin on /v1 paths. */
  const route = async (c: Context<AppEnv>, next: Next) => {
    const path = c.req.path;
    // The paths hono's "/v1/*" matches.
    if (path !== "/v1" && !path.startsWith("/v1/")) return next();
    const config = c.get("config");
    const admitted = async () => {
      if (bootstrapPending(config)) await ensureBootstrapAdmin(db(c.env), config);
      await next();
    };
    // GET and HEAD carry no body, and a WebSocket upgrade is a GET whose body the limit must not read (see `bodyLimitOf`).
    if (c.req.method === "GET" || c.req.method === "HEAD" || path === ownBodyLimit) return admitted();
    await bodyLimitOf(config.MAX_BODY_BYTES)(c, admitted);
  };

  /** The preflight, or the route with its CORS headers after it; the security headers follow. */
  const inner = async (c: Context<AppEnv>, next: Next) => {
    try {
      if (c.req.method === "OPTIONS") {
        const res = await preflight(c, next);
        if (res && !c.finalized) c.res = res;
        return;
      }
      try {
        await route(c, next);
        // Hono's 405 middleware looks only once the route has answered 404: it runs then alone, not around every route.
        if (c.res.status === 404) await refuseOtherMethods(c, answered);
      } catch (err) {
        await answerError(c, err);
      }
      addCorsHeaders(c);
    } catch (err) {
      await answerError(c, err);
    }
  };

  return async (c, next) => {
    const start = startRequest(c);
    try {
      c.set("config", loadConfig(c.env));
      await inner(c, next);
      const page = c.res.headers.get("Content-Type")?.startsWith("text/html") ?? false;
      await (page ? documentSecurity : apiSecurity)(c, answered);
    } catch (err) {
      await answerError(c, err);
    }
    finishRequest(c, start);
  };
}

/** The `next` of a middleware run once the route has answered. */
const answered = async () => {};

/** What hono does with a middleware's error: the app's error handler answers an Error; anything else goes on up. */
async function answerError(c: Context<AppEnv>, err: unknown): Promise<void> {
  if (!(err instanceof Error)) throw err;
  c.error = err;
  c.res = await onError(err, c);
}

/**
 * A body limit per size (the configured one, in practice), made once rather than per request.
 * workerd turns any request with `Upgrade: websocket` into a GET whose body is the upgraded
 * connection; hono's bodyLimit would read that and then fail to rebuild a GET with a body (a 500),
 * so GET and HEAD skip the limit and reach their route (or its 405).
 */
const bodyLimits = new Map<number, MiddlewareHandler>();
function bodyLimitOf(maxSize: number): MiddlewareHandler {
  let limit = bodyLimits.get(maxSize);
  if (!limit) {
    limit = bodyLimit({
      maxSize,
      onError: () => {
        throw ApiError.of("payload_too_large", `request body exceeds ${maxSize} bytes`, { limitBytes: maxSize });
      },
    });
    bodyLimits.set(maxSize, limit);
  }
  return limit;
}
