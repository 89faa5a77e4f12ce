import { createRoute, z } from "@hono/zod-openapi";
import { requireAuth } from "../../auth/middleware";
import { db } from "../../db/client";
import { errorResponses } from "../../http/errors";
import { bearer, jsonBody as body, idempotencyHeader, jsonResponse as json } from "../../http/openapi";
import { router } from "../../http/router";
import { MISSILE_TARGETS } from "../engine/missiles";
import { launchSight } from "../registry";
import { UniverseParam } from "../schemas";
import { MISSILE_REFUSALS, SHARD_REFUSALS, unwrap } from "../shard-client";
import { playerShard, tag } from "./context";

/*
 * Interplanetary missiles (§13): fired from a planet's silo at another player's planet in the
 * same galaxy. Not fleets: they take no fleet slot, cannot be recalled and do not come back.
 */

const refusals = errorResponses(400, 401, 403, 404, 409, 429, SHARD_REFUSALS, MISSILE_REFUSALS);
const authed = { tags: [tag], security: bearer, middleware: requireAuth };

const coords = z.object({ galaxy: z.number().int(), system: z.number().int(), position: z.number().int() });
/** The defences a missile can aim at: every defence but the missiles. */
const primary = z.enum(MISSILE_TARGETS);

const LaunchMissilesRequest = z
  .object({
    from: z.string().min(1).max(64).openapi({ description: "Id of the planet whose silo fires" }),
    to: coords.openapi({ description: "The target planet's coordinates: another player's planet in the same galaxy, within range" }),
    count: z.number().openapi({ description: "Whole number of missiles, 1 to those in the silo (else `invalid_count`)" }),
    primary: primary.nullable().default(null).openapi({
      description: "The defence type the damage is spent on first; then the others in catalog order",
    }),
  })
  .openapi("LaunchMissilesRequest");

const MissileFlightSchema = z
  .object({
    id: z.string().openapi({ description: "UUIDv7: missiles sort by launch" }),
    ownerId: z.string(),
    from: coords.extend({ planetId: z.string() }),
    to: coords,
    targetPlanetId: z.string(),
    count: z.number().int(),
    primary: primary.nullable(),
    launchedAt: z.number(),
    impactAt: z.number(),
  })
  .openapi("MissileFlight");

const IncomingMissilesSchema = z
  .object({
    id: z.string(),
    ownerId: z.string(),
    ownerUsername: z.string(),
    from: coords,
    to: coords,
    targetPlanetId: z.string(),
    count: z.number().int().openapi({ description: "How many are coming; the primary target stays hidden" }),
    launchedAt: z.number(),
    impactAt: z.number(),
  })
  .openapi("IncomingMissiles");

const MissileListSchema = z
  .object({
    missiles: z.array(MissileFlightSchema).openapi({ description: "One's own missiles in flight, oldest launch first" }),
    incoming: z.array(IncomingMissilesSchema).openapi({ description: "Missiles coming at one's planets, soonest impact first" }),
  })
  .openapi("MissileList");

const flightExample = {
  id: "019ad4c2-7e1a-7c3e-9b2f-5a1d2e3f4a60",
  ownerId: "b7d3c1e2-4f5a-4b6c-8d9e-0f1a2b3c4d5e",
  from: { planetId: "6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f", galaxy: 1, system: 10, position: 4 },
  to: { galaxy: 1, system: 13, position: 8 },
  targetPlanetId: "0b9e8d7c-6a5f-4e3d-9c2b-1a0f9e8d7c6b",
  count: 5,
  primary: "plasma_turret" as const,
  launchedAt: 1796032800000,
  impactAt: 1796033010000,
} satisfies z.input<typeof MissileFlightSchema>;

const IdempotencyHeader = idempotencyHeader(
  "Retrying a launch with the same key answers the first launch (or its refusal) instead of firing again; the same key " +
    "with a different launch is refused with 422 `idempotency_key_reused`",
  "missiles-7f3a",
);

const routes = {
  launch: createRoute({
    ...authed,
    method: "post",
    path: "/v1/universes/{u}/missiles",
    operationId: "launchMissiles",
    summary: "Fire interplanetary missiles from a planet's silo at another player's planet; they strike at the impact time",
    description:
      "Rules §13. Range `5 × impulse_drive − 1` systems in the same galaxy (`out_of_range`); flight `(30 + 60 × systems) / " +
      "fleet_speed_war` seconds. The missiles leave the silo now (and the score with them). Refusals: `invalid_count` (not a " +
      "whole number from 1 to the silo's missiles), `target_not_found` (no planet at the coordinates), `mission_not_allowed` " +
      "(one's own planet), `newbie_protected`, `not_your_planet`. The target sees the missiles coming at once (`missiles_incoming` " +
      "frame, `GET …/missiles`). At impact its anti-ballistic missiles intercept one each, the rest destroy defences (primary type " +
      "first); no repair, no debris. Both players get a `missile` report in `GET …/reports`.",
    request: {
      params: UniverseParam,
      headers: IdempotencyHeader,
      body: body(LaunchMissilesRequest, { from: flightExample.from.planetId, to: flightExample.to, count: 5, primary: "plasma_turret" }),
    },
    responses: { 201: json(MissileFlightSchema, "The missiles in flight", flightExample), ...refusals },
  }),
  list: createRoute({
    ...authed,
    method: "get",
    path: "/v1/universes/{u}/missiles",
    operationId: "listMissiles",
    summary: "One's own missiles in flight, and other players' missiles coming at one's planets",
    request: { params: UniverseParam },
    responses: {
      200: json(MissileListSchema, "Missiles", {
        missiles: [flightExample],
        incoming: [
          {
            id: "019a8f3e-7c1d-7b2a-9e4f-5a6b7c8d9e10",
            ownerId: "8e2d1c4b-5a6f-4d3e-8b7a-9c0f1e2d3a45",
            ownerUsername: "altair",
            from: { galaxy: 1, system: 12, position: 7 },
            to: { galaxy: 1, system: 10, position: 4 },
            targetPlanetId: flightExample.from.planetId,
            count: 3,
            launchedAt: 1796032700000,
            impactAt: 1796032850000,
          },
        ],
      }),
      ...refusals,
    },
  }),
};

export const missileRoutes = router()
  .openapi(routes.launch, async (c) => {
    const { u } = c.req.valid("param");
    const { from, to, count, primary: aim } = c.req.valid("json");
    const { user, stub, meta } = await playerShard(c, u);
    const sight = await launchSight(db(c.env), u, user.id, to);
    const input = { planetId: from, to, count, primary: aim, target: sight.target, points: sight.points };
    const flight = unwrap(await stub.launchMissiles(meta, user.id, input, c.req.valid("header")["idempotency-key"]));
    return c.json(flight as never, 201);
  })
  .openapi(routes.list, async (c) => {
    const { user, stub, meta } = await playerShard(c, c.req.valid("param").u);
    return c.json(unwrap(await stub.listMissiles(meta, user.id)) as never, 200);
  });
