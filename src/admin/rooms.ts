import { createRoute } from "@hono/zod-openapi";
import { and, desc, eq, inArray, type SQL } from "drizzle-orm";
import type { Room } from "../../durable-objects/room/room";
import { requireAdmin } from "../auth/middleware";
import { db } from "../db/client";
import { rooms } from "../db/schema/index";
import { ApiError, errorResponses } from "../http/errors";
import { bearer, jsonResponse as json } from "../http/openapi";
import { router } from "../http/router";
import { optionalReason, optionalReasonBody, recordAction } from "./act";
import { AdminRoomDetail, AdminRoomList, AdminRoomQuery, ClosedRoomResponse, RoomIdParam } from "./schemas";

const tag = "Admin";

type AdminRoomStub = Pick<Room, "adminView" | "adminClose">;

/** The room object of an id, or 404 for text that is no room id (idFromString throws on it). */
function roomStub(env: Env, id: string): AdminRoomStub {
  try {
    return env.ROOMS.get(env.ROOMS.idFromString(id)) as unknown as AdminRoomStub;
  } catch {
    throw new ApiError(404, "room_not_found", "no such room");
  }
}

const list = createRoute({
  method: "get",
  path: "/v1/admin/rooms",
  operationId: "adminListRooms",
  tags: [tag],
  summary: "Live rooms, public and private",
  description: "Admin. Waiting and playing rooms from the room index, newest first.",
  security: bearer,
  middleware: requireAdmin,
  request: { query: AdminRoomQuery },
  responses: { 200: json(AdminRoomList, "Live rooms"), ...errorResponses(400, 401, 403, 429) },
});

const inspect = createRoute({
  method: "get",
  path: "/v1/admin/rooms/{id}",
  operationId: "adminInspectRoom",
  tags: [tag],
  summary: "A room's seats, its game as an omniscient viewer sees it, and its log length",
  description: "Admin. Hidden information (hands, deck order) is included: this is the operator's view, never a player's.",
  security: bearer,
  middleware: requireAdmin,
  request: { params: RoomIdParam },
  responses: { 200: json(AdminRoomDetail, "Room"), ...errorResponses(401, 403, 404, 429) },
});

const close = createRoute({
  method: "post",
  path: "/v1/admin/rooms/{id}/close",
  operationId: "adminCloseRoom",
  tags: [tag],
  summary: "Close a live room",
  description:
    "Admin. A game in progress ends without a result: it is recorded in the history as abandoned, which counts for no stats or rating. Every socket gets `room_closed` with reason `closed_by_admin`. 410 `room_closed` when the room is already over.",
  security: bearer,
  middleware: requireAdmin,
  request: { params: RoomIdParam, body: optionalReasonBody },
  responses: { 200: json(ClosedRoomResponse, "Closed"), ...errorResponses(400, 401, 403, 404, 410, 429, { room_closed: 410 }) },
});

export const adminRoomRoutes = router()
  .openapi(list, async (c) => {
    const { game, status, limit, offset } = c.req.valid("query");
    const where: SQL[] = [status ? eq(rooms.status, status) : inArray(rooms.status, ["waiting", "playing"])];
    if (game) where.push(eq(rooms.game, game));
    const rows = await db(c.env)
      .select({
        id: rooms.id,
        code: rooms.code,
        game: rooms.game,
        visibility: rooms.visibility,
        status: rooms.status,
        hostUserId: rooms.hostUserId,
        seatsTaken: rooms.seatsTaken,
        seatsMax: rooms.seatsMax,
        spectators: rooms.spectators,
        createdAt: rooms.createdAt,
        startedAt: rooms.startedAt,
      })
      .from(rooms)
      .where(and(...where))
      .orderBy(desc(rooms.createdAt), desc(rooms.id))
      .limit(limit + 1)
      .offset(offset);
    return c.json({ rooms: rows.slice(0, limit), nextOffset: rows.length > limit ? offset + limit : null }, 200);
  })
  .openapi(inspect, async (c) => {
    const found = await roomStub(c.env, c.req.valid("param").id).adminView();
    if (!found) throw new ApiError(404, "room_not_found", "no such room");
    return c.json({ ...found, room: found.room as unknown as Record<string, unknown> }, 200);
  })
  .openapi(close, async (c) => {
    const id = c.req.valid("param").id;
    const reason = await optionalReason(c);
    const closed = await roomStub(c.env, id).adminClose();
    if (!closed.ok) throw new ApiError(closed.status, closed.code, closed.message, closed.details);
    await recordAction(c, db(c.env), { action: "room.close", targetType: "room", targetId: id, reason });
    return c.json({ room: closed.room as unknown as Record<string, unknown> }, 200);
  });
