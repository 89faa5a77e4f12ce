import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

/**
 * The index of rooms that the Worker reads without waking room objects: codes, lobby listings and
 * memberships. Each room object is the authority and pushes its summary here.
 */
export const rooms = sqliteTable(
  "rooms",
  {
    id: text("id").primaryKey(),
    code: text("code").notNull(),
    game: text("game").notNull(),
    visibility: text("visibility", { enum: ["public", "private"] }).notNull(),
    status: text("status", { enum: ["waiting", "playing", "finished", "closed"] }).notNull(),
    hostUserId: text("host_user_id"),
    seatsTaken: integer("seats_taken").notNull().default(0),
    seatsMax: integer("seats_max").notNull(),
    spectators: integer("spectators").notNull().default(0),
    optionsSummary: text("options_summary", { mode: "json" }).$type<Record<string, unknown>>(),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
    startedAt: integer("started_at"),
    endedAt: integer("ended_at"),
  },
  (t) => [
    // Codes are unique among live rooms only, so a finished room's code can be reused.
    uniqueIndex("rooms_live_code").on(t.code).where(sql`status IN ('waiting', 'playing')`),
    index("rooms_lobby").on(t.game, t.visibility, t.status, t.createdAt),
  ],
);

export const roomMembers = sqliteTable(
  "room_members",
  {
    roomId: text("room_id")
      .notNull()
      .references(() => rooms.id, { onDelete: "cascade" }),
    userId: text("user_id").notNull(),
    joinedAt: integer("joined_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.roomId, t.userId] }), index("room_members_user").on(t.userId)],
);
