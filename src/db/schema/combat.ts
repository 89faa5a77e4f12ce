import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { universes } from "./universes";

/**
 * Shared battle reports: a copy taken from the sharer's shard when they share it, readable by
 * anyone with the key. One key per (universe, sharer, report), so sharing twice gives the same key.
 */
export const battleReports = sqliteTable(
  "battle_reports",
  {
    key: text("key").primaryKey(),
    universeId: text("universe_id")
      .notNull()
      .references(() => universes.id, { onDelete: "cascade" }),
    reportId: text("report_id").notNull(),
    sharedBy: text("shared_by").notNull(),
    report: text("report", { mode: "json" }).notNull().$type<unknown>(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [uniqueIndex("battle_reports_sharer").on(t.universeId, t.sharedBy, t.reportId)],
);

export type BattleReportShareRow = typeof battleReports.$inferSelect;

/**
 * Buddy lists (§13, ACS defend): a request from `requester` to `addressee`, mutual once accepted.
 * At most one row per pair: a request answered by the reverse request accepts it instead.
 */
export const universeBuddies = sqliteTable(
  "universe_buddies",
  {
    universeId: text("universe_id")
      .notNull()
      .references(() => universes.id, { onDelete: "cascade" }),
    requesterId: text("requester_id").notNull(),
    addresseeId: text("addressee_id").notNull(),
    status: text("status", { enum: ["pending", "accepted"] }).notNull(),
    createdAt: integer("created_at").notNull(),
    acceptedAt: integer("accepted_at"),
  },
  (t) => [
    primaryKey({ columns: [t.universeId, t.requesterId, t.addresseeId] }),
    index("universe_buddies_addressee").on(t.universeId, t.addresseeId),
  ],
);

export type BuddyRow = typeof universeBuddies.$inferSelect;
