import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  activeRules,
  buildDeck,
  copiesInDeck,
  deckColors,
  golf,
  golfOptionsSchema,
  isStandardRules,
  JOKER,
} from "../../src/games/golf/index";
import { opts } from "./helpers";

describe("deck (§1.1)", () => {
  it.each([
    [1, 52, 54, 53],
    [2, 104, 108, 105],
    [3, 156, 162, 157],
  ])("%i pack(s): %i plain, %i with jokers, %i with lucky swing", (decks, plain, jokers, lucky) => {
    expect(buildDeck(opts({ decks }))).toHaveLength(plain);
    expect(buildDeck(opts({ decks, use_jokers: true }))).toHaveLength(jokers);
    expect(buildDeck(opts({ decks, use_jokers: true, lucky_swing: true }))).toHaveLength(lucky);
  });

  it("has two jokers per pack, hearts and spades", () => {
    const jokers = buildDeck(opts({ decks: 2, use_jokers: true })).filter((c) => c.rank === JOKER);
    expect(jokers).toEqual([
      { rank: JOKER, suit: "hearts", deckId: 0 },
      { rank: JOKER, suit: "spades", deckId: 0 },
      { rank: JOKER, suit: "hearts", deckId: 1 },
      { rank: JOKER, suit: "spades", deckId: 1 },
    ]);
  });

  it("has a single joker in total with lucky swing, whatever the pack count", () => {
    expect(buildDeck(opts({ decks: 3, use_jokers: true, lucky_swing: true })).filter((c) => c.rank === JOKER)).toHaveLength(1);
  });

  it("has no jokers without use_jokers, even with lucky swing or eagle eye", () => {
    expect(buildDeck(opts({ lucky_swing: true, eagle_eye: true })).some((c) => c.rank === JOKER)).toBe(false);
  });

  it("gives every card a unique identity and its pack's deck_id", () => {
    const deck = buildDeck(opts({ decks: 3, use_jokers: true }));
    expect(new Set(deck.map((c) => `${c.rank}${c.suit}${c.deckId}`)).size).toBe(deck.length);
    expect([0, 1, 2].map((id) => deck.filter((c) => c.deckId === id).length)).toEqual([54, 54, 54]);
  });

  it("counts copies per rank", () => {
    expect(copiesInDeck("7", opts({ decks: 2 }))).toBe(8);
    expect(copiesInDeck(JOKER, opts({ decks: 2 }))).toBe(0);
    expect(copiesInDeck(JOKER, opts({ decks: 2, use_jokers: true }))).toBe(4);
    expect(copiesInDeck(JOKER, opts({ decks: 2, use_jokers: true, lucky_swing: true }))).toBe(1);
  });

  it("colours backs by deck_id, dropping unknown colours and defaulting the rest", () => {
    expect(deckColors(opts({ decks: 3 }))).toEqual(["red", "blue", "gold"]);
    expect(deckColors(opts({ decks: 2, deck_colors: ["Teal", "teal", "pink"] }))).toEqual(["teal", "pink"]);
    expect(deckColors(opts({ decks: 2, deck_colors: ["mauve"] }))).toEqual(["red", "blue"]);
    expect(deckColors(opts({ decks: 3, deck_colors: ["slate"] }))).toEqual(["slate", "blue", "gold"]);
    expect(deckColors(opts({ decks: 1, deck_colors: [] }))).toEqual(["red"]);
  });
});

describe("options (§2)", () => {
  it("defaults: 9 holes, 1 pack, 2 initial flips, flip mode never, every house rule off", () => {
    const o = golfOptionsSchema.parse({});
    expect(o).toMatchObject({ rounds: 9, decks: 1, initial_flips: 2, flip_mode: "never", deck_colors: ["red", "blue", "gold"] });
    const flags = Object.entries(o).filter(([, v]) => typeof v === "boolean");
    expect(flags).toHaveLength(16);
    expect(flags.every(([, v]) => v === false)).toBe(true);
  });

  it("clamps numbers into range", () => {
    expect(opts({ rounds: 0, decks: 0, initial_flips: -1 })).toMatchObject({ rounds: 1, decks: 1, initial_flips: 0 });
    expect(opts({ rounds: 40, decks: 9, initial_flips: 5 })).toMatchObject({ rounds: 18, decks: 3, initial_flips: 2 });
  });

  it("rejects malformed values", () => {
    expect(golfOptionsSchema.safeParse({ rounds: 2.5 }).success).toBe(false);
    expect(golfOptionsSchema.safeParse({ flip_mode: "sometimes" }).success).toBe(false);
    expect(golfOptionsSchema.safeParse({ use_jokers: "yes" }).success).toBe(false);
  });

  it("standard rules: only flip mode never, 2 initial flips and no house rule", () => {
    expect(isStandardRules(opts({ rounds: 3, decks: 2, deck_colors: ["teal"] }))).toBe(true);
    expect(isStandardRules(opts({ flip_mode: "endgame" }))).toBe(false);
    expect(isStandardRules(opts({ initial_flips: 1 }))).toBe(false);
    for (const [key, value] of Object.entries(opts())) {
      if (typeof value === "boolean") expect(isStandardRules(opts({ [key]: true })), key).toBe(false);
    }
  });

  it("lists active-rule labels in the §2.5 order", () => {
    expect(activeRules(opts())).toEqual([]);
    expect(activeRules(opts({ use_jokers: true }))).toEqual(["Jokers"]);
    expect(activeRules(opts({ use_jokers: true, lucky_swing: true }))).toEqual(["Lucky Swing"]);
    expect(activeRules(opts({ use_jokers: true, eagle_eye: true }))).toEqual(["Eagle-Eye"]);
    const everything = Object.fromEntries(Object.entries(opts()).map(([k, v]) => [k, typeof v === "boolean" ? true : v]));
    expect(activeRules(opts({ ...everything, flip_mode: "always" }))).toEqual([
      "Speed Golf",
      "Knock Penalty",
      "Lucky Swing",
      "Eagle-Eye",
      "Super Kings",
      "Ten Penny",
      "Knock Bonus",
      "Underdog",
      "Tied Shame",
      "Blackjack",
      "Wolfpack",
      "Flip as Action",
      "Four of a Kind",
      "Negative Pairs Keep Value",
      "One-Eyed Jacks",
      "Early Knock",
    ]);
    expect(activeRules(opts({ flip_mode: "endgame", use_jokers: true }))).toEqual(["Endgame Flip", "Jokers"]);
  });

  it("documents itself as JSON Schema for OpenAPI, defaults included", () => {
    const schema = z.toJSONSchema(golf.optionsSchema, { io: "input" }) as { properties: Record<string, { default?: unknown }> };
    expect(schema.properties.rounds?.default).toBe(9);
    expect(schema.properties.flip_mode?.default).toBe("never");
    expect(Object.keys(schema.properties)).toHaveLength(21);
  });

  it("summarises for lobbies and ranks standard games only", () => {
    expect(golf.summary?.(opts({ rounds: 3, knock_bonus: true }))).toEqual({
      rounds: 3,
      decks: 1,
      initial_flips: 2,
      flip_mode: "never",
      active_rules: ["Knock Bonus"],
      ranked: false,
    });
    expect(golf.isRanked?.(opts())).toBe(true);
    expect(golf.isRanked?.(opts({ use_jokers: true }))).toBe(false);
  });
});
