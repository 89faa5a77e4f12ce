import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { Room } from "../../durable-objects/room/room";
import { authenticate, currentUser, refuseMuted, requireAuth } from "../auth/middleware";
import { requireVerifiedEmail } from "../auth/verified-gate";
import { db } from "../db/client";
import type { AppEnv, AuthUser } from "../http/app-env";
import { ApiError, codesOf, errorResponses, issuesToDetails } from "../http/errors";
import { bearer, jsonBody as body, jsonResponse as json } from "../http/openapi";
import { router } from "../http/router";
import { forwardSocket, socketCredentials } from "../http/ws";
import { normalizeCode } from "./codes";
import { defaultRoomConfig, findGame, isRankedGame, offeredGames } from "./games";
import {
  claimMembership,
  deleteRoomRow,
  findLiveRoomByCode,
  findRoomRow,
  insertRoomRow,
  liveRoomsOf,
  lobbyRooms,
  type RoomRow,
  releaseMembership,
} from "./index-sync";
import { type Failure, RoomErrors } from "./runtime/errors";
import { gameListExample, roomCommandExample, roomExample, roomListExample } from "./examples";
import { checkRoomConfig } from "./runtime/idle";
import type { RoomInfo } from "./runtime/view";
import { LIMITS } from "./runtime/model";
import {
  CreateRoomRequest,
  GameListResponse,
  JoinByCodeRequest,
  ResignResponse,
  RoomIdParam,
  RoomListResponse,
  RoomResponse,
} from "./schemas";

const tag = "Rooms";

const SocketQuery = z.object({
  code: z.string().max(16).optional().openapi({ description: "The room code: lets a non-member watch a private room", example: "QRTX" }),
});

/** The room object's RPC surface (its results are plain JSON, which the generic RPC types cannot express). */
type RoomStub = Pick<Room, "init" | "join" | "command" | "room" | "fetch">;

function stubFor(env: Env, id: string): RoomStub {
  return env.ROOMS.get(env.ROOMS.idFromString(id)) as unknown as RoomStub;
}

function fromFailure(f: Failure): ApiError {
  return new ApiError(f.status, f.code, f.message, f.details);
}

const tooManyRooms = () =>
  new ApiError(409, "too_many_rooms", `you are already in ${LIMITS.maxLiveRoomsPerUser} live rooms; leave one first`, {
    limit: LIMITS.maxLiveRoomsPerUser,
  });

function summary(r: RoomRow) {
  return {
    id: r.id,
    code: r.code,
    game: r.game,
    visibility: r.visibility,
    status: r.status,
    hostUserId: r.hostUserId,
    seatsTaken: r.seatsTaken,
    seatsMax: r.seatsMax,
    spectators: r.spectators,
    options: r.optionsSummary ?? null,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    startedAt: r.startedAt,
    endedAt: r.endedAt,
  };
}

/**
 * Seated users who have not left, and a host who watches without a seat; only they see a private
 * room (and its code) without knowing the code.
 */
function isMember(room: RoomInfo, userId: string): boolean {
  return room.hostUserId === userId || room.seats.some((s) => s.userId === userId && s.out !== "left");
}

const noSuchRoom = () => new ApiError(404, "room_not_found", "no such room");

/** What taking a seat can be refused with, by the Worker or by the room. */
const seatRefusals = codesOf(tooManyRooms, RoomErrors.notFound, RoomErrors.full, RoomErrors.notWaiting, RoomErrors.matchedRoom);

async function liveRow(c: Context<AppEnv>, id: string): Promise<RoomRow> {
  const row = /^[0-9a-f]{64}$/.test(id) ? await findRoomRow(db(c.env), id) : undefined;
  if (!row) throw noSuchRoom();
  return row;
}

/** Claims the membership first (the atomic per-user limit), then the seat; undoes the claim if the seat is refused. */
async function joinRoom(c: Context<AppEnv>, row: RoomRow, user: AuthUser) {
  await requireVerifiedEmail(c, "ranked_rooms", async () => {
    const [room, game] = [await stubFor(c.env, row.id).room(), findGame(row.game)];
    return room !== null && game !== undefined && isRankedGame(game, room.options);
  });
  const d = db(c.env);
  const claim = await claimMembership(d, row.id, user.id, Date.now());
  if (claim === "limit") throw tooManyRooms();
  const res = await stubFor(c.env, row.id).join({ userId: user.id, name: user.username });
  if (!res.ok) {
    if (claim === "claimed") await releaseMembership(d, row.id, user.id);
    throw fromFailure(res);
  }
  return { ...res.room, you: { userId: user.id, seat: res.seat } };
}

const listGames = createRoute({
  operationId: "listGames",
  method: "get",
  path: "/v1/games",
  tags: [tag],
  summary: "Games that rooms can be created for",
  responses: { 200: json(GameListResponse, "Games", gameListExample) },
});

const create = createRoute({
  operationId: "createRoom",
  method: "post",
  path: "/v1/rooms",
  tags: [tag],
  summary: "Create a room and take its first seat as host",
  description:
    "Options are validated by the game's options schema. The room gets a 4-letter code, unique among live rooms. " +
    "With `seat: false` you host without a seat and watch (e.g. an exhibition of CPUs, which is never ranked). " +
    `A user can be in at most ${LIMITS.maxLiveRoomsPerUser} live rooms (409 \`too_many_rooms\`).`,
  security: bearer,
  middleware: [...requireAuth, refuseMuted],
  request: {
    body: body(CreateRoomRequest, { game: "golf", options: { rounds: 1 }, visibility: "private", config: { turnSeconds: 60 } }),
  },
  responses: {
    201: json(RoomResponse, "Room created", roomExample),
    ...errorResponses(400, 401, 403, 409, 429, codesOf(tooManyRooms), { idle_shorter_than_turn: 400 }),
  },
});

const lobby = createRoute({
  operationId: "listOpenRooms",
  method: "get",
  path: "/v1/rooms",
  tags: [tag],
  summary: "Public rooms waiting for players",
  security: bearer,
  middleware: requireAuth,
  request: { query: z.object({ game: z.string().max(32).optional(), limit: z.coerce.number().int().min(1).max(100).default(50) }) },
  responses: { 200: json(RoomListResponse, "Rooms", roomListExample), ...errorResponses(400, 401, 429) },
});

const joinByCode = createRoute({
  operationId: "joinRoomByCode",
  method: "post",
  path: "/v1/rooms/join",
  tags: [tag],
  summary: "Join a room by its code (case-insensitive) and claim a seat",
  security: bearer,
  middleware: requireAuth,
  request: { body: body(JoinByCodeRequest, { code: "QRTX" }) },
  responses: { 200: json(RoomResponse, "Seated", roomExample), ...errorResponses(400, 401, 403, 404, 409, 429, seatRefusals) },
});

const active = createRoute({
  operationId: "listMyActiveRooms",
  method: "get",
  path: "/v1/rooms/me/active",
  tags: [tag],
  summary: "My live rooms (waiting or playing)",
  security: bearer,
  middleware: requireAuth,
  responses: { 200: json(RoomListResponse, "Rooms", roomListExample), ...errorResponses(401, 429) },
});

const getRoom = createRoute({
  operationId: "getRoom",
  method: "get",
  path: "/v1/rooms/{id}",
  tags: [tag],
  summary: "A room's public information",
  description: "A private room is visible to its members only; anyone else gets 404 `room_not_found`.",
  security: bearer,
  middleware: requireAuth,
  request: { params: RoomIdParam },
  responses: { 200: json(RoomResponse, "Room", roomExample), ...errorResponses(401, 404, 429, codesOf(RoomErrors.notFound)) },
});

const joinById = createRoute({
  operationId: "joinRoom",
  method: "post",
  path: "/v1/rooms/{id}/join",
  tags: [tag],
  summary: "Join a public room by id and claim a seat",
  description: "Private rooms are joined with their code (403 `private_room`).",
  security: bearer,
  middleware: requireAuth,
  request: { params: RoomIdParam },
  responses: {
    200: json(RoomResponse, "Seated", roomExample),
    ...errorResponses(401, 403, 404, 409, 429, seatRefusals, { private_room: 403 }),
  },
});

const resign = createRoute({
  operationId: "resignRoom",
  method: "post",
  path: "/v1/rooms/{id}/resign",
  tags: [tag],
  summary: "Resign the running game (fallback for the `resign` message)",
  description: "Your seat plays on as a CPU and ranks last. When too few players are left the game ends by forfeit.",
  security: bearer,
  middleware: requireAuth,
  request: { params: RoomIdParam },
  responses: {
    200: json(ResignResponse, "Resigned", roomCommandExample),
    ...errorResponses(
      401,
      403,
      404,
      409,
      410,
      429,
      codesOf(RoomErrors.notSeated, RoomErrors.notFound, RoomErrors.notPlaying, RoomErrors.alreadyOut, RoomErrors.closed),
    ),
  },
});

const leave = createRoute({
  operationId: "leaveRoom",
  method: "post",
  path: "/v1/rooms/{id}/leave",
  tags: [tag],
  summary: "Leave a room (fallback for the `leave` message)",
  description: "While waiting this frees the seat; during a game the seat plays on as a CPU and ranks last.",
  security: bearer,
  middleware: requireAuth,
  request: { params: RoomIdParam },
  responses: {
    200: json(ResignResponse, "Left", roomCommandExample),
    ...errorResponses(401, 403, 404, 410, 429, codesOf(RoomErrors.notSeated, RoomErrors.notFound, RoomErrors.closed)),
  },
});

const socket = createRoute({
  operationId: "connectRoomSocket",
  method: "get",
  path: "/v1/rooms/{id}/ws",
  tags: [tag],
  summary: "The room's WebSocket (protocol orrery.v1, see docs/rooms-protocol.md)",
  description:
    "Authenticate with `Sec-WebSocket-Protocol: orrery.v1, bearer.<accessToken>` (or `?access_token=`). " +
    "Send `join` first. Non-seated users are spectators (409 `spectators_full` when the room has its maximum). " +
    "A private room's socket is open to its members, and to anyone else only with `?code=` (404 `room_not_found` otherwise). " +
    "At most `SOCKETS_PER_USER_PER_OBJECT` (default 5) sockets per user per room (409 `too_many_sockets`).",
  security: bearer,
  request: { params: RoomIdParam, query: SocketQuery },
  responses: {
    101: { description: "Switching protocols" },
    ...errorResponses(
      401,
      403,
      404,
      409,
      410,
      426,
      codesOf(RoomErrors.notFound, () => RoomErrors.spectatorsFull(0), RoomErrors.closed),
      { too_many_sockets: 409 },
    ),
  },
});

async function command(c: Context<AppEnv>, id: string, type: "leave" | "resign") {
  const user = currentUser(c);
  await liveRow(c, id);
  const res = await stubFor(c.env, id).command(user.id, type);
  if (!res.ok) throw fromFailure(res);
  return { ok: true as const, room: res.room };
}

export const roomRoutes = router()
  .openapi(listGames, (c) => {
    const games = offeredGames(c.get("config").ENABLE_COUNTER_GAME).map((g) => ({
      id: g.id,
      title: g.title,
      minPlayers: g.minPlayers,
      maxPlayers: g.maxPlayers,
      cpuProfiles: [...g.cpuProfiles],
      optionsSchema: z.toJSONSchema(g.optionsSchema, { io: "input", unrepresentable: "any" }) as Record<string, unknown>,
    }));
    return c.json({ games }, 200);
  })
  .openapi(create, async (c) => {
    const user = currentUser(c);
    const input = c.req.valid("json");
    const game = offeredGames(c.get("config").ENABLE_COUNTER_GAME).find((g) => g.id === input.game);
    if (!game) {
      throw ApiError.of("invalid_request", `unknown game ${JSON.stringify(input.game)}`, [
        { path: "game", code: "invalid_value", message: "no such game" },
      ]);
    }
    const options = game.optionsSchema.safeParse(input.options ?? {});
    if (!options.success) throw ApiError.of("invalid_request", "invalid game options", issuesToDetails(options.error.issues, "options"));
    const config = input.config ?? defaultRoomConfig(game);
    const invalidConfig = checkRoomConfig(config);
    if (invalidConfig) throw fromFailure(invalidConfig);
    // A host who watches takes no seat in a ranked game (whoever takes one is checked on joining).
    if (input.seat) await requireVerifiedEmail(c, "ranked_rooms", () => isRankedGame(game, options.data));
    const d = db(c.env);
    const now = Date.now();
    const id = c.env.ROOMS.newUniqueId().toString();
    const code = await insertRoomRow(
      d,
      {
        id,
        game: game.id,
        visibility: input.visibility,
        seatsMax: game.maxPlayers,
        hostUserId: user.id,
        optionsSummary: game.summary ? game.summary(options.data) : null,
      },
      now,
    );
    if ((await claimMembership(d, id, user.id, now)) === "limit") {
      await deleteRoomRow(d, id);
      throw tooManyRooms();
    }
    const res = await stubFor(c.env, id).init({
      id,
      code,
      game: game.id,
      visibility: input.visibility,
      options: options.data,
      config,
      creator: { userId: user.id, name: user.username },
      seat: input.seat,
    });
    if (!res.ok) {
      await deleteRoomRow(d, id);
      throw fromFailure(res);
    }
    return c.json({ ...res.room, you: { userId: user.id, seat: input.seat ? 0 : null } }, 201);
  })
  .openapi(lobby, async (c) => {
    const q = c.req.valid("query");
    return c.json({ rooms: (await lobbyRooms(db(c.env), q.game, q.limit)).map(summary) }, 200);
  })
  .openapi(joinByCode, async (c) => {
    const user = currentUser(c);
    const code = normalizeCode(c.req.valid("json").code);
    if (!code)
      throw ApiError.of("invalid_request", "room codes are 4 letters", [
        { path: "code", code: "invalid_format", message: "expected 4 letters" },
      ]);
    const row = await findLiveRoomByCode(db(c.env), code);
    if (!row) throw new ApiError(404, "room_not_found", `no live room has the code ${code}`);
    return c.json(await joinRoom(c, row, user), 200);
  })
  .openapi(active, async (c) => {
    const user = currentUser(c);
    return c.json({ rooms: (await liveRoomsOf(db(c.env), user.id)).map(summary) }, 200);
  })
  .openapi(getRoom, async (c) => {
    const { id } = c.req.valid("param");
    const row = await liveRow(c, id);
    const room = await stubFor(c.env, id).room();
    if (!room || (row.visibility === "private" && !isMember(room, currentUser(c).id))) throw noSuchRoom();
    return c.json(room, 200);
  })
  .openapi(joinById, async (c) => {
    const user = currentUser(c);
    const row = await liveRow(c, c.req.valid("param").id);
    if (row.visibility === "private") throw new ApiError(403, "private_room", "private rooms are joined with their code");
    return c.json(await joinRoom(c, row, user), 200);
  })
  .openapi(resign, async (c) => c.json(await command(c, c.req.valid("param").id, "resign"), 200))
  .openapi(leave, async (c) => c.json(await command(c, c.req.valid("param").id, "leave"), 200))
  .openapi(socket, async (c) => {
    const { id } = c.req.valid("param");
    if (c.req.header("Upgrade")?.toLowerCase() !== "websocket") {
      throw ApiError.of("upgrade_required", "this endpoint expects a WebSocket upgrade");
    }
    // Authenticate before touching the room index, so anonymous callers learn nothing about rooms.
    const user = await authenticate(c.env, c.get("config"), socketCredentials(c.req.raw).token);
    c.set("user", user);
    const row = await liveRow(c, id);
    if (row.visibility === "private" && normalizeCode(c.req.valid("query").code ?? "") !== row.code) {
      const room = await stubFor(c.env, id).room();
      if (!room || !isMember(room, user.id)) throw noSuchRoom();
    }
    // The 101 response carries a socket; OpenAPI cannot type it.
    return (await forwardSocket(c, () => stubFor(c.env, id))) as never;
  });
