/**
 * The content format of the text world (spec §1, §4, §7, §8, §13): one zod schema per file kind.
 * Cross-file checks (unknown templates, exits to unknown rooms …) live in `load.ts`; these schemas
 * only say what a single file may hold.
 */
import { z } from "zod";

export const Id = z.string().regex(/^[a-z][a-z0-9_]{1,47}$/, "ids match ^[a-z][a-z0-9_]{1,47}$");
const Dice = z.string().regex(/^[1-9]\d*d[1-9]\d*$/, "dice are written XdY");
const Int = z.number().int();
const NonNeg = Int.min(0);
const Range = z.tuple([NonNeg, NonNeg]).refine(([a, b]) => a <= b, "a range is [min, max] with min ≤ max");

export const STATS = ["str", "dex", "con", "int", "wis", "cha"] as const;
export type Stat = (typeof STATS)[number];
export const StatSchema = z.enum(STATS);
export const MOD_KEYS = [...STATS, "ac", "attack", "damage", "max_hp"] as const;
export type ModKey = (typeof MOD_KEYS)[number];
export const ModsSchema = z.partialRecord(z.enum(MOD_KEYS), Int).default({});
export type Mods = z.infer<typeof ModsSchema>;

export const WorldSettingsSchema = z
  .object({
    start_room: Id.default("mb_square"),
    max_characters: Int.min(1).default(3),
    stasis_grace_s: Int.min(1).default(60),
    respawn_countdown_s: Int.min(1).default(10),
    ground_decay_s: Int.min(1).default(3600),
    default_npc_respawn_s: Int.min(1).default(300),
    area_reset_s: Int.min(1).default(900),
    regen_interval_s: Int.min(1).default(6),
  })
  .strict();
export type WorldSettings = z.infer<typeof WorldSettingsSchema>;

export const ARMOR_SLOTS = ["shield", "head", "body", "feet"] as const;
export const SLOTS = ["weapon", ...ARMOR_SLOTS] as const;
export type Slot = (typeof SLOTS)[number];

export const ItemTemplateSchema = z
  .object({
    id: Id,
    name: z.string().min(1),
    keywords: z.array(z.string().min(1)).default([]),
    description: z.string().default(""),
    type: z.enum(["weapon", "armor", "consumable", "container", "key", "junk"]),
    weight: NonNeg,
    value: NonNeg,
    flags: z.array(z.enum(["no_take", "no_drop", "quest", "no_decay"])).default([]),
    mods: ModsSchema,
    dice: Dice.optional(),
    speed_ms: Int.min(100).optional(),
    finesse: z.boolean().default(false),
    slot: z.enum(ARMOR_SLOTS).optional(),
    ac: Int.default(0),
    use: z
      .object({ heal: Int.min(1).optional(), effect: Id.optional(), charges: Int.min(1) })
      .strict()
      .optional(),
    capacity: Int.min(1).optional(),
  })
  .strict()
  .superRefine((t, ctx) => {
    const need = (ok: unknown, path: string, what: string) => {
      if (ok === undefined) ctx.addIssue({ code: "custom", path: [path], message: `a ${t.type} needs ${what}` });
    };
    if (t.type === "weapon") {
      need(t.dice, "dice", "dice");
      need(t.speed_ms, "speed_ms", "speed_ms");
    }
    if (t.type === "armor") need(t.slot, "slot", "a slot");
    if (t.type === "consumable") need(t.use, "use", "use");
    if (t.type === "container") need(t.capacity, "capacity", "a capacity");
  });
export type ItemTemplate = z.infer<typeof ItemTemplateSchema>;

export const EffectTemplateSchema = z
  .object({
    id: Id,
    name: z.string().min(1),
    kind: z.enum(["buff", "debuff", "dot", "hot"]),
    duration_s: Int.min(1).nullable(),
    interval_s: Int.min(1).optional(),
    magnitude: Int.min(0).default(0),
    mods: ModsSchema,
    max_stacks: Int.min(1).default(1),
  })
  .strict()
  .refine((e) => (e.kind === "dot" || e.kind === "hot") === (e.interval_s !== undefined), {
    message: "dot and hot effects (and only they) have an interval_s",
    path: ["interval_s"],
  });
export type EffectTemplate = z.infer<typeof EffectTemplateSchema>;

const SaveSchema = z.object({ stat: StatSchema, dc: Int.min(1) }).strict();

export const NpcTemplateSchema = z
  .object({
    id: Id,
    name: z.string().min(1),
    keywords: z.array(z.string().min(1)).default([]),
    description: z.string().default(""),
    level: Int.min(1).max(20),
    max_hp: Int.min(1),
    ac: Int,
    str: Int.min(1).max(30).default(10),
    dex: Int.min(1).max(30).default(10),
    con: Int.min(1).max(30).default(10),
    int: Int.min(1).max(30).default(10),
    wis: Int.min(1).max(30).default(10),
    cha: Int.min(1).max(30).default(10),
    attack: z
      .object({ dice: Dice, ability: z.enum(["str", "dex"]), speed_ms: Int.min(100) })
      .strict()
      .optional(),
    on_hit: z
      .object({ effect: Id, chance: Int.min(0).max(100), save: SaveSchema.optional() })
      .strict()
      .optional(),
    xp: NonNeg.default(0),
    coins: Range.default([0, 0]),
    loot: z.array(z.object({ item: Id, chance: Int.min(0).max(100), qty: Int.min(1).default(1) }).strict()).default([]),
    behaviours: z.array(z.enum(["wander", "aggressive", "cowardly", "calls_for_help", "merchant", "idle"])).default([]),
    wander_s: Range.optional(),
    idle: z
      .object({ every_s: Range, lines: z.array(z.string().min(1)).min(1) })
      .strict()
      .optional(),
    helpers: z.array(Id).optional(),
    stock: z.array(Id).default([]),
    greeting: z.string().optional(),
    flags: z.array(z.enum(["no_attack"])).default([]),
    persistent: z.boolean().default(false),
  })
  .strict()
  .superRefine((n, ctx) => {
    if (n.behaviours.includes("wander") && !n.wander_s)
      ctx.addIssue({ code: "custom", path: ["wander_s"], message: "a wanderer needs wander_s" });
    if (n.behaviours.includes("idle") && !n.idle) ctx.addIssue({ code: "custom", path: ["idle"], message: "an idler needs idle" });
    if (!n.attack && !n.flags.includes("no_attack"))
      ctx.addIssue({ code: "custom", path: ["attack"], message: "an attackable NPC needs an attack" });
  });
export type NpcTemplate = z.infer<typeof NpcTemplateSchema>;

const Bounds = { min: Int.optional(), max: Int.optional() };
const Scope = z.enum(["player", "area"]);
const negate = { negate: z.boolean().default(false) };

export const ConditionSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("flag_set"), flag: Id, scope: Scope, ...negate }).strict(),
  z.object({ type: z.literal("has_item"), item: Id, count: Int.min(1).default(1), ...negate }).strict(),
  z.object({ type: z.literal("level"), ...Bounds, ...negate }).strict(),
  z.object({ type: z.literal("health_percent"), ...Bounds, ...negate }).strict(),
  z.object({ type: z.literal("in_combat"), ...negate }).strict(),
  z.object({ type: z.literal("has_effect"), effect: Id, ...negate }).strict(),
  z.object({ type: z.literal("entity_present"), npc: Id.optional(), item: Id.optional(), ...negate }).strict(),
  z.object({ type: z.literal("player_count"), ...Bounds, ...negate }).strict(),
]);
export type Condition = z.infer<typeof ConditionSchema>;
/** Conditions that read the acting player: refused on `on_timer` triggers, which have none. */
export const PLAYER_CONDITIONS = new Set(["flag_set:player", "has_item", "level", "health_percent", "in_combat", "has_effect"]);

const room = { room: Id.optional() };
export const ActionSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("message_player"), text: z.string().min(1) }).strict(),
  z.object({ type: z.literal("message_room"), text: z.string().min(1), ...room }).strict(),
  z.object({ type: z.literal("set_flag"), flag: Id, scope: Scope, value: z.boolean().default(true) }).strict(),
  z.object({ type: z.literal("toggle_flag"), flag: Id, scope: Scope }).strict(),
  z.object({ type: z.literal("damage"), amount: Int.min(1) }).strict(),
  z.object({ type: z.literal("heal"), amount: Int.min(1) }).strict(),
  z.object({ type: z.literal("apply_effect"), effect: Id }).strict(),
  z.object({ type: z.literal("spawn_npc"), npc: Id, count: Int.min(1).default(1), ...room }).strict(),
  z.object({ type: z.literal("despawn_npc"), npc: Id }).strict(),
  z.object({ type: z.literal("spawn_item"), item: Id, ...room }).strict(),
  z.object({ type: z.literal("give_item"), item: Id, count: Int.min(1).default(1) }).strict(),
  z.object({ type: z.literal("take_item"), item: Id, count: Int.min(1).default(1) }).strict(),
  z.object({ type: z.literal("open_exit"), direction: Id.or(z.string().regex(/^[a-z]$/)), to: Id, ...room }).strict(),
  z.object({ type: z.literal("close_exit"), direction: z.string().min(1), ...room }).strict(),
  z.object({ type: z.literal("reveal_exit"), direction: z.string().min(1), ...room }).strict(),
  z.object({ type: z.literal("hide_exit"), direction: z.string().min(1), ...room }).strict(),
  z.object({ type: z.literal("lock_door"), door: Id }).strict(),
  z.object({ type: z.literal("unlock_door"), door: Id }).strict(),
  z.object({ type: z.literal("set_description"), text: z.string().min(1), ...room }).strict(),
  z.object({ type: z.literal("reset_description"), ...room }).strict(),
  z.object({ type: z.literal("enable_trigger"), trigger: Id }).strict(),
  z.object({ type: z.literal("disable_trigger"), trigger: Id }).strict(),
]);
export type Action = z.infer<typeof ActionSchema>;
export const PLAYER_ACTIONS = new Set([
  "message_player",
  "set_flag:player",
  "toggle_flag:player",
  "damage",
  "heal",
  "apply_effect",
  "give_item",
  "take_item",
]);

export const TriggerSchema = z
  .object({
    id: Id,
    event: z.enum(["on_enter", "on_exit", "on_command", "on_timer"]),
    exit: z.string().optional(),
    pattern: z.string().min(1).optional(),
    interval_s: Int.min(1).optional(),
    initial_delay_s: Int.min(0).optional(),
    conditions: z.array(ConditionSchema).default([]),
    actions: z.array(ActionSchema).min(1),
    cooldown_s: NonNeg.default(0),
    max_fires: Int.min(1).optional(),
    enabled: z.boolean().default(true),
    permanent: z.boolean().default(false),
  })
  .strict()
  .superRefine((t, ctx) => {
    if (t.event === "on_command" && !t.pattern) ctx.addIssue({ code: "custom", path: ["pattern"], message: "on_command needs a pattern" });
    if (t.event === "on_timer" && t.interval_s === undefined)
      ctx.addIssue({ code: "custom", path: ["interval_s"], message: "on_timer needs interval_s" });
  });
export type Trigger = z.infer<typeof TriggerSchema>;

export const ExitSchema = z.union([Id, z.object({ to: Id, door: Id.optional(), hidden: z.boolean().default(false) }).strict()]);

export const RoomSchema = z
  .object({
    id: Id,
    name: z.string().min(1),
    description: z.string(),
    flags: z.array(z.enum(["safe", "no_wander"])).default([]),
    exits: z.record(z.string().regex(/^[a-z][a-z0-9_]*$/, "exit names are lowercase words"), ExitSchema).default({}),
    triggers: z.array(TriggerSchema).default([]),
  })
  .strict();
export type Room = z.infer<typeof RoomSchema>;

export const DoorSchema = z.object({ name: z.string().min(1), state: z.enum(["open", "closed", "locked"]), key: Id.optional() }).strict();
export type DoorState = z.infer<typeof DoorSchema>["state"];

export const AreaSchema = z
  .object({
    id: Id,
    name: z.string().min(1),
    entry_room: Id,
    level_range: z.tuple([Int.min(1), Int.min(1)]),
    default_respawn_s: Int.min(1).optional(),
    doors: z.record(Id, DoorSchema).default({}),
    rooms: z.array(RoomSchema).min(1),
    spawns: z.array(z.object({ id: Id, npc: Id, room: Id, respawn_s: Int.min(1).optional() }).strict()).default([]),
    item_spawns: z
      .array(
        z
          .object({ id: Id, item: Id, room: Id.optional(), container: Id.optional(), respawn_s: Int.min(1).nullable().optional() })
          .strict()
          .refine((s) => (s.room === undefined) !== (s.container === undefined), "an item spawn has a room or a container, not both"),
      )
      .default([]),
  })
  .strict();
export type Area = z.infer<typeof AreaSchema>;

export const QuestSchema = z
  .object({
    id: Id,
    name: z.string().min(1),
    giver: Id,
    turn_in: Id,
    min_level: Int.min(1).default(1),
    prerequisites: z.array(Id).default([]),
    objectives: z
      .array(
        z
          .object({
            id: Id,
            type: z.enum(["kill", "visit", "talk", "collect"]),
            target: Id,
            count: Int.min(1).default(1),
            text: z.string().min(1),
          })
          .strict(),
      )
      .min(1),
    rewards: z.object({ xp: NonNeg.default(0), coins: NonNeg.default(0), items: z.array(Id).default([]) }).strict(),
  })
  .strict();
export type Quest = z.infer<typeof QuestSchema>;

/** One schema per content file name; `areas/<id>.json` files share the area schema. */
export const FILE_SCHEMAS = {
  "world.json": WorldSettingsSchema,
  "items.json": z.array(ItemTemplateSchema),
  "effects.json": z.array(EffectTemplateSchema),
  "npcs.json": z.array(NpcTemplateSchema),
  "quests.json": z.array(QuestSchema),
} as const;
