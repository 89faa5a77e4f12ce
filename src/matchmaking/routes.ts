/**
 * Quick match: queue for a game, poll your status, leave. Each game's queue is one Matchmaker
 * object (named by the game id); the Worker checks the caller's live rooms in D1 and reads their
 * rating before handing them over.
 */
import { createRoute } from "@hono/zod-openapi";
import type { Matchmaker } from "../../durable-objects/matchmaker/matchmaker";
import { refuseGuests } from "../auth/guest";
import { currentUser, requireAuth } from "../auth/middleware";
import { requireVerifiedEmail } from "../auth/verified-gate";
import { db } from "../db/client";
import { ApiError, errorResponses } from "../http/errors";
import { bearer, jsonResponse as json } from "../http/openapi";
import { rateLimit } from "../http/rate-limit";
import { router } from "../http/router";
import { offeredGame } from "../lobby/routes";
import { isRankedGame } from "../rooms/games";
import { liveRoomsOf } from "../rooms/index-sync";
import { LIMITS } from "../rooms/runtime/model";
import { MATCHMAKING } from "./algorithm";
import { quickMatchOptions } from "./create-room";
import { ratingOf } from "./rating";
import { GameParam, MatchmakingStatusSchema } from "./schemas";
import { objectByName } from "../lib/objects";

const tag = "Matchmaking";

/** Joining the queue: at most this many times per user per minute (on top of the general API limit). */
export const QUEUE_JOINS_PER_MINUTE = 10;

type MatchmakerRpc = Pick<Matchmaker, "enqueue" | "leave" | "status">;

export function matchmaker(env: Pick<Env, "MATCHMAKERS">, game: string): MatchmakerRpc {
  return objectByName(env.MATCHMAKERS, game) as unknown as MatchmakerRpc;
}

const queueLimit = rateLimit({
  name: "matchmaking:join",
  key: (c) => c.get("user")?.id ?? c.get("ip"),
  limit: () => QUEUE_JOINS_PER_MINUTE,
});

const algorithm =
  `Your rating window starts at ±${MATCHMAKING.windowStart} and grows by ${MATCHMAKING.windowStep} every ${MATCHMAKING.windowStepMs / 1000} s, ` +
  `up to ±${MATCHMAKING.windowMax}. Every ${MATCHMAKING.tickMs / 1000} s the matchmaker forms tables of ${MATCHMAKING.minGroup}–${MATCHMAKING.maxGroup} ` +
  "players whose ratings are inside each other's windows (longest-waiting first, larger tables preferred). " +
  `Matched players get a ${MATCHMAKING.countdownMs / 1000} s countdown, then the room starts itself with the game's default options ` +
  "(Golf: standard rules, 9 holes), every player seated. A player nobody fits within `QUICK_MATCH_CPU_FILL_SECONDS` (default 30 s) " +
  "gets a table with CPU opponents instead (`cpus` in the matched status); that game is unranked.";

const join = createRoute({
  operationId: "enterMatchmaking",
  method: "post",
  path: "/v1/matchmaking/{game}",
  tags: [tag],
  summary: "Queue for a quick match",
  description: `${algorithm} Poll \`GET\` for your status. 409 \`already_queued\`, \`already_matched\` (your room starts shortly) or \`too_many_rooms\` (already in ${LIMITS.maxLiveRoomsPerUser} live rooms); 429 beyond ${QUEUE_JOINS_PER_MINUTE} joins per minute.`,
  security: bearer,
  middleware: [...requireAuth, refuseGuests, queueLimit],
  request: { params: GameParam },
  responses: {
    200: json(MatchmakingStatusSchema, "Queued"),
    ...errorResponses(401, 403, 404, 409, 429, { unknown_game: 404, too_many_rooms: 409, already_queued: 409, already_matched: 409 }),
  },
});

const status = createRoute({
  operationId: "getMatchmakingStatus",
  method: "get",
  path: "/v1/matchmaking/{game}",
  tags: [tag],
  summary: "My quick-match status: queue position, wait, rating window, or my match",
  description:
    "`idle` (not queued), `queued` (position, wait time and current rating window) or `matched` (the room id and the end of the countdown). " +
    "A match is reported until 2 minutes after its room started; the room is also in `GET /v1/rooms/me/active`.",
  security: bearer,
  middleware: requireAuth,
  request: { params: GameParam },
  responses: { 200: json(MatchmakingStatusSchema, "Status"), ...errorResponses(401, 404, 429, { unknown_game: 404 }) },
});

const leave = createRoute({
  operationId: "leaveMatchmaking",
  method: "delete",
  path: "/v1/matchmaking/{game}",
  tags: [tag],
  summary: "Leave the quick-match queue",
  description: "404 `not_queued` when you are not queued; 409 `already_matched` once you have been matched (leave the room instead).",
  security: bearer,
  middleware: requireAuth,
  request: { params: GameParam },
  responses: {
    200: json(MatchmakingStatusSchema, "Left (status is now idle)"),
    ...errorResponses(401, 404, 409, 429, { unknown_game: 404, not_queued: 404, already_matched: 409 }),
  },
});

export const matchmakingRoutes = router()
  .openapi(join, async (c) => {
    const user = currentUser(c);
    const game = offeredGame(c, c.req.valid("param").game);
    await requireVerifiedEmail(c, "ranked_rooms", () => isRankedGame(game, quickMatchOptions(game.id)));
    const live = await liveRoomsOf(db(c.env), user.id);
    if (live.length >= LIMITS.maxLiveRoomsPerUser) {
      throw new ApiError(409, "too_many_rooms", `you are already in ${LIMITS.maxLiveRoomsPerUser} live rooms; leave one first`, {
        limit: LIMITS.maxLiveRoomsPerUser,
      });
    }
    const rating = await ratingOf(c.env, user.id, game.id);
    const res = await matchmaker(c.env, game.id).enqueue({ game: game.id, userId: user.id, name: user.username, rating });
    if (!res.ok) throw new ApiError(409, res.code, res.message, { status: res.status });
    return c.json(res.status, 200);
  })
  .openapi(status, async (c) => {
    const user = currentUser(c);
    const game = offeredGame(c, c.req.valid("param").game);
    return c.json(await matchmaker(c.env, game.id).status(game.id, user.id), 200);
  })
  .openapi(leave, async (c) => {
    const user = currentUser(c);
    const game = offeredGame(c, c.req.valid("param").game);
    const res = await matchmaker(c.env, game.id).leave(game.id, user.id);
    if (!res.ok) throw new ApiError(res.code === "not_queued" ? 404 : 409, res.code, res.message, { status: res.status });
    return c.json(res.status, 200);
  });
