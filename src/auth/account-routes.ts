import { createRoute } from "@hono/zod-openapi";
import type { Context } from "hono";
import { db } from "../db/client";
import type { UserRow } from "../db/schema/index";
import type { AppEnv } from "../http/app-env";
import { ApiError, errorResponses } from "../http/errors";

/** How a mailed link is refused once it is well formed: spent, or past its lifetime. */
const TOKEN_REFUSALS = { invalid_token: 400, token_used: 410, token_expired: 410 } as const;
import { bearer, jsonBody as body, jsonResponse as json } from "../http/openapi";
import { rateLimit } from "../http/rate-limit";
import { router } from "../http/router";
import { mailSender } from "../mail/sender";
import { accountDeletedMail, emailChangedMail } from "../mail/templates";
import {
  AcceptedSchema,
  AccountExportSchema,
  ChangeEmailRequest,
  ChangePasswordRequest,
  DeleteAccountRequest,
  DeletedSchema,
  MailSentSchema,
  ResetConfirm,
  ResetRequest,
  SessionsEndedSchema,
  TokenQuery,
  USER_EXAMPLE,
  VerifiedSchema,
} from "./account-schemas";
import { exportAccount } from "./data-export";
import { deleteAccount } from "./deletion";
import { confirmEmail, sendVerification } from "./email-verification";
import { currentUser, requireAuth } from "./middleware";
import { confirmPassword } from "./password-check";
import { completeReset, requestReset } from "./password-reset";
import { endOtherSessions } from "./revocation";
import { UserSchema } from "./schemas";
import { changeEmail, findUserById, publicUser, setPassword } from "./users";

const tag = "Account";
const HOUR_MS = 3_600_000;

const authLimit = rateLimit({ name: "auth:ip", key: (c) => c.get("ip"), limit: (cfg) => cfg.RATE_LIMIT_AUTH_PER_MINUTE });
const resendLimit = rateLimit({
  name: "verify-resend",
  key: (c) => c.get("user")?.id ?? c.get("ip"),
  limit: (cfg) => cfg.VERIFY_EMAIL_RESENDS_PER_HOUR,
  periodMs: HOUR_MS,
});

async function me(c: Context<AppEnv>): Promise<UserRow> {
  const user = await findUserById(db(c.env), currentUser(c).id);
  if (!user) throw ApiError.of("unauthorized", "account no longer exists");
  return user;
}

const verifyEmail = createRoute({
  method: "get",
  path: "/v1/auth/verify-email",
  operationId: "verifyEmail",
  tags: [tag],
  summary: "Confirm an email through its mailed link",
  description:
    "The link mailed at registration, on resend and after an email change. It works once (410 `token_used`), for 24 hours (410 `token_expired`), and only for the address it was sent to (400 `invalid_token` once the email changed). No login needed: the token is the proof.",
  middleware: [authLimit] as const,
  request: { query: TokenQuery },
  responses: { 200: json(VerifiedSchema, "Email verified"), ...errorResponses(400, 410, 429, TOKEN_REFUSALS) },
});

const resendVerification = createRoute({
  method: "post",
  path: "/v1/auth/verify-email/resend",
  operationId: "resendVerificationEmail",
  tags: [tag],
  summary: "Mail a new verification link",
  description:
    "Earlier links stop working. Limited to VERIFY_EMAIL_RESENDS_PER_HOUR (default 3) per account per hour (429 `rate_limited`). 409 `already_verified`, 400 `no_email`.",
  security: bearer,
  middleware: [...requireAuth, resendLimit] as const,
  responses: { 202: json(MailSentSchema, "Mail sent"), ...errorResponses(400, 401, 403, 409, 429) },
});

const resetRequest = createRoute({
  method: "post",
  path: "/v1/auth/password-reset/request",
  operationId: "requestPasswordReset",
  tags: [tag],
  summary: "Mail a password reset link",
  description:
    "Always 202 `{accepted: true}`, whether or not an account uses the address, after the same work either way (an unknown address gets a notice that no account uses it). PASSWORD_RESETS_PER_HOUR (default 3) per address per hour, for every address alike.",
  middleware: [authLimit] as const,
  request: { body: body(ResetRequest) },
  responses: { 202: json(AcceptedSchema, "Accepted"), ...errorResponses(400, 429) },
});

const resetConfirm = createRoute({
  method: "post",
  path: "/v1/auth/password-reset",
  operationId: "resetPassword",
  tags: [tag],
  summary: "Set a new password with a reset token",
  description:
    "The token works once (410 `token_used`) for one hour (410 `token_expired`); a newer request spends older tokens. Every session ends and its WebSockets close with 4401 `session_revoked`; log in again with the new password.",
  middleware: [authLimit] as const,
  request: { body: body(ResetConfirm) },
  responses: { 200: json(SessionsEndedSchema, "Password changed"), ...errorResponses(400, 410, 429, TOKEN_REFUSALS) },
});

const changePassword = createRoute({
  method: "post",
  path: "/v1/me/password",
  operationId: "changePassword",
  tags: [tag],
  summary: "Change the password",
  description:
    "Needs the current password (403 `wrong_password`; failures count towards the login lock). Every other session ends and its sockets close; the session that made the change stays.",
  security: bearer,
  middleware: requireAuth,
  request: { body: body(ChangePasswordRequest) },
  responses: { 200: json(SessionsEndedSchema, "Password changed"), ...errorResponses(400, 401, 403, 429) },
});

const changeEmailRoute = createRoute({
  method: "post",
  path: "/v1/me/email",
  operationId: "changeEmail",
  tags: [tag],
  summary: "Change the email",
  description:
    "Needs the password (403 `wrong_password`). The new address is unverified until its mailed link is followed; the old one is told of the change. 409 `conflict` when another account uses it.",
  security: bearer,
  middleware: requireAuth,
  request: { body: body(ChangeEmailRequest) },
  responses: {
    200: {
      description: "Email changed",
      content: {
        "application/json": { schema: UserSchema, example: { ...USER_EXAMPLE, email: "ada@new.example.com", emailVerified: false } },
      },
    },
    ...errorResponses(400, 401, 403, 409, 429),
  },
});

const exportData = createRoute({
  method: "get",
  path: "/v1/me/export",
  operationId: "exportAccountData",
  tags: [tag],
  summary: "Everything held about the account, as JSON",
  description:
    "Account, sessions, mail-token metadata, games, stats, achievements, universes, rooms, replay shares, Familiars cards and decks, and text-world characters (directory row and the record their area holds: room, level, XP, coins, items, quests). No secrets.",
  security: bearer,
  middleware: requireAuth,
  responses: { 200: json(AccountExportSchema, "Export"), ...errorResponses(401, 403, 429) },
});

const deleteMe = createRoute({
  method: "delete",
  path: "/v1/me",
  operationId: "deleteAccount",
  tags: [tag],
  summary: "Delete the account",
  description:
    "Needs the password (403 `wrong_password`). Every session ends and its sockets close; the account's text-world characters leave the world (a character in it is kicked first) and are deleted with their items, presence and world role; the account leaves the leaderboards; games, replays and universes (rankings, reports, fleets, notices, shared reports) keep an anonymised name (`deleted_<8 hex>`) and the old one nowhere; the username stays reserved for 30 days. 503 `world_unavailable` if an area cannot be reached, `universe_unavailable` if a universe object cannot (the account row is untouched; retry). Export first with `GET /v1/me/export`.",
  security: bearer,
  middleware: requireAuth,
  request: { body: body(DeleteAccountRequest) },
  responses: { 200: json(DeletedSchema, "Deleted"), ...errorResponses(400, 401, 403, 429, { world_unavailable: 503, universe_unavailable: 503 }) },
});

/** Mail that reports a change after it happened: a sending failure must not undo or fail the change. */
async function notify(c: Context<AppEnv>, mail: Parameters<ReturnType<typeof mailSender>["send"]>[0]): Promise<void> {
  try {
    await mailSender(c.env, c.get("config")).send(mail);
  } catch (e) {
    console.log(JSON.stringify({ level: "warn", msg: "notice mail not sent", subject: mail.subject, error: String(e) }));
  }
}

export const accountRoutes = router()
  .openapi(verifyEmail, async (c) => {
    const user = await confirmEmail(db(c.env), c.get("config"), c.req.valid("query").token);
    return c.json({ verified: true as const, user: publicUser(user) }, 200);
  })
  .openapi(resendVerification, async (c) => {
    const user = await me(c);
    if (user.emailVerifiedAt !== null) throw new ApiError(409, "already_verified", "the email is already verified");
    await sendVerification(c, db(c.env), user);
    return c.json({ sent: true as const, email: user.email as string }, 202);
  })
  .openapi(resetRequest, async (c) => {
    await requestReset(c, c.req.valid("json").email);
    return c.json({ accepted: true as const }, 202);
  })
  .openapi(resetConfirm, async (c) => {
    const { token, password } = c.req.valid("json");
    return c.json({ sessionsEnded: await completeReset(c, token, password) }, 200);
  })
  .openapi(changePassword, async (c) => {
    const { currentPassword, newPassword } = c.req.valid("json");
    const user = await me(c);
    await confirmPassword(c, user, currentPassword);
    const d = db(c.env);
    await setPassword(d, user.id, newPassword, c.get("config").PASSWORD_ITERATIONS);
    return c.json({ sessionsEnded: await endOtherSessions(c.env, d, user.id, currentUser(c).sessionId) }, 200);
  })
  .openapi(changeEmailRoute, async (c) => {
    const { password, email } = c.req.valid("json");
    const user = await me(c);
    await confirmPassword(c, user, password);
    const d = db(c.env);
    const updated = await changeEmail(d, user, email);
    if (updated.email !== user.email) {
      await sendVerification(c, d, updated);
      if (user.email) await notify(c, emailChangedMail(user.email, user.username, updated.email as string));
    }
    return c.json(publicUser(updated), 200);
  })
  .openapi(exportData, async (c) => c.json(await exportAccount(c.env, db(c.env), await me(c)), 200))
  .openapi(deleteMe, async (c) => {
    const user = await me(c);
    await confirmPassword(c, user, c.req.valid("json").password);
    const result = await deleteAccount(c.env, db(c.env), user);
    if (user.email) await notify(c, accountDeletedMail(user.email, user.username, result.usernameFreesAt));
    return c.json({ deleted: true as const, ...result }, 200);
  });
