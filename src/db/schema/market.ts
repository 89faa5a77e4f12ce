import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { universes } from "./universes";

const RESOURCES = ["metal", "crystal", "deuterium"] as const;

/**
 * The offer list, as the market objects last projected it. The market object holding an offer is
 * the authority; this copy only serves listings and is never read to decide a trade. It keeps no
 * seller name: the listing joins `universe_players`, the one copy account deletion renames.
 */
export const marketOffers = sqliteTable(
  "market_offers",
  {
    id: text("id").primaryKey(),
    universeId: text("universe_id")
      .notNull()
      .references(() => universes.id, { onDelete: "cascade" }),
    sellerId: text("seller_id").notNull(),
    offeredResource: text("offered_resource", { enum: RESOURCES }).notNull(),
    offeredAmount: integer("offered_amount").notNull(),
    requestedResource: text("requested_resource", { enum: RESOURCES }).notNull(),
    requestedAmount: integer("requested_amount").notNull(),
    status: text("status", { enum: ["open", "accepted", "cancelled"] }).notNull(),
    createdAt: integer("created_at").notNull(),
    closedAt: integer("closed_at"),
    /** Grows with each change in the market object; an older write never lands over a newer one. */
    version: integer("version").notNull(),
  },
  (t) => [
    index("market_offers_open").on(t.universeId, t.status, t.offeredResource, t.createdAt),
    index("market_offers_seller").on(t.universeId, t.sellerId, t.status),
  ],
);

/** Completed trades, one per accepted offer: the history and the guidance read it. */
export const marketHistory = sqliteTable(
  "market_history",
  {
    offerId: text("offer_id").primaryKey(),
    universeId: text("universe_id")
      .notNull()
      .references(() => universes.id, { onDelete: "cascade" }),
    sellerId: text("seller_id").notNull(),
    buyerId: text("buyer_id").notNull(),
    offeredResource: text("offered_resource", { enum: RESOURCES }).notNull(),
    offeredAmount: integer("offered_amount").notNull(),
    requestedResource: text("requested_resource", { enum: RESOURCES }).notNull(),
    requestedAmount: integer("requested_amount").notNull(),
    fee: integer("fee").notNull(),
    at: integer("at").notNull(),
  },
  (t) => [
    index("market_history_at").on(t.universeId, t.at),
    index("market_history_seller").on(t.universeId, t.sellerId, t.at),
    index("market_history_buyer").on(t.universeId, t.buyerId, t.at),
  ],
);
