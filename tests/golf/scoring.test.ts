import { describe, expect, it } from "vitest";
import { cardValue, cardValueTable, columnScore, scoreHand } from "../../src/games/golf/index";
import { card, cards, opts } from "./helpers";

describe("card values (§1.2, §2.2)", () => {
  it("uses the standard table by default", () => {
    const o = opts();
    const values = cards("A♥ 2♥ 3♥ 4♥ 5♥ 6♥ 7♥ 8♥ 9♥ 10♥ J♥ Q♥ K♥ ★♥").map((c) => cardValue(c, o));
    expect(values).toEqual([1, -2, 3, 4, 5, 6, 7, 8, 9, 10, 10, 10, 0, -2]);
  });

  it.each([
    ["super_kings", "K♣", -2],
    ["ten_penny", "10♦", 1],
    ["lucky_swing", "★♥", -5],
    ["eagle_eye", "★♠", 2],
  ] as const)("%s changes %s to %d", (rule, text, expected) => {
    expect(cardValue(card(text), opts({ [rule]: true }))).toBe(expected);
    expect(cardValue(card(text), opts())).not.toBe(expected);
  });

  it("one-eyed jacks: only J♥ and J♠ drop to 0", () => {
    const o = opts({ one_eyed_jacks: true });
    expect(cards("J♥ J♠ J♣ J♦").map((c) => cardValue(c, o))).toEqual([0, 0, 10, 10]);
  });

  it("eagle eye beats lucky swing everywhere, including the value table (§9)", () => {
    const o = opts({ use_jokers: true, lucky_swing: true, eagle_eye: true });
    expect(cardValue(card("★♥"), o)).toBe(2);
    expect(cardValueTable(o)["★"]).toBe(2);
    expect(scoreHand(cards("★♥ 3♣ 3♦ / 4♣ 3♥ 3♠"), o)).toBe(2 + 4);
  });

  it("the value table reflects the options", () => {
    const table = cardValueTable(opts({ super_kings: true, ten_penny: true }));
    expect(table).toMatchObject({ A: 1, "2": -2, "10": 1, J: 10, Q: 10, K: -2, "★": -2 });
  });
});

describe("column scoring: the §3 quick reference", () => {
  const col = (top: string, bottom: string, input = {}) => columnScore(card(top), card(bottom), opts(input));

  it("X over X with a non-negative value is 0", () => {
    expect(col("7♥", "7♠")).toBe(0);
    expect(col("Q♥", "Q♦")).toBe(0);
    expect(col("K♥", "K♦")).toBe(0);
    expect(col("A♥", "A♣", { negative_pairs_keep_value: true })).toBe(0);
  });

  it("2 over 2 is 0 in standard rules, −4 with negative_pairs_keep_value", () => {
    expect(col("2♥", "2♠")).toBe(0);
    expect(col("2♥", "2♠", { negative_pairs_keep_value: true })).toBe(-4);
  });

  it("★ over ★ is 0 in standard rules and −4 under eagle eye, even with negative_pairs_keep_value", () => {
    expect(col("★♥", "★♠", { use_jokers: true })).toBe(0);
    expect(col("★♥", "★♠", { eagle_eye: true })).toBe(-4);
    expect(col("★♥", "★♠", { eagle_eye: true, negative_pairs_keep_value: true })).toBe(-4);
    expect(col("★♥", "★♠", { negative_pairs_keep_value: true })).toBe(-4);
    expect(col("★♥", "★♠", { lucky_swing: true, negative_pairs_keep_value: true })).toBe(-10);
  });

  it("K over K with super kings is 0, or −4 with negative_pairs_keep_value", () => {
    expect(col("K♥", "K♠", { super_kings: true })).toBe(0);
    expect(col("K♥", "K♠", { super_kings: true, negative_pairs_keep_value: true })).toBe(-4);
  });

  it("2 over ★ is not a pair: −4", () => {
    expect(col("2♥", "★♠")).toBe(-4);
  });

  it("a lone joker under eagle eye adds +2", () => {
    expect(col("★♥", "5♠", { eagle_eye: true })).toBe(7);
  });

  it("pairs match by rank only: one-eyed and two-eyed jacks still pair", () => {
    expect(col("J♥", "J♣", { one_eyed_jacks: true })).toBe(0);
    expect(col("J♥", "5♣", { one_eyed_jacks: true })).toBe(5);
    expect(col("J♥", "J♠", { one_eyed_jacks: true, negative_pairs_keep_value: true })).toBe(0);
    expect(col("9♥#0", "9♥#1")).toBe(0);
  });

  it("negative pairs keep value when either card is negative", () => {
    expect(col("K♥", "K♠", { negative_pairs_keep_value: true })).toBe(0);
    expect(col("★♥", "★♠", { use_jokers: true, negative_pairs_keep_value: true })).toBe(-4);
  });
});

describe("hand scoring (§3, §2.4)", () => {
  it("sums the three columns", () => {
    // Columns: A/4 = 5, 2/K = −2, 9/9 = 0.
    expect(scoreHand(cards("A♥ 2♥ 9♥ / 4♣ K♣ 9♣"), opts())).toBe(3);
  });

  it("scores a hand of pairs at 0 and a worst hand at 60", () => {
    expect(scoreHand(cards("5♥ Q♥ 3♥ / 5♣ Q♣ 3♣"), opts())).toBe(0);
    expect(scoreHand(cards("Q♥ Q♦ J♥ / J♣ 10♥ 10♣"), opts())).toBe(60);
  });

  it("wolfpack: two jack pairs −20, once even with three", () => {
    const o = opts({ wolfpack: true });
    expect(scoreHand(cards("J♥ J♦ 5♥ / J♣ J♠ 3♣"), o)).toBe(8 - 20);
    expect(scoreHand(cards("J♥ J♦ J♥#1 / J♣ J♠ J♣#1"), o)).toBe(-20);
    expect(scoreHand(cards("J♥ 4♦ 5♥ / J♣ 4♠ 3♣"), o)).toBe(8);
    expect(scoreHand(cards("J♥ J♦ 5♥ / J♣ J♠ 3♣"), opts())).toBe(8);
  });

  it("four of a kind: −20 per rank paired in two columns, once even in three", () => {
    const o = opts({ four_of_a_kind: true });
    expect(scoreHand(cards("7♥ 7♦ 5♥ / 7♣ 7♠ 3♣"), o)).toBe(8 - 20);
    expect(scoreHand(cards("7♥ 7♦ 7♥#1 / 7♣ 7♠ 7♣#1"), o)).toBe(-20);
    expect(scoreHand(cards("7♥ 8♦ 5♥ / 7♣ 8♠ 3♣"), o)).toBe(8);
  });

  it("wolfpack and four of a kind stack: four jacks in two columns are −40", () => {
    const o = opts({ wolfpack: true, four_of_a_kind: true });
    expect(scoreHand(cards("J♥ J♦ K♥ / J♣ J♠ K♣"), o)).toBe(-40);
  });

  it("bonuses combine with negative pairs keeping value", () => {
    const o = opts({ four_of_a_kind: true, negative_pairs_keep_value: true });
    expect(scoreHand(cards("2♥ 2♦ 3♥ / 2♣ 2♠ 3♣"), o)).toBe(-4 - 4 + 0 - 20);
  });

  it("blackjack is not part of hand scoring", () => {
    expect(scoreHand(cards("10♥ A♥ 9♥ / K♣ K♦ A♣"), opts({ blackjack: true }))).toBe(21);
  });

  it("rejects hands that are not six cards", () => {
    expect(() => scoreHand(cards("A♥ 2♥"), opts())).toThrow(RangeError);
  });
});
