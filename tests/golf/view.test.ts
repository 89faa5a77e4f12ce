import { describe, expect, it } from "vitest";
import { type GolfView, golf } from "../../src/games/golf/index";
import type { Viewer } from "../../src/rooms/game";
import { act, newGame, playing, withHand } from "./helpers";

const seat = (n: number): Viewer => ({ kind: "seat", seat: n });
const spectator: Viewer = { kind: "spectator" };
const omniscient: Viewer = { kind: "omniscient" };
const view = (state: Parameters<typeof golf.view>[0], viewer: Viewer) => golf.view(state, viewer) as GolfView;

describe("views (§9)", () => {
  it("never show a face-down card, not even to its owner", () => {
    const { state } = newGame({ decks: 2 });
    const own = view(state, seat(0)).players[0]?.hand ?? [];
    expect(own).toHaveLength(6);
    for (const slot of own) expect(Object.keys(slot).sort()).toEqual(["deckId", "faceUp"]);
    expect(own.map((s) => s.deckId)).toEqual(state.players[0]?.hand.map((s) => s.card.deckId));
  });

  it("show face-up cards to everyone, spectators included", () => {
    const { state: s0, rng } = newGame();
    const { state } = act(s0, 1, { type: "flip_initial", positions: [0, 4] }, rng);
    const faceUp = state.players[1]?.hand[4]?.card;
    for (const viewer of [seat(0), seat(1), spectator]) {
      const hand = view(state, viewer).players[1]?.hand ?? [];
      expect(hand[4]).toEqual({ ...faceUp, faceUp: true });
      expect(hand.filter((s) => "rank" in s)).toHaveLength(2);
    }
  });

  it("show a deck draw to the drawer only; others learn that a card was drawn", () => {
    const { state: s0, rng } = newGame();
    const drew = act(playing(s0), 1, { type: "draw_deck" }, rng);
    const drawn = drew.state.drawn?.card;
    expect(view(drew.state, seat(1)).drawn).toEqual({ seat: 1, source: "deck", card: drawn });
    expect(view(drew.state, seat(0)).drawn).toEqual({ seat: 1, source: "deck" });
    expect(view(drew.state, spectator).drawn).toEqual({ seat: 1, source: "deck" });
    const event = drew.events[0] as (typeof drew.events)[number];
    expect(golf.projectEvent(event, seat(1))).toEqual(event);
    expect(golf.projectEvent(event, omniscient)).toEqual(event);
    expect(golf.projectEvent(event, seat(0))).toEqual({ type: "drew", data: { seat: 1, source: "deck" } });
    expect(golf.projectEvent(event, spectator)).toEqual({ type: "drew", data: { seat: 1, source: "deck" } });
  });

  it("show a discard-pile draw to everyone: it was face-up", () => {
    const { state: s0, rng } = newGame();
    const drew = act(playing(s0), 1, { type: "draw_discard" }, rng);
    const event = drew.events[0] as (typeof drew.events)[number];
    expect(view(drew.state, seat(0)).drawn?.card).toEqual(s0.discard.at(-1));
    expect(golf.projectEvent(event, spectator)).toEqual(event);
  });

  it("strip the deal from round_started for everyone but omniscient viewers", () => {
    const { state: s0, rng } = newGame({ initial_flips: 0 });
    const over = { ...playing(s0), phase: "round_over" as const };
    const { events } = act(over, 0, { type: "next_round" }, rng);
    const started = events[0] as (typeof events)[number];
    expect(started.data).toHaveProperty("hands");
    for (const viewer of [seat(0), seat(1), spectator]) {
      const projected = golf.projectEvent(started, viewer);
      expect(projected?.data).not.toHaveProperty("hands");
      expect(projected?.data).toMatchObject({ round: 2, dealer: 1, firstSeat: 0 });
    }
    expect(golf.projectEvent(started, omniscient)).toEqual(started);
  });

  it("show omniscient viewers everything, including the deck order", () => {
    const { state } = newGame();
    const v = view(state, omniscient);
    expect(v.players[0]?.hand.map((s) => ("rank" in s ? { rank: s.rank, suit: s.suit } : null))).toEqual(
      state.players[0]?.hand.map((s) => ({ rank: s.card.rank, suit: s.card.suit })),
    );
    expect(v.players[0]?.hand.every((s) => s.faceUp === false)).toBe(true);
    expect(v.deck).toEqual(state.deck);
    expect(view(state, spectator)).not.toHaveProperty("deck");
  });

  it("carry the table facts clients need", () => {
    const { state: s0 } = newGame({ use_jokers: true, lucky_swing: true, eagle_eye: true, decks: 2, deck_colors: ["teal"] });
    const state = withHand(playing(s0), 1, "A♥#2 A♦#2 A♣#2 / A♠#2 2♥#2 3♥#2", [0]);
    const v = view(state, seat(0));
    expect(v).toMatchObject({
      phase: "playing",
      round: 1,
      rounds: 9,
      dealer: 0,
      currentSeat: 1,
      awaiting: [1],
      finisher: null,
      table: { activeRules: ["Lucky Swing", "Eagle-Eye"], ranked: false, deckColors: ["teal", "blue"], options: state.options },
      deckSize: state.deck.length,
      discardTop: state.discard.at(-1),
      discardSize: 1,
      drawn: null,
      pendingFlip: null,
      lastRound: null,
      result: null,
    });
    expect(v.table.cardValues["★"]).toBe(2);
    expect(v.players.map((p) => ({ name: p.name, total: p.total, holesWon: p.holesWon }))).toEqual([
      { name: "P0", total: 0, holesWon: 0 },
      { name: "P1", total: 0, holesWon: 0 },
    ]);
    expect(JSON.parse(JSON.stringify(v))).toEqual(v);
  });
});
