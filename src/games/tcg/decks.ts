/** Starter decks (spec §3) and deck validation (spec §16). */
import { type ElementType, energyId, findCard, TYPES } from "./cards";

export type DeckList = { cards: string[]; energy: Record<string, number> };
export type Deck = DeckList & { name: string };
/** The rules a deck list is checked against (a subset of RulesConfig). */
export type DeckRules = { deck_size: number; max_copies: number; energy_deck_size: number; max_energy_types: number };
export type DeckErrorCode =
  | "unknown_card"
  | "wrong_size"
  | "too_many_copies"
  | "no_basic_familiar"
  | "energy_bad_type"
  | "energy_wrong_size"
  | "energy_too_many_types";
export type DeckError = { code: DeckErrorCode; card?: string };

const TRAINER_PACKAGE: [string, number][] = [
  ["healing_salve", 3],
  ["field_notes", 3],
  ["featherdust", 1],
  ["cleansing_herb", 1],
  ["wandering_mentor", 3],
  ["fresh_start", 1],
  ["saboteur", 2],
  ["whetstone", 2],
  ["oak_charm", 1],
  ["stoneskin_ward", 1],
];

const STARTER_FAMILIARS: Record<ElementType, [string, number][]> = {
  ember: [
    ["cinderkit", 4],
    ["ashlynx", 3],
    ["blazemane", 2],
    ["emberbug", 3],
    ["kilnbeetle", 2],
    ["flarehound", 2],
    ["scorchdrake_prime", 2],
    ["scorchdrake_titan", 1],
    ["pebblepup", 2],
  ],
  tide: [
    ["puddlefin", 4],
    ["brookfin", 3],
    ["torrentail", 2],
    ["shellnip", 3],
    ["bastioncrab", 2],
    ["frostling", 2],
    ["leviamaw_prime", 2],
    ["leviamaw_titan", 1],
    ["tuftbird", 2],
  ],
  grove: [
    ["sproutle", 4],
    ["thornback", 3],
    ["elderoak", 2],
    ["budmoth", 3],
    ["petalwing", 2],
    ["burrowbun", 2],
    ["canopystag_prime", 2],
    ["canopystag_titan", 1],
    ["dozemole", 2],
  ],
  volt: [
    ["zaplet", 4],
    ["joltram", 3],
    ["thunderam", 2],
    ["coilsnail", 3],
    ["teslashell", 2],
    ["staticat", 2],
    ["stormroc_prime", 2],
    ["stormroc_titan", 1],
    ["pebblepup", 1],
    ["boulderhound", 1],
  ],
  mind: [
    ["wisplet", 4],
    ["dreamwisp", 3],
    ["astralwisp", 2],
    ["glimmerbat", 3],
    ["nightglimmer", 2],
    ["murmurling", 2],
    ["sphinxara_prime", 2],
    ["sphinxara_titan", 1],
    ["griffin_prime", 1],
    ["tuftbird", 1],
  ],
};

function expand(counts: [string, number][]): string[] {
  return counts.flatMap(([id, n]) => Array.from({ length: n }, () => id));
}

/** The five starters: 21 familiars + the trainer package, and 20 energy of their type. */
export const STARTER_DECKS: Readonly<Record<ElementType, Deck>> = Object.fromEntries(
  TYPES.map((type) => [
    type,
    {
      name: `${type.charAt(0).toUpperCase()}${type.slice(1)} starter`,
      cards: [...expand(STARTER_FAMILIARS[type]), ...expand(TRAINER_PACKAGE), type === "grove" ? "old_growth_grove" : "windswept_pass"],
      energy: { [type]: 20 },
    },
  ]),
) as Record<ElementType, Deck>;

/** Every error that applies, in the order of spec §16 (within a code, by first appearance). */
export function validateDeck(deck: DeckList, rules: DeckRules): { ok: boolean; errors: DeckError[] } {
  const errors: DeckError[] = [];
  const unique = [...new Set(deck.cards)];
  for (const id of unique) if (!findCard(id)) errors.push({ code: "unknown_card", card: id });
  if (deck.cards.length !== rules.deck_size) errors.push({ code: "wrong_size" });
  const byName = new Map<string, { first: string; count: number }>();
  for (const id of deck.cards) {
    const c = findCard(id);
    if (!c || c.kind === "energy") continue;
    const entry = byName.get(c.name) ?? { first: id, count: 0 };
    entry.count += 1;
    byName.set(c.name, entry);
  }
  for (const { first, count } of byName.values()) if (count > rules.max_copies) errors.push({ code: "too_many_copies", card: first });
  if (
    !deck.cards.some((id) => {
      const c = findCard(id);
      return c?.kind === "familiar" && c.stage === "basic";
    })
  ) {
    errors.push({ code: "no_basic_familiar" });
  }
  const entries = Object.entries(deck.energy);
  for (const [type, count] of entries) {
    if (!(TYPES as readonly string[]).includes(type) || !Number.isInteger(count) || count <= 0)
      errors.push({ code: "energy_bad_type", card: type });
  }
  if (entries.reduce((sum, [, n]) => sum + (Number.isFinite(n) ? n : 0), 0) !== rules.energy_deck_size)
    errors.push({ code: "energy_wrong_size" });
  if (entries.length > rules.max_energy_types) errors.push({ code: "energy_too_many_types" });
  return { ok: errors.length === 0, errors };
}

/** The energy composition as card ids, in type order (§2.1). */
export function energyCards(energy: Record<string, number>): string[] {
  return TYPES.flatMap((t) => Array.from({ length: energy[t] ?? 0 }, () => energyId(t)));
}
