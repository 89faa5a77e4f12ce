/** Familiars cards, collections and saved decks over HTTP (spec §16). */
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { STARTER_DECKS, TYPES } from "../../src/games/tcg/index";
import { STARTER_COLLECTION } from "../../src/tcg/collection";
import { call, expectError, json, registerUser } from "../helpers/http";

async function storedCollection(userId: string): Promise<Record<string, number>> {
  const { results } = await env.DB.prepare("SELECT card_id, count FROM tcg_collections WHERE user_id = ?")
    .bind(userId)
    .all<{ card_id: string; count: number }>();
  return Object.fromEntries(results.map((r) => [r.card_id, r.count]));
}

async function expectStarters(token: string): Promise<void> {
  const collection = await json(await call("/v1/tcg/collection", { token }));
  expect(collection.cards).toEqual(STARTER_COLLECTION);
  const decks = await json(await call("/v1/tcg/decks", { token }));
  expect(decks.starters.map((s: any) => s.starter)).toEqual(TYPES);
  expect(decks.starters[0]).toEqual({ starter: "ember", ...STARTER_DECKS.ember });
}

const ember = STARTER_DECKS.ember;

describe("Familiars cards and collections", () => {
  it("lists all 62 cards without login", async () => {
    const res = await call("/v1/tcg/cards");
    expect(res.status).toBe(200);
    expect((await json(res)).cards).toHaveLength(62);
  });

  it("grants the starter cards at sign-up: one copy of each starter list, no energy", async () => {
    const u = await registerUser("tcg");
    // Stored by the registration itself, before any Familiars call.
    const stored = await storedCollection(u.id);
    expect(stored).toEqual(STARTER_COLLECTION);
    expect(stored.cinderkit).toBe(4);
    expect(stored.pebblepup).toBe(3);
    expect(stored.healing_salve).toBe(15);
    expect(stored.windswept_pass).toBe(4);
    expect(stored.old_growth_grove).toBe(1);
    expect(stored.energy_ember).toBeUndefined();
    const body = await json(await call("/v1/tcg/collection", { token: u.accessToken }));
    expect(body.energy).toBe("unlimited");
    await expectStarters(u.accessToken);
    expect(await storedCollection(u.id)).toEqual(STARTER_COLLECTION);
  });

  it("grants the starter cards to a guest at creation", async () => {
    const res = await call("/v1/auth/guest", { method: "POST" });
    expect(res.status).toBe(201);
    const guest = await json(res);
    expect(await storedCollection(guest.user.id)).toEqual(STARTER_COLLECTION);
    await expectStarters(guest.accessToken);
  });

  it("grants them on first use to an account that has none (made before Familiars)", async () => {
    const u = await registerUser("tcg");
    await env.DB.prepare("DELETE FROM tcg_collections WHERE user_id = ?").bind(u.id).run();
    await expectStarters(u.accessToken);
    expect(await storedCollection(u.id)).toEqual(STARTER_COLLECTION);
  });
});

describe("Familiars decks", () => {
  it("saves, reads, replaces and deletes a deck; the five starters are always listed and not counted", async () => {
    const u = await registerUser("tcg");
    const t = u.accessToken;
    const listed = await json(await call("/v1/tcg/decks", { token: t }));
    expect(listed.limit).toBe(5);
    expect(listed.starters.map((s: any) => s.starter)).toEqual(["ember", "tide", "grove", "volt", "mind"]);
    expect(listed.decks).toEqual([]);

    const created = await call("/v1/tcg/decks", { token: t, body: { ...ember, name: "Embers" } });
    expect(created.status).toBe(201);
    const deck = await json(created);
    expect(deck).toMatchObject({ name: "Embers", cards: ember.cards, energy: { ember: 20 } });
    expect(await json(await call(`/v1/tcg/decks/${deck.id}`, { token: t }))).toEqual(deck);

    const cards = [...ember.cards.slice(0, 39), "sproutle"];
    const put = await call(`/v1/tcg/decks/${deck.id}`, {
      token: t,
      method: "PUT",
      body: { name: "Embers 2", cards, energy: { ember: 10, grove: 10 } },
    });
    expect(put.status).toBe(200);
    expect(await json(put)).toMatchObject({ id: deck.id, name: "Embers 2", energy: { ember: 10, grove: 10 } });

    const other = await registerUser("tcg");
    await expectError(await call(`/v1/tcg/decks/${deck.id}`, { token: other.accessToken }), 404, "not_found");
    await expectError(await call(`/v1/tcg/decks/${deck.id}`, { token: other.accessToken, method: "DELETE" }), 404, "not_found");

    expect((await call(`/v1/tcg/decks/${deck.id}`, { token: t, method: "DELETE" })).status).toBe(200);
    await expectError(await call(`/v1/tcg/decks/${deck.id}`, { token: t }), 404, "not_found");
  });

  it("refuses a bad deck with 422 deck_invalid listing every error, and validates without saving", async () => {
    const u = await registerUser("tcg");
    const t = u.accessToken;
    const bad = { name: "", cards: ["blazemane", "blazemane", "blazemane", "mystery"], energy: { plain: 20 } };
    const error = await expectError(await call("/v1/tcg/decks", { token: t, body: bad }), 422, "deck_invalid");
    expect(error.details.errors).toEqual([
      { code: "unknown_card", card: "mystery" },
      { code: "wrong_size" },
      { code: "no_basic_familiar" },
      { code: "energy_bad_type", card: "plain" },
      { code: "not_owned", card: "blazemane" },
      { code: "invalid_name" },
    ]);
    const verdict = await json(await call("/v1/tcg/decks/validate", { token: t, body: { ...ember, name: "Ok" } }));
    expect(verdict).toEqual({ ok: true, errors: [] });
    expect((await json(await call("/v1/tcg/decks", { token: t }))).decks).toEqual([]);
    await expectError(await call("/v1/tcg/decks", { token: t, body: { name: "x" } }), 400, "invalid_request");
  });

  it("refuses a sixth saved deck with deck_limit_reached", async () => {
    const u = await registerUser("tcg");
    for (let i = 1; i <= 5; i++)
      expect((await call("/v1/tcg/decks", { token: u.accessToken, body: { ...ember, name: `Deck ${i}` } })).status).toBe(201);
    const error = await expectError(
      await call("/v1/tcg/decks", { token: u.accessToken, body: { ...ember, name: "Deck 6" } }),
      422,
      "deck_invalid",
    );
    expect(error.details.errors).toEqual([{ code: "deck_limit_reached" }]);
  });
});
