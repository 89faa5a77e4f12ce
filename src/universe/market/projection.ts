import { and, desc, eq, gt, lt, or, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { marketHistory, marketOffers, universePlayers } from "../../db/schema/index";
import type { OfferStatus, ResourceName, Trade } from "../engine/index";

/**
 * The D1 read models of the market: the market objects write them after each change, the
 * listing, history and guidance routes read them. Nothing here decides a trade.
 */

export type OfferRow = typeof marketOffers.$inferSelect;
/** A listed offer, with its seller's name as the universe's membership holds it now. */
export type ListedOffer = OfferRow & { sellerName: string };
export type TradeRow = typeof marketHistory.$inferSelect;

/** Writes offers as their market object holds them; a row lands only over an older version. */
export async function projectOffers(d: Db, rows: OfferRow[]): Promise<void> {
  for (const row of rows) {
    await d
      .insert(marketOffers)
      .values(row)
      .onConflictDoUpdate({
        target: marketOffers.id,
        set: { status: row.status, closedAt: row.closedAt, version: row.version },
        setWhere: sql`${marketOffers.version} < ${row.version}`,
      });
  }
}

export async function projectTrades(d: Db, rows: TradeRow[]): Promise<void> {
  for (const row of rows) await d.insert(marketHistory).values(row).onConflictDoNothing();
}

/** Pages run newest first; the cursor is the last row's `createdAt:id` (or `at:offerId`). */
export function encodeCursor(at: number, id: string): string {
  return `${at}:${id}`;
}

function decodeCursor(cursor: string | undefined): { at: number; id: string } | null {
  if (!cursor) return null;
  const split = cursor.indexOf(":");
  const at = Number(cursor.slice(0, split));
  return split > 0 && Number.isSafeInteger(at) ? { at, id: cursor.slice(split + 1) } : null;
}

export async function listOpenOffers(
  d: Db,
  universeId: string,
  q: { offered?: ResourceName | undefined; requested?: ResourceName | undefined; limit: number; cursor?: string | undefined },
): Promise<{ offers: ListedOffer[]; nextCursor: string | null }> {
  const after = decodeCursor(q.cursor);
  // The name is read here, never copied: account deletion renames `universe_players` only.
  const rows = await d
    .select({ offer: marketOffers, sellerName: universePlayers.username })
    .from(marketOffers)
    .innerJoin(universePlayers, and(eq(universePlayers.universeId, marketOffers.universeId), eq(universePlayers.userId, marketOffers.sellerId)))
    .where(
      and(
        eq(marketOffers.universeId, universeId),
        eq(marketOffers.status, "open" satisfies OfferStatus),
        q.offered ? eq(marketOffers.offeredResource, q.offered) : undefined,
        q.requested ? eq(marketOffers.requestedResource, q.requested) : undefined,
        after
          ? or(lt(marketOffers.createdAt, after.at), and(eq(marketOffers.createdAt, after.at), lt(marketOffers.id, after.id)))
          : undefined,
      ),
    )
    .orderBy(desc(marketOffers.createdAt), desc(marketOffers.id))
    .limit(q.limit + 1);
  const page = rows.slice(0, q.limit).map((r) => ({ ...r.offer, sellerName: r.sellerName }));
  const last = page.at(-1);
  return { offers: page, nextCursor: rows.length > q.limit && last ? encodeCursor(last.createdAt, last.id) : null };
}

export async function listTrades(
  d: Db,
  universeId: string,
  q: { playerId?: string | undefined; limit: number; cursor?: string | undefined },
): Promise<{ trades: TradeRow[]; nextCursor: string | null }> {
  const after = decodeCursor(q.cursor);
  const rows = await d
    .select()
    .from(marketHistory)
    .where(
      and(
        eq(marketHistory.universeId, universeId),
        q.playerId ? or(eq(marketHistory.sellerId, q.playerId), eq(marketHistory.buyerId, q.playerId)) : undefined,
        after ? or(lt(marketHistory.at, after.at), and(eq(marketHistory.at, after.at), lt(marketHistory.offerId, after.id))) : undefined,
      ),
    )
    .orderBy(desc(marketHistory.at), desc(marketHistory.offerId))
    .limit(q.limit + 1);
  const page = rows.slice(0, q.limit);
  const last = page.at(-1);
  return { trades: page, nextCursor: rows.length > q.limit && last ? encodeCursor(last.at, last.offerId) : null };
}

/** Trades since `since`, as the guidance reads them. */
export async function tradesSince(d: Db, universeId: string, since: number): Promise<Trade[]> {
  const rows = await d
    .select()
    .from(marketHistory)
    .where(and(eq(marketHistory.universeId, universeId), gt(marketHistory.at, since)));
  return rows.map((r) => ({
    offered: { resource: r.offeredResource, amount: r.offeredAmount },
    requested: { resource: r.requestedResource, amount: r.requestedAmount },
    at: r.at,
  }));
}
