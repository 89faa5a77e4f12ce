/** Admin HTTP for the text world: who is where, an area's state, kick, teleport, reload, and content validation. */
import { createRoute, z } from "@hono/zod-openapi";
import { recordAction } from "../admin/act";
import { requireAdmin } from "../auth/middleware";
import { db } from "../db/client";
import { ApiError, errorResponses } from "../http/errors";
import { bearer, jsonBody as body, jsonResponse as json } from "../http/openapi";
import { router } from "../http/router";
import { ContentError, loadContent } from "./content/load";
import { ROLES } from "./commands/table";
import { worldContent } from "./content/packs";
import { areaStub, characterById, onlineEverywhere, presenceOf } from "./directory";
import { WorldErrors } from "./routes";

const admin = { tags: ["Admin"], security: bearer, middleware: requireAdmin };

const AreaParam = z.object({ area: z.string().openapi({ example: "millbrook" }) });
const CharacterParam = z.object({ id: z.string().openapi({ example: "ch_01JD3W7Q6M8ZK2" }) });

const AreaView = z
  .object({
    area: z.string(),
    occupied: z.boolean(),
    characters: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        room: z.string(),
        status: z.string(),
        role: z.enum(ROLES),
        hp: z.number(),
        level: z.number(),
      }),
    ),
    npcs: z.number().int(),
    items: z.number().int(),
    timers: z.number().int(),
    outbox: z.object({ pending: z.number().int(), oldestAgeMs: z.number() }),
  })
  .openapi("AdminWorldArea");
const areaExample = {
  area: "millbrook",
  occupied: true,
  characters: [{ id: "ch_01JD3W7Q6M8ZK2", name: "Ava", room: "mb_square", status: "normal", role: "player" as const, hp: 11, level: 1 }],
  npcs: 6,
  items: 5,
  timers: 9,
  outbox: { pending: 0, oldestAgeMs: 0 },
};

const Online = z
  .object({
    characters: z.array(z.object({ id: z.string(), name: z.string(), level: z.number().int(), area: z.string(), account: z.string() })),
  })
  .openapi("AdminWorldOnline");

const ContentCheck = z
  .object({ ok: z.boolean(), areas: z.number().int(), rooms: z.number().int(), items: z.number().int(), npcs: z.number().int() })
  .openapi("AdminWorldContentCheck");

const routes = {
  online: createRoute({
    operationId: "adminWorldOnline",
    ...admin,
    method: "get",
    path: "/v1/admin/world/online",
    summary: "Who is in the text world, and in which area",
    responses: {
      200: json(Online, "Characters in the world", {
        characters: [
          { id: "ch_01JD3W7Q6M8ZK2", name: "Ava", level: 1, area: "millbrook", account: "6803ca61-462a-48d3-92b2-b6dd2eeb898a" },
        ],
      }),
      ...errorResponses(401, 403, 429),
    },
  }),
  area: createRoute({
    operationId: "adminWorldArea",
    ...admin,
    method: "get",
    path: "/v1/admin/world/areas/{area}",
    summary: "An area object's state: characters and their rooms, counts, timers, handovers in flight",
    request: { params: AreaParam },
    responses: { 200: json(AreaView, "Area", areaExample), ...errorResponses(401, 403, 429, { area_not_found: 404 }) },
  }),
  reload: createRoute({
    operationId: "adminWorldReload",
    ...admin,
    method: "post",
    path: "/v1/admin/world/areas/{area}/reload",
    summary: "Reset an area from content (§11.3); audited",
    request: { params: AreaParam },
    responses: { 200: json(AreaView, "The area after the reset", areaExample), ...errorResponses(401, 403, 429, { area_not_found: 404 }) },
  }),
  kick: createRoute({
    operationId: "adminWorldKick",
    ...admin,
    method: "post",
    path: "/v1/admin/world/characters/{id}/kick",
    summary: "Take a character out of the world now (saved where it stands); audited",
    request: { params: CharacterParam },
    responses: {
      200: json(z.object({ ok: z.literal(true) }), "Kicked", { ok: true }),
      ...errorResponses(401, 403, 429, { character_not_found: 404, not_online: 409 }),
    },
  }),
  teleport: createRoute({
    operationId: "adminWorldTeleport",
    ...admin,
    method: "post",
    path: "/v1/admin/world/characters/{id}/teleport",
    summary: "Move an in-world character to any room (across areas by handover); audited",
    request: { params: CharacterParam, body: body(z.object({ room: z.string() }).openapi("AdminWorldTeleport"), { room: "tw_hut" }) },
    responses: {
      200: json(z.object({ ok: z.literal(true) }), "Moved", { ok: true }),
      ...errorResponses(400, 401, 403, 429, { character_not_found: 404, room_not_found: 404, not_online: 409 }),
    },
  }),
  validate: createRoute({
    operationId: "adminWorldValidateContent",
    ...admin,
    method: "post",
    path: "/v1/admin/world/content/validate",
    summary: "Validate a set of content files without loading it",
    description:
      'Body: `{files: {"world.json": …, "items.json": …, "areas/<id>.json": …}}`. A refusal is 400 `content_invalid` with `details: {file, path, reason}`.',
    request: {
      body: body(z.object({ files: z.record(z.string(), z.unknown()) }).openapi("AdminWorldContent"), { files: { "world.json": {} } }),
    },
    responses: {
      200: json(ContentCheck, "Valid", { ok: true, areas: 2, rooms: 21, items: 14, npcs: 8 }),
      ...errorResponses(400, 401, 403, 429, { content_invalid: 400 }),
    },
  }),
};

function knownArea(env: Env, area: string): string {
  if (!worldContent(env).areas.has(area)) throw new ApiError(404, "area_not_found", "no such area");
  return area;
}

async function inWorld(env: Env, id: string) {
  const d = db(env);
  const row = await characterById(d, id);
  if (!row) throw WorldErrors.notFound();
  const presence = await presenceOf(d, row.accountId);
  if (presence?.characterId !== row.id) throw WorldErrors.notOnline();
  return { row, area: presence.area };
}

export const worldAdminRoutes = router()
  .openapi(routes.online, async (c) => {
    const rows = await onlineEverywhere(c.env);
    return c.json({ characters: rows.map((r) => ({ id: r.id, name: r.name, level: r.level, area: r.area, account: r.account })) }, 200);
  })
  .openapi(routes.area, async (c) => {
    const area = knownArea(c.env, c.req.valid("param").area);
    return c.json(await areaStub(c.env, area).inspect(area), 200);
  })
  .openapi(routes.reload, async (c) => {
    const area = knownArea(c.env, c.req.valid("param").area);
    const view = await areaStub(c.env, area).reload(area);
    await recordAction(c, db(c.env), { action: "world.reload", details: { area } });
    return c.json(view, 200);
  })
  .openapi(routes.kick, async (c) => {
    const { row, area } = await inWorld(c.env, c.req.valid("param").id);
    if (!(await areaStub(c.env, area).kick(area, row.id))) throw WorldErrors.notOnline();
    await recordAction(c, db(c.env), { action: "world.kick", targetType: "character", targetId: row.id, details: { area } });
    return c.json({ ok: true as const }, 200);
  })
  .openapi(routes.teleport, async (c) => {
    const { row, area } = await inWorld(c.env, c.req.valid("param").id);
    const room = c.req.valid("json").room;
    if (!worldContent(c.env).rooms.has(room)) throw new ApiError(404, "room_not_found", "no such room");
    if (!(await areaStub(c.env, area).teleport(area, row.id, room))) throw WorldErrors.notOnline();
    await recordAction(c, db(c.env), {
      action: "world.teleport",
      targetType: "character",
      targetId: row.id,
      details: { from: area, room },
    });
    return c.json({ ok: true as const }, 200);
  })
  .openapi(routes.validate, async (c) => {
    try {
      const content = loadContent(c.req.valid("json").files);
      return c.json(
        { ok: true, areas: content.areas.size, rooms: content.rooms.size, items: content.items.size, npcs: content.npcs.size },
        200,
      );
    } catch (error) {
      if (!(error instanceof ContentError)) throw error;
      throw new ApiError(400, "content_invalid", error.message, { file: error.file, path: error.path, reason: error.reason });
    }
  });
