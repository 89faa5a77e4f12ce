import { createRoute, z } from "@hono/zod-openapi";
import { db } from "../db/client";
import { ApiError, errorResponses } from "../http/errors";
import { bearer, jsonResponse as json } from "../http/openapi";
import { router } from "../http/router";
import { createGuest, upgradeGuest } from "./guest";
import { signAccessToken } from "./jwt";
import { currentUser, requireAuth } from "./middleware";
import { authLimit, client, tokens } from "./routes";
import { RegisterRequest, TokenResponse, UserSchema } from "./schemas";
import { startSession } from "./sessions";
import { publicUser } from "./users";

const tag = "Auth";

const GuestUpgradeResponse = z
  .object({
    user: UserSchema,
    accessToken: z.string().openapi({ description: "A new access token carrying the chosen name; the refresh token is unchanged" }),
    tokenType: z.literal("Bearer"),
    expiresIn: z.number().int(),
  })
  .openapi("GuestUpgradeResponse", {
    example: {
      user: {
        id: "7d6f2c8e-3b1a-4c55-9d0e-2f4b8a1c6e90",
        username: "stellar_cartographer",
        email: "ada@example.com",
        role: "player",
        banned: false,
        guest: false,
        createdAt: 1764460800000,
        lastLoginAt: null,
      },
      accessToken: "eyJhbGciOiJIUzI1NiJ9.…",
      tokenType: "Bearer",
      expiresIn: 900,
    },
  });

const guest = createRoute({
  method: "post",
  path: "/v1/auth/guest",
  operationId: "createGuestSession",
  tags: [tag],
  summary: "Start a guest session under a generated name",
  description:
    "Guests can create and join unranked rooms and spectate. Joining a universe and quick match (which is rated) answer 403 `guest_not_allowed`. " +
    "Rate limited per IP like registration. A guest unused for 30 days is deleted by the daily cron; upgrade with `POST /v1/auth/guest/upgrade` to keep it.",
  middleware: [authLimit] as const,
  responses: {
    201: {
      description: "Guest session",
      content: {
        "application/json": {
          schema: TokenResponse,
          example: {
            user: {
              id: "7d6f2c8e-3b1a-4c55-9d0e-2f4b8a1c6e90",
              username: "guest-k3v9q2xa",
              email: null,
              role: "player",
              banned: false,
              guest: true,
              createdAt: 1764460800000,
              lastLoginAt: null,
            },
            accessToken: "eyJhbGciOiJIUzI1NiJ9.…",
            tokenType: "Bearer",
            expiresIn: 900,
            refreshToken: "q0Jx…",
            refreshTokenExpiresAt: 1767052800000,
            sessionId: "0b8e1d8a-4f0e-4d8e-a3a4-6f1f2a9c7b11",
          },
        },
      },
    },
    ...errorResponses(429),
  },
});

const upgrade = createRoute({
  method: "post",
  path: "/v1/auth/guest/upgrade",
  operationId: "upgradeGuest",
  tags: [tag],
  summary: "Turn the guest account into a full account",
  description:
    "Sets a username, a password and optionally an email on the signed-in guest. The user id stays, so rooms, games and stats carry over, and the session stays live. 409 `not_a_guest` for a full account; 409 `conflict` when the name or email is taken.",
  security: bearer,
  middleware: [...requireAuth, authLimit] as const,
  request: {
    body: {
      required: true,
      content: {
        "application/json": {
          schema: RegisterRequest,
          example: { username: "stellar_cartographer", password: "correct horse battery", email: "ada@example.com" },
        },
      },
    },
  },
  responses: { 200: json(GuestUpgradeResponse, "Upgraded"), ...errorResponses(400, 401, 403, 409, 429) },
});

export const guestRoutes = router()
  .openapi(guest, async (c) => {
    const cfg = c.get("config");
    const d = db(c.env);
    const user = await createGuest(d, cfg.PASSWORD_ITERATIONS);
    const session = await startSession(d, cfg, user.id, await client(c));
    return c.json(await tokens(cfg, user, session), 201);
  })
  .openapi(upgrade, async (c) => {
    const cfg = c.get("config");
    const me = currentUser(c);
    if (!me.guest) throw new ApiError(409, "not_a_guest", "this account is already a full account");
    const user = await upgradeGuest(db(c.env), me.id, c.req.valid("json"), cfg.PASSWORD_ITERATIONS);
    const accessToken = await signAccessToken(cfg, { sub: user.id, role: user.role, sid: me.sessionId, name: user.username });
    return c.json({ user: publicUser(user), accessToken, tokenType: "Bearer" as const, expiresIn: cfg.ACCESS_TOKEN_TTL_SECONDS }, 200);
  });
