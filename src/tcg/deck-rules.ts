/**
 * What a save must pass beyond the game's `validateDeck` (spec §16): a name of 1–32 characters,
 * enough owned copies, and at most 5 saved decks. Every refusal is listed, each with its code.
 */
import { DEFAULT_RULES, type DeckError, type DeckList, validateDeck } from "../games/tcg/index";

export const MAX_SAVED_DECKS = 5;
export const NAME_MAX = 32;

export type SaveErrorCode = DeckError["code"] | "not_owned" | "invalid_name" | "deck_limit_reached";
export type SaveError = { code: SaveErrorCode; card?: string };

export function checkDeck(
  deck: DeckList & { name?: string },
  owned: Readonly<Record<string, number>>,
  savedOthers: number | null,
): SaveError[] {
  const errors: SaveError[] = [...validateDeck(deck, DEFAULT_RULES).errors];
  const wanted = new Map<string, number>();
  for (const id of deck.cards) if (!id.startsWith("energy_")) wanted.set(id, (wanted.get(id) ?? 0) + 1);
  for (const [id, count] of wanted)
    if (count > (owned[id] ?? 0) && !errors.some((e) => e.code === "unknown_card" && e.card === id))
      errors.push({ code: "not_owned", card: id });
  if (deck.name !== undefined && (deck.name.trim().length === 0 || deck.name.length > NAME_MAX)) errors.push({ code: "invalid_name" });
  if (savedOthers !== null && savedOthers >= MAX_SAVED_DECKS) errors.push({ code: "deck_limit_reached" });
  return errors;
}
