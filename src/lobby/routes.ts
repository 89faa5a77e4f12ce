/**
 * The lobby: public rooms waiting for players and public games in progress, per game. Both lists
 * are read from the D1 room index only and never wake a Room object.
 */
import { createRoute } from "@hono/zod-openapi";
import type { Context } from "hono";
import { requireAuth } from "../auth/middleware";
import { db } from "../db/client";
import type { AppEnv } from "../http/app-env";
import { ApiError, errorResponses } from "../http/errors";
import { bearer, jsonResponse as json } from "../http/openapi";
import { router } from "../http/router";
import { liveGamesPageExample, lobbyPageExample } from "./examples";
import type { AnyGameDefinition } from "../rooms/game";
import { offeredGames } from "../rooms/games";
import { decodeLiveCursor, decodeWaitingCursor, type LobbyRow, liveGames, waitingRooms } from "./queries";
import { LiveGamesPageSchema, LobbyGameParam, LobbyPageSchema, LobbyQuery } from "./schemas";

const tag = "Lobby";

/** A game rooms can be created for now (Counter only when enabled), or 404 `unknown_game`. */
export function offeredGame(c: Context<AppEnv>, id: string): AnyGameDefinition {
  const game = offeredGames(c.get("config").ENABLE_COUNTER_GAME).find((g) => g.id === id);
  if (!game) throw new ApiError(404, "unknown_game", `no game ${JSON.stringify(id)} is offered`, { game: id });
  return game;
}

function badCursor(): ApiError {
  return ApiError.of("invalid_request", "the cursor is not one this endpoint issued", [
    { path: "query.cursor", code: "invalid_cursor", message: "use nextCursor from the previous page" },
  ]);
}

const host = (r: LobbyRow) => (r.hostUserId ? { userId: r.hostUserId, name: r.hostName } : null);
const seconds = (ms: number) => Math.max(0, Math.floor(ms / 1000));

/** What both listings show of a room. */
const entry = (r: LobbyRow) => ({
  id: r.id,
  code: r.code,
  game: r.game,
  host: host(r),
  players: r.seatsTaken,
  seats: r.seatsMax,
  spectators: r.spectators,
  options: r.optionsSummary ?? null,
  createdAt: r.createdAt,
});

const waiting = createRoute({
  operationId: "listLobbyRooms",
  method: "get",
  path: "/v1/lobby/{game}",
  tags: [tag],
  summary: "Public rooms of a game waiting for players",
  description:
    "Rooms with at least one open seat, longest-waiting first, `limit` per page (keyset pagination: pass `nextCursor` as `cursor`). " +
    "Read from the room index only, so listing never wakes a room.",
  security: bearer,
  middleware: requireAuth,
  request: { params: LobbyGameParam, query: LobbyQuery },
  responses: {
    200: json(LobbyPageSchema, "A page of rooms", lobbyPageExample),
    ...errorResponses(400, 401, 404, 429, { unknown_game: 404 }),
  },
});

const live = createRoute({
  operationId: "listLiveGames",
  method: "get",
  path: "/v1/lobby/{game}/live",
  tags: [tag],
  summary: "Public games of a game in progress, with spectator counts",
  description:
    "Most watched first, then the most recently started; `limit` per page with `cursor`. Watch one by opening " +
    '`/v1/rooms/{id}/ws` and sending `join` with `mode: "watch"`.',
  security: bearer,
  middleware: requireAuth,
  request: { params: LobbyGameParam, query: LobbyQuery },
  responses: {
    200: json(LiveGamesPageSchema, "A page of games", liveGamesPageExample),
    ...errorResponses(400, 401, 404, 429, { unknown_game: 404 }),
  },
});

export const lobbyRoutes = router()
  .openapi(waiting, async (c) => {
    const game = offeredGame(c, c.req.valid("param").game);
    const q = c.req.valid("query");
    const after = q.cursor === undefined ? null : decodeWaitingCursor(q.cursor);
    if (q.cursor !== undefined && !after) throw badCursor();
    const page = await waitingRooms(db(c.env), game.id, q.limit, after);
    const now = Date.now();
    return c.json(
      {
        game: game.id,
        serverTime: now,
        rooms: page.rows.map((r) => ({
          ...entry(r),
          openSeats: Math.max(0, r.seatsMax - r.seatsTaken),
          ageSeconds: seconds(now - r.createdAt),
        })),
        nextCursor: page.nextCursor,
      },
      200,
    );
  })
  .openapi(live, async (c) => {
    const game = offeredGame(c, c.req.valid("param").game);
    const q = c.req.valid("query");
    const after = q.cursor === undefined ? null : decodeLiveCursor(q.cursor);
    if (q.cursor !== undefined && !after) throw badCursor();
    const page = await liveGames(db(c.env), game.id, q.limit, after);
    const now = Date.now();
    return c.json(
      {
        game: game.id,
        serverTime: now,
        games: page.rows.map((r) => ({
          ...entry(r),
          startedAt: r.startedAt,
          playingSeconds: seconds(now - (r.startedAt ?? r.createdAt)),
        })),
        nextCursor: page.nextCursor,
      },
      200,
    );
  });
