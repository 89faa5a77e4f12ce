/** Familiars cards, collections and decks (spec §16). */
import { createRoute } from "@hono/zod-openapi";
import { currentUser, publicRoute, requireAuth } from "../auth/middleware";
import { db } from "../db/client";
import { CARDS, STARTER_DECKS, TYPES } from "../games/tcg/index";
import { ApiError, errorResponses } from "../http/errors";
import { bearer, jsonBody as body, jsonResponse as json, optionalBearer } from "../http/openapi";
import { router } from "../http/router";
import { collectionOf, deckCount, deckOf, decksOf, deleteDeck, insertDeck, type SavedDeck, updateDeck } from "./collection";
import { checkDeck, MAX_SAVED_DECKS, type SaveError } from "./deck-rules";
import {
  CardsSchema,
  CollectionSchema,
  cardsExample,
  collectionExample,
  DeckInputSchema,
  DeckListSchema,
  DeckParam,
  DeckSchema,
  deckExample,
  deckInputExample,
  deckListExample,
  ValidationSchema,
  validationExample,
} from "./schemas";

const tag = "Familiars";
const authed = { tags: [tag], security: bearer, middleware: requireAuth };
const invalid = { deck_invalid: 422 } as const;

/** 422 `deck_invalid`, with every refusal in `details.errors` (codes of spec §16, plus not_owned, invalid_name, deck_limit_reached). */
function deckInvalid(errors: SaveError[]): ApiError {
  return new ApiError(422, "deck_invalid", `the deck is refused: ${errors.map((e) => e.code).join(", ")}`, { errors });
}

function deckView(row: SavedDeck) {
  return { id: row.id, name: row.name, cards: row.cards, energy: row.energy, createdAt: row.createdAt, updatedAt: row.updatedAt };
}

const routes = {
  cards: createRoute({
    operationId: "listTcgCards",
    tags: [tag],
    method: "get",
    path: "/v1/tcg/cards",
    summary: "The whole Familiars card set (public)",
    security: optionalBearer,
    middleware: publicRoute("tcg:cards"),
    responses: { 200: json(CardsSchema, "Every card", cardsExample), ...errorResponses(401, 403, 429) },
  }),
  collection: createRoute({
    operationId: "getTcgCollection",
    ...authed,
    method: "get",
    path: "/v1/tcg/collection",
    summary: "Your Familiars collection (the starter cards are granted at sign-up)",
    responses: { 200: json(CollectionSchema, "Copies owned", collectionExample), ...errorResponses(401, 403, 429) },
  }),
  list: createRoute({
    operationId: "listTcgDecks",
    ...authed,
    method: "get",
    path: "/v1/tcg/decks",
    summary: "The five starters and your saved decks",
    responses: { 200: json(DeckListSchema, "Decks", deckListExample), ...errorResponses(401, 403, 429) },
  }),
  create: createRoute({
    operationId: "createTcgDeck",
    ...authed,
    method: "post",
    path: "/v1/tcg/decks",
    summary: `Save a deck (at most ${MAX_SAVED_DECKS}); refused with every error that applies`,
    request: { body: body(DeckInputSchema, deckInputExample) },
    responses: { 201: json(DeckSchema, "Saved", deckExample), ...errorResponses(400, 401, 403, 429, invalid) },
  }),
  validate: createRoute({
    operationId: "validateTcgDeck",
    ...authed,
    method: "post",
    path: "/v1/tcg/decks/validate",
    summary: "Check a deck against the rules and your collection without saving it",
    request: { body: body(DeckInputSchema, deckInputExample) },
    responses: { 200: json(ValidationSchema, "Verdict", validationExample), ...errorResponses(400, 401, 403, 429) },
  }),
  get: createRoute({
    operationId: "getTcgDeck",
    ...authed,
    method: "get",
    path: "/v1/tcg/decks/{id}",
    summary: "One of your saved decks",
    request: { params: DeckParam },
    responses: { 200: json(DeckSchema, "Deck", deckExample), ...errorResponses(401, 403, 404, 429) },
  }),
  update: createRoute({
    operationId: "updateTcgDeck",
    ...authed,
    method: "put",
    path: "/v1/tcg/decks/{id}",
    summary: "Replace one of your saved decks",
    request: { params: DeckParam, body: body(DeckInputSchema, deckInputExample) },
    responses: { 200: json(DeckSchema, "Saved", deckExample), ...errorResponses(400, 401, 403, 404, 429, invalid) },
  }),
  remove: createRoute({
    operationId: "deleteTcgDeck",
    ...authed,
    method: "delete",
    path: "/v1/tcg/decks/{id}",
    summary: "Delete one of your saved decks",
    request: { params: DeckParam },
    responses: { 200: json(DeckSchema, "The deleted deck", deckExample), ...errorResponses(401, 403, 404, 429) },
  }),
};

function notFound(): ApiError {
  return ApiError.of("not_found", "no such deck");
}

export const tcgRoutes = router()
  .openapi(routes.cards, (c) => c.json({ cards: CARDS as unknown as Record<string, unknown>[] }, 200))
  .openapi(routes.collection, async (c) =>
    c.json({ cards: await collectionOf(db(c.env), currentUser(c).id), energy: "unlimited" as const }, 200),
  )
  .openapi(routes.list, async (c) => {
    const decks = await decksOf(db(c.env), currentUser(c).id);
    const starters = TYPES.map((type) => ({ starter: type, ...STARTER_DECKS[type] }));
    return c.json({ limit: MAX_SAVED_DECKS, starters, decks: decks.map(deckView) }, 200);
  })
  .openapi(routes.create, async (c) => {
    const d = db(c.env);
    const userId = currentUser(c).id;
    const input = c.req.valid("json");
    const errors = checkDeck(input, await collectionOf(d, userId), await deckCount(d, userId));
    if (errors.length > 0) throw deckInvalid(errors);
    const now = Date.now();
    const row: SavedDeck = { id: crypto.randomUUID(), userId, ...input, createdAt: now, updatedAt: now };
    await insertDeck(d, row);
    return c.json(deckView(row), 201);
  })
  .openapi(routes.validate, async (c) => {
    const errors = checkDeck(c.req.valid("json"), await collectionOf(db(c.env), currentUser(c).id), null);
    return c.json({ ok: errors.length === 0, errors }, 200);
  })
  .openapi(routes.get, async (c) => {
    const row = await deckOf(db(c.env), currentUser(c).id, c.req.valid("param").id);
    if (!row) throw notFound();
    return c.json(deckView(row), 200);
  })
  .openapi(routes.update, async (c) => {
    const d = db(c.env);
    const userId = currentUser(c).id;
    const { id } = c.req.valid("param");
    const row = await deckOf(d, userId, id);
    if (!row) throw notFound();
    const input = c.req.valid("json");
    const errors = checkDeck(input, await collectionOf(d, userId), null);
    if (errors.length > 0) throw deckInvalid(errors);
    const change = { ...input, updatedAt: Date.now() };
    await updateDeck(d, userId, id, change);
    return c.json(deckView({ ...row, ...change }), 200);
  })
  .openapi(routes.remove, async (c) => {
    const d = db(c.env);
    const userId = currentUser(c).id;
    const row = await deckOf(d, userId, c.req.valid("param").id);
    if (!row || !(await deleteDeck(d, userId, row.id))) throw notFound();
    return c.json(deckView(row), 200);
  });
