/**
 * Options and RulesConfig (spec §4). The full rules object lives in the game state, so a game
 * replays under the rules it was played with. Out-of-range values are rejected, never clamped.
 */
import { z } from "zod";
import { TYPES } from "./cards";
import { type DeckList, validateDeck } from "./decks";

const int = (min: number, max: number, fallback: number) => z.int().min(min).max(max).default(fallback);
const flag = (fallback: boolean) => z.boolean().default(fallback);

const rulesConfigSchema = z.strictObject({
  deck_size: int(20, 60, 40),
  starting_hand_size: int(3, 10, 5),
  max_copies: int(1, 4, 4),
  max_active: int(1, 1, 1),
  max_bench: int(1, 5, 3),
  energy_mode: z.enum(["pocket", "classic"]).default("pocket"),
  energy_deck_size: int(10, 30, 20),
  max_energy_types: int(1, 5, 3),
  points_to_win: int(1, 10, 4),
  points_normal: int(1, 5, 1),
  points_prime: int(1, 5, 2),
  points_titan: int(1, 5, 3),
  use_prizes: flag(false),
  prize_count: int(1, 10, 6),
  first_player_draws: flag(true),
  first_player_can_attack: flag(true),
  first_player_can_attach: flag(false),
  supporters_per_turn: int(0, 3, 1),
  stadium_same_name_replace: flag(false),
  max_tools_per_familiar: int(0, 2, 1),
  weakness_mode: z.enum(["additive", "multiplicative"]).default("additive"),
  weakness_bonus: int(0, 100, 20),
  weakness_multiplier: int(1, 4, 2),
  resistance_reduction: int(0, 100, 20),
  poison_damage: int(0, 100, 10),
  burn_damage: int(0, 100, 20),
  confusion_damage: int(0, 100, 30),
  turn_limit: z
    .int()
    .refine((n) => n === 0 || (n >= 2 && n <= 200), "turn_limit is 0 (no limit) or 2–200")
    .default(30),
});
export type RulesConfig = z.infer<typeof rulesConfigSchema>;

export const DEFAULT_RULES: RulesConfig = rulesConfigSchema.parse({});

const deckListSchema = z.strictObject({
  cards: z.array(z.string()).max(60),
  energy: z.record(z.string(), z.number()),
});

export const deckChoiceSchema = z.union([z.strictObject({ starter: z.enum(TYPES) }), deckListSchema]);
export type DeckChoice = z.infer<typeof deckChoiceSchema>;

export const tcgOptionsSchema = z
  .strictObject({
    rules: rulesConfigSchema.default(DEFAULT_RULES).describe("Rule overrides (spec §4); every field at its default is ranked"),
    decks: z
      .array(deckChoiceSchema.nullable())
      .max(2)
      .default([])
      .describe("Deck per seat: { starter: type } or a deck list; a seat without one gets a random starter"),
  })
  .superRefine((o, ctx) => {
    o.decks.forEach((choice, seat) => {
      if (!choice || "starter" in choice) return;
      const verdict = validateDeck(choice as DeckList, o.rules);
      if (!verdict.ok) {
        ctx.addIssue({ code: "custom", path: ["decks", seat], message: `Invalid deck: ${verdict.errors.map((e) => e.code).join(", ")}` });
      }
    });
  });
export type TcgOptions = z.infer<typeof tcgOptionsSchema>;
export type TcgOptionsInput = z.input<typeof tcgOptionsSchema>;

export function parseTcgOptions(input: TcgOptionsInput = {}): TcgOptions {
  return tcgOptionsSchema.parse(input);
}

export function isDefaultRules(options: TcgOptions): boolean {
  return (Object.keys(DEFAULT_RULES) as (keyof RulesConfig)[]).every((k) => options.rules[k] === DEFAULT_RULES[k]);
}

/** What may be said about a deck in public (§16). */
export function deckLabel(choice: DeckChoice): string {
  return "starter" in choice ? `starter: ${choice.starter}` : "custom";
}

/** The win target: prize count in prize mode, else points. */
export function target(rules: RulesConfig): number {
  return rules.use_prizes ? rules.prize_count : rules.points_to_win;
}

export function summarize(o: TcgOptions): Record<string, unknown> {
  return {
    energy_mode: o.rules.energy_mode,
    target: target(o.rules),
    use_prizes: o.rules.use_prizes,
    max_bench: o.rules.max_bench,
    turn_limit: o.rules.turn_limit,
    ranked: isDefaultRules(o),
  };
}
