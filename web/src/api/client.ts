/**
 * The typed HTTP client of the whole API, derived from the server's own route types (`AppType`,
 * src/app.ts) by `hono/client`: paths, parameters, bodies and answers are checked at compile time.
 * The web client and the load-test bots (scripts/lib/http.ts) both use it, so it relies on nothing
 * but `fetch`.
 */
import { type ClientResponse, hc } from "hono/client";
import type { SuccessStatusCode } from "hono/utils/http-status";
import type { AppType } from "../../../src/app";

/** A refusal from the server, with its stable `code` (src/http/errors.ts). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: unknown = undefined,
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(message);
  }
}

export interface ClientOptions {
  /** The access token to send as `Authorization: Bearer …`, read on every request. */
  token?: () => string | null | undefined;
  /** A fetch to call instead of the global one (retries, refresh, timeouts). */
  fetch?: typeof fetch;
}

export function createClient(baseUrl: string, opts: ClientOptions = {}) {
  return hc<AppType>(baseUrl.replace(/\/+$/, ""), {
    ...(opts.fetch ? { fetch: opts.fetch } : {}),
    headers: (): Record<string, string> => {
      const token = opts.token?.();
      return token ? { Authorization: `Bearer ${token}` } : {};
    },
  });
}

export type Client = ReturnType<typeof createClient>;

type OkBody<R> = R extends ClientResponse<infer B, infer S, infer _F> ? (S extends SuccessStatusCode ? B : never) : never;

/** The body of a 2xx answer; any other answer throws `ApiError` with the server's code. */
export async function ok<R extends ClientResponse<unknown, number, string>>(pending: Promise<R>): Promise<OkBody<R>> {
  const res = await pending;
  const text = await res.text();
  let body: any = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    // not JSON: reported below
  }
  if (res.ok) return body as OkBody<R>;
  const retryAfter = Number(res.headers.get("Retry-After") ?? Number.NaN);
  throw new ApiError(
    res.status,
    body?.error?.code ?? `http_${res.status}`,
    body?.error?.message ?? text.slice(0, 200),
    body?.error?.details,
    Number.isFinite(retryAfter) ? retryAfter : null,
  );
}
