/** Game history, replays, export/import and share codes. See docs/replays.md. */

import { createRoute, z } from "@hono/zod-openapi";
import type { Context, MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { currentUser, publicRoute, requireAuth } from "../auth/middleware";
import { db } from "../db/client";
import type { AppEnv } from "../http/app-env";
import { ApiError, errorResponses } from "../http/errors";
import { bearer, jsonBody as body, jsonResponse as json, optionalBearer } from "../http/openapi";
import { rateLimit } from "../http/rate-limit";
import { router } from "../http/router";
import { deleteImport, IMPORT_QUOTA_BYTES, IMPORT_RETENTION_MS, storeImport } from "./imports";
import { prepareGame } from "./record";
import { buildReplay, exportDocument, validateImport } from "./replay";
import {
  GAME_ID_PATTERN,
  GameDetailSchema,
  GamePageSchema,
  ImportResponse,
  ReplayDocumentSchema,
  ReplayImportBody,
  ReplayQuery,
  ReplaySchema,
  SHARE_CODE_PATTERN,
  SharedReplaySchema,
  ShareRequest,
  ShareSchema,
} from "./schemas";
import { countView, createShare, listSharesOf, resolveShare, revokeShare, shareOf } from "./shares";
import { assertCanRead, detailOf, findGameRecord, findGameSummary, isMember, listGamesOf, notFound, summaryOf } from "./store";

const tag = "History";

/** The import route has its own body limit; `src/app.ts` skips the global one for this path. */
export const REPLAY_IMPORT_PATH = "/v1/replays/import";
export const REPLAY_IMPORT_MAX_BYTES = 1024 * 1024;

const importBodyLimit: MiddlewareHandler<AppEnv> = bodyLimit({
  maxSize: REPLAY_IMPORT_MAX_BYTES,
  onError: () => {
    throw ApiError.of("payload_too_large", `replay documents are limited to ${REPLAY_IMPORT_MAX_BYTES} bytes`, {
      limitBytes: REPLAY_IMPORT_MAX_BYTES,
    });
  },
});

const importLimit = rateLimit({ name: "replays:import", key: (c) => c.get("user")!.id, limit: () => 20, periodMs: 60 * 60_000 });
const shareLimit = rateLimit({ name: "replays:share", key: (c) => c.get("user")!.id, limit: () => 30, periodMs: 60 * 60_000 });

/** Share links are public: anonymous callers are limited per IP. */
const optionalAuth = publicRoute("replays:view");

const GameParam = z.object({ id: z.string().regex(GAME_ID_PATTERN).openapi({ example: "5d0e7c1a9b3f4e2d8c6a1b0f9e8d7c6b" }) });
const CodeParam = z.object({ code: z.string().regex(SHARE_CODE_PATTERN).openapi({ example: "q3VZ0-x8Lm_a" }) });
const FramesQuery = ReplayQuery.omit({ share: true });

/** What reading through a share code can be refused with (src/history/shares.ts). */
const shareRefusals = { share_not_found: 404, share_expired: 410 } as const;

const myGames = createRoute({
  operationId: "listMyGames",
  method: "get",
  path: "/v1/me/games",
  tags: [tag],
  summary: "My finished and abandoned games, newest first",
  description: "Keyset pages: pass `nextCursor` as `before`. Imported games appear for the user who imported them (`mySeat` null).",
  security: bearer,
  middleware: requireAuth,
  request: {
    query: z.object({
      limit: z.coerce.number().int().min(1).max(100).default(20),
      before: z.string().max(100).optional().openapi({ description: "Cursor: `nextCursor` of the previous page" }),
      game: z.string().max(32).optional().openapi({ example: "golf" }),
    }),
  },
  responses: { 200: json(GamePageSchema, "Games"), ...errorResponses(400, 401, 403, 429) },
});

const getGame = createRoute({
  operationId: "getGame",
  method: "get",
  path: "/v1/games/{id}",
  tags: [tag],
  summary: "One recorded game",
  description: "Readable by its players (and the importer of an imported game) and admins.",
  security: bearer,
  middleware: requireAuth,
  request: { params: GameParam },
  responses: { 200: json(GameDetailSchema, "Game"), ...errorResponses(400, 401, 403, 404, 429) },
});

const replay = createRoute({
  operationId: "getReplay",
  method: "get",
  path: "/v1/games/{id}/replay",
  tags: [tag],
  summary: "Replay frames, rebuilt by re-simulating the log",
  description:
    "Frame 0 is the setup; frame i is the i-th logged action with its events, the omniscient state after it and the seconds since the start. " +
    "Readable by players and admins, or by anyone with a share code of this game (`?share=`, counted as a view when `from` is 0).",
  security: optionalBearer,
  middleware: optionalAuth,
  request: { params: GameParam, query: ReplayQuery },
  responses: {
    200: json(ReplaySchema, "Replay"),
    ...errorResponses(400, 401, 403, 404, 409, 410, 429, shareRefusals, { replay_unavailable: 409 }),
  },
});

const exportGame = createRoute({
  operationId: "exportReplay",
  method: "get",
  path: "/v1/games/{id}/export",
  tags: [tag],
  summary: "Portable replay document (format orrery-replay, version 1)",
  security: optionalBearer,
  middleware: optionalAuth,
  request: { params: GameParam, query: z.object({ share: ReplayQuery.shape.share }) },
  responses: { 200: json(ReplayDocumentSchema, "Replay document"), ...errorResponses(400, 401, 403, 404, 410, 429, shareRefusals) },
});

const importReplay = createRoute({
  operationId: "importReplay",
  method: "post",
  path: REPLAY_IMPORT_PATH,
  tags: [tag],
  summary: "Import an exported replay document",
  description:
    "Re-simulates the document through the engine and stores it under a new id, marked imported (never counted for stats). " +
    "Errors: 422 `unsupported_replay_version`, `unknown_game`, `replay_invalid` (details.index: the failing action), `replay_mismatch` " +
    "(details.field); 413 `payload_too_large` above 1 MiB (this route's own limit, instead of the global MAX_BODY_BYTES). 20 imports per user per hour. " +
    `Each user may keep ${IMPORT_QUOTA_BYTES} bytes of imported logs (409 \`import_quota_exceeded\`; delete imports to make room); ` +
    `imported games are deleted ${IMPORT_RETENTION_MS / 86_400_000} days after their import.`,
  security: bearer,
  middleware: [...requireAuth, importLimit, importBodyLimit] as const,
  request: { body: body(ReplayImportBody) },
  responses: {
    201: json(ImportResponse, "Imported"),
    ...errorResponses(400, 401, 403, 409, 413, 422, 429, {
      import_quota_exceeded: 409,
      unsupported_replay_version: 422,
      unknown_game: 422,
      replay_invalid: 422,
      replay_mismatch: 422,
    }),
  },
});

const deleteGame = createRoute({
  operationId: "deleteImportedGame",
  method: "delete",
  path: "/v1/games/{id}",
  tags: [tag],
  summary: "Delete an imported game (its importer or an admin)",
  description:
    "Frees the importer's quota; the game's share codes go with it. Games recorded by rooms cannot be deleted (409 `not_imported`).",
  security: bearer,
  middleware: requireAuth,
  request: { params: GameParam },
  responses: {
    200: json(z.object({ ok: z.literal(true) }).openapi("GameDeleted", { example: { ok: true } }), "Deleted"),
    ...errorResponses(401, 403, 404, 409, 429, { not_imported: 409 }),
  },
});

const share = createRoute({
  operationId: "shareGame",
  method: "post",
  path: "/v1/games/{id}/share",
  tags: [tag],
  summary: "Create a public share code for a game's replay",
  description: "Only players of the game (or its importer) may share it. 30 codes per user per hour.",
  security: bearer,
  middleware: [...requireAuth, shareLimit] as const,
  request: { params: GameParam, body: body(ShareRequest) },
  responses: { 201: json(ShareSchema, "Share code"), ...errorResponses(400, 401, 403, 404, 409, 429) },
});

const sharedReplay = createRoute({
  operationId: "getSharedReplay",
  method: "get",
  path: "/v1/replays/{code}",
  tags: [tag],
  summary: "A shared replay (public)",
  description:
    "Counts a view when `from` is 0. Expired codes answer 410 `share_expired` once and are deleted; unknown or revoked ones 404.",
  middleware: optionalAuth,
  request: { params: CodeParam, query: FramesQuery },
  responses: {
    200: json(SharedReplaySchema, "Replay"),
    ...errorResponses(400, 404, 409, 410, 429, shareRefusals, { replay_unavailable: 409 }),
  },
});

const revoke = createRoute({
  operationId: "revokeShare",
  method: "delete",
  path: "/v1/replays/{code}",
  tags: [tag],
  summary: "Revoke a share code (its creator or an admin)",
  security: bearer,
  middleware: requireAuth,
  request: { params: CodeParam },
  responses: {
    200: json(z.object({ ok: z.literal(true) }), "Revoked", { ok: true }),
    ...errorResponses(400, 401, 403, 404, 410, 429, shareRefusals),
  },
});

const myShares = createRoute({
  operationId: "listMyShares",
  method: "get",
  path: "/v1/me/shares",
  tags: [tag],
  summary: "My live share codes, newest first",
  security: bearer,
  middleware: requireAuth,
  responses: {
    200: json(z.object({ shares: z.array(ShareSchema) }).openapi("ShareList", { example: { shares: [] } }), "Share codes"),
    ...errorResponses(401, 403, 429),
  },
});

/** The game, readable by the caller or through a share code of that very game (which then counts a view). */
async function readableGame(c: Context<AppEnv>, id: string, shareCode?: string) {
  const d = db(c.env);
  const row = await findGameRecord(d, id);
  if (!row) throw notFound();
  if (shareCode !== undefined) {
    const s = await resolveShare(d, shareCode, Date.now());
    if (s.gameId !== row.id) throw ApiError.of("forbidden", "this share code is for another game");
    return { row, share: s };
  }
  await assertCanRead(d, row.id, c.get("user"));
  return { row, share: null };
}

export const historyRoutes = router()
  .openapi(myGames, async (c) => {
    const user = currentUser(c);
    const q = c.req.valid("query");
    const page = await listGamesOf(db(c.env), user.id, q);
    return c.json({ games: page.rows.map((r) => ({ ...summaryOf(r), mySeat: r.mySeat })), nextCursor: page.nextCursor }, 200);
  })
  .openapi(getGame, async (c) => {
    const d = db(c.env);
    const row = await findGameSummary(d, c.req.valid("param").id);
    if (!row) throw notFound();
    await assertCanRead(d, row.id, currentUser(c));
    return c.json(detailOf(row), 200);
  })
  .openapi(replay, async (c) => {
    const { share: code, from, limit } = c.req.valid("query");
    const { row, share: s } = await readableGame(c, c.req.valid("param").id, code);
    const out = buildReplay(row, from, limit);
    if (s && from === 0) await countView(db(c.env), s);
    return c.json(out, 200);
  })
  .openapi(exportGame, async (c) => {
    const { row } = await readableGame(c, c.req.valid("param").id, c.req.valid("query").share);
    c.header("Content-Disposition", `attachment; filename="${row.game}-${row.id}.orrery-replay.json"`);
    return c.json(exportDocument(row, Date.now()), 200);
  })
  .openapi(importReplay, async (c) => {
    const user = currentUser(c);
    const { record, simulation, originalId } = validateImport(c.req.valid("json"), crypto.randomUUID());
    const prepared = prepareGame(record, { imported: true, importedBy: user.id, importedFrom: originalId }, Date.now(), simulation);
    const d = db(c.env);
    await storeImport(d, prepared, user.id);
    const row = await findGameSummary(d, record.id);
    if (!row) throw new Error("imported game vanished");
    return c.json({ game: detailOf(row) }, 201);
  })
  .openapi(deleteGame, async (c) => {
    await deleteImport(db(c.env), c.req.valid("param").id, currentUser(c));
    return c.json({ ok: true as const }, 200);
  })
  .openapi(share, async (c) => {
    const user = currentUser(c);
    const d = db(c.env);
    const row = await findGameSummary(d, c.req.valid("param").id);
    if (!row) throw notFound();
    if (!(await isMember(d, row.id, user.id))) throw ApiError.of("forbidden", "only the players of a game can share it");
    const input = c.req.valid("json");
    const created = await createShare(d, { gameId: row.id, createdBy: user.id, ...input }, Date.now());
    return c.json(shareOf(created), 201);
  })
  .openapi(sharedReplay, async (c) => {
    const d = db(c.env);
    const { from, limit } = c.req.valid("query");
    let s = await resolveShare(d, c.req.valid("param").code, Date.now());
    const row = await findGameRecord(d, s.gameId);
    if (!row) throw new ApiError(404, "share_not_found", "the shared game no longer exists");
    const out = buildReplay(row, from, limit);
    if (from === 0) s = await countView(d, s);
    return c.json({ share: shareOf(s), replay: out }, 200);
  })
  .openapi(revoke, async (c) => {
    await revokeShare(db(c.env), c.req.valid("param").code, currentUser(c), Date.now());
    return c.json({ ok: true as const }, 200);
  })
  .openapi(myShares, async (c) => {
    const rows = await listSharesOf(db(c.env), currentUser(c).id, Date.now());
    return c.json({ shares: rows.map(shareOf) }, 200);
  });
