import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

/**
 * The text world's directory (spec §11.2): which area owns each character's record, and
 * `loc_version`, raised by every handover so a late directory write never moves it back.
 */
export const worldCharacters = sqliteTable(
  "world_characters",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id").notNull(),
    name: text("name").notNull(),
    /** Lower-cased, so names are unique case-insensitively. */
    nameKey: text("name_key").notNull(),
    stats: text("stats", { mode: "json" }).$type<Record<string, number>>().notNull(),
    area: text("area").notNull(),
    locVersion: integer("loc_version").notNull().default(0),
    level: integer("level").notNull().default(1),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [uniqueIndex("world_characters_name_key").on(t.nameKey), index("world_characters_account").on(t.accountId, t.createdAt)],
);

/** One character per account in the world: the row exists while it is in (online, stasis or arriving). */
export const worldPresence = sqliteTable(
  "world_presence",
  {
    accountId: text("account_id").primaryKey(),
    characterId: text("character_id").notNull(),
    area: text("area").notNull(),
    since: integer("since").notNull(),
  },
  (t) => [uniqueIndex("world_presence_character").on(t.characterId)],
);

/** World roles per account (§9); platform admins are world admins whatever this says. */
export const worldRoles = sqliteTable("world_roles", {
  accountId: text("account_id").primaryKey(),
  role: text("role", { enum: ["player", "moderator", "game_master", "admin"] }).notNull(),
});

export type WorldCharacterRow = typeof worldCharacters.$inferSelect;
