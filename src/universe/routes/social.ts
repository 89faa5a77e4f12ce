import { createRoute, z } from "@hono/zod-openapi";
import { requireAuth } from "../../auth/middleware";
import { db } from "../../db/client";
import { ApiError, errorResponses } from "../../http/errors";
import { bearer, jsonBody as body, jsonResponse as json } from "../../http/openapi";
import { router } from "../../http/router";
import { forwardSocket } from "../../http/ws";
import { getUniverse, highscorePage, membership, rankOf } from "../registry";
import { HighscoreSchema, NotificationPage, Page, UniverseParam } from "../schemas";
import { notificationsExample, highscoreExample } from "../examples";
import { shardFor } from "../shard-client";
import { joinedShard, playerShard, requireJoined, tag } from "./context";

const authed = { tags: [tag], security: bearer, middleware: requireAuth };

const list = createRoute({
  operationId: "listNotifications",
  ...authed,
  method: "get",
  path: "/v1/universes/{u}/notifications",
  summary: "My notifications, newest first, with the unread count",
  request: {
    params: UniverseParam,
    query: z.object({
      limit: z.coerce.number().int().min(1).max(100).default(20),
      before: z.coerce.number().int().min(1).optional().openapi({ description: "Cursor: `nextBefore` of the previous page" }),
      unread: z.enum(["true", "false"]).optional(),
    }),
  },
  responses: { 200: json(NotificationPage, "Notifications", notificationsExample), ...errorResponses(400, 401, 404, { not_joined: 404 }) },
});

const markRead = createRoute({
  operationId: "markNotificationsRead",
  ...authed,
  method: "post",
  path: "/v1/universes/{u}/notifications/read",
  summary: "Mark notifications read (some ids, or all)",
  request: {
    params: UniverseParam,
    body: body(
      z
        .object({ ids: z.array(z.number().int().min(1)).min(1).max(100).optional(), all: z.literal(true).optional() })
        .refine((b) => (b.ids === undefined) !== (b.all === undefined), { message: "give either ids or all: true" })
        .openapi("MarkReadRequest"),
      { ids: [41, 42] },
    ),
  },
  responses: {
    200: json(z.object({ marked: z.number().int() }), "Marked", { marked: 2 }),
    ...errorResponses(400, 401, 404, { not_joined: 404 }),
  },
});

const remove = createRoute({
  operationId: "deleteNotification",
  ...authed,
  method: "delete",
  path: "/v1/universes/{u}/notifications/{id}",
  summary: "Delete a notification",
  request: { params: UniverseParam.extend({ id: z.coerce.number().int().min(1) }) },
  responses: {
    200: json(z.object({ ok: z.literal(true) }), "Deleted", { ok: true }),
    ...errorResponses(400, 401, 404, { not_joined: 404 }),
  },
});

const highscore = createRoute({
  operationId: "getHighscore",
  ...authed,
  method: "get",
  path: "/v1/universes/{u}/highscore",
  summary: "Highscore table (points = resources spent / 1000) and my rank",
  request: { params: UniverseParam, query: Page },
  responses: { 200: json(HighscoreSchema, "Highscore", highscoreExample), ...errorResponses(400, 401, 404) },
});

const ws = createRoute({
  operationId: "connectUniverseSocket",
  ...authed,
  method: "get",
  path: "/v1/universes/{u}/ws",
  summary: "Live empire events",
  description:
    "Hibernatable WebSocket to the shard holding your empire. Events: `welcome` (empire snapshot), `planet` (resources, hourly rates and `at`, to interpolate), `building_complete`, `research_complete`, `queue_changed`, `notification`. Send `snapshot` for a fresh welcome; `ping` is answered `pong`. Authenticate with `Sec-WebSocket-Protocol: orrery.v1, bearer.<token>`. " +
    "At most `SOCKETS_PER_USER_PER_OBJECT` (default 5) sockets per user (409 `too_many_sockets`) and 30 frames per 10 s over all of them (`rate_limited`). " +
    "Closed with 4401 `session_revoked` when its session ends, 4403 `banned` when the account is banned.",
  middleware: [],
  request: { params: UniverseParam },
  responses: { 101: { description: "Switching protocols" }, ...errorResponses(401, 404, 409, 426) },
});

export const socialRoutes = router()
  .openapi(list, async (c) => {
    const { user, stub } = await joinedShard(c, c.req.valid("param").u);
    const q = c.req.valid("query");
    return c.json(await stub.notifications(user.id, { limit: q.limit, before: q.before, unreadOnly: q.unread === "true" }), 200);
  })
  .openapi(markRead, async (c) => {
    const { user, stub } = await joinedShard(c, c.req.valid("param").u);
    const b = c.req.valid("json");
    return c.json({ marked: await stub.markRead(user.id, b.all ? "all" : (b.ids ?? [])) }, 200);
  })
  .openapi(remove, async (c) => {
    const { u, id } = c.req.valid("param");
    const { user, stub } = await joinedShard(c, u);
    if (!(await stub.deleteNotification(user.id, id))) throw ApiError.of("not_found", "no such notification");
    return c.json({ ok: true as const }, 200);
  })
  .openapi(highscore, async (c) => {
    const { user, u } = await playerShard(c, c.req.valid("param").u);
    const d = db(c.env);
    const { limit, offset } = c.req.valid("query");
    const page = await highscorePage(d, u.id, limit, offset);
    const mine = await membership(d, u.id, user.id);
    return c.json({ ...page, me: mine ? { rank: await rankOf(d, u.id, mine.points), points: mine.points } : null }, 200);
  })
  .openapi(
    ws,
    (c) =>
      forwardSocket(c, async (user) => {
        const d = db(c.env);
        const u = await getUniverse(d, c.req.valid("param").u);
        await requireJoined(d, u.id, user.id);
        return shardFor(c.env, u, user.id).stub;
      }) as never,
  );
