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
    revokedReason: text("revoked_reason", { enum: ["rotated", "logout", "logout_all", "revoked", "reuse_detected", "banned"] }),
    userAgent: text("user_agent"),
    ipHash: text("ip_hash"),
  },
  (t) => [
    uniqueIndex("sessions_token_hash").on(t.tokenHash),
    index("sessions_family").on(t.familyId),
    index("sessions_user_live").on(t.userId).where(sql`revoked_at IS NULL`),
  ],
);

export type UserRow = typeof users.$inferSelect;
export type SessionRow = typeof sessions.$inferSelect;
