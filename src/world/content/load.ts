/**
 * Loads and cross-checks content files (spec §1.1). All or nothing: `loadContent` either returns a
 * complete `Content` or throws a `ContentError` naming the file, the path inside it and the reason,
 * so a bad file never replaces good content half-way.
 */
import type { z } from "zod";
import { COMMAND_WORDS } from "../commands/table";
import {
  type Action,
  type Area,
  AreaSchema,
  type EffectTemplate,
  FILE_SCHEMAS,
  type ItemTemplate,
  type NpcTemplate,
  PLAYER_ACTIONS,
  PLAYER_CONDITIONS,
  type Quest,
  type Room,
  type Trigger,
  type WorldSettings,
} from "./schema";

export class ContentError extends Error {
  constructor(
    readonly file: string,
    readonly path: string,
    readonly reason: string,
  ) {
    super(`${file}: ${path || "(root)"}: ${reason}`);
  }
}

export interface RoomInfo extends Room {
  area: string;
}

export interface Content {
  settings: WorldSettings;
  items: Map<string, ItemTemplate>;
  effects: Map<string, EffectTemplate>;
  npcs: Map<string, NpcTemplate>;
  quests: Map<string, Quest>;
  areas: Map<string, Area>;
  rooms: Map<string, RoomInfo>;
}

/** The files of one content set, by name relative to the content folder (`areas/<id>.json` for areas). */
export type ContentFiles = Record<string, unknown>;

const ARTICLES = new Set(["a", "an", "the"]);

/** Keywords of a template (§6.2): its own plus the words of its name except articles, lowercase. */
export function keywordsOf(t: { name: string; keywords: string[] }): string[] {
  const words = t.name
    .toLowerCase()
    .split(/[^a-z0-9']+/)
    .map((w) => w.replace(/'s$/, "").replace(/'/g, ""))
    .filter((w) => w && !ARTICLES.has(w));
  return [...new Set([...t.keywords.map((k) => k.toLowerCase()), ...words])];
}

function parse<S extends z.ZodType>(file: string, schema: S, data: unknown): z.infer<S> {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  throw new ContentError(file, formatPath(issue.path), issue.message);
}

function formatPath(path: PropertyKey[]): string {
  return path.map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`)).join("");
}

function byId<T extends { id: string }>(file: string, list: T[], path = ""): Map<string, T> {
  const out = new Map<string, T>();
  list.forEach((x, i) => {
    if (out.has(x.id)) throw new ContentError(file, `${path}[${i}].id`, `duplicate id ${x.id}`);
    out.set(x.id, x);
  });
  return out;
}

export function loadContent(files: ContentFiles): Content {
  const need = (name: keyof typeof FILE_SCHEMAS) => {
    if (!(name in files)) throw new ContentError(name, "", "file missing");
    return files[name];
  };
  const settings = parse("world.json", FILE_SCHEMAS["world.json"], need("world.json"));
  const items = byId("items.json", parse("items.json", FILE_SCHEMAS["items.json"], need("items.json")));
  const effects = byId("effects.json", parse("effects.json", FILE_SCHEMAS["effects.json"], need("effects.json")));
  const npcs = byId("npcs.json", parse("npcs.json", FILE_SCHEMAS["npcs.json"], need("npcs.json")));
  const quests = byId("quests.json", parse("quests.json", FILE_SCHEMAS["quests.json"], need("quests.json")));
  const areaFiles = Object.keys(files)
    .filter((f) => f.startsWith("areas/"))
    .sort();
  if (areaFiles.length === 0) throw new ContentError("areas/", "", "no area files");

  const areas = new Map<string, Area>();
  const areaFile = new Map<string, string>();
  const rooms = new Map<string, RoomInfo>();
  const roomFile = new Map<string, { file: string; path: string }>();
  for (const file of areaFiles) {
    const area = parse(file, AreaSchema, files[file]);
    if (areas.has(area.id)) throw new ContentError(file, "id", `duplicate area id ${area.id}`);
    areas.set(area.id, area);
    areaFile.set(area.id, file);
    area.rooms.forEach((room, i) => {
      if (rooms.has(room.id)) throw new ContentError(file, `rooms[${i}].id`, `duplicate room id ${room.id}`);
      rooms.set(room.id, { ...room, area: area.id });
      roomFile.set(room.id, { file, path: `rooms[${i}]` });
    });
  }

  const check = (ok: boolean, file: string, path: string, reason: string) => {
    if (!ok) throw new ContentError(file, path, reason);
  };
  const knownItem = (id: string, file: string, path: string) => check(items.has(id), file, path, `unknown item ${id}`);
  const knownEffect = (id: string, file: string, path: string) => check(effects.has(id), file, path, `unknown effect ${id}`);
  const knownNpc = (id: string, file: string, path: string) => check(npcs.has(id), file, path, `unknown npc ${id}`);

  check(rooms.has(settings.start_room), "world.json", "start_room", `unknown room ${settings.start_room}`);
  items.forEach((t, id) => {
    if (t.use?.effect) knownEffect(t.use.effect, "items.json", `${id}.use.effect`);
  });
  npcs.forEach((n, id) => {
    if (n.on_hit) knownEffect(n.on_hit.effect, "npcs.json", `${id}.on_hit.effect`);
    n.loot.forEach((l, i) => {
      knownItem(l.item, "npcs.json", `${id}.loot[${i}].item`);
    });
    n.stock.forEach((s, i) => {
      knownItem(s, "npcs.json", `${id}.stock[${i}]`);
    });
    for (const [i, h] of (n.helpers ?? []).entries()) knownNpc(h, "npcs.json", `${id}.helpers[${i}]`);
  });
  quests.forEach((q, id) => {
    knownNpc(q.giver, "quests.json", `${id}.giver`);
    knownNpc(q.turn_in, "quests.json", `${id}.turn_in`);
    q.prerequisites.forEach((p, i) => {
      check(quests.has(p), "quests.json", `${id}.prerequisites[${i}]`, `unknown quest ${p}`);
    });
    q.rewards.items.forEach((it, i) => {
      knownItem(it, "quests.json", `${id}.rewards.items[${i}]`);
    });
    q.objectives.forEach((o, i) => {
      const path = `${id}.objectives[${i}].target`;
      if (o.type === "kill" || o.type === "talk") knownNpc(o.target, "quests.json", path);
      if (o.type === "collect") knownItem(o.target, "quests.json", path);
      if (o.type === "visit") check(rooms.has(o.target), "quests.json", path, `unknown room ${o.target}`);
    });
  });

  for (const [areaId, area] of areas) {
    const file = areaFile.get(areaId)!;
    const inArea = (room: string) => rooms.get(room)?.area === areaId;
    check(inArea(area.entry_room), file, "entry_room", `entry_room ${area.entry_room} is not a room of ${areaId}`);
    const doorUses = new Map<string, number>();
    const triggerIds = new Set<string>();
    area.rooms.forEach((room, r) => {
      for (const [dir, exit] of Object.entries(room.exits)) {
        const path = `rooms[${r}].exits.${dir}`;
        const to = typeof exit === "string" ? exit : exit.to;
        check(rooms.has(to), file, path, `exit to unknown room ${to}`);
        check(!COMMAND_WORDS.has(dir) || isStandardExit(dir), file, path, `custom exit ${dir} is named like a command`);
        if (typeof exit !== "string" && exit.door) {
          check(exit.door in area.doors, file, `${path}.door`, `unknown door ${exit.door} (doors are declared in the exit's area)`);
          check(inArea(to), file, `${path}.door`, `door ${exit.door} leads into another area`);
          doorUses.set(exit.door, (doorUses.get(exit.door) ?? 0) + 1);
          check(doorUses.get(exit.door)! <= 2, file, `${path}.door`, `door ${exit.door} is used by more than two exits`);
        }
      }
      room.triggers.forEach((t, i) => {
        check(!triggerIds.has(t.id), file, `rooms[${r}].triggers[${i}].id`, `duplicate trigger id ${t.id}`);
        triggerIds.add(t.id);
      });
    });
    for (const [id, door] of Object.entries(area.doors)) if (door.key) knownItem(door.key, file, `doors.${id}.key`);
    for (const [r, room] of area.rooms.entries()) {
      for (const [i, t] of room.triggers.entries()) {
        checkTrigger(t, `rooms[${r}].triggers[${i}]`, { file, inArea, triggerIds, area, items, effects, npcs, rooms });
      }
    }
    const spawnIds = new Set<string>();
    area.spawns.forEach((s, i) => {
      check(!spawnIds.has(s.id), file, `spawns[${i}].id`, `duplicate spawn id ${s.id}`);
      spawnIds.add(s.id);
      knownNpc(s.npc, file, `spawns[${i}].npc`);
      check(inArea(s.room), file, `spawns[${i}].room`, `room ${s.room} is not a room of ${areaId}`);
    });
    const itemSpawns = new Map<string, string>();
    area.item_spawns.forEach((s, i) => {
      check(!spawnIds.has(s.id) && !itemSpawns.has(s.id), file, `item_spawns[${i}].id`, `duplicate spawn id ${s.id}`);
      knownItem(s.item, file, `item_spawns[${i}].item`);
      if (s.room) check(inArea(s.room), file, `item_spawns[${i}].room`, `room ${s.room} is not a room of ${areaId}`);
      if (s.container) {
        const holder = itemSpawns.get(s.container);
        check(holder !== undefined, file, `item_spawns[${i}].container`, `unknown (or later) item spawn ${s.container}`);
        check(
          items.get(holder!)?.type === "container",
          file,
          `item_spawns[${i}].container`,
          `item spawn ${s.container} is not a container`,
        );
        check(items.get(s.item)?.type !== "container", file, `item_spawns[${i}].item`, "containers cannot hold containers");
      }
      itemSpawns.set(s.id, s.item);
    });
  }
  return { settings, items, effects, npcs, quests, areas, rooms };
}

function isStandardExit(dir: string): boolean {
  return ["north", "south", "east", "west", "up", "down"].includes(dir);
}

interface TriggerCheck {
  file: string;
  inArea: (room: string) => boolean;
  triggerIds: Set<string>;
  area: Area;
  items: Map<string, ItemTemplate>;
  effects: Map<string, EffectTemplate>;
  npcs: Map<string, NpcTemplate>;
  rooms: Map<string, RoomInfo>;
}

function checkTrigger(t: Trigger, path: string, ctx: TriggerCheck): void {
  const fail = (sub: string, reason: string) => {
    throw new ContentError(ctx.file, `${path}${sub}`, reason);
  };
  t.conditions.forEach((c, i) => {
    const key = c.type === "flag_set" ? `flag_set:${c.scope}` : c.type;
    if (t.event === "on_timer" && PLAYER_CONDITIONS.has(key)) fail(`.conditions[${i}]`, `on_timer triggers have no player (${c.type})`);
    if (c.type === "has_item" && !ctx.items.has(c.item)) fail(`.conditions[${i}].item`, `unknown item ${c.item}`);
    if (c.type === "has_effect" && !ctx.effects.has(c.effect)) fail(`.conditions[${i}].effect`, `unknown effect ${c.effect}`);
    if (c.type === "entity_present") {
      if ((c.npc === undefined) === (c.item === undefined)) fail(`.conditions[${i}]`, "entity_present names an npc or an item");
      if (c.npc && !ctx.npcs.has(c.npc)) fail(`.conditions[${i}].npc`, `unknown npc ${c.npc}`);
      if (c.item && !ctx.items.has(c.item)) fail(`.conditions[${i}].item`, `unknown item ${c.item}`);
    }
  });
  t.actions.forEach((a: Action, i) => {
    const key = a.type === "set_flag" || a.type === "toggle_flag" ? `${a.type}:${a.scope}` : a.type;
    if (t.event === "on_timer" && PLAYER_ACTIONS.has(key)) fail(`.actions[${i}]`, `on_timer triggers have no player (${a.type})`);
    if ("room" in a && a.room !== undefined && !ctx.inArea(a.room))
      fail(`.actions[${i}].room`, `room ${a.room} is not in area ${ctx.area.id}`);
    if (a.type === "open_exit" && !ctx.rooms.has(a.to)) fail(`.actions[${i}].to`, `unknown room ${a.to}`);
    if ((a.type === "spawn_item" || a.type === "give_item" || a.type === "take_item") && !ctx.items.has(a.item))
      fail(`.actions[${i}].item`, `unknown item ${a.item}`);
    if ((a.type === "spawn_npc" || a.type === "despawn_npc") && !ctx.npcs.has(a.npc)) fail(`.actions[${i}].npc`, `unknown npc ${a.npc}`);
    if (a.type === "apply_effect" && !ctx.effects.has(a.effect)) fail(`.actions[${i}].effect`, `unknown effect ${a.effect}`);
    if ((a.type === "lock_door" || a.type === "unlock_door") && !(a.door in ctx.area.doors))
      fail(`.actions[${i}].door`, `unknown door ${a.door}`);
    if ((a.type === "enable_trigger" || a.type === "disable_trigger") && !ctx.triggerIds.has(a.trigger))
      fail(`.actions[${i}].trigger`, `unknown trigger ${a.trigger}`);
  });
}
