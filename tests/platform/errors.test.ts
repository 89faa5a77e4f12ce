import { env, SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import worker from "../../src/index";
import { call, expectError, json, registerUser } from "../helpers/http";

describe("error model", () => {
  it("answers malformed JSON with invalid_json", async () => {
    await expectError(await call("/v1/auth/login", { rawBody: '{"login": "x",' }), 400, "invalid_json");
  });

  it("answers a zod failure with invalid_request and field paths", async () => {
    const err = await expectError(await call("/v1/auth/login", { body: { login: 42 } }), 400, "invalid_request");
    expect(err.details.map((d: { path: string }) => d.path)).toEqual(expect.arrayContaining(["json.login", "json.password"]));
  });

  it("answers an unknown route with not_found", async () => {
    await expectError(await call("/v1/nowhere"), 404, "not_found");
  });

  it("answers a wrong method with method_not_allowed and an Allow header", async () => {
    const res = await call("/v1/auth/login", { method: "GET" });
    expect(res.headers.get("Allow")).toContain("POST");
    const err = await expectError(res, 405, "method_not_allowed");
    expect(err.details.allowed).toContain("POST");
  });

  it("answers an oversized body with payload_too_large", async () => {
    const huge = JSON.stringify({ login: "x".repeat(70_000), password: "y" });
    await expectError(await call("/v1/auth/login", { rawBody: huge }), 413, "payload_too_large");
  });

  it("echoes a valid X-Request-Id and generates one otherwise", async () => {
    const res = await call("/healthz", { headers: { "X-Request-Id": "trace-123" } });
    expect(res.headers.get("X-Request-Id")).toBe("trace-123");
    const err = await expectError(await call("/v1/nowhere", { headers: { "X-Request-Id": "bad id with spaces" } }), 404, "not_found");
    expect(err.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("sets secure headers with a same-origin CSP and honours the CORS allow-list only", async () => {
    const res = await call("/healthz", { headers: { Origin: "https://evil.example" } });
    expect(res.headers.get("Access-Control-Allow-Origin")).toBeNull();
    // An API answer: the headers that act on a response no browser renders as a page.
    expect(res.headers.get("Content-Security-Policy")).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(res.headers.get("X-Content-Type-Options")).toBe("nosniff");
    expect(res.headers.get("X-Frame-Options")).toBe("SAMEORIGIN");
    expect(res.headers.get("Cross-Origin-Resource-Policy")).toBe("same-origin");
    expect(res.headers.get("Strict-Transport-Security")).toContain("max-age=");
    for (const pageOnly of ["Referrer-Policy", "Cross-Origin-Opener-Policy", "X-XSS-Protection", "X-DNS-Prefetch-Control"]) {
      expect(res.headers.get(pageOnly), pageOnly).toBeNull();
    }
    // A page (the API reference): the document policy, its script and styles from this origin only.
    const page = await call("/docs");
    expect(page.headers.get("Content-Type")).toContain("text/html");
    expect(page.headers.get("Content-Security-Policy")).toContain("default-src 'self'");
    expect(page.headers.get("Content-Security-Policy")).toContain("script-src 'self'");
    expect(page.headers.get("Referrer-Policy")).toBe("no-referrer");
    expect(page.headers.get("X-Content-Type-Options")).toBe("nosniff");
  });

  it("answers an allow-listed origin's requests and preflights with CORS headers, on answers and errors alike", async () => {
    const allowing = { ...env, CORS_ORIGINS: "https://game.example" } as unknown as Env;
    const ctx = { waitUntil() {}, passThroughOnException() {}, props: {} } as unknown as ExecutionContext;
    const send = (path: string, init: RequestInit<IncomingRequestCfProperties>) => worker.fetch(new Request(`http://orrery.test${path}`, init), allowing, ctx);
    for (const res of [
      await send("/healthz", { headers: { Origin: "https://game.example" } }),
      await send("/v1/nowhere", { headers: { Origin: "https://game.example" } }),
    ]) {
      expect(res.headers.get("Access-Control-Allow-Origin")).toBe("https://game.example");
      expect(res.headers.get("Access-Control-Expose-Headers")).toContain("X-Request-Id");
      expect(res.headers.get("Vary")).toContain("Origin");
      expect(res.headers.get("X-Request-Id")).toMatch(/^[0-9a-f-]{36}$/);
      expect(res.headers.get("X-Content-Type-Options")).toBe("nosniff");
    }
    const stranger = await send("/healthz", { headers: { Origin: "https://evil.example" } });
    expect(stranger.headers.get("Access-Control-Allow-Origin")).toBeNull();
    expect(stranger.headers.get("Vary")).toContain("Origin");
    const preflight = await send("/v1/auth/me", {
      method: "OPTIONS",
      headers: { Origin: "https://game.example", "Access-Control-Request-Method": "GET", "Access-Control-Request-Headers": "Authorization" },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("Access-Control-Allow-Origin")).toBe("https://game.example");
    expect(preflight.headers.get("Access-Control-Allow-Headers")).toContain("Authorization");
    expect(preflight.headers.get("Access-Control-Max-Age")).toBe("600");
  });

  it("limits the general API per user", async () => {
    const u = await registerUser("lim");
    // The bucket refills continuously (100/min), so a few extra requests slip in during the loop.
    let allowed = 0;
    let limited: Response | undefined;
    for (let i = 0; i < 130 && !limited; i++) {
      const res = await call("/v1/auth/me", { token: u.accessToken });
      if (res.status === 429) limited = res;
      else allowed += 1;
    }
    expect(allowed).toBeGreaterThanOrEqual(100);
    expect(allowed).toBeLessThan(115);
    expect(Number(limited?.headers.get("Retry-After"))).toBeGreaterThan(0);
  });
});

describe("misconfiguration", () => {
  it("refuses every request with 500 misconfigured when a production Worker has no JWT_SECRET", async () => {
    const broken = { ...env, JWT_SECRET: undefined, ENVIRONMENT: "production" } as unknown as Env;
    const logs: string[] = [];
    const original = console.error;
    console.error = (line: string) => logs.push(line);
    try {
      const ctx = { waitUntil() {}, passThroughOnException() {}, props: {} } as unknown as ExecutionContext;
      const res = await worker.fetch(new Request("http://orrery.test/v1/auth/me"), broken, ctx);
      expect(res.status).toBe(500);
      expect((await json(res)).error.code).toBe("misconfigured");
    } finally {
      console.error = original;
    }
    expect(logs.some((l) => l.includes("JWT_SECRET is not set"))).toBe(true);
  });

  it("uses the dev-only secret only in development", async () => {
    const dev = { ...env, JWT_SECRET: undefined, ENVIRONMENT: "development" } as unknown as Env;
    const ctx = { waitUntil() {}, passThroughOnException() {}, props: {} } as unknown as ExecutionContext;
    const res = await worker.fetch(new Request("http://orrery.test/healthz"), dev, ctx);
    expect(res.status).toBe(200);
  });

  it("never returns an unhandled 500 for garbage input", async () => {
    const inputs = ["\u0000", "[]", "null", '"str"', "{".repeat(500), JSON.stringify({ login: {}, password: [] })];
    for (const raw of inputs) {
      const res = await SELF.fetch("http://orrery.test/v1/auth/register", { method: "POST", body: raw, headers: { "Content-Type": "application/json" } });
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
    }
  });
});
