import { z } from "zod";
import { DEFENSE_NAMES, type Levels, type ResearchName, SHIP_NAMES } from "../catalog-types";

const count = z.number().int().min(0).max(100_000_000);
const level = z.number().int().min(0).max(40);
const amount = z.number().min(0).max(1e15);

export const CombatTechsSchema = z
  .strictObject({
    weapon_technology: level.default(0),
    shielding_technology: level.default(0),
    armor_technology: level.default(0),
    hyperspace_technology: level.default(0),
  })
  .prefault({});

const COMBAT_TECHS = ["weapon_technology", "shielding_technology", "armor_technology", "hyperspace_technology"] as const;

/** The levels of a player's research that a battle reads, as `CombatTechsSchema` takes them. */
export const combatTechs = (research: Levels<ResearchName>) => Object.fromEntries(COMBAT_TECHS.map((t) => [t, research[t] ?? 0]));

const ships = z.partialRecord(z.enum(SHIP_NAMES), count).default({});
/** Every defence but the missiles, which never fight (§7.1). */
export const COMBAT_DEFENSES = DEFENSE_NAMES.filter((d) => d !== "anti_ballistic_missile" && d !== "interplanetary_missile");
const defenses = z.partialRecord(z.enum(COMBAT_DEFENSES as [string, ...string[]]), count).default({});

export const ResourcesSchema = z
  .strictObject({ metal: amount.default(0), crystal: amount.default(0), deuterium: amount.default(0) })
  .prefault({});

/** `cargo`: what the fleet already carries; loot only fills the room left (§7.8). */
export const AttackerFleetSchema = z.strictObject({ ships, techs: CombatTechsSchema, cargo: ResourcesSchema });
export const DefenderFleetSchema = z.strictObject({ ships, defenses, techs: CombatTechsSchema });

/** A battle (§7): attacker fleets (ACS: several) against the planet owner (first defender) and helpers. */
export const BattleInputSchema = z.strictObject({
  attackers: z.array(AttackerFleetSchema).min(1).max(16),
  defenders: z.array(DefenderFleetSchema).min(1).max(16),
  /** What the target planet stores; loot is taken from it (§7.8). */
  resources: ResourcesSchema,
  /** Percent of each stored resource that can be looted (50, or 75 for a Discoverer vs an inactive player). */
  lootPercent: z.number().int().min(0).max(100).default(50),
  /** False when the target is a moon or its planet already has one (§7.11). */
  moonAllowed: z.boolean().default(true),
  /** "auto" fires shot by shot up to EXACT_UNIT_LIMIT units in the battle and grouped above. */
  mode: z.enum(["auto", "exact", "grouped"]).default("auto"),
});

export type BattleInput = z.output<typeof BattleInputSchema>;
export type BattleInputData = z.input<typeof BattleInputSchema>;

const units = z.record(z.string(), z.number().int().min(0));
const resources = z.object({ metal: z.number(), crystal: z.number(), deuterium: z.number() });
const fire = z.object({
  shots: z.number().int(),
  bounced: z.number().int(),
  hits: z.number().int(),
  damage: z.number(),
  absorbed: z.number(),
});
const sides = z.object({ attackers: z.array(units), defenders: z.array(units) });

export const BattleReportSchema = z.object({
  seed: z.number().int(),
  mode: z.enum(["exact", "grouped"]),
  participants: z.object({
    attackers: z.array(z.object({ techs: z.record(z.string(), z.number()), units })),
    defenders: z.array(z.object({ techs: z.record(z.string(), z.number()), units })),
  }),
  /** Planet owner's ships that left before combat (tactical retreat, §7.2). */
  retreated: units,
  rounds: z.array(
    z.object({
      round: z.number().int(),
      start: sides,
      attackerFire: fire,
      defenderFire: fire,
      end: sides,
    }),
  ),
  outcome: z.enum(["attacker", "defender", "draw"]),
  losses: z.object({
    attackers: z.array(z.object({ units, value: resources })),
    defenders: z.array(z.object({ units, value: resources })),
  }),
  /** Destroyed defences rebuilt after the battle (§7.10); not lost and not in the debris. */
  repaired: units,
  loot: z.object({ capacity: z.number(), total: resources, perAttacker: z.array(resources) }),
  debris: resources,
  moon: z.object({ chance: z.number().int(), formed: z.boolean(), diameter: z.number().int().nullable() }),
  /** §7.12: the planet owner's lost ships, when they make a wreck field (recovery is the space dock's). */
  wreckField: z.object({ formed: z.boolean(), units }),
});

export type BattleReport = z.output<typeof BattleReportSchema>;
export type FireReport = z.output<typeof fire>;
