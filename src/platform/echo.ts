import { createRoute } from "@hono/zod-openapi";
import { errorResponses } from "../http/errors";
import { router } from "../http/router";
import { forwardSocket } from "../http/ws";
import { objectByName } from "../lib/objects";

const echo = createRoute({
  operationId: "connectEchoSocket",
  method: "get",
  path: "/v1/ws/echo",
  tags: ["Platform"],
  summary: "Connection check WebSocket",
  description:
    "Verifies a token and the network path. Send `whoami` to get your identity back, any other text is echoed. " +
    "Authenticate with `Sec-WebSocket-Protocol: orrery.v1, bearer.<accessToken>` (or `?access_token=`). " +
    "The literal frame `ping` is answered with `pong` without waking the object. " +
    "At most `SOCKETS_PER_USER_PER_OBJECT` (default 5) echo sockets per user (409 `too_many_sockets`) and 30 frames per 10 s over all of them (`rate_limited`). " +
    "Closed with 4401 `session_revoked` when its session ends, 4403 `banned` when the account is banned.",
  security: [{ bearerAuth: [] }],
  responses: { 101: { description: "Switching protocols" }, ...errorResponses(401, 403, 409, 426) },
});

export const echoRoutes = router().openapi(
  echo,
  (c) =>
    // The 101 response carries a socket; OpenAPI cannot type it.
    forwardSocket(c, (user) => objectByName(c.env.SENTINEL, `echo:${user.id}`)) as never,
);
