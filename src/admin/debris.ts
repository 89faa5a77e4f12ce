import { createRoute, z } from "@hono/zod-openapi";
import { currentUser, requireAdmin } from "../auth/middleware";
import { db } from "../db/client";
import { ApiError, errorResponses } from "../http/errors";
import { bearer, jsonBody as body, idempotencyHeader, jsonResponse as json } from "../http/openapi";
import { router } from "../http/router";
import { systemStub } from "../universe/addressing";
import { getUniverse } from "../universe/registry";
import { recordAction } from "./act";
import { UniverseIdParam } from "./schemas";

const amount = z.number().int().min(0).max(1e12);

const DebrisRequest = z
  .object({
    galaxy: z.number().int().min(1),
    system: z.number().int().min(1),
    position: z.number().int().min(1),
    metal: amount,
    crystal: amount,
    deuterium: amount,
  })
  .openapi("AdminDebrisRequest");

const DebrisField = z
  .object({
    galaxy: z.number().int(),
    system: z.number().int(),
    position: z.number().int(),
    metal: z.number().int(),
    crystal: z.number().int(),
    deuterium: z.number().int(),
  })
  .openapi("DebrisField");

const example = { galaxy: 1, system: 1, position: 8, metal: 60_000, crystal: 30_000, deuterium: 0 };

const add = createRoute({
  method: "post",
  path: "/v1/admin/universes/{u}/debris",
  operationId: "adminAddDebris",
  tags: ["Admin"],
  summary: "Add resources to the debris field at a coordinate",
  description:
    "Admin; audited as `universe.debris`. Until combat makes debris, this is how a field comes to exist (tests, events). " +
    "The amounts are added to the field the coordinate's system object holds; the answer is the field after the addition. " +
    "The galaxy view shows it once the system object has written it to D1 (right after the change, retried until it lands). " +
    "A retry with the same `Idempotency-Key` (per admin) adds once and answers the field as the first request left it. " +
    "Refusals: 400 `invalid_coordinates` outside the universe.",
  security: bearer,
  middleware: requireAdmin,
  request: {
    params: UniverseIdParam,
    headers: idempotencyHeader("Repeat the request safely: the same key adds once", "event-2026-12-01-field"),
    body: body(DebrisRequest, example),
  },
  responses: {
    201: json(DebrisField, "The field after the addition", example),
    ...errorResponses(400, 401, 403, 404, 429, { invalid_coordinates: 400 }),
  },
});

export const adminDebrisRoutes = router().openapi(add, async (c) => {
  const d = db(c.env);
  const u = await getUniverse(d, c.req.valid("param").u);
  const { galaxy, system, position, ...resources } = c.req.valid("json");
  const { galaxies, systems, positions } = u.settings;
  if (galaxy > galaxies || system > systems || position > positions) {
    throw new ApiError(400, "invalid_coordinates", `galaxy must be 1–${galaxies}, system 1–${systems} and position 1–${positions}`);
  }
  // The key (or, without one, the request id) names the effect, so a repeated request adds once.
  const key = c.req.valid("header")["idempotency-key"];
  const effectId = key ? `admin:${currentUser(c).id}:${key}:debris` : `admin:${c.get("requestId")}:debris`;
  const field = await systemStub(c.env, u.id, { galaxy, system }).addDebris(effectId, position, resources);
  await recordAction(c, d, {
    action: "universe.debris",
    targetType: "universe",
    targetId: u.id,
    details: { galaxy, system, position, ...resources },
  });
  return c.json(field, 201);
});
