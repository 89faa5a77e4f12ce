import { createRoute, z } from "@hono/zod-openapi";
import { eq } from "drizzle-orm";
import { requireAdmin } from "../auth/middleware";
import { userExample } from "../auth/examples";
import { UserSchema } from "../auth/schemas";
import { endAllSessions } from "../auth/revocation";
import { findUserById, publicUser } from "../auth/users";
import { db } from "../db/client";
import { users } from "../db/schema/index";
import { ApiError, errorResponses } from "../http/errors";
import { bearer, jsonBody as body, jsonResponse as json } from "../http/openapi";
import { router } from "../http/router";

const tag = "Admin";
const UserParam = z.object({ id: z.string().min(1).max(64) });
const BanRequest = z.object({ reason: z.string().min(1).max(500) }).openapi("BanRequest");

const ban = createRoute({
  operationId: "banUser",
  method: "post",
  path: "/v1/admin/users/{id}/ban",
  tags: [tag],
  summary: "Ban an account and end its sessions",
  description: "Every open WebSocket of the account is closed with 4403 `banned` before this answers.",
  security: bearer,
  middleware: requireAdmin,
  request: { params: UserParam, body: body(BanRequest, { reason: "cheating in ranked Golf" }) },
  responses: {
    200: json(UserSchema, "Banned", { ...userExample, banned: true }),
    ...errorResponses(400, 401, 403, 404, 409),
  },
});

const unban = createRoute({
  operationId: "unbanUser",
  method: "post",
  path: "/v1/admin/users/{id}/unban",
  tags: [tag],
  summary: "Lift a ban",
  security: bearer,
  middleware: requireAdmin,
  request: { params: UserParam },
  responses: {
    200: json(UserSchema, "Unbanned", userExample),
    ...errorResponses(401, 403, 404),
  },
});

export const adminRoutes = router()
  .openapi(ban, async (c) => {
    const d = db(c.env);
    const target = await findUserById(d, c.req.valid("param").id);
    if (!target) throw ApiError.of("not_found", "no such user");
    if (target.id === c.var.user?.id) throw ApiError.of("conflict", "admins cannot ban themselves");
    const reason = c.req.valid("json").reason;
    await d.update(users).set({ banned: true, banReason: reason }).where(eq(users.id, target.id));
    await endAllSessions(c.env, d, target.id, "banned");
    return c.json(publicUser({ ...target, banned: true, banReason: reason }), 200);
  })
  .openapi(unban, async (c) => {
    const d = db(c.env);
    const target = await findUserById(d, c.req.valid("param").id);
    if (!target) throw ApiError.of("not_found", "no such user");
    await d.update(users).set({ banned: false, banReason: null }).where(eq(users.id, target.id));
    return c.json(publicUser({ ...target, banned: false, banReason: null }), 200);
  });
