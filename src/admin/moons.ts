import { createRoute, z } from "@hono/zod-openapi";
import { requireAdmin } from "../auth/middleware";
import { db } from "../db/client";
import { ApiError, errorResponses } from "../http/errors";
import { bearer, jsonBody as body, jsonResponse as json } from "../http/openapi";
import { router } from "../http/router";
import { planetExample } from "../universe/examples";
import { getUniverse, slotOfPlanet } from "../universe/registry";
import { PlanetViewSchema } from "../universe/schemas";
import { SHARD_REFUSALS, shardFor, unwrap } from "../universe/shard-client";
import { recordAction } from "./act";
import { UniverseIdParam } from "./schemas";

const MoonRequest = z
  .object({
    planetId: z.string().min(1).max(64),
    // §7.11: a battle's moon measures from √10 × 1000 to 8944 km.
    diameter: z.number().int().min(3162).max(8944),
  })
  .openapi("AdminMoonRequest");

const example = { planetId: "9906c01e-ea30-4fb3-8b46-3ba5c8f8e8d4", diameter: 8000 };

const add = createRoute({
  method: "post",
  path: "/v1/admin/universes/{u}/moons",
  operationId: "adminAddMoon",
  tags: ["Admin"],
  summary: "Give a planet a moon",
  description:
    "Admin; audited as `universe.moon`. Gives the planet the moon a battle could have made (tests, events), with no " +
    "buildings and one field. A planet has one moon: asking again answers the moon it has. The galaxy view and launches " +
    "at the moon see it once its shard has written it to D1 (right after the change, retried until it lands). " +
    "Refusals: 404 `not_found` when no planet has the id.",
  security: bearer,
  middleware: requireAdmin,
  request: { params: UniverseIdParam, body: body(MoonRequest, example) },
  responses: {
    201: json(PlanetViewSchema, "The moon", { ...planetExample, type: "moon" }),
    ...errorResponses(400, 401, 403, 404, 429, SHARD_REFUSALS),
  },
});

export const adminMoonRoutes = router().openapi(add, async (c) => {
  const d = db(c.env);
  const u = await getUniverse(d, c.req.valid("param").u);
  const { planetId, diameter } = c.req.valid("json");
  const slot = await slotOfPlanet(d, u.id, planetId);
  if (!slot) throw ApiError.of("not_found", `no planet ${planetId} in this universe`);
  const { stub, meta } = shardFor(c.env, u, slot.ownerId);
  const moon = unwrap(await stub.grantMoon(meta, slot.ownerId, planetId, diameter));
  await recordAction(c, d, { action: "universe.moon", targetType: "universe", targetId: u.id, details: { planetId, diameter } });
  return c.json(moon as never, 201);
});
