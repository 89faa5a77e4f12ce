import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

export const users = sqliteTable(
  "users",
  {
    id: text("id").primaryKey(),
    username: text("username").notNull(),
    // Lower-cased copy so uniqueness is case-insensitive while the display name keeps its case.
    usernameKey: text("username_key").notNull(),
    email: text("email"),
    passwordHash: text("password_hash").notNull(),
    role: text("role", { enum: ["player", "moderator", "admin"] })
      .notNull()
      .default("player"),
    banned: integer("banned", { mode: "boolean" }).notNull().default(false),
    banReason: text("ban_reason"),
    /** A ban with an expiry lifts itself: auth treats it as over once this passes (epoch ms). */
    banExpiresAt: integer("ban_expires_at"),
    /** Muted users cannot create rooms until this passes (epoch ms). */
    mutedUntil: integer("muted_until"),
    /** Guest accounts have a generated name and no usable password until upgraded. */
    isGuest: integer("is_guest", { mode: "boolean" }).notNull().default(false),
    createdAt: integer("created_at").notNull(),
    lastLoginAt: integer("last_login_at"),
    /** Null until the current email is confirmed; changing the email clears it. */
    emailVerifiedAt: integer("email_verified_at"),
    /** Set when the account is deleted: the row stays, anonymised, so games and replays keep a seat name. */
    deletedAt: integer("deleted_at"),
  },
  (t) => [
    uniqueIndex("users_username_key").on(t.usernameKey),
    uniqueIndex("users_email").on(t.email),
    index("users_role").on(t.role),
    index("users_guest_created").on(t.createdAt).where(sql`is_guest = 1`),
  ],
);

export const sessions = sqliteTable(
  "sessions",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    // Every rotation adds a row in the same family; the family id is the session users see.
    familyId: text("family_id").notNull(),
    tokenHash: text("token_hash").notNull(),
    createdAt: integer("created_at").notNull(),
    expiresAt: integer("expires_at").notNull(),
    lastUsedAt: integer("last_used_at").notNull(),
    revokedAt: integer("revoked_at"),
    revokedReason: text("revoked_reason", {
      enum: [
        "rotated",
        "logout",
        "logout_all",
        "revoked",
        "reuse_detected",
        "banned",
        "password_reset",
        "password_changed",
        "account_deleted",
      ],
    }),
    userAgent: text("user_agent"),
    ipHash: text("ip_hash"),
  },
  (t) => [
    uniqueIndex("sessions_token_hash").on(t.tokenHash),
    index("sessions_family").on(t.familyId),
    index("sessions_user_live").on(t.userId).where(sql`revoked_at IS NULL`),
  ],
);

/**
 * Single-use mailed tokens. The link carries `<id>.<HMAC>` (src/auth/account-tokens.ts): the id finds
 * the row, the MAC binds it to kind, user, email and expiry, and `used_at` makes it single-use. A
 * reset asked for an unknown address stores a row with a null user, so both paths do the same work.
 */
export const accountTokens = sqliteTable(
  "account_tokens",
  {
    id: text("id").primaryKey(),
    kind: text("kind", { enum: ["verify_email", "reset_password"] }).notNull(),
    userId: text("user_id").references(() => users.id, { onDelete: "cascade" }),
    email: text("email").notNull(),
    createdAt: integer("created_at").notNull(),
    expiresAt: integer("expires_at").notNull(),
    usedAt: integer("used_at"),
  },
  (t) => [index("account_tokens_user").on(t.userId, t.kind), index("account_tokens_expiry").on(t.expiresAt)],
);

/** A deleted account's name stays reserved until `frees_at`; the daily cron purges freed names. */
export const usernameTombstones = sqliteTable(
  "username_tombstones",
  {
    usernameKey: text("username_key").primaryKey(),
    userId: text("user_id").notNull(),
    deletedAt: integer("deleted_at").notNull(),
    freesAt: integer("frees_at").notNull(),
  },
  (t) => [index("username_tombstones_frees").on(t.freesAt)],
);

/** Messages the dev mail sender kept (src/mail/dev.ts); never written by the production senders. */
export const devMail = sqliteTable(
  "dev_mail",
  {
    id: text("id").primaryKey(),
    to: text("to").notNull(),
    subject: text("subject").notNull(),
    text: text("text").notNull(),
    html: text("html").notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [index("dev_mail_to").on(t.to, t.createdAt)],
);

export type UserRow = typeof users.$inferSelect;
export type AccountTokenRow = typeof accountTokens.$inferSelect;
export type SessionRow = typeof sessions.$inferSelect;
