import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

export const universes = sqliteTable("universes", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  settings: text("settings", { mode: "json" }).notNull().$type<Record<string, unknown>>(),
  isDefault: integer("is_default", { mode: "boolean" }).notNull().default(false),
  /** Where the "fill evenly" homeworld walk stands; advanced with compare-and-set. */
  placementCursor: text("placement_cursor"),
  /** Set while an admin holds the universe's timers for maintenance (src/admin/universes.ts). */
  pausedAt: integer("paused_at"),
  createdAt: integer("created_at").notNull(),
});

/**
 * Membership and the highscore table: shards push each player's current points here. The primary
 * key is the one membership a player has in a universe; a join takes it before claiming any slot.
 */
export const universePlayers = sqliteTable(
  "universe_players",
  {
    universeId: text("universe_id")
      .notNull()
      .references(() => universes.id, { onDelete: "cascade" }),
    userId: text("user_id").notNull(),
    username: text("username").notNull(),
    shard: integer("shard").notNull(),
    /** `joining` until the homeworld and the empire exist; only `joined` members are listed. */
    status: text("status", { enum: ["joining", "joined"] })
      .notNull()
      .default("joining"),
    /** Chosen with the membership, so every attempt of a join places the same planet. */
    homeworldPlanetId: text("homeworld_planet_id"),
    points: integer("points").notNull().default(0),
    /** The shard's score version of `points`: a push only lands when it is newer. */
    pointsVersion: integer("points_version").notNull().default(0),
    joinedAt: integer("joined_at").notNull(),
    pointsUpdatedAt: integer("points_updated_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.universeId, t.userId] }), index("universe_players_points").on(t.universeId, t.points)],
);

/**
 * Which coordinates are taken. The primary key makes claiming a slot atomic across shards, the
 * unique planet id keeps a planet in one slot, and the table doubles as the galaxy view.
 */
export const planetSlots = sqliteTable(
  "planet_slots",
  {
    universeId: text("universe_id")
      .notNull()
      .references(() => universes.id, { onDelete: "cascade" }),
    galaxy: integer("galaxy").notNull(),
    system: integer("system").notNull(),
    position: integer("position").notNull(),
    planetId: text("planet_id").notNull(),
    ownerId: text("owner_id").notNull(),
    planetName: text("planet_name").notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.universeId, t.galaxy, t.system, t.position] }),
    index("planet_slots_owner").on(t.universeId, t.ownerId),
    uniqueIndex("planet_slots_planet").on(t.universeId, t.planetId),
  ],
);

/**
 * The galaxy view's copy of the debris fields; the `UniverseSystem` object of the coordinates owns
 * them and writes each change here with a growing `version` (never read to decide an effect).
 */
export const debrisFields = sqliteTable(
  "debris_fields",
  {
    universeId: text("universe_id")
      .notNull()
      .references(() => universes.id, { onDelete: "cascade" }),
    galaxy: integer("galaxy").notNull(),
    system: integer("system").notNull(),
    position: integer("position").notNull(),
    metal: integer("metal").notNull(),
    crystal: integer("crystal").notNull(),
    deuterium: integer("deuterium").notNull(),
    version: integer("version").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.universeId, t.galaxy, t.system, t.position] })],
);

/**
 * The galaxy view's and the launches' copy of the moons. The shard of the moon's owner owns the
 * moon and writes this row after the commit that made, renamed or removed it (moon-slots.ts in
 * the shard), retried until D1 has it. At most one moon per coordinate; removed by moon id, so a
 * late removal never takes a newer moon at the same place.
 */
export const moonSlots = sqliteTable(
  "moon_slots",
  {
    universeId: text("universe_id")
      .notNull()
      .references(() => universes.id, { onDelete: "cascade" }),
    galaxy: integer("galaxy").notNull(),
    system: integer("system").notNull(),
    position: integer("position").notNull(),
    moonId: text("moon_id").notNull(),
    ownerId: text("owner_id").notNull(),
    moonName: text("moon_name").notNull(),
    diameter: integer("diameter").notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.universeId, t.galaxy, t.system, t.position] }),
    uniqueIndex("moon_slots_moon").on(t.universeId, t.moonId),
  ],
);
