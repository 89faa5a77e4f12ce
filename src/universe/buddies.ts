/**
 * Buddy lists (§13): a player asks another member of the same universe; once accepted the pair
 * are buddies both ways (ACS defend may then hold at each other's planets). One row per pair, in
 * D1 `universe_buddies`, whichever side asked first.
 */
import { and, eq, inArray, or } from "drizzle-orm";
import type { Db } from "../db/client";
import { isUniqueViolation } from "../db/errors";
import { universeBuddies, universePlayers } from "../db/schema/index";
import { ApiError } from "../http/errors";

export interface BuddyEntry {
  userId: string;
  username: string;
  /** When the request was made (pending) or accepted (buddies). */
  since: number;
}

export interface BuddyList {
  buddies: BuddyEntry[];
  /** Requests others sent me, waiting for my answer. */
  incoming: BuddyEntry[];
  /** My requests, waiting for theirs. */
  outgoing: BuddyEntry[];
}

const pair = (universeId: string, a: string, b: string) =>
  and(
    eq(universeBuddies.universeId, universeId),
    or(
      and(eq(universeBuddies.requesterId, a), eq(universeBuddies.addresseeId, b)),
      and(eq(universeBuddies.requesterId, b), eq(universeBuddies.addresseeId, a)),
    ),
  );

async function rowOf(d: Db, universeId: string, a: string, b: string) {
  return (
    await d
      .select()
      .from(universeBuddies)
      .where(pair(universeId, a, b))
      .limit(1)
  )[0];
}

export async function buddyList(d: Db, universeId: string, userId: string): Promise<BuddyList> {
  const rows = await d
    .select()
    .from(universeBuddies)
    .where(
      and(eq(universeBuddies.universeId, universeId), or(eq(universeBuddies.requesterId, userId), eq(universeBuddies.addresseeId, userId))),
    );
  const others = rows.map((b) => (b.requesterId === userId ? b.addresseeId : b.requesterId));
  const members = others.length
    ? await d
        .select({ userId: universePlayers.userId, username: universePlayers.username })
        .from(universePlayers)
        .where(and(eq(universePlayers.universeId, universeId), inArray(universePlayers.userId, others)))
    : [];
  const names = new Map(members.map((m) => [m.userId, m.username]));
  const list: BuddyList = { buddies: [], incoming: [], outgoing: [] };
  rows.forEach((b, i) => {
    const other = others[i] as string;
    const entry = { userId: other, username: names.get(other) ?? "", since: b.acceptedAt ?? b.createdAt };
    if (b.status === "accepted") list.buddies.push(entry);
    else (b.requesterId === userId ? list.outgoing : list.incoming).push(entry);
  });
  for (const l of [list.buddies, list.incoming, list.outgoing]) l.sort((x, y) => x.username.localeCompare(y.username));
  return list;
}

/** The member of the universe with this username, or 404 `not_found`. */
export async function memberByName(d: Db, universeId: string, username: string) {
  const m = await d.query.universePlayers.findFirst({
    where: and(eq(universePlayers.universeId, universeId), eq(universePlayers.username, username), eq(universePlayers.status, "joined")),
  });
  if (!m) throw ApiError.of("not_found", `no player named ${username} in this universe`);
  return m;
}

/**
 * Asks `to` to be `from`'s buddy. A pending request from `to` is accepted instead (both asked).
 * 409 `buddy_exists` when the pair are buddies already or `from` has asked before.
 */
export async function requestBuddy(d: Db, universeId: string, from: string, to: string, now: number): Promise<"pending" | "accepted"> {
  if (from === to) throw ApiError.of("invalid_request", "you cannot be your own buddy");
  const existing = await rowOf(d, universeId, from, to);
  if (existing?.status === "pending" && existing.requesterId === to) {
    await acceptBuddy(d, universeId, from, to, now);
    return "accepted";
  }
  if (existing)
    throw new ApiError(409, "buddy_exists", existing.status === "accepted" ? "you are buddies already" : "you have asked already");
  try {
    await d
      .insert(universeBuddies)
      .values({ universeId, requesterId: from, addresseeId: to, status: "pending", createdAt: now, acceptedAt: null });
  } catch (e) {
    // The same request twice at once; the reverse request at once leaves two rows, both pending, and either accept settles it.
    if (isUniqueViolation(e)) throw new ApiError(409, "buddy_exists", "you have asked already");
    throw e;
  }
  return "pending";
}

/** `me` accepts the pending request `from` sent; 404 `not_found` when there is none. */
export async function acceptBuddy(d: Db, universeId: string, me: string, from: string, now: number): Promise<void> {
  const done = await d
    .update(universeBuddies)
    .set({ status: "accepted", acceptedAt: now })
    .where(
      and(
        eq(universeBuddies.universeId, universeId),
        eq(universeBuddies.requesterId, from),
        eq(universeBuddies.addresseeId, me),
        eq(universeBuddies.status, "pending"),
      ),
    )
    .returning();
  if (done.length === 0) throw ApiError.of("not_found", "no pending buddy request from this player");
  // A reverse request made at the same moment is the same wish: the accepted row speaks for both.
  await d
    .delete(universeBuddies)
    .where(and(eq(universeBuddies.universeId, universeId), eq(universeBuddies.requesterId, me), eq(universeBuddies.addresseeId, from)));
}

/** Ends a buddyship, withdraws my request or declines theirs; 404 `not_found` when there is nothing. */
export async function removeBuddy(d: Db, universeId: string, me: string, other: string): Promise<void> {
  const gone = await d
    .delete(universeBuddies)
    .where(pair(universeId, me, other))
    .returning();
  if (gone.length === 0) throw ApiError.of("not_found", "no buddy or request with this player");
}

/** Whether the two are buddies in the universe (ACS defend, §13). */
export async function areBuddies(d: Db, universeId: string, a: string, b: string): Promise<boolean> {
  return (await rowOf(d, universeId, a, b))?.status === "accepted";
}
