/**
 * The HTTP side of the public API that the bots use: register, create a room, claim a seat, through
 * the typed client the web client uses (web/src/api/client.ts). A `429` is waited out (its
 * `Retry-After`) and retried, so a run against `npm run dev`, whose auth limit is 10 registrations a
 * minute per IP, is slow but still works.
 */
import { ApiError, type Client, createClient, ok } from "../../web/src/api/client";
import type { RoomInfo } from "./protocol";

/** A refusal with the server's stable code: the typed client's error, under the name the scripts use. */
export const HttpError = ApiError;
export type HttpError = ApiError;

export interface Account {
  username: string;
  userId: string;
  accessToken: string;
}

export type RoomResponse = RoomInfo & { you?: { userId: string; seat: number | null } };

export interface ApiOptions {
  /** Called whenever a 429 is being waited out (the route and the wait in ms). */
  onRateLimited?: (path: string, waitMs: number) => void;
  /** Give up on a request that stays rate limited for longer than this in total. */
  maxRateLimitWaitMs?: number;
  /** Abort a request with no answer after this long (none by default). */
  timeoutMs?: number;
}

const bearer = (token: string) => ({ headers: { Authorization: `Bearer ${token}` } });

export class Api {
  readonly baseUrl: string;
  /** Every route, typed from the server's own declarations. */
  readonly client: Client;

  constructor(
    baseUrl: string,
    private readonly opts: ApiOptions = {},
  ) {
    this.baseUrl = baseUrl.replace(/\/+$/, "");
    this.client = createClient(this.baseUrl, { fetch: (input, init) => this.patientFetch(input, init) });
  }

  /** fetch, with every 429 waited out (its Retry-After, spread a little) for up to `maxRateLimitWaitMs` in total. */
  private async patientFetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
    let waited = 0;
    const maxWait = this.opts.maxRateLimitWaitMs ?? 10 * 60_000;
    for (;;) {
      const res = await fetch(input, { ...init, ...(this.opts.timeoutMs ? { signal: AbortSignal.timeout(this.opts.timeoutMs) } : {}) });
      if (res.status !== 429 || waited >= maxWait) return res;
      const retryAfter = Number(res.headers.get("Retry-After") ?? Number.NaN);
      // Spread the retries a little so a crowd of waiting bots does not return in one burst.
      const waitMs = Math.round((Number.isFinite(retryAfter) ? retryAfter * 1000 : 1000) * (1 + Math.random() * 0.25));
      this.opts.onRateLimited?.(new URL(String(input instanceof Request ? input.url : input)).pathname, waitMs);
      waited += waitMs;
      await res.body?.cancel();
      await new Promise((r) => setTimeout(r, waitMs));
    }
  }

  /** An untyped call, for paths built at run time (the chaos and seed scripts). */
  async request<T>(method: "GET" | "POST" | "PUT" | "DELETE", path: string, body?: unknown, token?: string): Promise<T> {
    const res = this.patientFetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { "Content-Type": "application/json" }),
        ...(token ? { Authorization: `Bearer ${token}` } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return (await ok(res as never)) as T;
  }

  async register(username: string, password: string): Promise<Account> {
    const r = await ok(this.client.v1.auth.register.$post({ json: { username, password } }));
    return { username: r.user.username, userId: r.user.id, accessToken: r.accessToken };
  }

  async createRoom(
    token: string,
    body: { game: string; options?: Record<string, unknown>; visibility?: "public" | "private"; config?: Record<string, unknown> },
  ): Promise<RoomResponse> {
    return (await ok(this.client.v1.rooms.$post({ json: { visibility: "private", ...body } }, bearer(token)))) as RoomResponse;
  }

  async joinByCode(token: string, code: string): Promise<RoomResponse> {
    return (await ok(this.client.v1.rooms.join.$post({ json: { code } }, bearer(token)))) as RoomResponse;
  }

  async games() {
    return ok(this.client.v1.games.$get());
  }

  /**
   * The WebSocket URL of a room (the token travels as a subprotocol, see `RoomSocket`). Non-members
   * need the code to watch a private room.
   */
  socketUrl(roomId: string, code?: string): string {
    return `${this.baseUrl.replace(/^http/, "ws")}/v1/rooms/${roomId}/ws${code ? `?code=${code}` : ""}`;
  }
}

/** Runs `task` over `items` with at most `limit` in flight; results keep the input order. */
export async function pool<T, R>(items: readonly T[], limit: number, task: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await task(items[i] as T, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
