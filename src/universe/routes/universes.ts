import { createRoute, z } from "@hono/zod-openapi";
import { writeAudit } from "../../audit/log";
import { currentUser, requireAdmin } from "../../auth/middleware";
import { db } from "../../db/client";
import { ApiError, errorResponses, issuesToDetails } from "../../http/errors";
import { bearer, jsonBody as body, jsonResponse as json } from "../../http/openapi";
import { router } from "../../http/router";
import {
  BUILDING_NAMES,
  CATALOG,
  calculateFlight,
  calculateObject,
  calculateProduction,
  DEFENSE_NAMES,
  FlightCalcQuerySchema,
  ObjectCalcQuerySchema,
  ProductionCalcQuerySchema,
  RESEARCH_NAMES,
  SHIP_NAMES,
  UniverseSettingsSchema,
} from "../engine/index";
import { createUniverse, getUniverse, listUniverses } from "../registry";
import { CreateUniverseRequest, UniverseParam, UniverseSchema } from "../schemas";
import { catalogExample, costExample, flightExample, productionExample, universeExample, universeListExample } from "../examples";
import { tag } from "./context";

const level = z.coerce.number().int().min(0).max(100);
const CostQuery = z.object({
  object: z.enum([...BUILDING_NAMES, ...RESEARCH_NAMES, ...SHIP_NAMES, ...DEFENSE_NAMES]),
  level: z.coerce.number().int().min(1).max(100).default(1),
  count: z.coerce.number().int().min(1).max(1_000_000).default(1),
  robotFactory: level.default(0),
  naniteFactory: level.default(0),
  shipyard: level.default(0),
  researchLab: level.default(0),
  researchNetwork: level.default(0),
  otherLabs: z
    .string()
    .regex(/^\d{1,3}(,\d{1,3}){0,49}$/)
    .optional()
    .openapi({ description: "Comma-separated lab levels of the player's other planets (research network candidates)", example: "8,6" }),
  ionTechnology: level.default(0),
});

const list = createRoute({
  operationId: "listUniverses",
  method: "get",
  path: "/v1/universes",
  tags: [tag],
  summary: "Universes and their settings",
  responses: { 200: json(z.object({ universes: z.array(UniverseSchema) }), "Universes", universeListExample) },
});

const create = createRoute({
  operationId: "createUniverse",
  method: "post",
  path: "/v1/admin/universes",
  tags: ["Admin"],
  summary: "Create a universe",
  security: bearer,
  middleware: requireAdmin,
  request: { body: body(CreateUniverseRequest, { id: "andromeda", name: "Andromeda", settings: { economySpeed: 1000 } }) },
  responses: { 201: json(UniverseSchema, "Created", universeExample), ...errorResponses(400, 401, 403, 409) },
});

const catalog = createRoute({
  operationId: "getCatalog",
  method: "get",
  path: "/v1/universes/{u}/catalog",
  tags: [tag],
  summary: "Every object with base prices, growth factor, requirements and unit stats",
  request: { params: UniverseParam },
  responses: { 200: json(z.record(z.string(), z.unknown()), "Catalog", catalogExample), ...errorResponses(404) },
});

const cost = createRoute({
  operationId: "calculateCost",
  method: "get",
  path: "/v1/universes/{u}/calc/cost",
  tags: [tag],
  summary: "Cost (with energy) and duration of an object at a level, and its demolition",
  description: "Served by the same code the game uses. Units take `count` instead of `level`.",
  request: { params: UniverseParam, query: CostQuery },
  responses: { 200: json(z.record(z.string(), z.unknown()), "Calculation", costExample), ...errorResponses(400, 404) },
});

const production = createRoute({
  operationId: "calculateProduction",
  method: "post",
  path: "/v1/universes/{u}/calc/production",
  tags: [tag],
  summary: "Hourly production, energy, factor and storage of a described planet",
  request: {
    params: UniverseParam,
    body: body(
      z
        .record(z.string(), z.unknown())
        .openapi({ example: { position: 8, temperature: { min: 30, max: 70 }, buildings: { metal_mine: 10, solar_plant: 10 } } }),
    ),
  },
  responses: { 200: json(z.record(z.string(), z.unknown()), "Production report", productionExample), ...errorResponses(400, 404) },
});

const FlightCalcResponse = z
  .object({
    distance: z.number().int(),
    durationSeconds: z.number().int().openapi({ description: "One way" }),
    roundTripSeconds: z.number().int().nullable().openapi({ description: "Out, hold and back; null for deploy" }),
    fuel: z.number().int().openapi({ description: "Deuterium burnt, taken at launch" }),
    fuelCapacity: z.number().int(),
    fuelWithinCapacity: z.boolean(),
    cargoCapacity: z.number().int(),
    speed: z.number().openapi({ description: "The slowest ship's speed, which the fleet flies at" }),
    fleetSpeed: z.number().openapi({ description: "The universe fleet speed of the mission's class" }),
    missionClass: z.enum(["war", "holding", "peaceful"]),
    fleetSlots: z.number().int().openapi({ description: "1 + computer technology" }),
    ships: z.array(
      z.object({
        ship: z.string(),
        count: z.number().int(),
        drive: z.string().nullable(),
        speed: z.number(),
        fuel: z.number().openapi({ description: "Base consumption of one ship" }),
        cargo: z.number().int().openapi({ description: "Of all `count` ships" }),
        fuelCapacity: z.number().int().openapi({ description: "Of all `count` ships" }),
      }),
    ),
  })
  .openapi("FlightCalculation");

const flight = createRoute({
  method: "post",
  path: "/v1/universes/{u}/calc/flight",
  operationId: "calculateFlight",
  tags: [tag],
  summary: "Distance, flight time, fuel and capacities of a described fleet (rules §8)",
  description:
    "Served by the same code that launches fleets. `speed` is a percent, 10–100 in steps of 5; `mission` picks the universe fleet " +
    "speed (war, holding, peaceful); `holdHours` (1–32) is for `acs_defend` only. Refusals (400): `invalid_request`, " +
    "`invalid_coordinates`, `invalid_speed`, `invalid_ships`, `invalid_hold_time`, `mission_not_allowed` (missiles do not fly as fleets).",
  request: {
    params: UniverseParam,
    body: body(
      z.record(z.string(), z.unknown()).openapi({
        example: {
          from: { galaxy: 1, system: 10, position: 4 },
          to: { galaxy: 1, system: 15, position: 8 },
          ships: { small_cargo: 5, light_fighter: 1 },
          speed: 100,
          mission: "transport",
          techs: { combustionDrive: 2, impulseDrive: 0, hyperspaceDrive: 0, hyperspaceTechnology: 0, computerTechnology: 1 },
        },
      }),
    ),
  },
  responses: { 200: json(FlightCalcResponse, "Flight", flightExample), ...errorResponses(400, 404) },
});

function strictParse<T>(schema: z.ZodType<T>, input: unknown, target: string): T {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw ApiError.of("invalid_request", "request validation failed", issuesToDetails(parsed.error.issues, target));
  return parsed.data;
}

export const universeRoutes = router()
  .openapi(list, async (c) => {
    const all = await listUniverses(db(c.env));
    return c.json({ universes: all }, 200);
  })
  .openapi(create, async (c) => {
    const input = c.req.valid("json");
    const settings = strictParse(UniverseSettingsSchema, input.settings, "json.settings");
    const d = db(c.env);
    const created = await createUniverse(d, { id: input.id, name: input.name, settings });
    await writeAudit(d, {
      action: "universe.create",
      actorId: currentUser(c).id,
      targetType: "universe",
      targetId: created.id,
      requestId: c.get("requestId"),
      details: { name: created.name },
    });
    return c.json(created, 201);
  })
  .openapi(catalog, async (c) => {
    await getUniverse(db(c.env), c.req.valid("param").u);
    return c.json(CATALOG as unknown as Record<string, unknown>, 200);
  })
  .openapi(cost, async (c) => {
    const u = await getUniverse(db(c.env), c.req.valid("param").u);
    const { otherLabs, ...q } = c.req.valid("query");
    const query = strictParse(ObjectCalcQuerySchema, { ...q, otherLabs: otherLabs ? otherLabs.split(",").map(Number) : [] }, "query");
    return c.json(calculateObject(query, u.settings) as unknown as Record<string, unknown>, 200);
  })
  .openapi(production, async (c) => {
    const u = await getUniverse(db(c.env), c.req.valid("param").u);
    const query = strictParse(ProductionCalcQuerySchema, c.req.valid("json"), "json");
    return c.json(calculateProduction(query, u.settings) as unknown as Record<string, unknown>, 200);
  })
  .openapi(flight, async (c) => {
    const u = await getUniverse(db(c.env), c.req.valid("param").u);
    const result = calculateFlight(strictParse(FlightCalcQuerySchema, c.req.valid("json"), "json"), u.settings);
    if (!result.ok) throw new ApiError(400, result.code, result.message, result.details);
    const { ok: _, ships, ...report } = result;
    return c.json({ ...report, ships: [...ships] }, 200);
  });
