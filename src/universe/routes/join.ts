import { createRoute, z } from "@hono/zod-openapi";
import { refuseGuests } from "../../auth/guest";
import { requireAuth } from "../../auth/middleware";
import { requireVerifiedEmail } from "../../auth/verified-gate";
import { db } from "../../db/client";
import { ApiError, errorResponses } from "../../http/errors";
import { bearer, jsonResponse as json } from "../../http/openapi";
import { router } from "../../http/router";
import { type Coordinates, HOMEWORLD_POSITIONS, type UniverseSettings } from "../engine/index";
import { validPlanetName } from "../engine/planet-name";
import {
  claimHomeworld,
  claimMembership,
  claimSlot,
  completeMembership,
  freePositions,
  getUniverse,
  type Slot,
  slotOfPlanet,
  systemView,
} from "../registry";
import { JoinRequest, JoinResponse, SlotsResponse, SystemViewSchema, UniverseParam } from "../schemas";
import { unwrap } from "../shard-client";
import { joinExample, slotsExample, systemExample } from "../examples";
import { playerShard, tag } from "./context";

const join = createRoute({
  operationId: "joinUniverse",
  method: "post",
  path: "/v1/universes/{u}/join",
  tags: [tag],
  summary: "Join a universe: place the homeworld",
  description:
    "Places the homeworld on a random free position 4–12 in a system chosen to fill the universe evenly, or on the given free coordinate when the universe allows choosing. A player has one membership per universe: of parallel joins exactly one answers 201, the others 409 `already_joined` with `details: {homeworld, planetId}`, as does any later join. Safe to retry: a join that failed midway is completed by the next attempt.",
  security: bearer,
  middleware: [...requireAuth, refuseGuests],
  request: {
    params: UniverseParam,
    body: { required: false, content: { "application/json": { schema: JoinRequest, example: { planetName: "Ada Prime" } } } },
  },
  responses: {
    201: json(JoinResponse, "Joined", joinExample),
    ...errorResponses(400, 401, 403, 404, 409, 429, { guest_not_allowed: 403, email_unverified: 403, invalid_coordinates: 400, already_joined: 409, slot_taken: 409, universe_full: 409 }),
  },
});

const slots = createRoute({
  operationId: "listFreeSlots",
  method: "get",
  path: "/v1/universes/{u}/slots",
  tags: [tag],
  summary: "Free coordinates of a system",
  request: { params: UniverseParam, query: z.object({ galaxy: z.coerce.number().int().min(1), system: z.coerce.number().int().min(1) }) },
  responses: { 200: json(SlotsResponse, "Free positions", slotsExample), ...errorResponses(400, 404, { invalid_coordinates: 400 }) },
});

const galaxy = createRoute({
  operationId: "getSystem",
  method: "get",
  path: "/v1/universes/{u}/galaxy/{g}/{s}",
  tags: [tag],
  summary: "System view: the positions with planet, owner, the owner's rank and debris field",
  request: { params: UniverseParam.extend({ g: z.coerce.number().int().min(1), s: z.coerce.number().int().min(1) }) },
  responses: { 200: json(SystemViewSchema, "System", systemExample), ...errorResponses(400, 404, { invalid_coordinates: 400 }) },
});

function checkSystem(galaxyNo: number, systemNo: number, settings: { galaxies: number; systems: number }) {
  if (galaxyNo > settings.galaxies || systemNo > settings.systems) {
    throw new ApiError(400, "invalid_coordinates", `galaxy must be 1–${settings.galaxies} and system 1–${settings.systems}`);
  }
}

/** Everything the engine could refuse about a join is checked before anything is claimed. */
function checkJoin(req: z.infer<typeof JoinRequest>, settings: UniverseSettings): { planetName: string; chosen: Coordinates | null } {
  const planetName = validPlanetName(req.planetName ?? "Homeworld");
  if (typeof planetName !== "string") throw new ApiError(400, planetName.code, planetName.message);
  if (req.galaxy === undefined || req.system === undefined || req.position === undefined) return { planetName, chosen: null };
  if (!settings.allowChoosePosition)
    throw new ApiError(400, "invalid_coordinates", "this universe does not let players choose their homeworld");
  checkSystem(req.galaxy, req.system, settings);
  if (req.position > settings.positions) throw new ApiError(400, "invalid_coordinates", `position must be 1–${settings.positions}`);
  return { planetName, chosen: { galaxy: req.galaxy, system: req.system, position: req.position } };
}

function alreadyJoined(slot: Slot | undefined): ApiError {
  const details = slot && { homeworld: { galaxy: slot.galaxy, system: slot.system, position: slot.position }, planetId: slot.planetId };
  return new ApiError(409, "already_joined", "you already have an empire in this universe", details);
}

/**
 * Joining is a sequence of idempotent steps keyed by the membership row, so parallel attempts
 * converge on one homeworld and a retry finishes what a failed attempt began: take the
 * membership (which names the homeworld's planet id), place that planet, create the empire,
 * then mark the membership joined. Only the attempt that marks it answers 201.
 */
export const joinRoutes = router()
  .openapi(join, async (c) => {
    const { user, u, shard, stub, meta } = await playerShard(c, c.req.valid("param").u);
    const d = db(c.env);
    const { planetName, chosen } = checkJoin((c.req.valid("json") as z.infer<typeof JoinRequest> | undefined) ?? {}, u.settings);
    await requireVerifiedEmail(c, "universes");
    const member = await claimMembership(d, u.id, user, shard);
    // Every row has a homeworld planet id since migration 0005; the rows before it are all joined.
    const planetId = member.homeworldPlanetId;
    if (member.status === "joined" || !planetId) throw alreadyJoined(planetId ? await slotOfPlanet(d, u.id, planetId) : undefined);
    const claim = { planetId, ownerId: user.id, planetName };
    let slot = await slotOfPlanet(d, u.id, planetId);
    if (!slot && chosen) {
      slot = (await claimSlot(d, u.id, chosen, claim)) ?? undefined;
      if (!slot) throw new ApiError(409, "slot_taken", "that coordinate is already taken", chosen);
    }
    slot ??= await claimHomeworld(d, u, claim, crypto.getRandomValues(new Uint32Array(1))[0]!);
    const homeworld = { galaxy: slot.galaxy, system: slot.system, position: slot.position };
    const empire = unwrap(
      await stub.createEmpire(meta, {
        playerId: user.id,
        username: user.username,
        planetId,
        coords: homeworld,
        // The slot's name, not this attempt's: parallel attempts may have asked for different ones.
        planetName: slot.planetName,
        seed: crypto.getRandomValues(new Uint32Array(1))[0]!,
      }),
    );
    if (!(await completeMembership(d, u.id, user.id))) throw alreadyJoined(slot);
    return c.json({ universeId: u.id, shard, homeworld, empire } as never, 201);
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
