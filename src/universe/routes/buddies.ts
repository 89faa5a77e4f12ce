import { createRoute, z } from "@hono/zod-openapi";
import { requireAuth } from "../../auth/middleware";
import { db } from "../../db/client";
import { errorResponses } from "../../http/errors";
import { bearer, jsonBody as body, jsonResponse as json } from "../../http/openapi";
import { router } from "../../http/router";
import { acceptBuddy, buddyList, memberByName, removeBuddy, requestBuddy } from "../buddies";
import { UniverseParam } from "../schemas";
import { joinedShard, tag } from "./context";

const authed = { tags: [tag], security: bearer, middleware: requireAuth };

const Entry = z.object({ userId: z.string(), username: z.string(), since: z.number().int() });
const BuddyListSchema = z.object({ buddies: z.array(Entry), incoming: z.array(Entry), outgoing: z.array(Entry) }).openapi("BuddyList");
const BuddyParam = UniverseParam.extend({
  userId: z.string().min(1).max(64).openapi({ example: "8e2d1c4b-5a6f-4d3e-8b7a-9c0f1e2d3a45" }),
});
const entry = { userId: "8e2d1c4b-5a6f-4d3e-8b7a-9c0f1e2d3a45", username: "altair", since: 1_764_504_000_000 };
const buddyRefusals = { not_joined: 404, buddy_exists: 409 } as const;

const list = createRoute({
  operationId: "listBuddies",
  ...authed,
  method: "get",
  path: "/v1/universes/{u}/buddies",
  summary: "My buddies, and the buddy requests waiting either way",
  request: { params: UniverseParam },
  responses: {
    200: json(BuddyListSchema, "Buddy list", {
      buddies: [entry],
      incoming: [],
      outgoing: [{ ...entry, userId: "3b9f4c2e", username: "vega" }],
    }),
    ...errorResponses(400, 401, 404, { not_joined: 404 }),
  },
});

const ask = createRoute({
  operationId: "requestBuddy",
  ...authed,
  method: "post",
  path: "/v1/universes/{u}/buddies",
  summary: "Ask a player of this universe to be my buddy",
  description:
    "201 with `pending`. When that player has already asked me, this accepts their request instead (200, `accepted`). " +
    "409 `buddy_exists` when we are buddies already or I have asked before.",
  request: {
    params: UniverseParam,
    body: body(z.object({ username: z.string().min(1).max(64) }).openapi("BuddyRequest"), { username: "altair" }),
  },
  responses: {
    200: json(z.object({ status: z.literal("accepted"), buddy: Entry.omit({ since: true }) }), "Their request accepted", {
      status: "accepted",
      buddy: { userId: entry.userId, username: entry.username },
    }),
    201: json(z.object({ status: z.literal("pending"), buddy: Entry.omit({ since: true }) }), "Asked", {
      status: "pending",
      buddy: { userId: entry.userId, username: entry.username },
    }),
    ...errorResponses(400, 401, 404, 409, buddyRefusals),
  },
});

const accept = createRoute({
  operationId: "acceptBuddy",
  ...authed,
  method: "post",
  path: "/v1/universes/{u}/buddies/{userId}/accept",
  summary: "Accept a player's buddy request",
  request: { params: BuddyParam },
  responses: {
    200: json(z.object({ ok: z.literal(true) }), "Buddies now", { ok: true }),
    ...errorResponses(400, 401, 404, { not_joined: 404 }),
  },
});

const remove = createRoute({
  operationId: "removeBuddy",
  ...authed,
  method: "delete",
  path: "/v1/universes/{u}/buddies/{userId}",
  summary: "Remove a buddy, withdraw my request or decline theirs",
  request: { params: BuddyParam },
  responses: {
    200: json(z.object({ ok: z.literal(true) }), "Removed", { ok: true }),
    ...errorResponses(400, 401, 404, { not_joined: 404 }),
  },
});

export const buddyRoutes = router()
  .openapi(list, async (c) => {
    const { user, u } = await joinedShard(c, c.req.valid("param").u);
    return c.json(await buddyList(db(c.env), u.id, user.id), 200);
  })
  .openapi(ask, async (c) => {
    const { user, u } = await joinedShard(c, c.req.valid("param").u);
    const d = db(c.env);
    const other = await memberByName(d, u.id, c.req.valid("json").username);
    const status = await requestBuddy(d, u.id, user.id, other.userId, Date.now());
    const buddy = { userId: other.userId, username: other.username };
    return status === "accepted" ? c.json({ status, buddy }, 200) : c.json({ status, buddy }, 201);
  })
  .openapi(accept, async (c) => {
    const { u: id, userId } = c.req.valid("param");
    const { user, u } = await joinedShard(c, id);
    await acceptBuddy(db(c.env), u.id, user.id, userId, Date.now());
    return c.json({ ok: true as const }, 200);
  })
  .openapi(remove, async (c) => {
    const { u: id, userId } = c.req.valid("param");
    const { user, u } = await joinedShard(c, id);
    await removeBuddy(db(c.env), u.id, user.id, userId);
    return c.json({ ok: true as const }, 200);
  });
