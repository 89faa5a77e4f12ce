import { describe, expect, it } from "vitest";
import { type GolfAction, type GolfState, golf, legalGolfActions, setupGolf } from "../../src/games/golf/index";
import { createRng, type Rng } from "../../src/lib/rng";
import { ALL, act, card, cards, eventTypes, expectRejected, newGame, opts, playing, withHand } from "./helpers";

const identity = (c: { rank: string; suit: string; deckId: number }) => `${c.rank}${c.suit}${c.deckId}`;

/** Plays CPU moves until the round is over (or the game, after a `next_round`). */
function finishRound(state: GolfState, rng: Rng, cpuRng = createRng(99)): GolfState {
  let s = state;
  for (let guard = 0; s.phase !== "round_over" && s.phase !== "game_over"; guard++) {
    if (guard > 5000) throw new Error("round did not end");
    const seat = golf.awaiting(s)[0] as number;
    s = act(s, seat, golf.cpuMove(s, seat, "Marcus", cpuRng), rng).state;
  }
  return s;
}

describe("setup and the deal (§1.3)", () => {
  it("deals six face-down cards each, one discard, the rest in the deck", () => {
    const { state } = newGame({}, 3);
    expect(state.players.map((p) => p.hand.filter((s) => !s.faceUp).length)).toEqual([6, 6, 6]);
    expect(state.discard).toHaveLength(1);
    expect(state.deck).toHaveLength(52 - 18 - 1);
    const everything = [...state.players.flatMap((p) => p.hand.map((s) => s.card)), ...state.deck, ...state.discard];
    expect(new Set(everything.map(identity)).size).toBe(52);
  });

  it("starts with the initial flip, dealer seat 0 and seat 1 to play first", () => {
    const seats = [0, 1, 2].map((seat) => ({ seat, name: `P${seat}`, cpu: null }));
    const { state, events } = setupGolf({ seats, options: opts(), rng: createRng(3) });
    expect(state).toMatchObject({ phase: "initial_flip", round: 1, dealer: 0, current: 1 });
    expect(golf.awaiting(state)).toEqual([0, 1, 2]);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: "round_started", data: { round: 1, dealer: 0, firstSeat: 1, deckSize: 33 } });
  });

  it("is deterministic for a seed and differs across seeds", () => {
    expect(newGame({}, 4, 11).state).toEqual(newGame({}, 4, 11).state);
    expect(newGame({}, 4, 11).state.deck).not.toEqual(newGame({}, 4, 12).state.deck);
  });

  it("needs 2–6 players seated 0..n-1", () => {
    const seats = (n: number) => Array.from({ length: n }, (_, seat) => ({ seat, name: "x", cpu: null }));
    expect(() => setupGolf({ seats: seats(1), options: opts(), rng: createRng(1) })).toThrow(RangeError);
    expect(() => setupGolf({ seats: seats(7), options: opts(), rng: createRng(1) })).toThrow(RangeError);
    expect(() => setupGolf({ seats: [{ seat: 1, name: "x", cpu: null }, ...seats(1)], options: opts(), rng: createRng(1) })).toThrow(
      RangeError,
    );
  });
});

describe("initial flip (§1.3, §9)", () => {
  it("rejects the wrong count, duplicates and bad positions", () => {
    const { state, rng } = newGame();
    expectRejected(state, 0, { type: "flip_initial", positions: [0] }, rng, "wrong_flip_count");
    expectRejected(state, 0, { type: "flip_initial", positions: [0, 1, 2] }, rng, "wrong_flip_count");
    expectRejected(state, 0, { type: "flip_initial", positions: [0, 0] }, rng, "duplicate_positions");
    expectRejected(state, 0, { type: "flip_initial", positions: [0, 6] }, rng, "invalid_position");
    expectRejected(state, 0, { type: "flip_initial", positions: [-1, 2] }, rng, "invalid_position");
    expectRejected(state, 0, { type: "draw_deck" }, rng, "wrong_phase");
  });

  it("reveals the chosen cards, once per player, then starts play at dealer + 1", () => {
    const { state: s0, rng } = newGame({}, 3);
    const first = act(s0, 2, { type: "flip_initial", positions: [5, 1] }, rng);
    expect(first.events).toEqual([
      {
        type: "revealed",
        data: { seat: 2, positions: [5, 1], cards: [s0.players[2]?.hand[5]?.card, s0.players[2]?.hand[1]?.card], cause: "initial_flip" },
      },
    ]);
    expect(first.state.players[2]?.hand.map((s) => s.faceUp)).toEqual([false, true, false, false, false, true]);
    expectRejected(first.state, 2, { type: "flip_initial", positions: [0, 3] }, rng, "already_flipped");
    expect(golf.awaiting(first.state)).toEqual([0, 1]);
    const second = act(first.state, 0, { type: "flip_initial", positions: [0, 4] }, rng);
    expect(second.state.phase).toBe("initial_flip");
    const third = act(second.state, 1, { type: "flip_initial", positions: [2, 3] }, rng);
    expect(third.state.phase).toBe("playing");
    expect(third.events.at(-1)).toEqual({ type: "turn_started", data: { seat: 1, finalTurn: false } });
    expect(golf.awaiting(third.state)).toEqual([1]);
  });

  it("asks for one card with initial_flips 1 and skips the phase with 0", () => {
    const one = newGame({ initial_flips: 1 });
    expectRejected(one.state, 0, { type: "flip_initial", positions: [0, 1] }, one.rng, "wrong_flip_count");
    expect(act(one.state, 0, { type: "flip_initial", positions: [4] }, one.rng).state.players[0]?.hand[4]?.faceUp).toBe(true);
    const none = newGame({ initial_flips: 0 });
    expect(none.state.phase).toBe("playing");
    expect(legalGolfActions(none.state, 1)).toContainEqual({ type: "draw_deck" });
  });
});

describe("a turn (§1.5)", () => {
  it("only the current player may act, and cannot draw twice", () => {
    const { state: s0, rng } = newGame();
    const state = playing(s0);
    expectRejected(state, 0, { type: "draw_deck" }, rng, "not_your_turn");
    expectRejected(state, 5, { type: "draw_deck" }, rng, "invalid_seat");
    const drawn = act(state, 1, { type: "draw_deck" }, rng).state;
    expectRejected(drawn, 1, { type: "draw_deck" }, rng, "already_drawn");
    expectRejected(drawn, 1, { type: "draw_discard" }, rng, "already_drawn");
  });

  it("a deck draw is swapped in face-up and the replaced card goes face-up onto the discard pile", () => {
    const { state: s0, rng } = newGame();
    const state = playing(s0);
    const top = state.deck.at(-1);
    const old = state.players[1]?.hand[4]?.card;
    const drew = act(state, 1, { type: "draw_deck" }, rng);
    expect(drew.events).toEqual([{ type: "drew", data: { seat: 1, source: "deck", card: top } }]);
    for (const position of [6, -1, 2.5]) expectRejected(drew.state, 1, { type: "swap", position }, rng, "invalid_position");
    const swapped = act(drew.state, 1, { type: "swap", position: 4 }, rng);
    expect(swapped.state.players[1]?.hand[4]).toEqual({ card: top, faceUp: true });
    expect(swapped.state.discard.at(-1)).toEqual(old);
    expect(swapped.state.drawn).toBeNull();
    expect(swapped.state.current).toBe(0);
    expect(swapped.events).toEqual([
      { type: "swapped", data: { seat: 1, position: 4, card: top, replaced: old } },
      { type: "turn_started", data: { seat: 0, finalTurn: false } },
    ]);
  });

  it("a deck draw may be discarded, ending the turn", () => {
    const { state: s0, rng } = newGame();
    const drew = act(playing(s0), 1, { type: "draw_deck" }, rng);
    expectRejected(drew.state, 1, { type: "cancel_draw" }, rng, "cannot_cancel_deck_draw");
    const discarded = act(drew.state, 1, { type: "discard" }, rng);
    expect(discarded.state.discard.at(-1)).toEqual(drew.state.drawn?.card);
    expect(eventTypes(discarded.events)).toEqual(["discarded", "turn_started"]);
  });

  it("a discard-pile draw must be swapped, or put back with cancel_draw", () => {
    const { state: s0, rng } = newGame();
    const state = playing(s0);
    const top = state.discard.at(-1);
    const drew = act(state, 1, { type: "draw_discard" }, rng);
    expect(drew.state.discard).toHaveLength(0);
    expectRejected(drew.state, 1, { type: "discard" }, rng, "must_swap_discard");
    const cancelled = act(drew.state, 1, { type: "cancel_draw" }, rng);
    expect(cancelled.events).toEqual([{ type: "draw_cancelled", data: { seat: 1, card: top } }]);
    expect({ ...cancelled.state, cancelledDraw: false }).toEqual(state);
    const swapped = act(drew.state, 1, { type: "swap", position: 0 }, rng).state;
    expect(swapped.players[1]?.hand[0]).toEqual({ card: top, faceUp: true });
  });

  it("allows one cancel per turn, so draw/cancel cannot loop forever", () => {
    const { state: s0, rng } = newGame();
    const state = playing(s0);
    const once = act(act(state, 1, { type: "draw_discard" }, rng).state, 1, { type: "cancel_draw" }, rng).state;
    const again = act(once, 1, { type: "draw_discard" }, rng).state;
    expectRejected(again, 1, { type: "cancel_draw" }, rng, "cancel_used");
    expect(legalGolfActions(again, 1).map((a) => a.type)).not.toContain("cancel_draw");
    // The next turn gets its own undo.
    const next = act(again, 1, { type: "swap", position: 0 }, rng).state;
    expect(next).toMatchObject({ current: 0, cancelledDraw: false });
    const drew = act(next, 0, { type: "draw_discard" }, rng).state;
    expect(act(drew, 0, { type: "cancel_draw" }, rng).events[0]).toMatchObject({ type: "draw_cancelled" });
  });

  it("rejects placing without drawing, drawing from an empty discard pile and unknown actions", () => {
    const { state: s0, rng } = newGame();
    const state = playing(s0);
    expectRejected(state, 1, { type: "swap", position: 0 }, rng, "not_drawn");
    expectRejected(state, 1, { type: "discard" }, rng, "not_drawn");
    expectRejected(state, 1, { type: "cancel_draw" }, rng, "not_drawn");
    expectRejected({ ...state, discard: [] }, 1, { type: "draw_discard" }, rng, "discard_empty");
    expectRejected(state, 1, { type: "teleport" } as unknown as GolfAction, rng, "illegal_action");
    expectRejected(state, 1, { type: "next_round" }, rng, "wrong_phase");
  });
});

describe("deck exhaustion (§1.5)", () => {
  it("reshuffles every discard but the top into the deck with the game rng", () => {
    const { state: s0, rng } = newGame();
    const state = { ...playing(s0), deck: [], discard: cards("3♥#2 4♥#2 5♥#2 6♥#2") };
    const before = rng.save();
    const { state: after, events } = act(state, 1, { type: "draw_deck" }, rng);
    expect(rng.save()).not.toEqual(before);
    expect(eventTypes(events)).toEqual(["reshuffled", "drew"]);
    expect(events[0]?.data).toEqual({ deckSize: 3 });
    expect(after.discard).toEqual([card("6♥#2")]);
    expect(after.deck).toHaveLength(2);
    expect(after.reshuffles).toBe(1);
    expect([...after.deck, after.drawn?.card].map((c) => c?.rank).sort()).toEqual(["3", "4", "5"]);
  });

  it("ends and scores the round when there is nothing to reshuffle", () => {
    const { state: s0, rng } = newGame({ knock_bonus: true });
    const state = { ...playing(s0), deck: [], discard: cards("6♥#2") };
    const { state: after, events } = act(state, 1, { type: "draw_deck" }, rng);
    expect(eventTypes(events)).toEqual(["round_ended"]);
    expect(after.phase).toBe("round_over");
    expect(after.history[0]).toMatchObject({ reason: "deck_exhausted", finisher: null });
    expect(after.history[0]?.adjustments).toEqual([[], []]);
    expect(after.players.every((p) => p.hand.every((s) => s.faceUp))).toBe(true);
  });
});

describe("going out and final turns (§1.6)", () => {
  it("gives every other player exactly one more turn, revealing each right after it", () => {
    const { state: s0, rng } = newGame({}, 3);
    const state = withHand(playing(s0), 1, "A♥#2 A♦#2 A♣#2 / A♠#2 2♥#2 3♥#2", [0, 1, 2, 3, 4]);

    const out = act(act(state, 1, { type: "draw_deck" }, rng).state, 1, { type: "swap", position: 5 }, rng);
    expect(eventTypes(out.events)).toEqual(["swapped", "went_out", "turn_started"]);
    expect(out.state).toMatchObject({ phase: "final_turn", finisher: 1, current: 2 });
    expect(out.events.at(-1)?.data).toEqual({ seat: 2, finalTurn: true });
    expectRejected(out.state, 1, { type: "draw_deck" }, rng, "not_your_turn");

    const seat2 = act(act(out.state, 2, { type: "draw_deck" }, rng).state, 2, { type: "discard" }, rng);
    expect(eventTypes(seat2.events)).toEqual(["discarded", "revealed", "turn_started"]);
    expect(seat2.events[1]?.data).toMatchObject({ seat: 2, positions: ALL, cause: "final_turn" });
    expect(seat2.state.players[2]?.hand.every((s) => s.faceUp)).toBe(true);
    expect(seat2.state.current).toBe(0);

    const seat0 = act(act(seat2.state, 0, { type: "draw_deck" }, rng).state, 0, { type: "discard" }, rng);
    expect(eventTypes(seat0.events)).toEqual(["discarded", "revealed", "round_ended"]);
    expect(seat0.state.phase).toBe("round_over");
    expect(seat0.state.history).toHaveLength(1);
    expect(seat0.state.history[0]).toMatchObject({ round: 1, reason: "went_out", finisher: 1 });
    expectRejected(seat0.state, 1, { type: "draw_deck" }, rng, "wrong_phase");
  });

  it("flip-as-action may end a round too, and works during final turns", () => {
    const { state: s0, rng } = newGame({ flip_as_action: true });
    const state = withHand(playing(s0), 1, "A♥#2 A♦#2 A♣#2 / A♠#2 2♥#2 3♥#2", [0, 1, 2, 3, 4]);
    const out = act(state, 1, { type: "flip_as_action", position: 5 }, rng);
    expect(eventTypes(out.events)).toEqual(["revealed", "went_out", "turn_started"]);
    const last = act(out.state, 0, { type: "flip_as_action", position: 0 }, rng);
    expect(eventTypes(last.events)).toEqual(["revealed", "revealed", "round_ended"]);
    expect(last.events[0]?.data).toMatchObject({ positions: [0], cause: "flip_as_action" });
    expect(last.events[1]?.data).toMatchObject({ positions: [1, 2, 3, 4, 5], cause: "final_turn" });
  });

  it("scores the round: raw hands, adjustments, totals and holes won", () => {
    const { state: s0, rng } = newGame({ knock_bonus: true });
    let state = withHand(playing(s0), 1, "A♥#2 A♦#2 A♣#2 / A♠#2 2♥#2 3♥#2", [0, 1, 2, 3, 4]);
    state = withHand(state, 0, "Q♥#2 Q♦#2 9♣#2 / 9♠#2 5♥#2 5♦#2", []);
    state = { ...state, deck: [...state.deck, card("K♣#2")] };
    const out = act(act(state, 1, { type: "draw_deck" }, rng).state, 1, { type: "swap", position: 5 }, rng).state;
    const end = act(act(out, 0, { type: "draw_deck" }, rng).state, 0, { type: "discard" }, rng);
    // Seat 1 swaps the K♣ into position 5: columns A♥/A♠ 0, A♦/2♥ −1, A♣/K♣ 1 → 0, then knock bonus −5.
    // Seat 0, revealed after its final turn: Q♥/9♠ 19, Q♦/5♥ 15, 9♣/5♦ 14 → 48.
    expect(end.state.history[0]).toMatchObject({ raw: [48, 0], scores: [48, -5], winners: [1] });
    const ended = end.events.at(-1);
    expect(ended).toMatchObject({ type: "round_ended", data: { totals: [48, -5], winners: [1] } });
  });
});

describe("flip modes (§2.1)", () => {
  it("never: a discard ends the turn", () => {
    const { state: s0, rng } = newGame({ flip_mode: "never" });
    const state = withHand(playing(s0), 0, "A♥#2 A♦#2 A♣#2 / A♠#2 2♥#2 3♥#2", [0, 1, 2, 3, 4]);
    const { events } = act(act(state, 1, { type: "draw_deck" }, rng).state, 1, { type: "discard" }, rng);
    expect(eventTypes(events)).toEqual(["discarded", "turn_started"]);
  });

  it("always: the discarder must flip before the turn ends", () => {
    const { state: s0, rng } = newGame({ flip_mode: "always" });
    const state = withHand(playing(s0), 1, "A♥#2 A♦#2 A♣#2 / A♠#2 2♥#2 3♥#2", [0]);
    expectRejected(state, 1, { type: "flip_card", position: 1 }, rng, "no_flip_pending");
    const discarded = act(act(state, 1, { type: "draw_deck" }, rng).state, 1, { type: "discard" }, rng);
    expect(eventTypes(discarded.events)).toEqual(["discarded", "flip_offered"]);
    expect(discarded.events[1]?.data).toEqual({ seat: 1, optional: false });
    expect(golf.awaiting(discarded.state)).toEqual([1]);
    const pending = discarded.state;
    expectRejected(pending, 1, { type: "draw_deck" }, rng, "flip_pending");
    expectRejected(pending, 1, { type: "skip_flip" }, rng, "flip_required");
    expectRejected(pending, 1, { type: "flip_card", position: 0 }, rng, "card_face_up");
    expectRejected(pending, 1, { type: "flip_card", position: 9 }, rng, "invalid_position");
    expect(legalGolfActions(pending, 1)).toEqual([1, 2, 3, 4, 5].map((position) => ({ type: "flip_card", position })));
    const flipped = act(pending, 1, { type: "flip_card", position: 3 }, rng);
    expect(eventTypes(flipped.events)).toEqual(["revealed", "turn_started"]);
    expect(flipped.events[0]?.data).toMatchObject({ positions: [3], cards: [card("A♠#2")], cause: "flip_card" });
  });

  it("always: with nothing face-down the turn just ends", () => {
    const { state: s0, rng } = newGame({ flip_mode: "always" });
    const state = withHand(playing(s0), 1, "A♥#2 A♦#2 A♣#2 / A♠#2 2♥#2 3♥#2", ALL);
    const { events } = act(act(state, 1, { type: "draw_deck" }, rng).state, 1, { type: "discard" }, rng);
    expect(eventTypes(events)).toEqual(["discarded", "went_out", "turn_started"]);
  });

  it("endgame: an optional flip only once someone is down to one face-down card", () => {
    const { state: s0, rng } = newGame({ flip_mode: "endgame" });
    const early = act(act(playing(s0), 1, { type: "draw_deck" }, rng).state, 1, { type: "discard" }, rng);
    expect(eventTypes(early.events)).toEqual(["discarded", "turn_started"]);

    const state = withHand(playing(s0), 0, "A♥#2 A♦#2 A♣#2 / A♠#2 2♥#2 3♥#2", [0, 1, 2, 3, 4]);
    const offered = act(act(state, 1, { type: "draw_deck" }, rng).state, 1, { type: "discard" }, rng);
    expect(offered.events[1]).toEqual({ type: "flip_offered", data: { seat: 1, optional: true } });
    expect(legalGolfActions(offered.state, 1)).toContainEqual({ type: "skip_flip" });
    const skipped = act(offered.state, 1, { type: "skip_flip" }, rng);
    expect(eventTypes(skipped.events)).toEqual(["flip_skipped", "turn_started"]);
    expect(skipped.state.players[1]?.hand.every((s) => !s.faceUp)).toBe(true);
    const flipped = act(offered.state, 1, { type: "flip_card", position: 2 }, rng);
    expect(flipped.state.players[1]?.hand[2]?.faceUp).toBe(true);
  });
});

describe("knock early and flip as action (§1.5, §2.1)", () => {
  it("are rejected unless their rule is on", () => {
    const { state: s0, rng } = newGame();
    const state = withHand(playing(s0), 1, "A♥#2 A♦#2 A♣#2 / A♠#2 2♥#2 3♥#2", [0, 1, 2, 3]);
    expectRejected(state, 1, { type: "knock_early" }, rng, "rule_disabled");
    expectRejected(state, 1, { type: "flip_as_action", position: 5 }, rng, "rule_disabled");
  });

  it("flip as action turns one face-down card and ends the turn, but not after drawing", () => {
    const { state: s0, rng } = newGame({ flip_as_action: true });
    const state = playing(s0);
    const flipped = act(state, 1, { type: "flip_as_action", position: 2 }, rng);
    expect(eventTypes(flipped.events)).toEqual(["revealed", "turn_started"]);
    expect(flipped.state.players[1]?.hand[2]?.faceUp).toBe(true);
    expectRejected(flipped.state, 0, { type: "flip_as_action", position: 7 }, rng, "invalid_position");
    const withUp = withHand(state, 1, "A♥#2 A♦#2 A♣#2 / A♠#2 2♥#2 3♥#2", [2]);
    expectRejected(withUp, 1, { type: "flip_as_action", position: 2 }, rng, "card_face_up");
    const drew = act(state, 1, { type: "draw_deck" }, rng).state;
    expectRejected(drew, 1, { type: "flip_as_action", position: 2 }, rng, "already_drawn");
  });

  it("knock early reveals the last one or two face-down cards and goes out", () => {
    const { state: s0, rng } = newGame({ knock_early: true });
    const three = withHand(playing(s0), 1, "A♥#2 A♦#2 A♣#2 / A♠#2 2♥#2 3♥#2", [0, 1, 2]);
    expectRejected(three, 1, { type: "knock_early" }, rng, "knock_not_allowed");
    const two = withHand(three, 1, "A♥#2 A♦#2 A♣#2 / A♠#2 2♥#2 3♥#2", [0, 1, 2, 3]);
    const knocked = act(two, 1, { type: "knock_early" }, rng);
    expect(eventTypes(knocked.events)).toEqual(["revealed", "went_out", "turn_started"]);
    expect(knocked.events[0]?.data).toMatchObject({ positions: [4, 5], cause: "knock_early" });
    expect(knocked.state).toMatchObject({ phase: "final_turn", finisher: 1 });
    expectRejected(act(two, 1, { type: "draw_deck" }, rng).state, 1, { type: "knock_early" }, rng, "already_drawn");
    expectRejected(newGame({ knock_early: true }).state, 1, { type: "knock_early" }, rng, "wrong_phase");
  });
});

describe("legal actions", () => {
  it("validates action payloads with the action schema", () => {
    expect(golf.actionSchema.parse({ type: "swap", position: 2 })).toEqual({ type: "swap", position: 2 });
    expect(golf.actionSchema.parse({ type: "draw_deck", extra: 1 })).toEqual({ type: "draw_deck" });
    expect(golf.actionSchema.safeParse({ type: "swap" }).success).toBe(false);
    expect(golf.actionSchema.safeParse({ type: "swap", position: 1.5 }).success).toBe(false);
    expect(golf.actionSchema.safeParse({ type: "fly" }).success).toBe(false);
    expect(golf.actionSchema.safeParse({ type: "flip_initial", positions: [0, 1, 2, 3, 4, 5, 0] }).success).toBe(false);
  });

  it("lists the 15 two-card openings during the initial flip", () => {
    const { state } = newGame();
    const legal = legalGolfActions(state, 0);
    expect(legal).toHaveLength(15);
    expect(legal[0]).toEqual({ type: "flip_initial", positions: [0, 1] });
  });

  it("follows the turn: start, after a deck draw, after a discard-pile draw", () => {
    const { state: s0, rng } = newGame({ flip_as_action: true, knock_early: true });
    const state = withHand(playing(s0), 1, "A♥#2 A♦#2 A♣#2 / A♠#2 2♥#2 3♥#2", [0, 1, 2, 3]);
    expect(legalGolfActions(state, 0)).toEqual([]);
    expect(legalGolfActions(state, 1)).toEqual([
      { type: "draw_deck" },
      { type: "draw_discard" },
      { type: "knock_early" },
      { type: "flip_as_action", position: 4 },
      { type: "flip_as_action", position: 5 },
    ]);
    const swaps = ALL.map((position) => ({ type: "swap", position }));
    expect(legalGolfActions(act(state, 1, { type: "draw_deck" }, rng).state, 1)).toEqual([{ type: "discard" }, ...swaps]);
    expect(legalGolfActions(act(state, 1, { type: "draw_discard" }, rng).state, 1)).toEqual([{ type: "cancel_draw" }, ...swaps]);
  });
});

describe("rounds, dealer rotation and game end (§1.3, §1.7)", () => {
  it("rotates the dealer each round, plays first after the dealer, and ends after the last round", () => {
    const { state: s0, rng } = newGame({ rounds: 4 }, 3);
    let state = finishRound(s0, rng);
    const starts: unknown[] = [];
    expect(golf.awaiting(state)).toEqual([0, 1, 2]);
    for (let round = 2; round <= 4; round++) {
      const next = act(state, round % 3, { type: "next_round" }, rng);
      starts.push(next.events[0]?.data);
      expect(next.state).toMatchObject({ round, phase: "initial_flip", finisher: null, reshuffles: 0 });
      state = finishRound(next.state, rng);
    }
    expect(starts).toMatchObject([
      { round: 2, dealer: 1, firstSeat: 2 },
      { round: 3, dealer: 2, firstSeat: 0 },
      { round: 4, dealer: 0, firstSeat: 1 },
    ]);
    expect(golf.isOver(state)).toBe(false);
    expect(golf.result(state)).toBeNull();

    const over = act(state, 2, { type: "next_round" }, rng);
    expect(over.state.phase).toBe("game_over");
    expect(golf.isOver(over.state)).toBe(true);
    expect(golf.awaiting(over.state)).toEqual([]);
    const totals = [0, 1, 2].map((seat) => over.state.history.reduce((sum, r) => sum + (r.scores[seat] as number), 0));
    const result = golf.result(over.state);
    expect(result?.scores).toEqual(totals);
    expect(over.events).toEqual([
      {
        type: "game_ended",
        data: { totals, holesWon: result?.extra?.holesWon, ranks: result?.ranks, winnerSeat: result?.winnerSeat },
      },
    ]);
    expectRejected(over.state, 0, { type: "next_round" }, rng, "game_over");
  });

  it("declares no winner when the lowest total is shared", () => {
    const { state: s0, rng } = newGame({ rounds: 1 }, 3);
    const round = { round: 1, reason: "went_out" as const, finisher: 0, raw: [5, 5, 9], adjustments: [[], [], []], winners: [0, 1] };
    const state: GolfState = { ...finishRound(s0, rng), history: [{ ...round, scores: [5, 5, 9] }] };
    const over = act(state, 0, { type: "next_round" }, rng).state;
    expect(golf.result(over)).toEqual({
      scores: [5, 5, 9],
      winnerSeat: null,
      ranks: [1, 1, 3],
      extra: { holesWon: [1, 1, 0], roundScores: [[5, 5, 9]] },
    });
  });
});
