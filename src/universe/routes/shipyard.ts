import { createRoute } from "@hono/zod-openapi";
import { requireAuth } from "../../auth/middleware";
import { errorResponses } from "../../http/errors";
import { bearer, jsonBody as body, jsonResponse as json } from "../../http/openapi";
import { router } from "../../http/router";
import { presentText, sendJsonText } from "../../lib/json-text";
import { OrderUnitsRequest, PlanetParam, PlanetViewSchema, ShipyardViewSchema } from "../schemas";
import { planetExample, shipyardExample } from "../examples";
import { unwrap } from "../shard-client";
import { playerShard, tag } from "./context";

const refusals = errorResponses(400, 401, 403, 404, 409, 429);
const authed = { tags: [tag], security: bearer, middleware: requireAuth };

const routes = {
  shipyard: createRoute({
    ...authed,
    method: "get",
    path: "/v1/universes/{u}/planets/{p}/shipyard",
    operationId: "getShipyard",
    summary: "A planet's shipyard as of now: the unit queue, and every ship and defence with its count and what may be ordered",
    request: { params: PlanetParam },
    responses: { 200: json(ShipyardViewSchema, "Shipyard", shipyardExample), ...refusals },
  }),
  order: createRoute({
    ...authed,
    method: "post",
    path: "/v1/universes/{u}/planets/{p}/shipyard",
    operationId: "orderUnits",
    summary: "Order a batch of ships or defences (paid in full now, finished one unit at a time, not cancellable)",
    request: { params: PlanetParam, body: body(OrderUnitsRequest, { unit: "small_cargo", count: 5 }) },
    responses: { 200: json(PlanetViewSchema, "The planet after the order; the batch is the last entry of unitQueue", planetExample), ...refusals },
  }),
};

export const shipyardRoutes = router()
  .openapi(routes.shipyard, async (c) => {
    const { u, p } = c.req.valid("param");
    const { user, stub, meta } = await playerShard(c, u);
    return sendJsonText(c, unwrap(await stub.shipyard(meta, user.id, p)), 200);
  })
  .openapi(routes.order, async (c) => {
    const { u, p } = c.req.valid("param");
    const { unit, count } = c.req.valid("json");
    const { user, stub, meta } = await playerShard(c, u);
    const out = unwrap(await stub.command(meta, user.id, { type: "order_units", planetId: p, unit, count }));
    return sendJsonText(c, presentText(out.planet), 200);
  });
