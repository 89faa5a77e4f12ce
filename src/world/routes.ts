/** The text world over HTTP (spec §10.1, §10.2): characters, and the WebSocket into the character's area. */
import { createRoute, z } from "@hono/zod-openapi";
import { and, eq } from "drizzle-orm";
import { ENTRY_HEADER, type EntryHeader } from "../../durable-objects/world-area/area";
import { requireAuth } from "../auth/middleware";
import { db } from "../db/client";
import { worldCharacters } from "../db/schema/index";
import { ApiError, errorResponses } from "../http/errors";
import { bearer, jsonBody as body, jsonResponse as json } from "../http/openapi";
import { router } from "../http/router";
import { forwardSocket } from "../http/ws";
import { COMMAND_WORDS } from "./commands/table";
import { worldContent } from "./content/packs";
import { areaStub, characterById, characterByName, charactersOf, claimPresence, freePresence, presenceOf, worldRole } from "./directory";
import { checkStats } from "./lifecycle";

const tag = "Text worlds";
const authed = { tags: [tag], security: bearer, middleware: requireAuth };
const RESERVED = new Set(["me", "self", "all", "someone"]);
const MAX_HOPS = 4;

const StatsSchema = z
  .object({
    str: z.number().int(),
    dex: z.number().int(),
    con: z.number().int(),
    int: z.number().int(),
    wis: z.number().int(),
    cha: z.number().int(),
  })
  .openapi("WorldStats", { example: { str: 15, dex: 14, con: 13, int: 12, wis: 10, cha: 8 } });

const CharacterSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    level: z.number().int(),
    area: z.string(),
    stats: StatsSchema,
    inWorld: z.boolean(),
    createdAt: z.number().int(),
  })
  .openapi("WorldCharacter");

const characterExample = {
  id: "ch_01JD3W7Q6M8ZK2",
  name: "Ava",
  level: 1,
  area: "millbrook",
  stats: { str: 15, dex: 14, con: 13, int: 12, wis: 10, cha: 8 },
  inWorld: false,
  createdAt: 1_764_460_800_000,
};

const CreateSchema = z
  .object({ name: z.string().min(1).max(64), stats: StatsSchema.optional() })
  .openapi("WorldCharacterCreate", { example: { name: "ava", stats: { str: 15, dex: 14, con: 13, int: 12, wis: 10, cha: 8 } } });

export const WorldErrors = {
  limit: () => new ApiError(409, "character_limit", "at most 3 characters per account"),
  nameTaken: () => new ApiError(409, "name_taken", "that name is taken"),
  inWorld: () => new ApiError(409, "character_in_world", "the character (or another of this account) is in the world"),
  notFound: () => new ApiError(404, "character_not_found", "no such character"),
  notOnline: () => new ApiError(409, "not_online", "the character is not in the world"),
  unavailable: () => new ApiError(503, "world_unavailable", "the character's area could not be reached"),
};

const list = createRoute({
  operationId: "listWorldCharacters",
  ...authed,
  method: "get",
  path: "/v1/world/characters",
  summary: "Your text-world characters",
  responses: {
    200: json(z.object({ characters: z.array(CharacterSchema) }), "Characters, oldest first", { characters: [characterExample] }),
    ...errorResponses(401),
  },
});

const create = createRoute({
  operationId: "createWorldCharacter",
  ...authed,
  method: "post",
  path: "/v1/world/characters",
  summary: "Create a character (at most 3 per account)",
  description:
    "Name: 3–16 letters, stored capitalised, unique case-insensitively, not a command, alias or `me self all someone`. Stats: 15, 14, 13, 12, 10, 8 assigned to STR DEX CON INT WIS CHA in any order (default in that order). The character starts at level 1 in the start room.",
  request: { body: body(CreateSchema, { name: "ava" }) },
  responses: {
    201: json(CharacterSchema, "Created", characterExample),
    ...errorResponses(400, 401, { character_limit: 409, name_taken: 409 }),
  },
});

const remove = createRoute({
  operationId: "deleteWorldCharacter",
  ...authed,
  method: "delete",
  path: "/v1/world/characters/{id}",
  summary: "Delete a character (not while it is in the world)",
  request: { params: z.object({ id: z.string().openapi({ example: "ch_01JD3W7Q6M8ZK2" }) }) },
  responses: {
    200: json(z.object({ ok: z.literal(true) }), "Deleted", { ok: true }),
    ...errorResponses(401, { character_not_found: 404, character_in_world: 409, world_unavailable: 503 }),
  },
});

const ws = createRoute({
  operationId: "connectWorldSocket",
  ...authed,
  middleware: [],
  method: "get",
  path: "/v1/world/ws",
  summary: "Enter the text world",
  description:
    "Hibernatable WebSocket to the area holding the character. Authenticate with `Sec-WebSocket-Protocol: orrery.v1, bearer.<token>`. One character per account in the world (409 `character_in_world`). Client frames: `{type: command, text, messageId?}`, `{type: ping}`; events: `welcome`, `message`, `room`, `stat_update`, `combat`, `effect`, `respawn_countdown`, `transfer` (then close 4010: reconnect), `command_result`, `error`, `pong`, `quit`. See docs/rules/world.md.",
  request: { query: z.object({ character: z.string().openapi({ example: "ch_01JD3W7Q6M8ZK2" }) }) },
  responses: {
    101: { description: "Switching protocols" },
    ...errorResponses(401, 426, { character_not_found: 404, character_in_world: 409, world_unavailable: 503 }),
  },
});

function view(row: typeof worldCharacters.$inferSelect, inWorld: boolean) {
  return {
    id: row.id,
    name: row.name,
    level: row.level,
    area: row.area,
    stats: row.stats as z.infer<typeof StatsSchema>,
    inWorld,
    createdAt: row.createdAt,
  };
}

export const worldRoutes = router()
  .openapi(list, async (c) => {
    const d = db(c.env);
    const user = c.get("user")!;
    const [rows, presence] = await Promise.all([charactersOf(d, user.id), presenceOf(d, user.id)]);
    return c.json({ characters: rows.map((r) => view(r, presence?.characterId === r.id)) }, 200);
  })
  .openapi(create, async (c) => {
    const d = db(c.env);
    const user = c.get("user")!;
    const input = c.req.valid("json");
    if (!/^[A-Za-z]{3,16}$/.test(input.name)) throw ApiError.of("invalid_request", "a name is 3–16 letters", { field: "name" });
    const key = input.name.toLowerCase();
    if (COMMAND_WORDS.has(key) || RESERVED.has(key))
      throw ApiError.of("invalid_request", "that name is a command or reserved word", { field: "name" });
    const stats = checkStats(input.stats);
    if (!stats) throw ApiError.of("invalid_request", "stats are 15, 14, 13, 12, 10, 8 in any order", { field: "stats" });
    const content = worldContent(c.env);
    if ((await charactersOf(d, user.id)).length >= content.settings.max_characters) throw WorldErrors.limit();
    const start = content.rooms.get(content.settings.start_room)!;
    const row = {
      id: `ch_${crypto.randomUUID().replace(/-/g, "")}`,
      accountId: user.id,
      name: key.charAt(0).toUpperCase() + key.slice(1),
      nameKey: key,
      stats,
      area: start.area,
      locVersion: 0,
      level: 1,
      createdAt: Date.now(),
    };
    if (await characterByName(d, key)) throw WorldErrors.nameTaken();
    try {
      await d.insert(worldCharacters).values(row);
    } catch (error) {
      // Two creations of one name racing: the unique index decides.
      if (`${error} ${(error as { cause?: unknown }).cause}`.includes("UNIQUE")) throw WorldErrors.nameTaken();
      throw error;
    }
    return c.json(view(row, false), 201);
  })
  .openapi(remove, async (c) => {
    const d = db(c.env);
    const user = c.get("user")!;
    const row = await characterById(d, c.req.valid("param").id);
    if (!row || row.accountId !== user.id) throw WorldErrors.notFound();
    if ((await presenceOf(d, user.id))?.characterId === row.id) throw WorldErrors.inWorld();
    // The record is where the directory says, or where its tombstones lead (a handover whose directory write is late).
    let area = row.area;
    for (let hop = 0; ; hop++) {
      const r = await areaStub(c.env, area).forget(area, row.id);
      if ("removed" in r) {
        if (!r.removed) throw WorldErrors.inWorld();
        break;
      }
      if (hop >= MAX_HOPS) throw WorldErrors.unavailable();
      area = r.moved;
    }
    await d.delete(worldCharacters).where(and(eq(worldCharacters.id, row.id), eq(worldCharacters.accountId, user.id)));
    return c.json({ ok: true as const }, 200);
  })
  .openapi(
    ws,
    (c) =>
      forwardSocket(c, async (user) => {
        const d = db(c.env);
        const row = await characterById(d, c.req.valid("query").character);
        if (!row || row.accountId !== user.id) throw WorldErrors.notFound();
        if (!(await claimPresence(d, user.id, row.id, row.area, Date.now()))) throw WorldErrors.inWorld();
        const entry: EntryHeader = {
          character: { id: row.id, account: user.id, name: row.name, stats: row.stats as EntryHeader["character"]["stats"] },
          role: await worldRole(d, user.id, user.role),
          locVersion: row.locVersion,
        };
        return {
          // A tombstone answers 409 `moved` with the area now holding the character (§12): follow it, at most 4 hops.
          fetch: async (req: Request) => {
            let area = row.area;
            for (let hop = 0; hop <= MAX_HOPS; hop++) {
              const url = new URL(req.url);
              url.searchParams.set("area", area);
              const headers = new Headers(req.headers);
              headers.set(ENTRY_HEADER, JSON.stringify(entry));
              const res = await areaStub(c.env, area).fetch(new Request(url.toString(), { headers }));
              if (res.status !== 409) return finish(res);
              const body = (await res
                .clone()
                .json()
                .catch(() => null)) as { code?: string; details?: { area?: string } } | null;
              if (body?.code !== "moved" || !body.details?.area) return finish(res);
              area = body.details.area;
            }
            await freePresence(c.env, row.id);
            throw WorldErrors.unavailable();
          },
        };
        async function finish(res: Response) {
          if (res.status !== 101) await freePresence(c.env, row!.id);
          return res;
        }
      }) as never,
  );
