import { createRoute } from "@hono/zod-openapi";
import { and, asc, count, desc, eq } from "drizzle-orm";
import type { ShardLoad, UniverseShard } from "../../durable-objects/universe-shard/shard";
import { requireAdmin } from "../auth/middleware";
import { type Db, db } from "../db/client";
import { universePlayers, universes } from "../db/schema/index";
import { ApiError, errorResponses } from "../http/errors";
import { bearer, jsonResponse as json } from "../http/openapi";
import { router } from "../http/router";
import { UniverseSettingsSchema } from "../universe/engine/index";
import { shardName } from "../universe/registry";
import { shardCall } from "../universe/shard-client";
import { optionalReason, optionalReasonBody, recordAction } from "./act";
import { AdminUniverseDetail, AdminUniverseList, UniverseIdParam } from "./schemas";
import { objectByName } from "../lib/objects";

const tag = "Admin";

type AdminShardStub = Pick<UniverseShard, "setPaused" | "shardLoad">;

/** Reads the row itself rather than the registry's cache, so a pause shows at once. */
async function universeRow(d: Db, id: string) {
  const row = await d.query.universes.findFirst({ where: eq(universes.id, id) });
  if (!row) throw ApiError.of("not_found", `no universe ${id}`);
  const settings = UniverseSettingsSchema.parse(row.settings ?? {});
  const shards = Array.from({ length: settings.shardCount }, (_, shard) => ({
    shard,
    stub: (env: Env) => objectByName(env.UNIVERSE_SHARDS, shardName(row.id, shard)) as unknown as AdminShardStub,
  }));
  return { row, settings, shards, meta: shardCall({ id: row.id, settings }) };
}

async function playersPerShard(d: Db, universeId?: string) {
  return d
    .select({ universeId: universePlayers.universeId, shard: universePlayers.shard, n: count() })
    .from(universePlayers)
    .where(and(eq(universePlayers.status, "joined"), universeId ? eq(universePlayers.universeId, universeId) : undefined))
    .groupBy(universePlayers.universeId, universePlayers.shard);
}

function summary(row: typeof universes.$inferSelect, players: number) {
  return {
    id: row.id,
    name: row.name,
    isDefault: row.isDefault,
    createdAt: row.createdAt,
    settings: row.settings,
    pausedAt: row.pausedAt,
    players,
  };
}

const list = createRoute({
  method: "get",
  path: "/v1/admin/universes",
  operationId: "adminListUniverses",
  tags: [tag],
  summary: "Universes with their settings, player counts and pause state",
  security: bearer,
  middleware: requireAdmin,
  responses: { 200: json(AdminUniverseList, "Universes"), ...errorResponses(401, 403, 429) },
});

const detail = createRoute({
  method: "get",
  path: "/v1/admin/universes/{u}",
  operationId: "adminGetUniverse",
  tags: [tag],
  summary: "A universe with the load of each shard",
  description: "Admin. Asks every shard object for its empires, pending timers, open sockets and pause flag.",
  security: bearer,
  middleware: requireAdmin,
  request: { params: UniverseIdParam },
  responses: { 200: json(AdminUniverseDetail, "Universe"), ...errorResponses(401, 403, 404, 429) },
});

const pauseDescription =
  "Admin. While paused, every shard holds its timers (no building, research or other completion is applied) and refuses empire commands with 409 `universe_paused`; reads still answer. " +
  "Time does not stop: completions keep their due times and resources keep accruing, so on resume every completion that fell due is applied at its own time and the universe is exactly where it would have been without the pause. " +
  "Both calls are idempotent and safe to retry.";

const pause = createRoute({
  method: "post",
  path: "/v1/admin/universes/{u}/pause",
  operationId: "adminPauseUniverse",
  tags: [tag],
  summary: "Hold a universe's timers and refuse commands for maintenance",
  description: pauseDescription,
  security: bearer,
  middleware: requireAdmin,
  request: { params: UniverseIdParam, body: optionalReasonBody },
  responses: { 200: json(AdminUniverseDetail, "Paused"), ...errorResponses(400, 401, 403, 404, 429) },
});

const resume = createRoute({
  method: "post",
  path: "/v1/admin/universes/{u}/resume",
  operationId: "adminResumeUniverse",
  tags: [tag],
  summary: "Release a paused universe and catch up its timers",
  description: pauseDescription,
  security: bearer,
  middleware: requireAdmin,
  request: { params: UniverseIdParam, body: optionalReasonBody },
  responses: { 200: json(AdminUniverseDetail, "Resumed"), ...errorResponses(400, 401, 403, 404, 429) },
});

/** The console's view of a universe: its row and each shard's load with its player count. */
function detailOf(row: typeof universes.$inferSelect, loads: (ShardLoad & { shard: number })[], counts: { shard: number; n: number }[]) {
  const shards = loads.map((l) => ({ ...l, players: counts.find((x) => x.shard === l.shard)?.n ?? 0 }));
  return { universe: summary(row, shards.reduce((n, s) => n + s.players, 0)), shards };
}

export const adminUniverseRoutes = router()
  .openapi(list, async (c) => {
    const d = db(c.env);
    const [rows, counts] = await Promise.all([
      d.select().from(universes).orderBy(desc(universes.isDefault), asc(universes.createdAt)),
      playersPerShard(d),
    ]);
    const players = (id: string) => counts.filter((x) => x.universeId === id).reduce((n, x) => n + x.n, 0);
    return c.json({ universes: rows.map((r) => summary(r, players(r.id))) }, 200);
  })
  .openapi(detail, async (c) => {
    const d = db(c.env);
    const u = await universeRow(d, c.req.valid("param").u);
    const [counts, loads] = await Promise.all([
      playersPerShard(d, u.row.id),
      Promise.all(u.shards.map(async (s) => ({ shard: s.shard, ...(await s.stub(c.env).shardLoad()) }))),
    ]);
    return c.json(detailOf(u.row, loads, counts), 200);
  })
  .openapi(pause, async (c) => {
    const d = db(c.env);
    const u = await universeRow(d, c.req.valid("param").u);
    const reason = await optionalReason(c);
    const pausedAt = u.row.pausedAt ?? Date.now();
    // D1 first, so the console shows the pause even if a shard call fails; a retry reaches the rest.
    await d.update(universes).set({ pausedAt }).where(eq(universes.id, u.row.id));
    const loads = await Promise.all(u.shards.map(async (s) => ({ shard: s.shard, ...(await s.stub(c.env).setPaused(u.meta, true)) })));
    await recordAction(c, d, { action: "universe.pause", targetType: "universe", targetId: u.row.id, reason });
    return c.json(detailOf({ ...u.row, pausedAt }, loads, await playersPerShard(d, u.row.id)), 200);
  })
  .openapi(resume, async (c) => {
    const d = db(c.env);
    const u = await universeRow(d, c.req.valid("param").u);
    const reason = await optionalReason(c);
    // Shards first: D1 says "paused" until every shard has let go, so a failed resume is visibly unfinished.
    const loads = await Promise.all(u.shards.map(async (s) => ({ shard: s.shard, ...(await s.stub(c.env).setPaused(u.meta, false)) })));
    await d.update(universes).set({ pausedAt: null }).where(eq(universes.id, u.row.id));
    await recordAction(c, d, { action: "universe.resume", targetType: "universe", targetId: u.row.id, reason });
    return c.json(detailOf({ ...u.row, pausedAt: null }, loads, await playersPerShard(d, u.row.id)), 200);
  });
