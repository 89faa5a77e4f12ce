/** HTTP schemas of the Familiars deck routes (spec §16), with their examples. */
import { z } from "@hono/zod-openapi";
import { CARDS, STARTER_DECKS } from "../games/tcg/index";
import { MAX_SAVED_DECKS, NAME_MAX } from "./deck-rules";

const starter = STARTER_DECKS.ember;

export const DeckInputSchema = z
  .object({
    name: z
      .string()
      .max(200)
      .openapi({ description: `1–${NAME_MAX} characters` }),
    cards: z.array(z.string().max(64)).max(100).openapi({ description: "Card ids; basic energy ids may appear too" }),
    energy: z.record(z.string().max(16), z.number()).openapi({ description: "Energy deck: count per elemental type" }),
  })
  .openapi("TcgDeckInput");

export const DeckSchema = DeckInputSchema.extend({
  id: z.string(),
  createdAt: z.number().int(),
  updatedAt: z.number().int(),
}).openapi("TcgDeck");

export const deckInputExample = { name: "Ember rush", cards: starter.cards, energy: starter.energy };
export const deckExample = {
  id: "8b1f6c1e-0d4e-4a57-9b57-1f0c7c0f9a11",
  ...deckInputExample,
  createdAt: 1767225600000,
  updatedAt: 1767225600000,
};

const DeckErrorSchema = z.object({ code: z.string(), card: z.string().optional() });

export const validationExample = { ok: false, errors: [{ code: "wrong_size" }, { code: "not_owned", card: "blazemane" }] };
export const ValidationSchema = z.object({ ok: z.boolean(), errors: z.array(DeckErrorSchema) }).openapi("TcgDeckValidation");

export const DeckListSchema = z
  .object({
    limit: z.int().openapi({ description: "Saved decks allowed" }),
    starters: z.array(DeckInputSchema.extend({ starter: z.string() })).openapi({ description: "Always playable; not counted as saved" }),
    decks: z.array(DeckSchema),
  })
  .openapi("TcgDeckList");

export const deckListExample = {
  limit: MAX_SAVED_DECKS,
  starters: [{ starter: "ember", ...starter }],
  decks: [deckExample],
};

export const cardsExample = { cards: CARDS.slice(0, 2) as unknown as Record<string, unknown>[] };
export const CardsSchema = z.object({ cards: z.array(z.record(z.string(), z.unknown())) }).openapi("TcgCards");

export const collectionExample = { cards: { cinderkit: 4, healing_salve: 15 }, energy: "unlimited" as const };
export const CollectionSchema = z
  .object({
    cards: z.record(z.string(), z.int()).openapi({ description: "Copies owned by card id" }),
    energy: z.literal("unlimited").openapi({ description: "Basic energy is unlimited and not tracked" }),
  })
  .openapi("TcgCollection");

export const DeckParam = z.object({ id: z.string().min(1).max(64).openapi({ example: deckExample.id }) });
