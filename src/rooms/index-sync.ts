/**
 * The D1 room index: codes, lobby listings and memberships, read by the Worker without waking room
 * objects. The Worker writes a room's first row and each membership claim (the only place the
 * per-user live-room limit can be enforced atomically); afterwards each Room object is the
 * authority and pushes idempotent snapshots of itself here.
 */
import { and, desc, eq, inArray, notInArray, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { roomMembers, rooms } from "../db/schema/index";
import { randomCode } from "./codes";
import { LIMITS, type RoomStatus, type Visibility } from "./runtime/model";

export type RoomRow = typeof rooms.$inferSelect;

const LIVE = ["waiting", "playing"] as const;

function isUniqueViolation(e: unknown): boolean {
  const text = (x: unknown): string => (x instanceof Error ? `${x.message} ${text((x as { cause?: unknown }).cause)}` : String(x ?? ""));
  return /UNIQUE constraint failed/i.test(text(e));
}

/** Inserts the room's index row under a fresh code, drawing again when a live room holds it. */
export async function insertRoomRow(
  d: Db,
  row: {
    id: string;
    game: string;
    visibility: Visibility;
    seatsMax: number;
    hostUserId: string;
    optionsSummary: Record<string, unknown> | null;
    /** Seats taken from the start (a quick-match room is created full); 0 by default. */
    seatsTaken?: number;
  },
  now: number,
  attempts = 12,
): Promise<string> {
  for (let i = 0; i < attempts; i++) {
    const code = randomCode();
    try {
      await d.insert(rooms).values({
        ...row,
        code,
        status: "waiting",
        seatsTaken: row.seatsTaken ?? 0,
        spectators: 0,
        createdAt: now,
        updatedAt: now,
      });
      return code;
    } catch (e) {
      if (!isUniqueViolation(e)) throw e;
    }
  }
  throw new Error("could not find a free room code");
}

export async function deleteRoomRow(d: Db, id: string): Promise<void> {
  await d.delete(rooms).where(eq(rooms.id, id));
}

/**
 * Claims a membership with one conditional INSERT, so two concurrent joins cannot both slip under
 * the limit of live rooms per user.
 */
export async function claimMembership(d: Db, roomId: string, userId: string, now: number): Promise<"claimed" | "member" | "limit"> {
  const res = await d.run(sql`
    INSERT INTO room_members (room_id, user_id, joined_at)
    SELECT ${roomId}, ${userId}, ${now}
    WHERE NOT EXISTS (SELECT 1 FROM room_members WHERE room_id = ${roomId} AND user_id = ${userId})
      AND (SELECT COUNT(*) FROM room_members m JOIN rooms r ON r.id = m.room_id
           WHERE m.user_id = ${userId} AND r.status IN ('waiting', 'playing')) < ${LIMITS.maxLiveRoomsPerUser}`);
  if ((res.meta.changes ?? 0) > 0) return "claimed";
  const existing = await d
    .select({ roomId: roomMembers.roomId })
    .from(roomMembers)
    .where(and(eq(roomMembers.roomId, roomId), eq(roomMembers.userId, userId)))
    .limit(1);
  return existing.length > 0 ? "member" : "limit";
}

export async function releaseMembership(d: Db, roomId: string, userId: string): Promise<void> {
  await d.delete(roomMembers).where(and(eq(roomMembers.roomId, roomId), eq(roomMembers.userId, userId)));
}

export async function findRoomRow(d: Db, id: string): Promise<RoomRow | undefined> {
  return (await d.select().from(rooms).where(eq(rooms.id, id)).limit(1))[0];
}

export async function findLiveRoomByCode(d: Db, code: string): Promise<RoomRow | undefined> {
  return (
    await d
      .select()
      .from(rooms)
      .where(and(eq(rooms.code, code), inArray(rooms.status, [...LIVE])))
      .limit(1)
  )[0];
}

export async function liveRoomsOf(d: Db, userId: string): Promise<RoomRow[]> {
  return d
    .select({ room: rooms })
    .from(roomMembers)
    .innerJoin(rooms, eq(rooms.id, roomMembers.roomId))
    .where(and(eq(roomMembers.userId, userId), inArray(rooms.status, [...LIVE])))
    .orderBy(desc(rooms.updatedAt))
    .then((rows) => rows.map((r) => r.room));
}

export async function lobbyRooms(d: Db, game: string | undefined, limit: number): Promise<RoomRow[]> {
  return d
    .select()
    .from(rooms)
    .where(and(eq(rooms.visibility, "public"), eq(rooms.status, "waiting"), game ? eq(rooms.game, game) : undefined))
    .orderBy(desc(rooms.createdAt))
    .limit(limit);
}

/** What a Room object pushes to the index after a change. */
export interface IndexSnapshot {
  id: string;
  status: RoomStatus;
  hostUserId: string | null;
  seatsTaken: number;
  seatsMax: number;
  spectators: number;
  startedAt: number | null;
  endedAt: number | null;
  updatedAt: number;
  /** Users who belong to the room now; memberships of anyone else are removed. */
  members: string[];
}

/**
 * Writes a room's snapshot; idempotent, so a retry after a failure simply writes it again. The row itself is never created here (its code is claimed on insert),
 * so the answer says whether it exists: `missing` when it was deleted, e.g. by a quick match given
 * up while its room was in fact created. Memberships are only written under an existing row.
 */
export async function writeSnapshot(d: Db, s: IndexSnapshot): Promise<"written" | "missing"> {
  const update = d
    .update(rooms)
    .set({
      status: s.status,
      hostUserId: s.hostUserId,
      seatsTaken: s.seatsTaken,
      seatsMax: s.seatsMax,
      spectators: s.spectators,
      startedAt: s.startedAt,
      endedAt: s.endedAt,
      updatedAt: s.updatedAt,
    })
    .where(eq(rooms.id, s.id))
    .returning({ id: rooms.id });
  if ((await update).length === 0) return "missing";
  // The retry timer set before this write covers a failure between the two statements.
  const prune = d.delete(roomMembers).where(and(eq(roomMembers.roomId, s.id), notInArray(roomMembers.userId, s.members)));
  if (s.members.length === 0) {
    await prune;
    return "written";
  }
  const ensure = d
    .insert(roomMembers)
    .values(s.members.map((userId) => ({ roomId: s.id, userId, joinedAt: s.updatedAt })))
    .onConflictDoNothing();
  await d.batch([prune, ensure]);
  return "written";
}

/**
 * Puts back the row of a live room that lost it, under the room's own code (the room object is the
 * authority). Fails with a unique violation in the unlikely case another live room took the code.
 */
async function restoreRoomRow(
  d: Db,
  row: {
    id: string;
    code: string;
    game: string;
    visibility: Visibility;
    seatsMax: number;
    hostUserId: string | null;
    optionsSummary: Record<string, unknown> | null;
    createdAt: number;
  },
  now: number,
): Promise<void> {
  await d
    .insert(rooms)
    .values({ ...row, status: "waiting", seatsTaken: 0, spectators: 0, updatedAt: now })
    .onConflictDoNothing({ target: rooms.id });
}

/**
 * A room's push to the index: the snapshot, restoring the row first if a live room lost it. A room
 * that is over and has no row has nothing left to index, so the push is done (no retry).
 */
export async function pushRoomIndex(
  d: Db,
  doc: { id: string; code: string; game: string; visibility: Visibility; options: unknown; createdAt: number },
  summary: Record<string, unknown> | null,
  s: IndexSnapshot,
): Promise<void> {
  if ((await writeSnapshot(d, s)) === "written" || (s.status !== "waiting" && s.status !== "playing")) return;
  const { id, code, game, visibility, createdAt } = doc;
  await restoreRoomRow(
    d,
    { id, code, game, visibility, seatsMax: s.seatsMax, hostUserId: s.hostUserId, optionsSummary: summary, createdAt },
    s.updatedAt,
  );
  if ((await writeSnapshot(d, s)) === "missing") throw new Error(`room ${id}: its index row could not be restored`);
}
