import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { withIdentity } from "../../durable-objects/kit/identity";
import { authenticate } from "../auth/middleware";
import type { AppEnv, AuthUser } from "./app-env";
import { ApiError } from "./errors";

/**
 * Browsers cannot set headers on a WebSocket, so the access token travels as a subprotocol
 * (`Sec-WebSocket-Protocol: orrery.v1, bearer.<token>`; the server answers `orrery.v1`) or, as a
 * fallback, as `?access_token=`. Neither is logged: the request log records only the route pattern.
 */
export const WS_PROTOCOL = "orrery.v1";
const TOKEN_PREFIX = "bearer.";

export function socketCredentials(req: Request): { token: string | undefined; protocol: string | undefined } {
  const offered = (req.headers.get("Sec-WebSocket-Protocol") ?? "")
    .split(",")
    .map((p) => p.trim())
    .filter(Boolean);
  const fromProtocol = offered.find((p) => p.startsWith(TOKEN_PREFIX))?.slice(TOKEN_PREFIX.length);
  const token = fromProtocol ?? new URL(req.url).searchParams.get("access_token") ?? undefined;
  return { token, protocol: offered.includes(WS_PROTOCOL) ? WS_PROTOCOL : undefined };
}

/**
 * Verifies the caller in the Worker, then hands the upgrade to the object with the identity
 * attached. An object that refuses the socket answers `{code, message, details?}` with a status;
 * that becomes the usual error.
 */
export async function forwardSocket(
  c: Context<AppEnv>,
  target: (user: AuthUser) => { fetch(req: Request): Promise<Response> } | Promise<{ fetch(req: Request): Promise<Response> }>,
): Promise<Response> {
  if (c.req.header("Upgrade")?.toLowerCase() !== "websocket") {
    throw ApiError.of("upgrade_required", "this endpoint expects a WebSocket upgrade");
  }
  const { token, protocol } = socketCredentials(c.req.raw);
  const user = c.get("user") ?? (await authenticate(c.env, c.get("config"), token));
  c.set("user", user);
  const url = new URL(c.req.url);
  url.searchParams.delete("access_token");
  const forwarded = new Request(url.toString(), c.req.raw);
  const identity = { userId: user.id, username: user.username, role: user.role, sessionId: user.sessionId };
  const res = await (await target(user)).fetch(withIdentity(forwarded, identity, protocol));
  if (res.status === 101) return res;
  const err = (await res.json().catch(() => null)) as { code?: string; message?: string; details?: unknown } | null;
  throw new ApiError(res.status as ContentfulStatusCode, err?.code ?? "internal", err?.message ?? "the object refused the connection", err?.details);
}
