import { createRoute, z } from "@hono/zod-openapi";
import { db } from "../../db/client";
import { ApiError, errorResponses, issuesToDetails } from "../../http/errors";
import { jsonBody as body, jsonResponse as json } from "../../http/openapi";
import { rateLimit } from "../../http/rate-limit";
import { router } from "../../http/router";
import { SimulationRequestSchema, SimulationResultSchema, simulateBattles } from "../engine/combat/index";
import { DEFAULT_SETTINGS } from "../engine/settings";
import { getUniverse } from "../registry";
import { UniverseParam } from "../schemas";
import { tag } from "./context";

/** Simulations × units in one request: bounds a public call to a few seconds of CPU (see docs/combat.md). */
export const BATTLE_WORK_LIMIT = 50_000_000;

const example = {
  attackers: [
    { ships: { light_fighter: 500, cruiser: 100 }, techs: { weapon_technology: 5, shielding_technology: 5, armor_technology: 5 } },
  ],
  defenders: [{ ships: { heavy_fighter: 20 }, defenses: { rocket_launcher: 300, light_laser: 50 }, techs: { armor_technology: 4 } }],
  resources: { metal: 200000, crystal: 100000, deuterium: 20000 },
  simulations: 10,
  seed: 42,
  flight: {
    from: { galaxy: 1, system: 10, position: 4 },
    to: { galaxy: 1, system: 15, position: 8 },
    speed: 100,
    techs: { combustionDrive: 6, impulseDrive: 4 },
  },
};

// Produced by the engine itself (a tiny battle, well under a millisecond), so it never drifts from the schema.
const responseExample = simulateBattles(
  SimulationRequestSchema.parse({
    attackers: [{ ships: { light_fighter: 6, cruiser: 1 } }],
    defenders: [{ defenses: { rocket_launcher: 4 } }],
    resources: { metal: 20_000, crystal: 8000 },
    simulations: 2,
    seed: 3,
    flight: { from: { galaxy: 1, system: 10, position: 4 }, to: { galaxy: 1, system: 12, position: 8 } },
  }),
  DEFAULT_SETTINGS,
);

const battle = createRoute({
  method: "post",
  path: "/v1/universes/{u}/calc/battle",
  operationId: "simulateBattle",
  tags: [tag],
  summary: "Battle simulator: N seeded battles with the game's own combat engine",
  description:
    "No login. Rate limited per IP. Win/loss/draw percentages, average and worst losses per unit type, debris, loot, " +
    "moon chance and one full sample report; with `flight` (coordinates, speed, drive levels), each attacker fleet's fuel and flight time " +
    "as `POST …/calc/flight` computes them (its refusals, e.g. `invalid_coordinates`, `invalid_ships`, answer 400). " +
    `simulations × units in the battle is limited to ${BATTLE_WORK_LIMIT.toLocaleString("en")}.`,
  middleware: rateLimit({ name: "calc:battle", key: (c) => `ip:${c.get("ip")}`, limit: (cfg) => cfg.RATE_LIMIT_API_PER_MINUTE }),
  request: { params: UniverseParam, body: body(z.record(z.string(), z.unknown()).openapi({ example })) },
  responses: {
    200: json(
      SimulationResultSchema.openapi({ example: responseExample }),
      "Aggregated results and a sample report (`sample` is a full battle report)",
    ),
    ...errorResponses(400, 404, 429, { invalid_coordinates: 400, invalid_speed: 400, invalid_ships: 400 }),
  },
});

function units(fleets: readonly { ships: object; defenses?: object }[]): number {
  let n = 0;
  for (const f of fleets) for (const v of [...Object.values(f.ships), ...Object.values(f.defenses ?? {})]) n += v as number;
  return n;
}

export const battleCalcRoutes = router().openapi(battle, async (c) => {
  const u = await getUniverse(db(c.env), c.req.valid("param").u);
  const parsed = SimulationRequestSchema.safeParse(c.req.valid("json"));
  if (!parsed.success) throw ApiError.of("invalid_request", "request validation failed", issuesToDetails(parsed.error.issues, "json"));
  const req = parsed.data;
  const work = req.simulations * (units(req.attackers) + units(req.defenders));
  if (work > BATTLE_WORK_LIMIT) {
    throw ApiError.of("invalid_request", "battle too large for this many simulations", [
      { path: "json.simulations", code: "too_big", message: `simulations × units must be at most ${BATTLE_WORK_LIMIT}` },
    ]);
  }
  const result = simulateBattles(req, u.settings);
  if ("ok" in result) throw new ApiError(400, result.code, result.message, result.details);
  return c.json(result, 200);
});
