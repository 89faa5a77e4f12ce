import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { users } from "./accounts";

/**
 * Familiars cards a player owns, by card id. Basic energy is unlimited and not tracked. A player
 * with no rows predates Familiars: the starter cards are written at sign-up, or else on first use.
 */
export const tcgCollections = sqliteTable(
  "tcg_collections",
  {
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    cardId: text("card_id").notNull(),
    count: integer("count").notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.cardId] })],
);

/** Saved Familiars decks (the five starters are built in and not stored). */
export const tcgDecks = sqliteTable(
  "tcg_decks",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    cards: text("cards", { mode: "json" }).notNull().$type<string[]>(),
    energy: text("energy", { mode: "json" }).notNull().$type<Record<string, number>>(),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [index("tcg_decks_user").on(t.userId, t.createdAt)],
);
