import { createRoute, z } from "@hono/zod-openapi";
import { errorResponses } from "../http/errors";
import { jsonResponse as json } from "../http/openapi";
import { router } from "../http/router";
import { flushMetrics } from "./metrics";
import { requireMetricsToken } from "./metrics-access";
import { objectByName } from "../lib/objects";

const tag = "Platform";

const CheckSchema = z.object({ ok: z.boolean(), latencyMs: z.number(), error: z.string().optional() });
const ReadySchema = z
  .object({ status: z.enum(["ready", "degraded"]), checks: z.object({ d1: CheckSchema, durableObjects: CheckSchema }) })
  .openapi("Readiness");

async function timed(probe: () => Promise<unknown>, timeoutMs = 3000): Promise<z.infer<typeof CheckSchema>> {
  const start = Date.now();
  try {
    await Promise.race([
      probe(),
      new Promise((_, reject) => setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs)),
    ]);
    return { ok: true, latencyMs: Date.now() - start };
  } catch (e) {
    return { ok: false, latencyMs: Date.now() - start, error: e instanceof Error ? e.message : String(e) };
  }
}

const healthz = createRoute({
  operationId: "getHealth",
  method: "get",
  path: "/healthz",
  tags: [tag],
  summary: "Liveness",
  responses: { 200: json(z.object({ status: z.literal("ok") }), "Alive", { status: "ok" }) },
});

const readyz = createRoute({
  operationId: "getReadiness",
  method: "get",
  path: "/readyz",
  tags: [tag],
  summary: "Readiness: D1 and a Durable Object round trip",
  responses: {
    200: json(ReadySchema, "Ready", {
      status: "ready",
      checks: { d1: { ok: true, latencyMs: 4 }, durableObjects: { ok: true, latencyMs: 3 } },
    }),
    503: json(ReadySchema, "Degraded", {
      status: "degraded",
      checks: { d1: { ok: false, latencyMs: 5002, error: "D1 unavailable" }, durableObjects: { ok: true, latencyMs: 3 } },
    }),
  },
});

const metricsRoute = createRoute({
  operationId: "getMetrics",
  method: "get",
  path: "/metrics",
  tags: [tag],
  summary: "Prometheus metrics",
  description:
    "Open in development. In production it requires `Authorization: Bearer <METRICS_TOKEN>`, and answers 500 `misconfigured` while that token is unset.",
  security: [{ metricsToken: [] }],
  middleware: [requireMetricsToken] as const,
  responses: {
    200: {
      description: "Prometheus text exposition format",
      content: {
        "text/plain": {
          schema: z.string(),
          example: '# TYPE orrery_http_requests_total counter\norrery_http_requests_total{route="/healthz",method="GET",status="200"} 3\n',
        },
      },
    },
    ...errorResponses(401, 500),
  },
});

const routes = router();
routes.openAPIRegistry.registerComponent("securitySchemes", "metricsToken", {
  type: "http",
  scheme: "bearer",
  description: "The METRICS_TOKEN secret",
});

export const healthRoutes = routes
  .openapi(healthz, (c) => c.json({ status: "ok" as const }, 200))
  .openapi(readyz, async (c) => {
    const [d1, durableObjects] = await Promise.all([
      timed(() => c.env.DB.prepare("SELECT 1").first()),
      timed(() => objectByName(c.env.SENTINEL, "readiness").ping()),
    ]);
    const ok = d1.ok && durableObjects.ok;
    return c.json({ status: ok ? ("ready" as const) : ("degraded" as const), checks: { d1, durableObjects } }, ok ? 200 : 503);
  })
  .openapi(metricsRoute, async (c) => {
    await flushMetrics(c.env, true);
    const text = await objectByName(c.env.METRICS, "global").render();
    return c.text(text, 200, { "Content-Type": "text/plain; version=0.0.4; charset=utf-8" });
  });
