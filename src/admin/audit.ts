import { createRoute } from "@hono/zod-openapi";
import { listAudit } from "../audit/log";
import { requireAdmin } from "../auth/middleware";
import { db } from "../db/client";
import { errorResponses } from "../http/errors";
import { bearer, jsonResponse as json } from "../http/openapi";
import { router } from "../http/router";
import { AuditPage, AuditQuery } from "./schemas";

const list = createRoute({
  method: "get",
  path: "/v1/admin/audit",
  operationId: "adminListAudit",
  tags: ["Admin"],
  summary: "The audit log: admin actions and security events, newest first",
  description:
    "Admin. Filter by `action`, `actor` and `target`; page with `before` = the previous page's `nextBefore`. " +
    "Rows are append-only (the table refuses UPDATE and DELETE). Security events (`security.login_locked`, `security.refresh_reuse`) have no actor.",
  security: bearer,
  middleware: requireAdmin,
  request: { query: AuditQuery },
  responses: { 200: json(AuditPage, "One page of entries"), ...errorResponses(400, 401, 403, 429) },
});

export const adminAuditRoutes = router().openapi(list, async (c) => {
  const q = c.req.valid("query");
  return c.json(
    await listAudit(db(c.env), { action: q.action, actorId: q.actor, targetId: q.target, before: q.before, limit: q.limit }),
    200,
  );
});
