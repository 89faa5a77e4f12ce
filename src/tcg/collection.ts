/** Familiars collections and saved decks in D1 (spec §16). */
import { and, asc, eq, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { tcgCollections, tcgDecks } from "../db/schema";
import { STARTER_DECKS, TYPES } from "../games/tcg/index";

/** One copy of each starter list: what every account starts with. Basic energy is not tracked. */
export const STARTER_COLLECTION: Readonly<Record<string, number>> = (() => {
  const counts: Record<string, number> = {};
  for (const type of TYPES) for (const id of STARTER_DECKS[type].cards) counts[id] = (counts[id] ?? 0) + 1;
  return counts;
})();

const GRANT_ROWS_PER_INSERT = 30;

export type SavedDeck = typeof tcgDecks.$inferSelect;

/** The starter grant as insert statements (D1 binds at most 100 parameters per statement: 3 per row). */
export function starterGrantWrites(d: Db, userId: string) {
  const grant = Object.entries(STARTER_COLLECTION).map(([cardId, count]) => ({ userId, cardId, count }));
  const writes = [];
  for (let i = 0; i < grant.length; i += GRANT_ROWS_PER_INSERT) {
    writes.push(d.insert(tcgCollections).values(grant.slice(i, i + GRANT_ROWS_PER_INSERT)).onConflictDoNothing());
  }
  return writes;
}

/**
 * The player's collection. Accounts get the starter cards at creation (src/app.ts registers the
 * grant); one made before Familiars existed gets them here, on first use. Idempotent under races.
 */
export async function collectionOf(d: Db, userId: string): Promise<Record<string, number>> {
  let rows = await d.select().from(tcgCollections).where(eq(tcgCollections.userId, userId));
  if (rows.length === 0) {
    const [first, ...rest] = starterGrantWrites(d, userId);
    if (first) await d.batch([first, ...rest]);
    rows = await d.select().from(tcgCollections).where(eq(tcgCollections.userId, userId));
  }
  return Object.fromEntries(rows.map((r) => [r.cardId, r.count]));
}

export async function decksOf(d: Db, userId: string): Promise<SavedDeck[]> {
  return d.select().from(tcgDecks).where(eq(tcgDecks.userId, userId)).orderBy(asc(tcgDecks.createdAt), asc(tcgDecks.id));
}

export async function deckOf(d: Db, userId: string, id: string): Promise<SavedDeck | undefined> {
  const [row] = await d
    .select()
    .from(tcgDecks)
    .where(and(eq(tcgDecks.id, id), eq(tcgDecks.userId, userId)));
  return row;
}

export async function deckCount(d: Db, userId: string): Promise<number> {
  const [row] = await d.select({ n: sql<number>`count(*)` }).from(tcgDecks).where(eq(tcgDecks.userId, userId));
  return row?.n ?? 0;
}

export async function insertDeck(d: Db, deck: SavedDeck): Promise<void> {
  await d.insert(tcgDecks).values(deck);
}

export async function updateDeck(
  d: Db,
  userId: string,
  id: string,
  change: Pick<SavedDeck, "name" | "cards" | "energy" | "updatedAt">,
): Promise<void> {
  await d
    .update(tcgDecks)
    .set(change)
    .where(and(eq(tcgDecks.id, id), eq(tcgDecks.userId, userId)));
}

export async function deleteDeck(d: Db, userId: string, id: string): Promise<boolean> {
  const gone = await d
    .delete(tcgDecks)
    .where(and(eq(tcgDecks.id, id), eq(tcgDecks.userId, userId)))
    .returning({ id: tcgDecks.id });
  return gone.length > 0;
}
