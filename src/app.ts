import { createRoute, z } from "@hono/zod-openapi";
import { adminRoutes } from "./admin/routes";
import { onAccountCreated } from "./auth/account-created";
import { accountRoutes } from "./auth/account-routes";
import { guestRoutes } from "./auth/guest-routes";
import { authRoutes } from "./auth/routes";
import { appMiddleware } from "./http/app-middleware";
import { notFound, onError } from "./http/error-handler";
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
  // Replay imports carry a larger body limit of their own (src/history/routes.ts).
  app.use("*", appMiddleware(app, REPLAY_IMPORT_PATH));

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
