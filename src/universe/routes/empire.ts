import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { requireAuth } from "../../auth/middleware";
import { db } from "../../db/client";
import { parseJsonText, presentText, sendJsonText } from "../../lib/json-text";
import type { AppEnv } from "../../http/app-env";
import { errorResponses } from "../../http/errors";
import { bearer, jsonBody as body, jsonResponse as json } from "../../http/openapi";
import { router } from "../../http/router";
import type { EmpireCommand } from "../engine/index";
import { releaseSlot, renameSlot } from "../registry";
import {
  BuildingParam,
  EmpireSchema,
  PercentRequest,
  PlanetParam,
  PlanetViewSchema,
  RenameRequest,
  ResearchRequest,
  ResearchViewSchema,
  UniverseParam,
} from "../schemas";
import { SHARD_REFUSALS, unwrap } from "../shard-client";
import { empireExample, planetExample, researchExample } from "../examples";
import { playerShard, tag } from "./context";

const refusals = errorResponses(400, 401, 403, 404, 409, 429, SHARD_REFUSALS);
const authed = { tags: [tag], security: bearer, middleware: requireAuth };
const planetOut = { 200: json(PlanetViewSchema, "The planet after the change", planetExample), ...refusals };
const researchOut = { 200: json(ResearchViewSchema, "Research after the change", researchExample), ...refusals };

const routes = {
  empire: createRoute({
    operationId: "getEmpire",
    ...authed,
    method: "get",
    path: "/v1/universes/{u}/empire",
    summary: "Empire overview",
    request: { params: UniverseParam },
    responses: { 200: json(EmpireSchema, "Empire", empireExample), ...refusals },
  }),
  planet: createRoute({
    operationId: "getPlanet",
    ...authed,
    method: "get",
    path: "/v1/universes/{u}/planets/{p}",
    summary: "Planet detail as of now: resources, production, energy, storage, fields, buildings",
    request: { params: PlanetParam },
    responses: { 200: json(PlanetViewSchema, "Planet", planetExample), ...refusals },
  }),
  rename: createRoute({
    operationId: "renamePlanet",
    ...authed,
    method: "patch",
    path: "/v1/universes/{u}/planets/{p}",
    summary: "Rename a planet",
    request: { params: PlanetParam, body: body(RenameRequest, { name: "Ada Prime" }) },
    responses: planetOut,
  }),
  abandon: createRoute({
    operationId: "abandonPlanet",
    ...authed,
    method: "delete",
    path: "/v1/universes/{u}/planets/{p}",
    summary: "Abandon a colony: the planet and everything on it are lost, its slot is freed",
    description:
      "Not the homeworld (409 `cannot_abandon_homeworld`), not while own fleets fly from or to it (409 `fleets_in_flight`: " +
      "recall them or wait) or research runs from its lab (409 `lab_busy`). Foreign fleets on their way bounce at arrival " +
      "and fly home with everything. Answers the empire without the planet; a retry after a success answers the same.",
    request: { params: PlanetParam },
    responses: { 200: json(EmpireSchema, "The empire without the planet", empireExample), ...refusals },
  }),
  build: createRoute({
    operationId: "queueBuilding",
    ...authed,
    method: "post",
    path: "/v1/universes/{u}/planets/{p}/buildings/{object}",
    summary: "Queue the next level of a building (paid when it starts)",
    request: { params: BuildingParam },
    responses: planetOut,
  }),
  demolish: createRoute({
    operationId: "queueDemolition",
    ...authed,
    method: "post",
    path: "/v1/universes/{u}/planets/{p}/buildings/{object}/demolish",
    summary: "Queue the demolition of one level (cost reduced by ion technology)",
    request: { params: BuildingParam },
    responses: planetOut,
  }),
  cancelBuild: createRoute({
    operationId: "cancelBuildingQueueEntry",
    ...authed,
    method: "delete",
    path: "/v1/universes/{u}/planets/{p}/queue/{entry}",
    summary: "Cancel a building queue entry (running: 100 % refund; waiting: free)",
    request: { params: PlanetParam.extend({ entry: z.string().min(1).max(64) }) },
    responses: planetOut,
  }),
  percent: createRoute({
    operationId: "setProductionPercent",
    ...authed,
    method: "put",
    path: "/v1/universes/{u}/planets/{p}/production/{object}",
    summary: "Set a producer's production percentage (0–100 in steps of 10)",
    request: { params: BuildingParam, body: body(PercentRequest, { percent: 90 }) },
    responses: planetOut,
  }),
  research: createRoute({
    operationId: "getResearch",
    ...authed,
    method: "get",
    path: "/v1/universes/{u}/research",
    summary: "Research overview from a planet's lab (default: the homeworld)",
    request: { params: UniverseParam, query: z.object({ planet: z.string().min(1).max(64).optional() }) },
    responses: { 200: json(ResearchViewSchema, "Research", researchExample), ...refusals },
  }),
  startResearch: createRoute({
    operationId: "queueResearch",
    ...authed,
    method: "post",
    path: "/v1/universes/{u}/research/{tech}",
    summary: "Queue a technology, researched and paid from a planet",
    request: {
      params: UniverseParam.extend({ tech: z.string().min(1).max(64) }),
      body: body(ResearchRequest, { planet: planetExample.id }),
    },
    responses: researchOut,
  }),
  cancelResearch: createRoute({
    operationId: "cancelResearchQueueEntry",
    ...authed,
    method: "delete",
    path: "/v1/universes/{u}/research/queue/{entry}",
    summary: "Cancel a research queue entry",
    request: { params: UniverseParam.extend({ entry: z.string().min(1).max(64) }) },
    responses: researchOut,
  }),
};

async function run(c: Context<AppEnv>, universeId: string, command: EmpireCommand) {
  const { user, stub, meta } = await playerShard(c, universeId);
  return { user, ...unwrap(await stub.command(meta, user.id, command)) };
}

export const empireRoutes = router()
  .openapi(routes.empire, async (c) => {
    const { user, stub, meta } = await playerShard(c, c.req.valid("param").u);
    return sendJsonText(c, unwrap(await stub.overview(meta, user.id)), 200);
  })
  .openapi(routes.planet, async (c) => {
    const { u, p } = c.req.valid("param");
    const { user, stub, meta } = await playerShard(c, u);
    return sendJsonText(c, unwrap(await stub.planet(meta, user.id, p)), 200);
  })
  .openapi(routes.rename, async (c) => {
    const { u, p } = c.req.valid("param");
    const out = await run(c, u, { type: "rename_planet", planetId: p, name: c.req.valid("json").name });
    await renameSlot(db(c.env), u, p, parseJsonText(out.planet)?.name ?? c.req.valid("json").name);
    return sendJsonText(c, presentText(out.planet), 200);
  })
  .openapi(routes.abandon, async (c) => {
    const { u, p } = c.req.valid("param");
    const { user, stub, meta } = await playerShard(c, u);
    const empire = unwrap(await stub.abandonPlanet(meta, user.id, p));
    // After the shard's commit, by planet id: a retry repeats it, and a later colony at the
    // same coordinates has another id.
    await releaseSlot(db(c.env), u, p);
    return c.json(empire as never, 200);
  })
  .openapi(routes.build, async (c) => {
    const { u, p, object } = c.req.valid("param");
    return sendJsonText(c, presentText((await run(c, u, { type: "queue_building", planetId: p, object })).planet), 200);
  })
  .openapi(routes.demolish, async (c) => {
    const { u, p, object } = c.req.valid("param");
    return sendJsonText(c, presentText((await run(c, u, { type: "queue_demolish", planetId: p, object })).planet), 200);
  })
  .openapi(routes.cancelBuild, async (c) => {
    const { u, p, entry } = c.req.valid("param");
    return sendJsonText(c, presentText((await run(c, u, { type: "cancel_building", planetId: p, entryId: entry })).planet), 200);
  })
  .openapi(routes.percent, async (c) => {
    const { u, p, object } = c.req.valid("param");
    const out = await run(c, u, { type: "set_production_percent", planetId: p, object, percent: c.req.valid("json").percent });
    return sendJsonText(c, presentText(out.planet), 200);
  })
  .openapi(routes.research, async (c) => {
    const { user, stub, meta } = await playerShard(c, c.req.valid("param").u);
    return sendJsonText(c, unwrap(await stub.research(meta, user.id, c.req.valid("query").planet)), 200);
  })
  .openapi(routes.startResearch, async (c) => {
    const { u, tech } = c.req.valid("param");
    const out = await run(c, u, { type: "queue_research", planetId: c.req.valid("json").planet, object: tech });
    return sendJsonText(c, presentText(out.research), 200);
  })
  .openapi(routes.cancelResearch, async (c) => {
    const { u, entry } = c.req.valid("param");
    return sendJsonText(c, presentText((await run(c, u, { type: "cancel_research", entryId: entry })).research), 200);
  });
