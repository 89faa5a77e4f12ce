import { createRoute, z } from "@hono/zod-openapi";
import { and, eq } from "drizzle-orm";
import { requireAuth } from "../../auth/middleware";
import { db } from "../../db/client";
import { planetSlots } from "../../db/schema/index";
import { ApiError, errorResponses } from "../../http/errors";
import { bearer, jsonResponse as json } from "../../http/openapi";
import { router } from "../../http/router";
import { HOMEWORLD_POSITIONS } from "../engine/index";
import { addPlayer, claimHomeworld, claimSlot, freePositions, getUniverse, membership, slotOfOwner, systemView } from "../registry";
import { JoinRequest, JoinResponse, SlotsResponse, SystemViewSchema, UniverseParam } from "../schemas";
import { unwrap } from "../shard-client";
import { playerShard, tag } from "./context";

const join = createRoute({
  method: "post",
  path: "/v1/universes/{u}/join",
  tags: [tag],
  summary: "Join a universe: place the homeworld",
  description:
    "Places the homeworld on a random free position 4–12 in a system chosen to fill the universe evenly, or on the given free coordinate when the universe allows choosing. Safe to retry.",
  security: bearer,
  middleware: requireAuth,
  request: { params: UniverseParam, body: { required: false, content: { "application/json": { schema: JoinRequest } } } },
  responses: { 201: json(JoinResponse, "Joined"), ...errorResponses(400, 401, 404, 409, 429) },
});

const slots = createRoute({
  method: "get",
  path: "/v1/universes/{u}/slots",
  tags: [tag],
  summary: "Free coordinates of a system",
  request: { params: UniverseParam, query: z.object({ galaxy: z.coerce.number().int().min(1), system: z.coerce.number().int().min(1) }) },
  responses: { 200: json(SlotsResponse, "Free positions"), ...errorResponses(400, 404) },
});

const galaxy = createRoute({
  method: "get",
  path: "/v1/universes/{u}/galaxy/{g}/{s}",
  tags: [tag],
  summary: "System view: the positions with planet, owner and the owner's rank",
  request: { params: UniverseParam.extend({ g: z.coerce.number().int().min(1), s: z.coerce.number().int().min(1) }) },
  responses: { 200: json(SystemViewSchema, "System"), ...errorResponses(400, 404) },
});

function checkSystem(galaxyNo: number, systemNo: number, settings: { galaxies: number; systems: number }) {
  if (galaxyNo > settings.galaxies || systemNo > settings.systems) {
    throw new ApiError(400, "invalid_coordinates", `galaxy must be 1–${settings.galaxies} and system 1–${settings.systems}`);
  }
}

export const joinRoutes = router()
  .openapi(join, async (c) => {
    const { user, u, shard, stub, meta } = await playerShard(c, c.req.valid("param").u);
    const d = db(c.env);
    if (await membership(d, u.id, user.id)) throw new ApiError(409, "already_joined", "you already have an empire in this universe");
    const req = (c.req.valid("json") as z.infer<typeof JoinRequest> | undefined) ?? {};
    const planetName = req.planetName ?? "Homeworld";
    // A previous attempt may have claimed a slot before failing: reuse it, so retries are safe.
    let slot = await slotOfOwner(d, u.id, user.id);
    if (!slot) {
      const planetId = crypto.randomUUID();
      let coords: { galaxy: number; system: number; position: number };
      if (req.galaxy !== undefined && req.system !== undefined && req.position !== undefined) {
        if (!u.settings.allowChoosePosition)
          throw new ApiError(400, "invalid_coordinates", "this universe does not let players choose their homeworld");
        checkSystem(req.galaxy, req.system, u.settings);
        coords = { galaxy: req.galaxy, system: req.system, position: req.position };
        if (!(await claimSlot(d, u.id, coords, { planetId, ownerId: user.id, planetName }))) {
          throw new ApiError(409, "slot_taken", "that coordinate is already taken", coords);
        }
      } else {
        coords = await claimHomeworld(d, u, { planetId, ownerId: user.id, planetName }, crypto.getRandomValues(new Uint32Array(1))[0]!);
      }
      slot = { universeId: u.id, ...coords, planetId, ownerId: user.id, planetName, createdAt: Date.now() };
    }
    const coords = { galaxy: slot.galaxy, system: slot.system, position: slot.position };
    const created = await stub.createEmpire(meta, {
      playerId: user.id,
      username: user.username,
      planetId: slot.planetId,
      coords,
      planetName,
      seed: crypto.getRandomValues(new Uint32Array(1))[0]!,
    });
    if (!created.ok) {
      await d.delete(planetSlots).where(and(eq(planetSlots.universeId, u.id), eq(planetSlots.ownerId, user.id)));
    }
    const empire = unwrap(created);
    await addPlayer(d, u.id, user, shard);
    return c.json({ universeId: u.id, shard, homeworld: coords, empire } as never, 201);
  })
  .openapi(slots, async (c) => {
    const u = await getUniverse(db(c.env), c.req.valid("param").u);
    const { galaxy: g, system: s } = c.req.valid("query");
    checkSystem(g, s, u.settings);
    const free = await freePositions(db(c.env), u, g, s);
    const [low, high] = u.settings.allowChoosePosition ? [1, u.settings.positions] : HOMEWORLD_POSITIONS;
    return c.json({ galaxy: g, system: s, free, homeworldAllowed: free.filter((p) => p >= low && p <= high) }, 200);
  })
  .openapi(galaxy, async (c) => {
    const { u: id, g, s } = c.req.valid("param");
    const u = await getUniverse(db(c.env), id);
    checkSystem(g, s, u.settings);
    return c.json({ galaxy: g, system: s, positions: await systemView(db(c.env), u, g, s) }, 200);
  });
