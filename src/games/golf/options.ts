/** Game options and house rules (spec §2), their defaults, and the labels lobbies show. */
import { z } from "zod";

export const DECK_COLORS = [
  "red",
  "blue",
  "gold",
  "teal",
  "purple",
  "orange",
  "yellow",
  "green",
  "pink",
  "cyan",
  "brown",
  "slate",
] as const;
export type DeckColor = (typeof DECK_COLORS)[number];
export const DEFAULT_DECK_COLORS: readonly DeckColor[] = ["red", "blue", "gold"];

/** Out-of-range numbers are clamped rather than rejected, as the reference server does. */
const clampedInt = (min: number, max: number, fallback: number, description: string) =>
  z
    .int()
    .default(fallback)
    .transform((n) => Math.min(max, Math.max(min, n)))
    .describe(`${description} (${min}–${max}, clamped; default ${fallback})`);

const rule = (description: string) => z.boolean().default(false).describe(description);

function normalizeDeckColors(colors: string[]): DeckColor[] {
  const allowed = colors.filter((c): c is DeckColor => (DECK_COLORS as readonly string[]).includes(c));
  return allowed.length > 0 ? allowed : [...DEFAULT_DECK_COLORS];
}

export const golfOptionsSchema = z.object({
  // §9: a game started without a round count has 9 holes (the reference server defaulted to 1).
  rounds: clampedInt(1, 18, 9, "Holes to play"),
  decks: clampedInt(1, 3, 1, "Standard 52-card packs in the deck"),
  initial_flips: clampedInt(0, 2, 2, "Cards each player reveals at the start of a hole"),
  flip_mode: z
    .enum(["never", "always", "endgame"])
    .default("never")
    .describe("After discarding a deck draw: never flip, always flip (Speed Golf), or optionally flip in the endgame"),
  deck_colors: z
    .array(z.string())
    .default(() => [...DEFAULT_DECK_COLORS])
    .transform(normalizeDeckColors)
    .describe(`Card back colour per pack; unknown colours are dropped. Allowed: ${DECK_COLORS.join(", ")}`),
  use_jokers: rule("Add jokers (2 per pack, or 1 in total with lucky_swing)"),
  lucky_swing: rule("A single joker worth -5"),
  eagle_eye: rule("Jokers worth +2 unpaired, a joker pair scores -4"),
  super_kings: rule("Kings worth -2"),
  ten_penny: rule("Tens worth 1"),
  one_eyed_jacks: rule("J♥ and J♠ worth 0"),
  negative_pairs_keep_value: rule("A pair with a negative card scores the sum of both values instead of 0"),
  knock_penalty: rule("Finisher +10 when not strictly lowest"),
  knock_bonus: rule("Finisher -5"),
  underdog_bonus: rule("Lowest round score -3"),
  tied_shame: rule("Round scores shared with another player +5"),
  blackjack: rule("A round score of exactly 21 becomes 0"),
  wolfpack: rule("Two or more jack pairs -20"),
  four_of_a_kind: rule("-20 for each rank paired in two or more columns"),
  flip_as_action: rule("A turn may be spent flipping a face-down card"),
  knock_early: rule("With 1-2 face-down cards, a turn may be spent revealing them all"),
});

export type GolfOptions = z.output<typeof golfOptionsSchema>;
export type GolfOptionsInput = z.input<typeof golfOptionsSchema>;

/** `golfOptionsSchema.parse({})`: games without options are common, and parsing showed in a game's cost. */
const DEFAULT_OPTIONS: GolfOptions = golfOptionsSchema.parse({});

/** Full options from partial input; throws a ZodError on malformed input. */
export function parseGolfOptions(input?: GolfOptionsInput): GolfOptions {
  // A fresh copy, as parsing would give: callers may keep or change what they get.
  if (input === undefined) return { ...DEFAULT_OPTIONS, deck_colors: [...DEFAULT_OPTIONS.deck_colors] };
  return golfOptionsSchema.parse(input);
}

type RuleKey = { [K in keyof GolfOptions]: GolfOptions[K] extends boolean ? K : never }[keyof GolfOptions];

/** Every house-rule flag, in the order of the §2.5 labels. */
const RULE_LABELS: readonly [RuleKey, string][] = [
  ["knock_penalty", "Knock Penalty"],
  ["lucky_swing", "Lucky Swing"],
  ["eagle_eye", "Eagle-Eye"],
  ["super_kings", "Super Kings"],
  ["ten_penny", "Ten Penny"],
  ["knock_bonus", "Knock Bonus"],
  ["underdog_bonus", "Underdog"],
  ["tied_shame", "Tied Shame"],
  ["blackjack", "Blackjack"],
  ["wolfpack", "Wolfpack"],
  ["flip_as_action", "Flip as Action"],
  ["four_of_a_kind", "Four of a Kind"],
  ["negative_pairs_keep_value", "Negative Pairs Keep Value"],
  ["one_eyed_jacks", "One-Eyed Jacks"],
  ["knock_early", "Early Knock"],
];

/** Standard rules are the only ranked ones (§2): no flips after discards, 2 initial flips, no house rule. */
export function isStandardRules(o: GolfOptions): boolean {
  return o.flip_mode === "never" && o.initial_flips === 2 && !o.use_jokers && RULE_LABELS.every(([key]) => !o[key]);
}

/** The `active_rules` labels of §2.5, in display order. */
export function activeRules(o: GolfOptions): string[] {
  const labels: string[] = [];
  if (o.flip_mode === "always") labels.push("Speed Golf");
  if (o.flip_mode === "endgame") labels.push("Endgame Flip");
  if (o.use_jokers && !o.lucky_swing && !o.eagle_eye) labels.push("Jokers");
  for (const [key, label] of RULE_LABELS) if (o[key]) labels.push(label);
  return labels;
}
