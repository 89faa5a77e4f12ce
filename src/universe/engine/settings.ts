import { z } from "zod";

const speed = z.number().positive().max(10_000);
const percent = z.number().int().min(0).max(100);
const amount = z.number().nonnegative();

/**
 * Per-universe settings (rules §0 and §12). Unknown keys are rejected so that a typo in an
 * operator's configuration fails loudly instead of silently falling back to a default.
 */
export const UniverseSettingsSchema = z.strictObject({
  /** Production multiplier and divisor of every build, research and unit time. */
  economySpeed: speed.default(1),
  /** Extra research-time divisor, applied on top of economySpeed. */
  researchSpeed: speed.default(1),
  /** Legacy fleet speed: the divisor used when computing fuel consumption. */
  fleetSpeed: speed.default(1),
  fleetSpeedWar: speed.default(1),
  fleetSpeedHolding: speed.default(1),
  fleetSpeedPeaceful: speed.default(1),
  galaxies: z.number().int().min(1).max(50).default(9),
  systems: z.number().int().min(1).max(999).default(499),
  /** Homeworlds are placed on positions 4–12 and planet generation covers 1–15. */
  positions: z.number().int().min(12).max(15).default(15),
  /** Hourly income of every planet before economy speed; energy is not scaled. */
  basicIncome: z
    .strictObject({
      metal: amount.default(30),
      crystal: amount.default(15),
      deuterium: amount.default(0),
      energy: amount.default(0),
    })
    .prefault({}),
  startingResources: z
    .strictObject({
      metal: amount.default(500),
      crystal: amount.default(500),
      deuterium: amount.default(0),
    })
    .prefault({}),
  /** Percent of destroyed ships' metal and crystal that becomes debris. */
  debrisFromShips: percent.default(30),
  /** Percent of permanently lost defences' metal and crystal that becomes debris. */
  debrisFromDefense: percent.default(0),
  /** Whether debris also carries deuterium. */
  debrisDeuterium: z.boolean().default(false),
  /** Upper bound of the moon chance, in percent. */
  maxMoonChance: percent.default(20),
  /** Percent chance that each destroyed defence unit is rebuilt after combat. */
  defenseRepairRate: percent.default(70),
  /** Added to the rolled field count of every new planet. */
  planetFieldsBonus: z.number().int().min(0).max(1000).default(0),
  /** Whether a new player may pick any free coordinate for the homeworld. */
  allowChoosePosition: z.boolean().default(false),
  /** Whether a planet owner's ships flee from overwhelming attacks (§7.2). */
  tacticalRetreat: z.boolean().default(true),
  /** Whether players under 5,000 points are shielded from attacks and spying by much stronger or weaker ones (§13). */
  newbieProtection: z.boolean().default(true),
  /** Share of each market payment destroyed as the fee (§13), 0 to 1. */
  marketFeeRate: z.number().min(0).max(1).default(0),
  /** Prices may lie from `min` to `max` times the guidance ratio 3 : 2 : 1 (§13). */
  marketRatioBand: z
    .strictObject({ min: z.number().positive().max(1).default(0.5), max: z.number().min(1).max(100).default(2) })
    .prefault({}),
  /** Market objects the universe's offers are spread over, by hash of the offer id. */
  marketShards: z.number().int().min(1).max(256).default(8),
  /** Number of Durable Object shards the universe's empires are spread over. */
  shardCount: z.number().int().min(1).max(1024).default(4),
});

export type UniverseSettings = z.output<typeof UniverseSettingsSchema>;
export type UniverseSettingsInput = z.input<typeof UniverseSettingsSchema>;

export const DEFAULT_SETTINGS: UniverseSettings = Object.freeze(UniverseSettingsSchema.parse({}));
