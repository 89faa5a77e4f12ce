import { createRoute, z } from "@hono/zod-openapi";
import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { methodNotAllowed } from "hono/method-not-allowed";
import { secureHeaders } from "hono/secure-headers";
import { adminRoutes } from "./admin/routes";
import { onAccountCreated } from "./auth/account-created";
import { accountRoutes } from "./auth/account-routes";
import { guestRoutes } from "./auth/guest-routes";
import { authRoutes } from "./auth/routes";
import { ensureBootstrapAdmin } from "./auth/users";
import { loadConfig } from "./config";
import { db } from "./db/client";
import type { AppEnv } from "./http/app-env";
import { corsHeaders } from "./http/cors";
import { notFound, onError, sendError } from "./http/error-handler";
import { ApiError } from "./http/errors";
import { requestContext } from "./http/request-context";
import { jsonResponse as json } from "./http/openapi";
import { router } from "./http/router";
import { renderDocs } from "./platform/docs-page";
import { TRY_IT_SCRIPT } from "./platform/docs-script";
import { echoRoutes } from "./platform/echo";
import { healthRoutes } from "./platform/health";
import { universeApi } from "./universe/routes/index";
import { roomRoutes } from "./rooms/routes";
import { lobbyRoutes } from "./lobby/routes";
import { matchmakingRoutes } from "./matchmaking/routes";
import { historyRoutes, REPLAY_IMPORT_PATH } from "./history/routes";
import { statsRoutes } from "./stats/routes";
import { starterGrantWrites } from "./tcg/collection";
import { tcgRoutes } from "./tcg/routes";
import { devMailRoutes } from "./mail/routes";
import { worldAdminRoutes } from "./world/admin-routes";
import { worldRoutes } from "./world/routes";

const withConfig: MiddlewareHandler<AppEnv> = async (c, next) => {
  c.set("config", loadConfig(c.env));
  await next();
};

/**
 * GET and HEAD carry no body. workerd turns any request with `Upgrade: websocket` into a GET whose
 * body is the upgraded connection; hono's bodyLimit would read that and then fail to rebuild a GET
 * with a body (a 500), so such requests skip the limit and reach their route (or its 405).
 */
const limitBody: MiddlewareHandler<AppEnv> = (c, next) =>
  c.req.method === "GET" || c.req.method === "HEAD" ? next() : bodyLimitOf(c.get("config").MAX_BODY_BYTES)(c, next);

/** One body-limit middleware per limit (the configured one, in practice), not one per request. */
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

const bootstrap: MiddlewareHandler<AppEnv> = async (c, next) => {
  await ensureBootstrapAdmin(db(c.env), c.get("config"));
  await next();
};

const OPENAPI_INFO = {
  openapi: "3.1.0",
  info: {
    title: "orrery",
    version: "0.1.0",
    description:
      "Edge-native multiplayer game backend. Every error is `{error: {code, message, details?, requestId}}` with a stable snake_case code.",
  },
};

/** The document as served: this origin first, then the local development server. */
const openApiDocument = (app: ReturnType<typeof router>, url: string) =>
  app.getOpenAPI31Document({
    ...OPENAPI_INFO,
    servers: [
      { url: new URL(url).origin, description: "This server" },
      { url: "http://localhost:8787", description: "Local development: npm run dev" },
    ],
  }) as unknown as Record<string, unknown>;

/** Every HTTP route, chained so its type carries them all: `AppType` is what `hono/client` reads (web/src/api). */
const apiRoutes = () =>
  router()
    .route("/", healthRoutes)
    .route("/", authRoutes)
    .route("/", accountRoutes)
    .route("/", devMailRoutes)
    .route("/", guestRoutes)
    .route("/", adminRoutes)
    .route("/", echoRoutes)
    .route("/", universeApi)
    .route("/", roomRoutes)
    .route("/", lobbyRoutes)
    .route("/", matchmakingRoutes)
    .route("/", historyRoutes)
    .route("/", statsRoutes)
    .route("/", tcgRoutes)
    .route("/", worldRoutes)
    .route("/", worldAdminRoutes);

export type AppType = ReturnType<typeof apiRoutes>;

export function createApp() {
  onAccountCreated(starterGrantWrites);
  const app = router();
  app.use("*", requestContext);
  app.use("*", withConfig);
  app.use(
    "*",
    secureHeaders({
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
    }),
  );
  app.use("*", corsHeaders);
  // Replay imports carry a larger body limit of their own (src/history/routes.ts).
  app.use("/v1/*", (c, next) => (c.req.path === REPLAY_IMPORT_PATH ? next() : limitBody(c, next)));
  app.use("/v1/*", bootstrap);
  app.use(
    "*",
    methodNotAllowed({
      app,
      onMethodNotAllowed: (c, allowed) =>
        sendError(c, ApiError.of("method_not_allowed", `${c.req.method} is not allowed here`, { allowed }, { Allow: allowed.join(", ") })),
    }),
  );

  app.openAPIRegistry.registerComponent("securitySchemes", "bearerAuth", { type: "http", scheme: "bearer", bearerFormat: "JWT" });

  app.route("/", apiRoutes());

  app.openapi(
    createRoute({
      operationId: "getOpenApiDocument",
      method: "get",
      path: "/openapi.json",
      tags: ["Platform"],
      summary: "This OpenAPI 3.1 document",
      responses: {
        200: json(z.record(z.string(), z.unknown()), "OpenAPI document", {
          openapi: "3.1.0",
          info: { title: "orrery", version: "0.1.0" },
          paths: {},
        }),
      },
    }),
    (c) => c.json(openApiDocument(app, c.req.url), 200),
  );
  app.openapi(
    createRoute({
      operationId: "getDocsPage",
      method: "get",
      path: "/docs",
      tags: ["Platform"],
      summary: "Readable API documentation",
      responses: {
        200: {
          description: "HTML page",
          content: { "text/html": { schema: z.string(), example: '<!doctype html><html lang="en">…</html>' } },
        },
      },
    }),
    (c) => c.html(renderDocs(openApiDocument(app, c.req.url)), 200),
  );

  app.openapi(
    createRoute({
      operationId: "getDocsScript",
      method: "get",
      path: "/docs/try-it.js",
      tags: ["Platform"],
      summary: 'The script of the /docs "try it" forms (served from this origin, as the CSP requires)',
      responses: {
        200: { description: "JavaScript", content: { "text/javascript": { schema: z.string(), example: '"use strict";' } } },
      },
    }),
    (c) => c.body(TRY_IT_SCRIPT, 200, { "Content-Type": "text/javascript; charset=utf-8", "Cache-Control": "public, max-age=300" }),
  );

  app.notFound(notFound);
  app.onError(onError);
  return app;
}
