import { createRoute, z } from "@hono/zod-openapi";
import { eq } from "drizzle-orm";
import type { Context } from "hono";
import type { Config } from "../config";
import { db } from "../db/client";
import type { UserRow } from "../db/schema/index";
import { users } from "../db/schema/index";
import type { AppEnv } from "../http/app-env";
import { ApiError, errorResponses } from "../http/errors";
import { bearer, jsonBody as body, jsonResponse as json } from "../http/openapi";
import { rateLimit } from "../http/rate-limit";
import { router } from "../http/router";
import { hmacHex } from "../lib/encoding";
import { metrics } from "../platform/metrics";
import { cachedAccountState, profileChanged } from "./account-cache";
import { sendVerificationQuietly } from "./email-verification";
import { signAccessToken } from "./jwt";
import { reserveLoginAttempt } from "./login-lock";
import { currentUser, requireAuth } from "./middleware";
import { sessionsExample, tokenExample, userExample } from "./examples";
import { decoyHash, hashPassword, verifyPassword } from "./password";
import {
  LoginRequest,
  OkSchema,
  RefreshRequest,
  RegisterRequest,
  RevokedSchema,
  SessionListSchema,
  TokenResponse,
  UserSchema,
} from "./schemas";
import { closeSockets, endAllSessions, endSession } from "./revocation";
import { type IssuedSession, listLiveSessions, rotate, startSession } from "./sessions";
import { writeAudit } from "../audit/log";
import { banActive, bannedError, createUser, findUserById, findUserByLogin, publicUser } from "./users";

const tag = "Auth";

/** Per-IP budget shared by registration, login, refresh and guest sessions. */
export const authLimit = rateLimit({ name: "auth:ip", key: (c) => c.get("ip"), limit: (cfg) => cfg.RATE_LIMIT_AUTH_PER_MINUTE });

export async function ipHash(config: Config, ip: string): Promise<string> {
  return (await hmacHex(config.jwtSecret, `ip:${ip}`)).slice(0, 32);
}

export async function client(c: Context<AppEnv>) {
  return { userAgent: c.req.header("User-Agent") ?? null, ipHash: await ipHash(c.get("config"), c.get("ip")) };
}

export async function tokens(config: Config, user: UserRow, session: IssuedSession) {
  return {
    user: publicUser(user),
    accessToken: await signAccessToken(config, { sub: user.id, role: user.role, sid: session.familyId, name: user.username }),
    tokenType: "Bearer" as const,
    expiresIn: config.ACCESS_TOKEN_TTL_SECONDS,
    refreshToken: session.refreshToken,
    refreshTokenExpiresAt: session.expiresAt,
    sessionId: session.familyId,
  };
}

const register = createRoute({
  operationId: "register",
  method: "post",
  path: "/v1/auth/register",
  tags: [tag],
  summary: "Create an account and start a session",
  description: "With an email, a verification link is mailed (see `GET /v1/auth/verify-email`); unverified accounts can play.",
  middleware: [authLimit] as const,
  request: { body: body(RegisterRequest, { username: "ada", password: "correct horse battery", email: "ada@example.com" }) },
  responses: { 201: json(TokenResponse, "Account created", tokenExample), ...errorResponses(400, 409, 413, 429) },
});

const login = createRoute({
  operationId: "login",
  method: "post",
  path: "/v1/auth/login",
  tags: [tag],
  summary: "Log in by username or email",
  description: "Repeated failures per account or per IP are throttled with 429 and Retry-After.",
  middleware: [authLimit] as const,
  request: { body: body(LoginRequest, { login: "ada", password: "correct horse battery" }) },
  responses: { 200: json(TokenResponse, "Logged in", tokenExample), ...errorResponses(400, 401, 403, 429) },
});

const refresh = createRoute({
  operationId: "refreshSession",
  method: "post",
  path: "/v1/auth/refresh",
  tags: [tag],
  summary: "Rotate a refresh token",
  description:
    "Each refresh token works once. Presenting an already-rotated token revokes its whole session and closes its WebSockets (4401 `session_revoked`).",
  middleware: [authLimit] as const,
  request: { body: body(RefreshRequest, { refreshToken: tokenExample.refreshToken }) },
  responses: { 200: json(TokenResponse, "New token pair", tokenExample), ...errorResponses(400, 401, 403, 429) },
});

const logout = createRoute({
  operationId: "logout",
  method: "post",
  path: "/v1/auth/logout",
  tags: [tag],
  summary: "End the current session",
  description: "Its open WebSockets are closed with 4401 `session_revoked` before this answers; other sessions keep theirs.",
  security: bearer,
  middleware: requireAuth,
  responses: { 200: json(OkSchema, "Session ended", { ok: true }), ...errorResponses(401, 429) },
});

const logoutAll = createRoute({
  operationId: "logoutAll",
  method: "post",
  path: "/v1/auth/logout-all",
  tags: [tag],
  summary: "End every session of the account",
  description: "Every open WebSocket of the account is closed with 4401 `session_revoked` before this answers.",
  security: bearer,
  middleware: requireAuth,
  responses: { 200: json(RevokedSchema, "Sessions ended", { revoked: 2 }), ...errorResponses(401, 429) },
});

const me = createRoute({
  operationId: "getMe",
  method: "get",
  path: "/v1/auth/me",
  tags: [tag],
  summary: "The authenticated account",
  security: bearer,
  middleware: requireAuth,
  responses: { 200: json(UserSchema, "Account", userExample), ...errorResponses(401, 403, 429) },
});

const listSessions = createRoute({
  operationId: "listSessions",
  method: "get",
  path: "/v1/auth/sessions",
  tags: [tag],
  summary: "Live sessions of the account",
  security: bearer,
  middleware: requireAuth,
  responses: { 200: json(SessionListSchema, "Sessions", sessionsExample), ...errorResponses(401, 429) },
});

const deleteSession = createRoute({
  operationId: "revokeSession",
  method: "delete",
  path: "/v1/auth/sessions/{id}",
  tags: [tag],
  summary: "Revoke one session",
  description: "Its open WebSockets are closed with 4401 `session_revoked` before this answers.",
  security: bearer,
  middleware: requireAuth,
  request: { params: z.object({ id: z.string().min(1).max(64) }) },
  responses: { 200: json(OkSchema, "Revoked", { ok: true }), ...errorResponses(401, 404, 429) },
});

export const authRoutes = router()
  .openapi(register, async (c) => {
    const body = c.req.valid("json");
    const cfg = c.get("config");
    const d = db(c.env);
    const user = await createUser(d, body, cfg.PASSWORD_ITERATIONS);
    if (user.email) await sendVerificationQuietly(c, d, user);
    const session = await startSession(d, cfg, user.id, await client(c));
    return c.json(await tokens(cfg, user, session), 201);
  })
  .openapi(login, async (c) => {
    const { login: name, password } = c.req.valid("json");
    const cfg = c.get("config");
    const d = db(c.env);
    const user = await findUserByLogin(d, name);
    const reservation = await reserveLoginAttempt(c, user, name, await ipHash(cfg, c.get("ip")));
    const check = await verifyPassword(password, user?.passwordHash ?? (await decoyHash(cfg.PASSWORD_ITERATIONS)), cfg.PASSWORD_ITERATIONS);
    const ok = user !== undefined && check.ok;
    metrics.inc("orrery_login_password_checks_total", "Passwords checked at login, by result", { result: ok ? "ok" : "invalid" });
    if (!ok) throw ApiError.of("unauthorized", "invalid login or password", { reason: "invalid_credentials" });
    await reservation.succeeded();
    if (banActive(user)) throw bannedError(user);
    const now = Date.now();
    const update: Partial<UserRow> = { lastLoginAt: now };
    if (check.needsRehash) update.passwordHash = await hashPassword(password, cfg.PASSWORD_ITERATIONS);
    await d.update(users).set(update).where(eq(users.id, user.id));
    profileChanged(user.id);
    const session = await startSession(d, cfg, user.id, await client(c));
    return c.json(await tokens(cfg, { ...user, ...update }, session), 200);
  })
  .openapi(refresh, async (c) => {
    const cfg = c.get("config");
    const d = db(c.env);
    const outcome = await rotate(d, cfg, c.req.valid("json").refreshToken, await client(c));
    if (outcome.kind === "invalid") throw ApiError.of("unauthorized", "invalid or expired refresh token", { reason: "invalid" });
    if (outcome.kind === "reuse") {
      await closeSockets(c.env, { userId: outcome.userId, sessions: [outcome.familyId], all: false, reason: "session_revoked" });
      await writeAudit(d, {
        action: "security.refresh_reuse",
        actorId: null,
        targetType: "user",
        targetId: outcome.userId,
        requestId: c.get("requestId"),
        details: { sessionId: outcome.familyId },
      });
      throw ApiError.of("unauthorized", "refresh token was already used; the session has been revoked", { reason: "reuse_detected" });
    }
    const user = await findUserById(d, outcome.userId);
    if (!user) throw ApiError.of("unauthorized", "account no longer exists", { reason: "invalid" });
    if (banActive(user)) throw bannedError(user);
    return c.json(await tokens(cfg, user, outcome.session), 200);
  })
  .openapi(logout, async (c) => {
    const u = currentUser(c);
    await endSession(c.env, db(c.env), u.id, u.sessionId, "logout");
    return c.json({ ok: true as const }, 200);
  })
  .openapi(logoutAll, async (c) => {
    return c.json({ revoked: await endAllSessions(c.env, db(c.env), currentUser(c).id, "logout_all") }, 200);
  })
  .openapi(me, async (c) => {
    // The request's own account check has just cached this (see account-cache.ts).
    const { id, sessionId } = currentUser(c);
    const user = await cachedAccountState(db(c.env), id, sessionId, c.get("config").SESSION_CACHE_MS);
    if (!user) throw ApiError.of("unauthorized", "account no longer exists");
    return c.json(publicUser(user), 200);
  })
  .openapi(listSessions, async (c) => {
    const u = currentUser(c);
    const rows = await listLiveSessions(db(c.env), u.id);
    return c.json(
      {
        sessions: rows.map((s) => ({
          id: s.familyId,
          createdAt: s.createdAt,
          lastUsedAt: s.lastUsedAt,
          expiresAt: s.expiresAt,
          userAgent: s.userAgent,
          current: s.familyId === u.sessionId,
        })),
      },
      200,
    );
  })
  .openapi(deleteSession, async (c) => {
    const u = currentUser(c);
    const id = c.req.valid("param").id;
    const mine = (await listLiveSessions(db(c.env), u.id)).some((s) => s.familyId === id);
    if (!mine) throw ApiError.of("not_found", "no such live session");
    await endSession(c.env, db(c.env), u.id, id, "revoked");
    return c.json({ ok: true as const }, 200);
  });
