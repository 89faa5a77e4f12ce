import { createRoute, z } from "@hono/zod-openapi";
import { publicRoute, requireAuth } from "../../auth/middleware";
import { db } from "../../db/client";
import { ApiError, errorResponses } from "../../http/errors";
import { bearer, jsonResponse as json } from "../../http/openapi";
import { router } from "../../http/router";
import { BattleInputSchema, runBattle } from "../engine/combat/index";
import { buildBattleRecord, REPORT_ID_PATTERN, summarize } from "../engine/combat/record";
import { PlayerReportSchema, PlayerReportSummarySchema } from "../engine/missile-report";
import { DEFAULT_SETTINGS } from "../engine/settings";
import { REPORT_KEY_PATTERN, reportShareOf, shareReport, sharedReport } from "../report-shares";
import { UniverseParam } from "../schemas";
import { joinedShard, tag } from "./context";

const authed = { tags: [tag], security: bearer, middleware: requireAuth };

// Built by the engine (a tiny battle), so the example never drifts from the schema.
const reportExample = buildBattleRecord({
  id: "battle:0192f0c4-7d1e-7a51-9c1b-3f6a2e8d4b10",
  at: 1_764_504_000_000,
  target: { galaxy: 1, system: 42, position: 8, kind: "planet", name: "Homeworld" },
  attackers: [{ playerId: "3b9f4c2e-1a7d-4e8b-9c6f-2d5a8e1b7c30", name: "vega" }],
  defenders: [{ playerId: "8e2d1c4b-5a6f-4d3e-8b7a-9c0f1e2d3a45", name: "altair" }],
  battle: runBattle(
    BattleInputSchema.parse({
      attackers: [{ ships: { light_fighter: 6, cruiser: 1 } }],
      defenders: [{ defenses: { rocket_launcher: 4 } }],
      resources: { metal: 20_000, crystal: 8000 },
    }),
    DEFAULT_SETTINGS,
    3,
  ),
});

const ReportParam = UniverseParam.extend({
  id: z.string().regex(REPORT_ID_PATTERN).openapi({ example: reportExample.id }),
});
const KeyParam = z.object({ key: z.string().regex(REPORT_KEY_PATTERN).openapi({ example: "q3VZ0-x8Lm_a" }) });

const ReportPageSchema = z
  .object({ reports: z.array(PlayerReportSummarySchema), nextBefore: z.number().int().nullable() })
  .openapi("BattleReportPage");
const OwnReportSchema = z
  .object({ role: z.enum(["attacker", "defender"]), report: PlayerReportSchema })
  .openapi("OwnBattleReport");
const ReportShareSchema = z
  .object({ key: z.string(), reportId: z.string(), createdAt: z.number().int(), url: z.string() })
  .openapi("BattleReportShare");
const SharedReportSchema = z
  .object({ universeId: z.string(), sharedAt: z.number().int(), report: PlayerReportSchema })
  .openapi("SharedBattleReport");

const shareExample = { key: "q3VZ0-x8Lm_a", reportId: reportExample.id, createdAt: 1_764_504_100_000, url: "/v1/reports/q3VZ0-x8Lm_a" };

const list = createRoute({
  operationId: "listBattleReports",
  ...authed,
  method: "get",
  path: "/v1/universes/{u}/reports",
  summary: "My battle and missile reports, newest first",
  description: "Each summary has a `kind`: `battle` (attack, counter-espionage) or `missile` (an interplanetary missile attack, §13).",
  request: {
    params: UniverseParam,
    query: z.object({
      limit: z.coerce.number().int().min(1).max(100).default(20),
      before: z.coerce.number().int().min(1).optional().openapi({ description: "Cursor: `nextBefore` of the previous page" }),
    }),
  },
  responses: {
    200: json(ReportPageSchema, "Report summaries", { reports: [summarize(reportExample, "attacker")], nextBefore: null }),
    ...errorResponses(400, 401, 404, { not_joined: 404 }),
  },
});

const read = createRoute({
  operationId: "getBattleReport",
  ...authed,
  method: "get",
  path: "/v1/universes/{u}/reports/{id}",
  summary: "One of my battle or missile reports, in full",
  request: { params: ReportParam },
  responses: {
    200: json(OwnReportSchema, "The report and my side in it", { role: "attacker", report: reportExample }),
    ...errorResponses(400, 401, 404, { not_joined: 404 }),
  },
});

const share = createRoute({
  operationId: "shareBattleReport",
  ...authed,
  method: "post",
  path: "/v1/universes/{u}/reports/{id}/share",
  summary: "Share one of my battle reports: a key anyone can read it with",
  description: "Freezes a copy of the report under a 12-character key (201). Sharing the same report again answers the same key (200).",
  request: { params: ReportParam },
  responses: {
    200: json(ReportShareSchema, "Already shared: the same key", shareExample),
    201: json(ReportShareSchema, "Shared", shareExample),
    ...errorResponses(400, 401, 404, { not_joined: 404 }),
  },
});

const shared = createRoute({
  operationId: "getSharedBattleReport",
  method: "get",
  path: "/v1/reports/{key}",
  tags: [tag],
  summary: "A shared battle report (public)",
  description: "No login. Rate limited per IP (per user when a token is sent).",
  middleware: publicRoute("reports:view"),
  request: { params: KeyParam },
  responses: {
    200: json(SharedReportSchema, "The shared report", {
      universeId: "milky-way",
      sharedAt: shareExample.createdAt,
      report: reportExample,
    }),
    ...errorResponses(400, 404, 429),
  },
});

async function ownReport(c: Parameters<typeof joinedShard>[0], universeId: string, id: string) {
  const ctx = await joinedShard(c, universeId);
  const copy = await ctx.stub.battleReport(ctx.user.id, id);
  if (!copy) throw ApiError.of("not_found", "no such battle report");
  return { ...ctx, copy };
}

export const reportRoutes = router()
  .openapi(list, async (c) => {
    const { user, stub } = await joinedShard(c, c.req.valid("param").u);
    const q = c.req.valid("query");
    return c.json(await stub.battleReports(user.id, { limit: q.limit, before: q.before }), 200);
  })
  .openapi(read, async (c) => {
    const { u, id } = c.req.valid("param");
    const { copy } = await ownReport(c, u, id);
    return c.json(copy, 200);
  })
  .openapi(share, async (c) => {
    const { u, id } = c.req.valid("param");
    const { copy, user, u: universe } = await ownReport(c, u, id);
    const { row, created } = await shareReport(db(c.env), { universeId: universe.id, sharedBy: user.id, report: copy.report }, Date.now());
    return created ? c.json(reportShareOf(row), 201) : c.json(reportShareOf(row), 200);
  })
  .openapi(shared, async (c) => {
    const row = await sharedReport(db(c.env), c.req.valid("param").key);
    return c.json({ universeId: row.universeId, sharedAt: row.createdAt, report: PlayerReportSchema.parse(row.report) }, 200);
  });
