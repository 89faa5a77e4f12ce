import { createRoute } from "@hono/zod-openapi";
import { requireAuth } from "../../auth/middleware";
import { db } from "../../db/client";
import { ApiError, errorResponses } from "../../http/errors";
import { bearer, jsonBody as body, idempotencyHeader, jsonResponse as json } from "../../http/openapi";
import { router } from "../../http/router";
import { fleetExample, fleetListExample } from "../examples";
import { areBuddies } from "../buddies";
import { launchSight } from "../registry";
import { unionKeeper } from "../unions";
import { FleetListSchema, FleetParam, FleetSchema, LaunchFleetRequest, UniverseParam } from "../schemas";
import { FLEET_REFUSALS, SHARD_REFUSALS, unwrap } from "../shard-client";
import { playerShard, tag } from "./context";

const refusals = errorResponses(400, 401, 403, 404, 409, 429, SHARD_REFUSALS, FLEET_REFUSALS);
const authed = { tags: [tag], security: bearer, middleware: requireAuth };

const IdempotencyHeader = idempotencyHeader(
  "Retrying a launch with the same key answers the first launch instead of launching again; the same key with a " +
    "different launch is refused with 422 `idempotency_key_reused`",
  "launch-7f3a",
);

const routes = {
  launch: createRoute({
    ...authed,
    method: "post",
    path: "/v1/universes/{u}/fleets",
    operationId: "launchFleet",
    summary: "Launch a fleet: ships, cargo and fuel leave the planet now; the target is resolved from the galaxy",
    description:
      "Everything is checked before anything is taken: fleet slots, ships present, cargo within capacity, fuel within the fuel " +
      "capacity and the stock, the mission allowed for the target (rules §13), coordinates inside the universe, newbie protection. " +
      "Missions flown in this version: `transport` (any player's planet), `deploy` (one's own), `colonise` (an empty position, " +
      "with a colony ship: the slot is claimed at arrival, see `DELETE …/planets/{p}` for giving one up) and `recycle` (a debris " +
      "field shown in the galaxy view, with recyclers), `attack` (the battle at the arrival second; survivors fly home with the " +
      "loot; both players get the report) and `espionage` (the probes' report; the target is always told), to a planet or, " +
      "with `to.kind` `moon`, to a moon in the galaxy view; `moon_destruction` (deathstars at a moon, §11); `acs_defend` (a " +
      "buddy's planet, `holdHours` 1–32: the fleet holds there and fights beside the owner in every battle until its hold ends, " +
      "then flies home; the hold's fuel is paid at launch, rules §8), `acs_attack` (with the `unionId` of a union one is invited " +
      "to, see `POST …/fleets/{id}/union`: refused with `union_not_found`, `union_unreachable`, `union_full` or " +
      "`mission_not_allowed` when not invited; it arrives with the union). Missiles are not a fleet: `POST …/missiles`.",
    request: {
      params: UniverseParam,
      headers: IdempotencyHeader,
      body: body(LaunchFleetRequest, {
        from: fleetExample.from.planetId,
        to: fleetExample.to,
        mission: "transport",
        ships: { small_cargo: 5 },
        cargo: { metal: 20000, crystal: 0, deuterium: 0 },
        speed: 100,
      }),
    },
    responses: { 201: json(FleetSchema, "The fleet in flight", fleetExample), ...refusals },
  }),
  list: createRoute({
    ...authed,
    method: "get",
    path: "/v1/universes/{u}/fleets",
    operationId: "listFleets",
    summary: "One's own fleets in flight, oldest launch first, other players' fleets coming to one's planets, and the fleet slots",
    request: { params: UniverseParam },
    responses: { 200: json(FleetListSchema, "Fleets", fleetListExample), ...refusals },
  }),
  recall: createRoute({
    ...authed,
    method: "post",
    path: "/v1/universes/{u}/fleets/{id}/recall",
    operationId: "recallFleet",
    summary: "Recall a fleet before it arrives: it turns around and flies home as long as it has flown, with its cargo",
    request: { params: FleetParam },
    responses: {
      200: json(FleetSchema, "The fleet, `returning`, or `recalling` until the target's object confirms", {
        ...fleetExample,
        state: "returning" as const,
        recalledAt: 1796032860000,
        returnAt: 1796032920000,
        outcome: "recalled",
      }),
      ...refusals,
    },
  }),
};

export const fleetRoutes = router()
  .openapi(routes.launch, async (c) => {
    const { u } = c.req.valid("param");
    const { from, to, mission, ships, cargo, speed, holdHours, unionId } = c.req.valid("json");
    const { user, stub, meta, u: universe } = await playerShard(c, u);
    const sight = await launchSight(db(c.env), u, user.id, to);
    // ACS defend guards a buddy's planet (§13): the launch needs to know whether the owner is one.
    const owner = sight.target.ownerId;
    const ownerIsBuddy = mission === "acs_defend" && owner !== null && (await areBuddies(db(c.env), u, user.id, owner));
    // ACS attack: the union as the target's shard keeps it; that shard decides the join again when the fleet's news lands.
    const keeper = mission === "acs_attack" && unionId ? unionKeeper(c.env, universe, to, owner) : null;
    const union = keeper && unionId ? await keeper.unionSnapshot(meta, unionId) : null;
    if (mission === "acs_attack" && unionId && !union) {
      throw new ApiError(404, "union_not_found", `no union ${unionId} on its way to the target`);
    }
    const request = { to, mission, ships, cargo, speed, ...(holdHours === undefined ? {} : { holdHours }) };
    const key = c.req.valid("header")["idempotency-key"];
    const input = { planetId: from, request, points: sight.points, target: { ...sight.target, ownerIsBuddy }, ...(union ? { union } : {}) };
    const fleet = unwrap(await stub.launchFleet(meta, user.id, input, key));
    return c.json(fleet as never, 201);
  })
  .openapi(routes.list, async (c) => {
    const { user, stub, meta } = await playerShard(c, c.req.valid("param").u);
    return c.json(unwrap(await stub.listFleets(meta, user.id)) as never, 200);
  })
  .openapi(routes.recall, async (c) => {
    const { u, id } = c.req.valid("param");
    const { user, stub, meta } = await playerShard(c, u);
    return c.json(unwrap(await stub.recallFleet(meta, user.id, id)) as never, 200);
  });
