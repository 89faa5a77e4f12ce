import { env } from "cloudflare:test";
import { afterEach, describe, expect, it, vi } from "vitest";
import { logsRequest, SLOW_REQUEST_MS } from "../../src/http/request-context";
import worker from "../../src/index";
import { call } from "../helpers/http";

const ctx = { waitUntil() {}, passThroughOnException() {}, props: {} } as unknown as ExecutionContext;

/** The Worker's request log lines printed while `run` ran. */
async function requestLines(run: () => Promise<unknown>): Promise<Record<string, unknown>[]> {
  const log = vi.spyOn(console, "log");
  try {
    await run();
    return log.mock.calls
      .map((args) => (typeof args[0] === "string" && args[0].startsWith("{") ? (JSON.parse(args[0]) as Record<string, unknown>) : null))
      .filter((line): line is Record<string, unknown> => line?.msg === "request");
  } finally {
    log.mockRestore();
  }
}

describe("request log", () => {
  afterEach(() => vi.restoreAllMocks());

  it("logs failed requests only, by default (REQUEST_LOG=errors): the line carries the response's request id", async () => {
    let failed: Response | undefined;
    const lines = await requestLines(async () => {
      expect((await call("/healthz")).status).toBe(200);
      failed = await call("/v1/no-such-route");
    });
    expect(failed?.status).toBe(404);
    expect(lines).toEqual([
      {
        level: "warn",
        msg: "request",
        requestId: failed?.headers.get("X-Request-Id"),
        method: "GET",
        route: "unmatched",
        status: 404,
        durationMs: expect.any(Number),
        userId: null,
      },
    ]);
  });

  it("logs every request with REQUEST_LOG=all, successes at level info", async () => {
    const lines = await requestLines(() => worker.fetch(new Request("http://orrery.test/healthz"), { ...env, REQUEST_LOG: "all" } as Env, ctx));
    expect(lines).toMatchObject([{ level: "info", msg: "request", method: "GET", route: "/healthz", status: 200 }]);
  });

  it("logs a slow success under REQUEST_LOG=errors, and a fast one only under all", () => {
    expect(logsRequest("errors", 200, SLOW_REQUEST_MS - 1)).toBe(false);
    expect(logsRequest("errors", 200, SLOW_REQUEST_MS)).toBe(true);
    expect(logsRequest("errors", 429, 3)).toBe(true);
    expect(logsRequest("all", 200, 3)).toBe(true);
  });
});
