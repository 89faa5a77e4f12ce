import { z } from "@hono/zod-openapi";

export const UsernameSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{3,32}$/, "3–32 characters of A–Z, a–z, 0–9, _ and -")
  // Generated guest names start with `guest-`; nobody else may take one.
  .refine((name) => !name.toLowerCase().startsWith("guest-"), "names starting with guest- are reserved for guests")
  .openapi({ example: "stellar_cartographer" });

export const PasswordSchema = z.string().min(8).max(256).openapi({ example: "correct horse battery" });

export const RegisterRequest = z
  .object({
    username: UsernameSchema,
    password: PasswordSchema,
    email: z.email().max(254).optional(),
  })
  .openapi("RegisterRequest");

export const LoginRequest = z
  .object({
    login: z.string().min(1).max(254).openapi({ description: "Username or email", example: "stellar_cartographer" }),
    password: z.string().min(1).max(256),
  })
  .openapi("LoginRequest");

export const RefreshRequest = z.object({ refreshToken: z.string().min(1).max(512) }).openapi("RefreshRequest");

export const UserSchema = z
  .object({
    id: z.string(),
    username: z.string(),
    email: z.string().nullable(),
    emailVerified: z.boolean().openapi({ description: "Whether the current email was confirmed through its mailed link" }),
    role: z.enum(["player", "moderator", "admin"]),
    banned: z.boolean(),
    guest: z.boolean().openapi({ description: "A guest account: unranked rooms and spectating only until upgraded" }),
    createdAt: z.number().int().openapi({ description: "Unix epoch milliseconds" }),
    lastLoginAt: z.number().int().nullable(),
  })
  .openapi("User");

export const TokenResponse = z
  .object({
    user: UserSchema,
    accessToken: z.string(),
    tokenType: z.literal("Bearer"),
    expiresIn: z.number().int().openapi({ description: "Access token lifetime in seconds" }),
    refreshToken: z.string(),
    refreshTokenExpiresAt: z.number().int(),
    sessionId: z.string(),
  })
  .openapi("TokenResponse");

export const SessionSchema = z
  .object({
    id: z.string(),
    createdAt: z.number().int(),
    lastUsedAt: z.number().int(),
    expiresAt: z.number().int(),
    userAgent: z.string().nullable(),
    current: z.boolean(),
  })
  .openapi("Session");

export const SessionListSchema = z.object({ sessions: z.array(SessionSchema) }).openapi("SessionList");
export const OkSchema = z.object({ ok: z.literal(true) }).openapi("Ok");
export const RevokedSchema = z.object({ revoked: z.number().int() }).openapi("Revoked");
