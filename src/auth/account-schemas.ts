import { z } from "@hono/zod-openapi";
import { PasswordSchema, UserSchema } from "./schemas";

const TOKEN_EXAMPLE = "5b0c7d4e-2f4a-4c61-9a57-0f1e8d9c3b21.9f2c4e6a8b0d1f3e5a7c9e1b3d5f7a9c2e4b6d8f0a1c3e5b7d9f1a3c5e7b9d1f";

export const TokenQuery = z.object({
  token: z.string().min(1).max(200).openapi({ description: "The token from the mailed link", example: TOKEN_EXAMPLE }),
});

export const USER_EXAMPLE = {
  id: "3f1c0a52-8c1e-4c55-9d83-0d9ad1a6b0f4",
  username: "stellar_cartographer",
  email: "ada@example.com",
  emailVerified: true,
  role: "player",
  banned: false,
  createdAt: 1_790_000_000_000,
  lastLoginAt: 1_790_000_100_000,
} as const;

export const VerifiedSchema = z
  .object({ verified: z.literal(true), user: UserSchema })
  .openapi("EmailVerified", { example: { verified: true, user: USER_EXAMPLE } });

export const MailSentSchema = z
  .object({ sent: z.literal(true), email: z.string() })
  .openapi("MailSent", { example: { sent: true, email: "ada@example.com" } });

export const ResetRequest = z
  .object({ email: z.email().max(254).openapi({ example: "ada@example.com" }) })
  .openapi("PasswordResetRequest", { example: { email: "ada@example.com" } });

export const AcceptedSchema = z.object({ accepted: z.literal(true) }).openapi("Accepted", { example: { accepted: true } });

export const ResetConfirm = z
  .object({ token: z.string().min(1).max(200), password: PasswordSchema })
  .openapi("PasswordResetConfirm", { example: { token: TOKEN_EXAMPLE, password: "a brand new passphrase" } });

export const SessionsEndedSchema = z
  .object({ sessionsEnded: z.number().int().openapi({ description: "Sessions revoked (their sockets closed with 4401)" }) })
  .openapi("SessionsEnded", { example: { sessionsEnded: 2 } });

export const ChangePasswordRequest = z
  .object({ currentPassword: z.string().min(1).max(256), newPassword: PasswordSchema })
  .openapi("ChangePasswordRequest", { example: { currentPassword: "my current passphrase", newPassword: "a brand new passphrase" } });

export const ChangeEmailRequest = z
  .object({ password: z.string().min(1).max(256), email: z.email().max(254) })
  .openapi("ChangeEmailRequest", { example: { password: "my current passphrase", email: "ada@new.example.com" } });

export const DeleteAccountRequest = z
  .object({ password: z.string().min(1).max(256) })
  .openapi("DeleteAccountRequest", { example: { password: "my current passphrase" } });

export const DeletedSchema = z
  .object({
    deleted: z.literal(true),
    usernameFreesAt: z.number().int().openapi({ description: "When the name can be registered again (epoch ms)" }),
  })
  .openapi("AccountDeleted", { example: { deleted: true, usernameFreesAt: 1_792_592_000_000 } });

export const AccountExportSchema = z
  .object({
    format: z.literal("orrery-account-export/1"),
    exportedAt: z.number().int(),
    account: z.record(z.string(), z.unknown()),
    sessions: z.array(z.record(z.string(), z.unknown())),
    mailTokens: z.array(z.record(z.string(), z.unknown())),
    games: z.array(z.record(z.string(), z.unknown())),
    stats: z.array(z.record(z.string(), z.unknown())),
    achievements: z.array(z.record(z.string(), z.unknown())),
    universes: z.array(z.record(z.string(), z.unknown())),
    rooms: z.array(z.record(z.string(), z.unknown())),
    replayShares: z.array(z.record(z.string(), z.unknown())),
    familiars: z.object({
      collection: z.array(z.object({ cardId: z.string(), count: z.number().int() })),
      decks: z.array(z.record(z.string(), z.unknown())),
    }),
    world: z.object({
      role: z.string().nullable(),
      characters: z.array(z.record(z.string(), z.unknown())),
    }),
  })
  .openapi("AccountExport", {
    example: {
      format: "orrery-account-export/1",
      exportedAt: 1_790_000_200_000,
      account: { id: "3f1c0a52-8c1e-4c55-9d83-0d9ad1a6b0f4", username: "stellar_cartographer", email: "ada@example.com" },
      sessions: [{ familyId: "8d2e…", createdAt: 1_790_000_000_000, userAgent: "curl/8.5" }],
      mailTokens: [{ kind: "verify_email", email: "ada@example.com", createdAt: 1_790_000_000_000, usedAt: 1_790_000_050_000 }],
      games: [{ id: "c4f0…", game: "golf", seat: 0, replay: "/v1/games/c4f0…/export" }],
      stats: [],
      achievements: [],
      universes: [],
      rooms: [],
      replayShares: [],
      familiars: { collection: [], decks: [] },
      world: {
        role: null,
        characters: [
          {
            id: "ch_01JD3W7Q6M8ZK2",
            name: "Ava",
            area: "millbrook",
            level: 1,
            inWorld: false,
            record: { room: "mb_square", level: 1, xp: 0, coins: 10, items: [{ id: "it_millbrook_1", template: "rusty_dagger" }] },
          },
        ],
      },
    },
  });
