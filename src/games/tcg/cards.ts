/**
 * The card set (spec §2): 45 familiars, 12 trainers and 5 basic energies, written in the spec's
 * own effect notation ("handler key=value …") and validated by zod when the module loads, so a
 * typo in a row fails at start-up rather than mid-game.
 */
import { z } from "zod";

export const TYPES = ["ember", "tide", "grove", "volt", "mind"] as const;
export type ElementType = (typeof TYPES)[number];
export type FamiliarType = ElementType | "plain";
export const TYPE_CODES = { E: "ember", T: "tide", G: "grove", V: "volt", M: "mind", C: "plain" } as const;
export type CostCode = keyof typeof TYPE_CODES;

/** Each elemental type is weak to exactly one other (§2.1); plain has no weakness. */
const DEFAULT_WEAKNESS: Record<FamiliarType, ElementType | null> = {
  ember: "tide",
  tide: "mind",
  grove: "ember",
  volt: "grove",
  mind: "volt",
  plain: null,
};

export const HANDLERS = [
  "deal_damage",
  "attack_damage",
  "heal",
  "draw_cards",
  "discard_from_hand",
  "shuffle_deck",
  "apply_status",
  "remove_status",
  "coin_flip_damage",
  "bench_damage",
  "discard_energy",
  "modify_hp",
  "modify_retreat_cost",
  "devolve",
  "attack_coin_status",
] as const;
export type Handler = (typeof HANDLERS)[number];

const paramValue = z.union([z.string(), z.number(), z.boolean()]);
export type Params = Record<string, string | number | boolean>;
const effectSchema = z.strictObject({ handler: z.enum(HANDLERS), params: z.record(z.string(), paramValue) });
export type Effect = z.infer<typeof effectSchema>;

const attackSchema = z.strictObject({
  name: z.string(),
  cost: z.array(z.enum(["E", "T", "G", "V", "M", "C"])).min(1),
  damage: z.int().nonnegative(),
  effect: effectSchema.optional(),
});
export type Attack = z.infer<typeof attackSchema>;

const abilitySchema = z.strictObject({
  name: z.string(),
  effect: effectSchema,
  uses_per_turn: z.literal(1),
  active_only: z.boolean(),
});

const familiarSchema = z.strictObject({
  kind: z.literal("familiar"),
  id: z.string(),
  name: z.string(),
  type: z.enum([...TYPES, "plain"]),
  stage: z.enum(["basic", "stage1", "stage2"]),
  evolves_from: z.string().nullable(),
  hp: z.int().positive(),
  variant: z.enum(["normal", "prime", "titan"]),
  attacks: z.array(attackSchema).min(1),
  ability: abilitySchema.optional(),
  weakness: z.enum(TYPES).nullable(),
  resistance: z.enum(TYPES).nullable(),
  retreat: z.int().nonnegative(),
});
export type FamiliarCard = z.infer<typeof familiarSchema>;

const trainerSchema = z.strictObject({
  kind: z.literal("trainer"),
  id: z.string(),
  name: z.string(),
  trainer: z.enum(["item", "supporter", "stadium", "tool"]),
  effect: effectSchema.optional(),
  damage_bonus: z.int().positive().optional(),
  damage_reduction: z.int().positive().optional(),
});
export type TrainerCard = z.infer<typeof trainerSchema>;

const energySchema = z.strictObject({ kind: z.literal("energy"), id: z.string(), name: z.string(), type: z.enum(TYPES) });
export type EnergyCard = z.infer<typeof energySchema>;

const cardSchema = z.discriminatedUnion("kind", [familiarSchema, trainerSchema, energySchema]);
export type Card = z.infer<typeof cardSchema>;

/** "apply_status status=burned t=opponent_active" → { handler, params }; numbers become numbers. */
function effect(text: string): Effect {
  const [handler, ...pairs] = text.split(" ");
  const params: Params = {};
  for (const pair of pairs) {
    const [key, value] = pair.split("=") as [string, string];
    const name = key === "t" ? "target" : key;
    params[name] = /^-?\d+$/.test(value) ? Number(value) : value === "true" ? true : value === "false" ? false : value;
  }
  return { handler: handler as Handler, params };
}

/** "Singe [E] 10; attack_coin_status status=burned" */
function attack(text: string): Attack {
  const match = /^(.+?) \[([ETGVMC ]+)\] (\d+)(?:; (.+))?$/.exec(text);
  if (!match) throw new Error(`Bad attack row: ${text}`);
  const [, name, cost, damage, fx] = match as unknown as [string, string, string, string, string | undefined];
  return { name, cost: cost.split(" ") as CostCode[], damage: Number(damage), ...(fx ? { effect: effect(fx) } : {}) };
}

const VARIANTS = { n: "normal", p: "prime", t: "titan" } as const;

type FamiliarRow = [
  id: string,
  name: string,
  stage: "basic" | "stage1" | "stage2",
  from: string | null,
  hp: number,
  variant: keyof typeof VARIANTS,
  retreat: number,
  resistance: ElementType | null,
  attacks: string[],
  ability?: [name: string, effect: string, activeOnly?: boolean],
];

const FAMILIAR_ROWS: Record<FamiliarType, FamiliarRow[]> = {
  ember: [
    ["cinderkit", "Cinderkit", "basic", null, 60, "n", 1, null, ["Scratch [C] 10", "Singe [E] 10; attack_coin_status status=burned"]],
    ["ashlynx", "Ashlynx", "stage1", "Cinderkit", 90, "n", 1, null, ["Flame Pounce [E C] 50"]],
    [
      "blazemane",
      "Blazemane",
      "stage2",
      "Ashlynx",
      140,
      "n",
      2,
      null,
      ["Flame Slash [E C] 60", "Inferno Roar [E E E] 130; discard_energy count=1 t=self type=ember"],
    ],
    ["emberbug", "Emberbug", "basic", null, 50, "n", 1, null, ["Flicker [E] 20"]],
    [
      "kilnbeetle",
      "Kilnbeetle",
      "stage1",
      "Emberbug",
      100,
      "n",
      2,
      null,
      ["Searing Horn [E C C] 50; apply_status status=burned t=opponent_active"],
    ],
    ["flarehound", "Flarehound", "basic", null, 70, "n", 1, null, ["Fire Fang [E C] 30; coin_flip_damage flips=1 per_heads=20"]],
    [
      "scorchdrake_prime",
      "Scorchdrake Prime",
      "basic",
      null,
      120,
      "p",
      2,
      null,
      ["Tail Lash [E C] 40", "Scorch Breath [E E C] 90; discard_energy count=1 t=self type=ember"],
    ],
    [
      "scorchdrake_titan",
      "Scorchdrake Titan",
      "stage1",
      "Scorchdrake Prime",
      190,
      "t",
      3,
      null,
      ["Cataclysm Flame [E E C C] 170; discard_energy count=2 t=self type=ember"],
    ],
  ],
  tide: [
    ["puddlefin", "Puddlefin", "basic", null, 60, "n", 1, null, ["Splash [T] 20"]],
    ["brookfin", "Brookfin", "stage1", "Puddlefin", 90, "n", 1, null, ["Water Jet [T C] 40"]],
    [
      "torrentail",
      "Torrentail",
      "stage2",
      "Brookfin",
      150,
      "n",
      2,
      null,
      ["Riptide [T T C] 100"],
      ["Purify", "remove_status statuses=all t=own_active"],
    ],
    ["shellnip", "Shellnip", "basic", null, 70, "n", 2, null, ["Pinch [C C] 20"]],
    [
      "bastioncrab",
      "Bastioncrab",
      "stage1",
      "Shellnip",
      110,
      "n",
      3,
      "ember",
      ["Crushing Claw [T C C] 60; discard_energy count=1 t=opponent_active"],
    ],
    ["frostling", "Frostling", "basic", null, 60, "n", 1, null, ["Chill Breath [T] 10; attack_coin_status status=paralyzed"]],
    [
      "leviamaw_prime",
      "Leviamaw Prime",
      "basic",
      null,
      130,
      "p",
      3,
      null,
      ["Undertow [T C] 40", "Maelstrom [T T C] 80; bench_damage amount=10 side=opponent"],
    ],
    ["leviamaw_titan", "Leviamaw Titan", "stage1", "Leviamaw Prime", 200, "t", 3, null, ["Abyssal Surge [T T C C] 150"]],
  ],
  grove: [
    ["sproutle", "Sproutle", "basic", null, 60, "n", 1, null, ["Leaf Tap [G] 20"]],
    [
      "thornback",
      "Thornback",
      "stage1",
      "Sproutle",
      90,
      "n",
      2,
      null,
      ["Thorn Lash [G C] 40; apply_status status=poisoned t=opponent_active"],
    ],
    [
      "elderoak",
      "Elderoak",
      "stage2",
      "Thornback",
      160,
      "n",
      3,
      "volt",
      ["Root Slam [G G C] 110"],
      ["Verdant Pulse", "heal amount=20 t=all_own"],
    ],
    ["budmoth", "Budmoth", "basic", null, 50, "n", 1, null, ["Powder [G] 10; apply_status status=poisoned t=opponent_active"]],
    ["petalwing", "Petalwing", "stage1", "Budmoth", 80, "n", 0, null, ["Sleep Pollen [G C] 30; attack_coin_status status=asleep"]],
    ["burrowbun", "Burrowbun", "basic", null, 70, "n", 1, null, ["Double Kick [G C] 0; coin_flip_damage flips=2 per_heads=30"]],
    ["canopystag_prime", "Canopy Stag Prime", "basic", null, 120, "p", 2, null, ["Antler Rush [G C C] 70; heal amount=20 t=self"]],
    [
      "canopystag_titan",
      "Canopy Stag Titan",
      "stage1",
      "Canopy Stag Prime",
      200,
      "t",
      3,
      null,
      ["Worldroot Quake [G G C C] 150; heal amount=30 t=self"],
    ],
  ],
  volt: [
    ["zaplet", "Zaplet", "basic", null, 50, "n", 1, null, ["Zap [V] 20"]],
    ["joltram", "Joltram", "stage1", "Zaplet", 80, "n", 1, null, ["Shock Horn [V C] 40; attack_coin_status status=paralyzed"]],
    ["thunderam", "Thunderam", "stage2", "Joltram", 140, "n", 2, null, ["Thunder Charge [V V C] 120; deal_damage amount=30 t=self"]],
    ["coilsnail", "Coilsnail", "basic", null, 70, "n", 2, null, ["Tackle [C C] 20"]],
    [
      "teslashell",
      "Teslashell",
      "stage1",
      "Coilsnail",
      110,
      "n",
      3,
      "tide",
      ["Arc Discharge [V C C] 50; bench_damage amount=10 side=opponent"],
      ["Static Field", "deal_damage amount=10 t=opponent_active", true],
    ],
    ["staticat", "Staticat", "basic", null, 60, "n", 0, null, ["Quick Spark [V] 10; coin_flip_damage flips=1 per_heads=30"]],
    [
      "stormroc_prime",
      "Stormroc Prime",
      "basic",
      null,
      110,
      "p",
      1,
      null,
      ["Gale Strike [V C] 50", "Lightning Dive [V V C] 100; discard_energy count=2 t=self type=volt"],
    ],
    [
      "stormroc_titan",
      "Stormroc Titan",
      "stage1",
      "Stormroc Prime",
      180,
      "t",
      2,
      null,
      ["Tempest Crown [V V C C] 150; bench_damage amount=10 side=opponent"],
    ],
  ],
  mind: [
    ["wisplet", "Wisplet", "basic", null, 50, "n", 1, null, ["Haunt [M] 10; apply_status status=confused t=opponent_active"]],
    ["dreamwisp", "Dreamwisp", "stage1", "Wisplet", 80, "n", 1, null, ["Lull [M C] 30; apply_status status=asleep t=opponent_active"]],
    [
      "astralwisp",
      "Astralwisp",
      "stage2",
      "Dreamwisp",
      130,
      "n",
      1,
      null,
      ["Mind Crush [M M C] 90; discard_from_hand count=1 player=opponent"],
      ["Foresight", "draw_cards count=1"],
    ],
    ["glimmerbat", "Glimmerbat", "basic", null, 50, "n", 0, null, ["Drain Bite [M] 10; heal amount=10 t=self"]],
    [
      "nightglimmer",
      "Nightglimmer",
      "stage1",
      "Glimmerbat",
      90,
      "n",
      0,
      null,
      ["Shadow Sap [M C] 40; heal amount=20 t=self", "Unravel [M C C] 30; devolve t=opponent_active to=hand"],
    ],
    ["murmurling", "Murmurling", "basic", null, 60, "n", 1, null, ["Psi Pulse [M C] 30"]],
    [
      "sphinxara_prime",
      "Sphinxara Prime",
      "basic",
      null,
      110,
      "p",
      2,
      null,
      ["Riddle [M C] 30; apply_status status=confused t=opponent_active", "Mindpierce [M M C] 90"],
    ],
    [
      "sphinxara_titan",
      "Sphinxara Titan",
      "stage1",
      "Sphinxara Prime",
      180,
      "t",
      2,
      null,
      ["Enigma Storm [M M C C] 150; attack_coin_status status=asleep"],
    ],
  ],
  plain: [
    ["pebblepup", "Pebblepup", "basic", null, 60, "n", 1, null, ["Headbutt [C] 10", "Dig In [C C] 30"]],
    ["boulderhound", "Boulderhound", "stage1", "Pebblepup", 100, "n", 2, null, ["Rock Tumble [C C C] 70"]],
    [
      "tuftbird",
      "Tuftbird",
      "basic",
      null,
      50,
      "n",
      0,
      null,
      ["Peck [C] 20"],
      ["Tailwind", "modify_retreat_cost amount=-1 t=own_active duration=turn"],
    ],
    ["dozemole", "Dozemole", "basic", null, 80, "n", 2, null, ["Snooze Slam [C C C] 60; apply_status status=asleep t=self"]],
    [
      "griffin_prime",
      "Gilded Griffin Prime",
      "basic",
      null,
      100,
      "p",
      1,
      "grove",
      ["Talon Rake [C C] 40", "Sky Dive [C C C] 80; deal_damage amount=20 t=self"],
    ],
  ],
};

type TrainerRow = [id: string, name: string, kind: TrainerCard["trainer"], effect: string];

const TRAINER_ROWS: TrainerRow[] = [
  ["healing_salve", "Healing Salve", "item", "heal amount=30 t=chosen_own"],
  ["field_notes", "Field Notes", "item", "draw_cards count=1"],
  ["featherdust", "Featherdust", "item", "modify_retreat_cost amount=-2 t=own_active duration=turn"],
  ["cleansing_herb", "Cleansing Herb", "item", "remove_status statuses=all t=own_active"],
  ["wandering_mentor", "Wandering Mentor", "supporter", "draw_cards count=3"],
  ["fresh_start", "Fresh Start", "supporter", "shuffle_deck player=self hand_into_deck=true draw=5"],
  ["saboteur", "Saboteur", "supporter", "discard_energy count=1 t=opponent_active"],
  ["windswept_pass", "Windswept Pass", "stadium", "modify_retreat_cost amount=-1 t=all_in_play duration=static"],
  ["old_growth_grove", "Old Growth Grove", "stadium", "modify_hp amount=20 t=all_in_play type=grove duration=static"],
  ["oak_charm", "Oak Charm", "tool", "modify_hp amount=20 t=holder duration=static"],
  ["whetstone", "Whetstone", "tool", "damage_bonus 10"],
  ["stoneskin_ward", "Stoneskin Ward", "tool", "damage_reduction 20"],
];

function familiarFromRow(type: FamiliarType, row: FamiliarRow): unknown {
  const [id, name, stage, from, hp, variant, retreat, resistance, attacks, ability] = row;
  return {
    kind: "familiar",
    id,
    name,
    type,
    stage,
    evolves_from: from,
    hp,
    variant: VARIANTS[variant],
    attacks: attacks.map(attack),
    ...(ability ? { ability: { name: ability[0], effect: effect(ability[1]), uses_per_turn: 1, active_only: ability[2] ?? false } } : {}),
    weakness: DEFAULT_WEAKNESS[type],
    resistance,
    retreat,
  };
}

function trainerFromRow([id, name, trainer, text]: TrainerRow): unknown {
  const [head, amount] = text.split(" ");
  if (head === "damage_bonus" || head === "damage_reduction") return { kind: "trainer", id, name, trainer, [head]: Number(amount) };
  return { kind: "trainer", id, name, trainer, effect: effect(text) };
}

function capitalized(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

const RAW_CARDS: unknown[] = [
  ...Object.entries(FAMILIAR_ROWS).flatMap(([type, rows]) => rows.map((row) => familiarFromRow(type as FamiliarType, row))),
  ...TRAINER_ROWS.map(trainerFromRow),
  ...TYPES.map((type) => ({ kind: "energy", id: `energy_${type}`, name: `${capitalized(type)} Energy`, type })),
];

/** Every card, in spec order; parsing throws on a malformed row or a broken reference. */
export const CARDS: readonly Card[] = z
  .array(cardSchema)
  .length(62)
  .superRefine((cards, ctx) => {
    const names = new Set(cards.map((c) => c.name));
    const ids = new Set(cards.map((c) => c.id));
    if (names.size !== cards.length || ids.size !== cards.length)
      ctx.addIssue({ code: "custom", message: "card ids and names must be unique" });
    for (const c of cards) {
      if (c.kind === "familiar" && (c.stage === "basic") !== (c.evolves_from === null)) {
        ctx.addIssue({ code: "custom", message: `${c.id}: only basics lack evolves_from` });
      }
      if (c.kind === "familiar" && c.evolves_from !== null && !names.has(c.evolves_from)) {
        ctx.addIssue({ code: "custom", message: `${c.id}: unknown evolves_from ${c.evolves_from}` });
      }
    }
  })
  .parse(RAW_CARDS);

const BY_ID = new Map(CARDS.map((c) => [c.id, c]));

export function findCard(id: string): Card | undefined {
  return BY_ID.get(id);
}

/** A card id the caller knows is valid (state and decks only ever hold such ids). */
export function card(id: string): Card {
  const found = BY_ID.get(id);
  if (!found) throw new Error(`Unknown card ${id}`);
  return found;
}

export function familiar(id: string): FamiliarCard | null {
  const c = card(id);
  return c.kind === "familiar" ? c : null;
}

export function isBasicFamiliar(id: string): boolean {
  return familiar(id)?.stage === "basic";
}

export function energyId(type: ElementType): string {
  return `energy_${type}`;
}
