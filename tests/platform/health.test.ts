import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { createApp } from "../../src/app";
import worker from "../../src/index";
import { call, expectError, json } from "../helpers/http";
import { METRICS_TOKEN } from "./metrics-scrape";

const ctx = { waitUntil() {}, passThroughOnException() {}, props: {} } as unknown as ExecutionContext;

describe("health", () => {
  it("serves liveness and readiness", async () => {
    expect(await json(await call("/healthz"))).toEqual({ status: "ok" });
    const ready = await call("/readyz");
    expect(ready.status).toBe(200);
    const body = await json(ready);
    expect(body.status).toBe("ready");
    expect(body.checks.d1.ok).toBe(true);
    expect(body.checks.durableObjects.ok).toBe(true);
  });

  it("reports 503 degraded when D1 fails", async () => {
    const failingDb = { prepare: () => ({ first: () => Promise.reject(new Error("D1 unavailable")) }) };
    const res = await worker.fetch(new Request("http://orrery.test/readyz"), { ...env, DB: failingDb } as unknown as Env, ctx);
    expect(res.status).toBe(503);
    const body = await json(res);
    expect(body.status).toBe("degraded");
    expect(body.checks.d1).toMatchObject({ ok: false, error: "D1 unavailable" });
    expect(body.checks.durableObjects.ok).toBe(true);
  });

  it("reports 503 degraded when the Durable Object round trip fails", async () => {
    const failingNs = { idFromName: () => ({}), get: () => ({ ping: () => Promise.reject(new Error("object unreachable")) }) };
    const res = await worker.fetch(new Request("http://orrery.test/readyz"), { ...env, SENTINEL: failingNs } as unknown as Env, ctx);
    expect(res.status).toBe(503);
    expect((await json(res)).checks.durableObjects).toMatchObject({ ok: false, error: "object unreachable" });
  });

  it("exposes Prometheus metrics with request counts and a latency histogram", async () => {
    await call("/healthz");
    const res = await call("/metrics", { token: METRICS_TOKEN });
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toContain("text/plain");
    const text = await res.text();
    expect(text).toContain("# TYPE orrery_http_requests_total counter");
    expect(text).toMatch(/orrery_http_requests_total\{method="GET",route="\/healthz",status="200"\} \d+/);
    expect(text).toContain("# TYPE orrery_http_request_duration_seconds histogram");
    expect(text).toMatch(/orrery_http_request_duration_seconds_bucket\{route="\/healthz",le="\+Inf"\} \d+/);
  });
});

describe("/metrics access", () => {
  const get = (e: Record<string, unknown>, token?: string) =>
    worker.fetch(
      new Request("http://orrery.test/metrics", { headers: token ? { Authorization: `Bearer ${token}` } : {} }),
      { ...env, ...e } as unknown as Env,
      ctx,
    );

  it("requires the METRICS_TOKEN bearer token in production", async () => {
    expect(env.ENVIRONMENT).toBe("production");
    const none = await expectError(await call("/metrics"), 401, "unauthorized");
    expect(none.message).toContain("METRICS_TOKEN");
    const wrong = await call("/metrics", { token: `${METRICS_TOKEN}x` });
    await expectError(wrong.clone(), 401, "unauthorized");
    expect(wrong.headers.get("WWW-Authenticate")).toBe('Bearer realm="metrics"');
    // A valid user access token is not the metrics token.
    const user = await json(await call("/v1/auth/login", { body: { login: "root_admin", password: "root-admin-password" } }));
    await expectError(await call("/metrics", { token: user.accessToken }), 401, "unauthorized");
    expect((await call("/metrics", { token: METRICS_TOKEN })).status).toBe(200);
  });

  it("stays closed with 500 misconfigured when production has no METRICS_TOKEN", async () => {
    await expectError(await get({ METRICS_TOKEN: undefined }), 500, "misconfigured");
    await expectError(await get({ METRICS_TOKEN: undefined }, METRICS_TOKEN), 500, "misconfigured");
  });

  it("is open in development", async () => {
    const res = await get({ ENVIRONMENT: "development", METRICS_TOKEN: undefined });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("# TYPE");
  });
});

describe("OpenAPI", () => {
  it("documents every route of the app", async () => {
    const doc = await json(await call("/openapi.json"));
    expect(doc.openapi).toBe("3.1.0");
    const documented = new Set<string>();
    for (const [path, item] of Object.entries<Record<string, unknown>>(doc.paths)) {
      for (const method of Object.keys(item)) documented.add(`${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ":$1")}`);
    }
    const routes = createApp()
      .routes.filter((r) => r.method !== "ALL")
      .map((r) => `${r.method} ${r.path}`);
    expect(routes.length).toBeGreaterThan(10);
    for (const r of new Set(routes)) expect(documented, r).toContain(r);
    expect(doc.components.securitySchemes.bearerAuth.scheme).toBe("bearer");
  });

  it("renders readable docs at /docs", async () => {
    const res = await call("/docs");
    expect(res.headers.get("Content-Type")).toContain("text/html");
    const html = await res.text();
    expect(html).toContain("/v1/auth/register");
    expect(html).not.toMatch(/<script[^>]*src="(https?:)?\/\//);
  });
});
