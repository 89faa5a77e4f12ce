import { createRoute } from "@hono/zod-openapi";
import { requireAuth } from "../../auth/middleware";
import { db } from "../../db/client";
import { errorResponses } from "../../http/errors";
import { bearer, jsonBody as body, jsonResponse as json } from "../../http/openapi";
import { router } from "../../http/router";
import { FleetParam, FormUnionRequest, UnionListSchema, UnionSchema, UniverseParam } from "../schemas";
import { FLEET_REFUSALS, SHARD_REFUSALS, unwrap } from "../shard-client";
import { invitedMembers } from "../unions";
import { joinedShard, tag } from "./context";

const refusals = errorResponses(400, 401, 403, 404, 409, 429, SHARD_REFUSALS, FLEET_REFUSALS);
const authed = { tags: [tag], security: bearer, middleware: requireAuth };

const unionExample = {
  id: "019a8f41-2b3c-7d4e-8f5a-6b7c8d9e0f1a",
  ownerId: "8e2d1c4b-5a6f-4d3e-8b7a-9c0f1e2d3a45",
  ownerUsername: "altair",
  invited: ["b7d3c1e2-4f5a-4b6c-8d9e-0f1a2b3c4d5e"],
  target: { galaxy: 1, system: 10, position: 4, kind: "planet" as const },
  arrivalAt: 1796036400000,
  fleets: 1,
  arrivalOwner: "milky-way:1",
  ended: false,
  seq: 1,
};

const routes = {
  form: createRoute({
    ...authed,
    method: "post",
    path: "/v1/universes/{u}/fleets/{id}/union",
    operationId: "formUnion",
    summary: "Turn one's attack in flight into an ACS union and invite up to 4 players (rules §13)",
    description:
      "The fleet's mission becomes `acs_attack`. Invited players (usernames or ids of members of the universe; 404 `not_found` " +
      "otherwise) see the union in `GET …/unions` and a `union` socket frame, and may launch `acs_attack` fleets with its " +
      "`unionId`: a fleet that would arrive more than 30 % after the union's remaining flight time is refused " +
      "(`union_unreachable`); a slower one within that delays every member to its arrival; a faster one waits. Up to 16 fleets " +
      "(`union_full`, also for more than 4 invitations). All members fight as one attacker side; the loot is split by the " +
      "survivors' free cargo room. Refused for a fleet that is not an attack on its way (`mission_not_allowed`), and for one " +
      "that already flies in a union (409 `already_in_union`, with its `unionId`).",
    request: { params: FleetParam, body: body(FormUnionRequest, { invite: ["vega"] }) },
    responses: { 201: json(UnionSchema, "The union, as its owner's shard formed it", { ...unionExample, seq: 0 }), ...refusals },
  }),
  list: createRoute({
    ...authed,
    method: "get",
    path: "/v1/universes/{u}/unions",
    operationId: "listUnions",
    summary: "The ACS unions one leads or is invited to that have not fought yet, soonest first",
    request: { params: UniverseParam },
    responses: { 200: json(UnionListSchema, "Unions", { unions: [unionExample] }), ...refusals },
  }),
};

export const unionRoutes = router()
  .openapi(routes.form, async (c) => {
    const { u, id } = c.req.valid("param");
    const { user, stub, meta } = await joinedShard(c, u);
    const invited = await invitedMembers(db(c.env), u, c.req.valid("json").invite);
    return c.json(unwrap(await stub.formUnion(meta, user.id, id, invited)) as never, 201);
  })
  .openapi(routes.list, async (c) => {
    const { user, stub, meta } = await joinedShard(c, c.req.valid("param").u);
    return c.json(unwrap(await stub.listUnions(meta, user.id)) as never, 200);
  });
