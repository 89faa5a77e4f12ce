/** Familiars cards, collections and saved decks over HTTP (spec §16). */
import { describe, expect, it } from "vitest";
import { STARTER_DECKS } from "../../src/games/tcg/index";
import { call, expectError, json, registerUser } from "../helpers/http";

const ember = STARTER_DECKS.ember;

describe("Familiars cards and collections", () => {
  it("lists all 62 cards without login", async () => {
    const res = await call("/v1/tcg/cards");
    expect(res.status).toBe(200);
    expect((await json(res)).cards).toHaveLength(62);
  });

  it("grants the starter cards on first use: one copy of each starter list, no energy", async () => {
    const u = await registerUser("tcg");
    const body = await json(await call("/v1/tcg/collection", { token: u.accessToken }));
    expect(body.energy).toBe("unlimited");
    expect(body.cards.cinderkit).toBe(4);
    expect(body.cards.pebblepup).toBe(3);
    expect(body.cards.healing_salve).toBe(15);
    expect(body.cards.windswept_pass).toBe(4);
    expect(body.cards.old_growth_grove).toBe(1);
    expect(body.cards.energy_ember).toBeUndefined();
    // Asking again grants nothing more.
    expect((await json(await call("/v1/tcg/collection", { token: u.accessToken }))).cards).toEqual(body.cards);
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
