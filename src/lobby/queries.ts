/**
 * Lobby listings, read from the D1 room index only: listing rooms never wakes a Room object. Each
 * room pushes its status, seats and spectator count to the index (src/rooms/index-sync.ts), so
 * these rows are at most a moment behind the rooms themselves.
 *
 * Pagination is keyset-based: the cursor holds the sort key of the last row served, so pages stay
 * consistent while rooms are created and fill up, and each page is one indexed query.
 */
import { and, asc, desc, eq, gt, lt, or, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../db/client";
import { rooms, users } from "../db/schema/index";
import { fromBase64Url, toBase64Url } from "../lib/encoding";

export type LobbyRow = typeof rooms.$inferSelect & { hostName: string | null };

const WaitingCursor = z.tuple([z.literal("w"), z.number(), z.string()]);
const LiveCursor = z.tuple([z.literal("l"), z.int(), z.number(), z.string()]);

export type WaitingKey = { createdAt: number; id: string };
export type LiveKey = { spectators: number; startedAt: number; id: string };

function encodeCursor(parts: unknown[]): string {
  return toBase64Url(new TextEncoder().encode(JSON.stringify(parts)));
}

function decodeCursor<T>(schema: z.ZodType<T>, cursor: string): T | null {
  try {
    const parsed = schema.safeParse(JSON.parse(new TextDecoder().decode(fromBase64Url(cursor))));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export function decodeWaitingCursor(cursor: string): WaitingKey | null {
  const t = decodeCursor(WaitingCursor, cursor);
  return t ? { createdAt: t[1], id: t[2] } : null;
}

export function decodeLiveCursor(cursor: string): LiveKey | null {
  const t = decodeCursor(LiveCursor, cursor);
  return t ? { spectators: t[1], startedAt: t[2], id: t[3] } : null;
}

const columns = { room: rooms, hostName: users.username };

/** Sort key of a live game: rooms without a start time (not yet indexed as started) sort as if they started at creation. */
const startedKey = sql<number>`coalesce(${rooms.startedAt}, ${rooms.createdAt})`;

/**
 * Public rooms waiting for players that still have an open seat, longest-waiting first (they are
 * the closest to starting), `limit` per page.
 */
export async function waitingRooms(
  d: Db,
  game: string,
  limit: number,
  after: WaitingKey | null,
): Promise<{ rows: LobbyRow[]; nextCursor: string | null }> {
  const rows = await d
    .select(columns)
    .from(rooms)
    .leftJoin(users, eq(users.id, rooms.hostUserId))
    .where(
      and(
        eq(rooms.game, game),
        eq(rooms.visibility, "public"),
        eq(rooms.status, "waiting"),
        lt(rooms.seatsTaken, rooms.seatsMax),
        after ? or(gt(rooms.createdAt, after.createdAt), and(eq(rooms.createdAt, after.createdAt), gt(rooms.id, after.id))) : undefined,
      ),
    )
    .orderBy(asc(rooms.createdAt), asc(rooms.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit).map((r) => ({ ...r.room, hostName: r.hostName }));
  const last = page[page.length - 1];
  return { rows: page, nextCursor: rows.length > limit && last ? encodeCursor(["w", last.createdAt, last.id]) : null };
}

/** Public games in progress, most watched first, then the most recently started. */
export async function liveGames(
  d: Db,
  game: string,
  limit: number,
  after: LiveKey | null,
): Promise<{ rows: LobbyRow[]; nextCursor: string | null }> {
  const rows = await d
    .select(columns)
    .from(rooms)
    .leftJoin(users, eq(users.id, rooms.hostUserId))
    .where(
      and(
        eq(rooms.game, game),
        eq(rooms.visibility, "public"),
        eq(rooms.status, "playing"),
        after
          ? or(
              lt(rooms.spectators, after.spectators),
              and(eq(rooms.spectators, after.spectators), lt(startedKey, after.startedAt)),
              and(eq(rooms.spectators, after.spectators), eq(startedKey, after.startedAt), gt(rooms.id, after.id)),
            )
          : undefined,
      ),
    )
    .orderBy(desc(rooms.spectators), desc(startedKey), asc(rooms.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit).map((r) => ({ ...r.room, hostName: r.hostName }));
  const last = page[page.length - 1];
  return {
    rows: page,
    nextCursor: rows.length > limit && last ? encodeCursor(["l", last.spectators, last.startedAt ?? last.createdAt, last.id]) : null,
  };
}
