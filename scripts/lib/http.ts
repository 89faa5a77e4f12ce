/**
 * The HTTP side of the public API that the bots use: register, create a room, claim a seat. A
 * `429` is waited out (its `Retry-After`) and retried, so a run against `npm run dev`, whose auth
 * limit is 10 registrations a minute per IP, is slow but still works.
 */
import type { RoomInfo } from "./protocol";

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(`${status} ${code}: ${message}`);
  }
}

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

export class Api {
  readonly baseUrl: string;

  constructor(
    baseUrl: string,
    private readonly opts: ApiOptions = {},
  ) {
    this.baseUrl = baseUrl.replace(/\/+$/, "");
  }

  async request<T>(method: "GET" | "POST" | "PUT" | "DELETE", path: string, body?: unknown, token?: string): Promise<T> {
    let waited = 0;
    const maxWait = this.opts.maxRateLimitWaitMs ?? 10 * 60_000;
    for (;;) {
      const res = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers: {
          ...(body === undefined ? {} : { "Content-Type": "application/json" }),
          ...(token ? { Authorization: `Bearer ${token}` } : {}),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        ...(this.opts.timeoutMs ? { signal: AbortSignal.timeout(this.opts.timeoutMs) } : {}),
      });
      const text = await res.text();
      let parsed: any = null;
      try {
        parsed = text ? JSON.parse(text) : null;
      } catch {
        // not JSON: reported below
      }
      if (res.ok) return parsed as T;
      const code: string = parsed?.error?.code ?? `http_${res.status}`;
      const message: string = parsed?.error?.message ?? text.slice(0, 200);
      const retryAfter = Number(res.headers.get("Retry-After") ?? parsed?.error?.details?.retryAfterSeconds ?? Number.NaN);
      if (res.status === 429 && waited < maxWait) {
        // Spread the retries a little so a crowd of waiting bots does not return in one burst.
        const waitMs = Math.round((Number.isFinite(retryAfter) ? retryAfter * 1000 : 1000) * (1 + Math.random() * 0.25));
        this.opts.onRateLimited?.(path, waitMs);
        waited += waitMs;
        await new Promise((r) => setTimeout(r, waitMs));
        continue;
      }
      throw new HttpError(res.status, code, message, Number.isFinite(retryAfter) ? retryAfter : null);
    }
  }

  async register(username: string, password: string): Promise<Account> {
    const r = await this.request<{ user: { id: string; username: string }; accessToken: string }>("POST", "/v1/auth/register", {
      username,
      password,
    });
    return { username: r.user.username, userId: r.user.id, accessToken: r.accessToken };
  }

  createRoom(
    token: string,
    body: { game: string; options?: unknown; visibility?: "public" | "private"; config?: unknown },
  ): Promise<RoomResponse> {
    return this.request("POST", "/v1/rooms", { visibility: "private", ...body }, token);
  }

  joinByCode(token: string, code: string): Promise<RoomResponse> {
    return this.request("POST", "/v1/rooms/join", { code }, token);
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
