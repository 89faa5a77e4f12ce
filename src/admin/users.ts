import { createRoute } from "@hono/zod-openapi";
import { and, desc, eq, inArray, or, sql, type SQL } from "drizzle-orm";
import type { Context } from "hono";
import type { AuditRecord } from "../audit/log";
import { currentUser, requireAdmin, requireModerator } from "../auth/middleware";
import { requestReset } from "../auth/password-reset";
import { endAllSessions } from "../auth/revocation";
import { listLiveSessions } from "../auth/sessions";
import { findUserById, publicUser, setAccountFlags } from "../auth/users";
import { type Db, db } from "../db/client";
import { auditLog, gamePlayers, type UserRow, universePlayers, users } from "../db/schema/index";
import type { AppEnv } from "../http/app-env";
import { ApiError, errorResponses } from "../http/errors";
import { bearer, jsonBody as body, jsonResponse as json } from "../http/openapi";
import { router } from "../http/router";
import { optionalReason, optionalReasonBody, recordAction } from "./act";
import {
  AdminUserDetail,
  AdminUserSchema,
  BanRequest,
  LogoutResponse,
  MuteRequest,
  PasswordResetSent,
  RoleRequest,
  UserParam,
  UserSearchQuery,
  UserSearchResponse,
} from "./schemas";

const tag = "Admin";

export function adminUser(u: UserRow) {
  return { ...publicUser(u), banReason: u.banReason, banExpiresAt: u.banExpiresAt, mutedUntil: u.mutedUntil };
}

/**
 * The target of a sanction: it must exist, must not be the caller, and a moderator may only
 * sanction players (staff answer to admins).
 */
async function sanctionTarget(c: Context<AppEnv>, d: Db, id: string): Promise<UserRow> {
  const me = currentUser(c);
  const target = await findUserById(d, id);
  if (!target) throw ApiError.of("not_found", "no such user");
  if (target.id === me.id) throw ApiError.of("conflict", "you cannot sanction your own account");
  if (me.role !== "admin" && target.role !== "player")
    throw ApiError.of("forbidden", "moderators can only sanction players", { reason: "role" });
  return target;
}

function future(at: number, field: string): number {
  if (at <= Date.now())
    throw ApiError.of("invalid_request", `${field} must be in the future`, [
      { path: `json.${field}`, code: "too_small", message: "must be in the future" },
    ]);
  return at;
}

const SANCTIONS = ["user.ban", "user.unban", "user.mute", "user.unmute", "user.role", "user.logout"] as const;

const search = createRoute({
  method: "get",
  path: "/v1/admin/users",
  operationId: "adminSearchUsers",
  tags: [tag],
  summary: "Search accounts by name or email",
  description: "Moderator or admin. Newest accounts first; `q` matches a case-insensitive substring of the username or the email.",
  security: bearer,
  middleware: requireModerator,
  request: { query: UserSearchQuery },
  responses: { 200: json(UserSearchResponse, "Matching accounts"), ...errorResponses(400, 401, 403, 429) },
});

const view = createRoute({
  method: "get",
  path: "/v1/admin/users/{id}",
  operationId: "adminGetUser",
  tags: [tag],
  summary: "An account with its sessions, games, universes and sanctions",
  description: "Moderator or admin. Games are the 50 most recent; sanctions come from the audit log.",
  security: bearer,
  middleware: requireModerator,
  request: { params: UserParam },
  responses: { 200: json(AdminUserDetail, "Account"), ...errorResponses(401, 403, 404, 429) },
});

const ban = createRoute({
  method: "post",
  path: "/v1/admin/users/{id}/ban",
  operationId: "adminBanUser",
  tags: [tag],
  summary: "Ban an account and end its sessions",
  description:
    "Moderator or admin (moderators can ban players only). Every open WebSocket of the account is closed with 4403 `banned` before this answers. " +
    "With `expiresAt` the ban lifts itself at that time: the next login or request after it is let through. Banning again replaces reason and expiry.",
  security: bearer,
  middleware: requireModerator,
  request: { params: UserParam, body: body(BanRequest) },
  responses: { 200: json(AdminUserSchema, "Banned"), ...errorResponses(400, 401, 403, 404, 409, 429) },
});

const unban = createRoute({
  method: "post",
  path: "/v1/admin/users/{id}/unban",
  operationId: "adminUnbanUser",
  tags: [tag],
  summary: "Lift a ban",
  description: "Moderator or admin. The account signs in again; its old sessions stay ended.",
  security: bearer,
  middleware: requireModerator,
  request: { params: UserParam, body: optionalReasonBody },
  responses: { 200: json(AdminUserSchema, "Unbanned"), ...errorResponses(400, 401, 403, 404, 429) },
});

const mute = createRoute({
  method: "post",
  path: "/v1/admin/users/{id}/mute",
  operationId: "adminMuteUser",
  tags: [tag],
  summary: "Mute an account until a time",
  description: "Moderator or admin. A muted account cannot create rooms (403 `muted`); it can still join rooms, play and spectate.",
  security: bearer,
  middleware: requireModerator,
  request: { params: UserParam, body: body(MuteRequest) },
  responses: { 200: json(AdminUserSchema, "Muted"), ...errorResponses(400, 401, 403, 404, 409, 429) },
});

const unmute = createRoute({
  method: "post",
  path: "/v1/admin/users/{id}/unmute",
  operationId: "adminUnmuteUser",
  tags: [tag],
  summary: "Lift a mute",
  security: bearer,
  middleware: requireModerator,
  request: { params: UserParam, body: optionalReasonBody },
  responses: { 200: json(AdminUserSchema, "Unmuted"), ...errorResponses(400, 401, 403, 404, 429) },
});

const logout = createRoute({
  method: "post",
  path: "/v1/admin/users/{id}/logout",
  operationId: "adminLogoutUser",
  tags: [tag],
  summary: "End every session of an account",
  description:
    "Admin. Every open WebSocket of the account is closed with 4401 `session_revoked` before this answers; the account can sign in again.",
  security: bearer,
  middleware: requireAdmin,
  request: { params: UserParam, body: optionalReasonBody },
  responses: { 200: json(LogoutResponse, "Sessions ended"), ...errorResponses(400, 401, 403, 404, 429) },
});

const passwordReset = createRoute({
  method: "post",
  path: "/v1/admin/users/{id}/password-reset",
  operationId: "adminSendPasswordReset",
  tags: [tag],
  summary: "Mail an account a password-reset link",
  description:
    "Admin. Sends the same single-use, 1-hour link as `POST /v1/auth/password-reset/request` to the account's address; " +
    "the admin never sees the token. 400 `no_email` when the account has no address; the per-address limit applies (429).",
  security: bearer,
  middleware: requireAdmin,
  request: { params: UserParam, body: optionalReasonBody },
  responses: {
    202: json(PasswordResetSent, "Link mailed", { sent: true }),
    ...errorResponses(400, 401, 403, 404, 429, { no_email: 400 }),
  },
});

const role = createRoute({
  method: "put",
  path: "/v1/admin/users/{id}/role",
  operationId: "adminSetUserRole",
  tags: [tag],
  summary: "Change an account's role",
  description:
    "Admin. Takes effect on the account's next request (roles are re-read on every request). Admins cannot change their own role (409).",
  security: bearer,
  middleware: requireAdmin,
  request: { params: UserParam, body: body(RoleRequest) },
  responses: { 200: json(AdminUserSchema, "Role changed"), ...errorResponses(400, 401, 403, 404, 409, 429) },
});

export const adminUserRoutes = router()
  .openapi(search, async (c) => {
    const { q, role: r, guest, limit, offset } = c.req.valid("query");
    const where: SQL[] = [];
    if (q) {
      const needle = q.toLowerCase();
      where.push(or(sql`instr(${users.usernameKey}, ${needle}) > 0`, sql`instr(${users.email}, ${needle}) > 0`) as SQL);
    }
    if (r) where.push(eq(users.role, r));
    if (guest) where.push(eq(users.isGuest, guest === "true"));
    const rows = await db(c.env)
      .select()
      .from(users)
      .where(and(...where))
      .orderBy(desc(users.createdAt), desc(users.id))
      .limit(limit + 1)
      .offset(offset);
    return c.json({ users: rows.slice(0, limit).map(adminUser), nextOffset: rows.length > limit ? offset + limit : null }, 200);
  })
  .openapi(view, async (c) => {
    const d = db(c.env);
    const user = await findUserById(d, c.req.valid("param").id);
    if (!user) throw ApiError.of("not_found", "no such user");
    const [sessions, games, universes, sanctions] = await Promise.all([
      listLiveSessions(d, user.id),
      d
        .select({ id: gamePlayers.gameId, seat: gamePlayers.seat, endedAt: gamePlayers.endedAt })
        .from(gamePlayers)
        .where(eq(gamePlayers.userId, user.id))
        .orderBy(desc(gamePlayers.endedAt))
        .limit(50),
      d
        .select({
          universeId: universePlayers.universeId,
          shard: universePlayers.shard,
          points: universePlayers.points,
          joinedAt: universePlayers.joinedAt,
        })
        .from(universePlayers)
        .where(eq(universePlayers.userId, user.id)),
      d
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.targetId, user.id), inArray(auditLog.action, [...SANCTIONS])))
        .orderBy(desc(auditLog.id))
        .limit(50),
    ]);
    return c.json(
      {
        user: adminUser(user),
        sessions: sessions.map((s) => ({
          id: s.familyId,
          createdAt: s.createdAt,
          lastUsedAt: s.lastUsedAt,
          expiresAt: s.expiresAt,
          userAgent: s.userAgent,
        })),
        games,
        universes,
        sanctions: sanctions as AuditRecord[],
      },
      200,
    );
  })
  .openapi(ban, async (c) => {
    const d = db(c.env);
    const target = await sanctionTarget(c, d, c.req.valid("param").id);
    const { reason, expiresAt } = c.req.valid("json");
    const banExpiresAt = expiresAt === undefined ? null : future(expiresAt, "expiresAt");
    await setAccountFlags(d, target.id, { banned: true, banReason: reason, banExpiresAt });
    await endAllSessions(c.env, d, target.id, "banned");
    await recordAction(c, d, { action: "user.ban", targetType: "user", targetId: target.id, reason, details: { expiresAt: banExpiresAt } });
    return c.json(adminUser({ ...target, banned: true, banReason: reason, banExpiresAt }), 200);
  })
  .openapi(unban, async (c) => {
    const d = db(c.env);
    const target = await sanctionTarget(c, d, c.req.valid("param").id);
    const reason = await optionalReason(c);
    await setAccountFlags(d, target.id, { banned: false, banReason: null, banExpiresAt: null });
    await recordAction(c, d, { action: "user.unban", targetType: "user", targetId: target.id, reason });
    return c.json(adminUser({ ...target, banned: false, banReason: null, banExpiresAt: null }), 200);
  })
  .openapi(mute, async (c) => {
    const d = db(c.env);
    const target = await sanctionTarget(c, d, c.req.valid("param").id);
    const { reason, until } = c.req.valid("json");
    const mutedUntil = future(until, "until");
    await setAccountFlags(d, target.id, { mutedUntil });
    await recordAction(c, d, { action: "user.mute", targetType: "user", targetId: target.id, reason, details: { until: mutedUntil } });
    return c.json(adminUser({ ...target, mutedUntil }), 200);
  })
  .openapi(unmute, async (c) => {
    const d = db(c.env);
    const target = await sanctionTarget(c, d, c.req.valid("param").id);
    const reason = await optionalReason(c);
    await setAccountFlags(d, target.id, { mutedUntil: null });
    await recordAction(c, d, { action: "user.unmute", targetType: "user", targetId: target.id, reason });
    return c.json(adminUser({ ...target, mutedUntil: null }), 200);
  })
  .openapi(logout, async (c) => {
    const d = db(c.env);
    const target = await findUserById(d, c.req.valid("param").id);
    if (!target) throw ApiError.of("not_found", "no such user");
    const reason = await optionalReason(c);
    const revoked = await endAllSessions(c.env, d, target.id, "logout_all");
    await recordAction(c, d, { action: "user.logout", targetType: "user", targetId: target.id, reason, details: { revoked } });
    return c.json({ revoked }, 200);
  })
  .openapi(passwordReset, async (c) => {
    const d = db(c.env);
    const target = await findUserById(d, c.req.valid("param").id);
    if (!target || target.deletedAt !== null) throw ApiError.of("not_found", "no such user");
    if (!target.email) throw new ApiError(400, "no_email", "the account has no email address to send a link to");
    const reason = await optionalReason(c);
    await requestReset(c, target.email);
    await recordAction(c, d, { action: "user.password_reset", targetType: "user", targetId: target.id, reason });
    return c.json({ sent: true as const }, 202);
  })
  .openapi(role, async (c) => {
    const d = db(c.env);
    const target = await findUserById(d, c.req.valid("param").id);
    if (!target) throw ApiError.of("not_found", "no such user");
    if (target.id === currentUser(c).id) throw ApiError.of("conflict", "admins cannot change their own role");
    const { role: to, reason } = c.req.valid("json");
    if (target.isGuest && to !== "player") throw new ApiError(409, "guest_not_allowed", "upgrade the guest to a full account first");
    await setAccountFlags(d, target.id, { role: to });
    await recordAction(c, d, {
      action: "user.role",
      targetType: "user",
      targetId: target.id,
      reason: reason ?? null,
      details: { from: target.role, to },
    });
    return c.json(adminUser({ ...target, role: to }), 200);
  });
