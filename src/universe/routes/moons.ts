import { createRoute } from "@hono/zod-openapi";
import { requireAuth } from "../../auth/middleware";
import { db } from "../../db/client";
import { ApiError, errorResponses } from "../../http/errors";
import { bearer, jsonBody as body, jsonResponse as json } from "../../http/openapi";
import { router } from "../../http/router";
import { parseJsonText, presentText, sendJsonText } from "../../lib/json-text";
import { PHALANX_SCAN_COST } from "../engine/phalanx";
import { phalanxScan } from "../engine/moons";
import { planetExample } from "../examples";
import { JumpRequest, PhalanxQuery, PhalanxScanSchema, phalanxExample } from "../moon-schemas";
import { slotAt } from "../registry";
import { PlanetParam, PlanetViewSchema } from "../schemas";
import { FLEET_REFUSALS, SHARD_REFUSALS, shardFor, unwrap } from "../shard-client";
import { playerShard, tag } from "./context";

const refusals = errorResponses(400, 401, 403, 404, 409, 429, SHARD_REFUSALS, FLEET_REFUSALS);
const authed = { tags: [tag], security: bearer, middleware: requireAuth };

const routes = {
  jump: createRoute({
    operationId: "jumpGate",
    ...authed,
    method: "post",
    path: "/v1/universes/{u}/planets/{p}/jump",
    summary: "Move ships through the jump gate to another of one's moons",
    description:
      "§11: the ships leave this moon and are on the other at once, with no fuel and no flight; then each gate cools down " +
      "for (60 min / war fleet speed) × (1 − 0.10 × (level − 1)). Both moons are one's own, so the jump is one command of " +
      "one shard. Answers this moon after the jump (`jumpGateReadyAt` says when it may jump again). Refusals: 409 " +
      "`no_jump_gate` (either place is not one's moon or has no jump gate), 409 `jump_gate_cooling` (details: `readyAt`, " +
      "the later of the two gates), 409 `not_enough_ships`, 400 `invalid_ships`.",
    request: { params: PlanetParam, body: body(JumpRequest, { to: "5b1d7f0e-3c2a-4e8b-9f61-0a2b3c4d5e6f", ships: { battle_ship: 40 } }) },
    responses: { 200: json(PlanetViewSchema, "This moon after the jump", { ...planetExample, type: "moon" }), ...refusals },
  }),
  phalanx: createRoute({
    operationId: "phalanxScan",
    ...authed,
    method: "post",
    path: "/v1/universes/{u}/planets/{p}/phalanx",
    summary: "Scan a planet's fleet movements with this moon's sensor phalanx",
    description:
      "A POST: each scan burns 5,000 deuterium from the moon (orrery decision, as classic OGame), paid before the scan is " +
      "made. Sees the fleets flying to or from the planet at the coordinates — the owner's own fleets, and other players' " +
      "until they arrive — with their ships and cargo: the one view that shows a hostile fleet's composition. Range: " +
      "level² − 1 systems either side in the moon's galaxy. Refusals: 404 `target_not_found` (no planet there; nothing " +
      "is charged), 409 `no_phalanx`, 409 `out_of_range`, 409 `insufficient_resources`.",
    request: { params: PlanetParam, query: PhalanxQuery },
    responses: { 200: json(PhalanxScanSchema, "What the phalanx saw", phalanxExample), ...refusals },
  }),
};

export const moonRoutes = router()
  .openapi(routes.jump, async (c) => {
    const { u, p } = c.req.valid("param");
    const { to, ships } = c.req.valid("json");
    const { user, stub, meta } = await playerShard(c, u);
    const out = unwrap(await stub.command(meta, user.id, { type: "jump", planetId: p, to, ships }));
    return sendJsonText(c, presentText(out.planet), 200);
  })
  .openapi(routes.phalanx, async (c) => {
    const { u: universeId, p } = c.req.valid("param");
    const target = c.req.valid("query");
    const { user, u, stub, meta } = await playerShard(c, universeId);
    const slot = await slotAt(db(c.env), u.id, target);
    if (!slot) throw new ApiError(404, "target_not_found", "there is no planet at the target");
    const moon = parseJsonText(unwrap(await stub.command(meta, user.id, { type: "phalanx_scan", planetId: p, target })).planet);
    if (!moon) throw new Error(`phalanx scan from ${p} answered no moon`);
    const level = moon.buildings.find((b) => b.object === "sensor_phalanx")?.level ?? 0;
    const now = Date.now();
    const owner = shardFor(c.env, u, slot.ownerId);
    const fleets = await owner.stub.phalanxFleets(owner.meta, slot.ownerId, target);
    const seen = phalanxScan({ moon: moon.coords, level, target, now }, fleets, u.settings) ?? [];
    return c.json({ moonId: p, target, scannedAt: now, deuteriumSpent: PHALANX_SCAN_COST, fleets: seen }, 200);
  });
