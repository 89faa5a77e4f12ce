import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { applyRoundEndAdjustments, type GolfState, golf, lowestSeats, RANKS, SUITS } from "../../src/games/golf/index";
import { createRng } from "../../src/lib/rng";
import type { GameEvent, Viewer } from "../../src/rooms/game";
import { type GameConfig, POLICIES, type PlayedGame, playGame } from "./play";

const flag = fc.boolean();
const optionsArb = (rounds: fc.Arbitrary<number>) =>
  fc.record({
    rounds,
    decks: fc.integer({ min: 1, max: 3 }),
    initial_flips: fc.integer({ min: 0, max: 2 }),
    flip_mode: fc.constantFrom("never", "always", "endgame"),
    use_jokers: flag,
    lucky_swing: flag,
    eagle_eye: flag,
    super_kings: flag,
    ten_penny: flag,
    one_eyed_jacks: flag,
    negative_pairs_keep_value: flag,
    knock_penalty: flag,
    knock_bonus: flag,
    underdog_bonus: flag,
    tied_shame: flag,
    blackjack: flag,
    wolfpack: flag,
    four_of_a_kind: flag,
    flip_as_action: flag,
    knock_early: flag,
  });

const configArb = (rounds: fc.Arbitrary<number>): fc.Arbitrary<GameConfig> =>
  fc.record({
    seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
    players: fc.integer({ min: 2, max: 6 }),
    options: optionsArb(rounds),
    policies: fc.array(fc.constantFrom(...POLICIES), { minLength: 6, maxLength: 6 }),
    driverSeed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
    probe: fc.boolean(),
  });

/** Mostly one- and two-hole games keep 1,000 runs fast; full games get their own, smaller run. */
const shortGames = configArb(fc.constantFrom(1, 1, 2));
const RUNS = 1000;

function replay(game: PlayedGame, seed: number): { state: GolfState; events: GameEvent[]; rng: ReturnType<typeof createRng> } {
  const rng = createRng(seed);
  const setup = golf.setup({ seats: game.seats, options: game.options, rng });
  let state = setup.state;
  const events: GameEvent[] = [];
  for (const [seat, action] of game.log) {
    const result = golf.apply(state, seat, action, rng);
    if (!result.ok) throw new Error(`Replay rejected ${JSON.stringify(action)}: ${result.code}`);
    state = result.state;
    events.push(...result.events);
  }
  return { state, events, rng };
}

function checkFinished(game: PlayedGame): void {
  const { final, options } = game;
  expect(final.phase).toBe("game_over");
  expect(final.history).toHaveLength(options.rounds);
  for (const round of final.history) {
    expect(applyRoundEndAdjustments(round.raw, round.finisher, options)).toEqual({ scores: round.scores, adjustments: round.adjustments });
    expect(round.winners).toEqual(lowestSeats(round.scores));
    expect(round.reason === "went_out").toBe(round.finisher !== null);
  }
  const result = golf.result(final);
  if (!result) throw new Error("A finished game has a result");
  const totals = game.seats.map(({ seat }) => final.history.reduce((sum, r) => sum + (r.scores[seat] as number), 0));
  expect(result.scores).toEqual(totals);
  for (const score of result.scores) expect(Number.isSafeInteger(score)).toBe(true);
  const best = Math.min(...totals);
  const leaders = totals.flatMap((t, seat) => (t === best ? [seat] : []));
  expect(result.winnerSeat).toBe(leaders.length === 1 ? leaders[0] : null);
  expect(result.ranks).toEqual(totals.map((t) => 1 + totals.filter((o) => o < t).length));
  expect(golf.awaiting(final)).toEqual([]);
}

const RANK_INDEX = new Map<unknown, number>(RANKS.map((rank, i) => [rank, i]));
const SUIT_INDEX = new Map<unknown, number>(SUITS.map((suit, i) => [suit, i]));

/** A card's identity as one number (rank, suit, pack); NaN for anything that is not a card. */
const cardId = (c: { rank?: unknown; suit?: unknown; deckId?: unknown }): number =>
  ((RANK_INDEX.get(c.rank) ?? Number.NaN) * SUITS.length + (SUIT_INDEX.get(c.suit) ?? Number.NaN)) * 3 + Number(c.deckId);

/**
 * Walks a payload: every card-like object must carry a full identity that `isHidden` does not
 * reject, and every face-down card must carry nothing but its back. Returns a complaint or null.
 */
function findHidden(node: unknown, isHidden: (id: number) => boolean): string | null {
  if (typeof node !== "object" || node === null) return null;
  if (Array.isArray(node)) {
    for (const item of node) {
      const found = findHidden(item, isHidden);
      if (found) return found;
    }
    return null;
  }
  const o = node as Record<string, unknown>;
  if (o.rank !== undefined || o.suit !== undefined) {
    const id = cardId(o);
    if (!Number.isInteger(id)) return `incomplete card ${JSON.stringify(o)}`;
    if (isHidden(id)) return `leaked hidden card ${JSON.stringify(o)}`;
  }
  if (o.faceUp === false && (Object.keys(o).length !== 2 || typeof o.deckId !== "number")) {
    return `face-down card carries ${JSON.stringify(o)}`;
  }
  for (const k in o) {
    const found = findHidden(o[k], isHidden);
    if (found) return found;
  }
  return null;
}

/**
 * After every step, for every seat and a spectator: the view and the step's projected events must
 * not show a face-down hand card, a deck card, or a deck draw held by someone else.
 */
function leakCheck(players: number): (state: GolfState, events: GameEvent[]) => void {
  const viewers: Viewer[] = [{ kind: "spectator" }, ...Array.from({ length: players }, (_, seat) => ({ kind: "seat" as const, seat }))];
  let step = 0;
  return (state, events) => {
    step++;
    const hidden = new Set<number>();
    for (const player of state.players) for (const slot of player.hand) if (!slot.faceUp) hidden.add(cardId(slot.card));
    for (const c of state.deck) hidden.add(cardId(c));
    const deckDraw = state.drawn?.source === "deck" ? cardId(state.drawn.card) : null;
    for (const viewer of viewers) {
      const drawer = viewer.kind === "seat" && viewer.seat === state.current;
      const isHidden = (id: number): boolean => hidden.has(id) || (id === deckDraw && !drawer);
      const complain = (what: string, found: string | null): void => {
        if (found) throw new Error(`${what} for ${JSON.stringify(viewer)} at step ${step}: ${found}`);
      };
      complain("view", findHidden(golf.view(state, viewer), isHidden));
      for (const event of events) complain(event.type, findHidden(golf.projectEvent(event, viewer), isHidden));
    }
  };
}

describe("Golf properties (fast-check)", () => {
  // One pass per game checks all three properties: playing is the expensive part.
  it(`${RUNS} random games: each replays exactly from seed + log, never shows any viewer a card face-down for it, and ends with valid scores`, () => {
    fc.assert(
      fc.property(shortGames, (config) => {
        const game = playGame(config, leakCheck(config.players));
        const again = replay(game, config.seed);
        // JSON comparison: as strict as deep equality here (same construction order) and far faster.
        expect(JSON.stringify(again.state)).toBe(JSON.stringify(game.final));
        expect(JSON.stringify(again.events)).toBe(JSON.stringify(game.events));
        expect(again.rng.save()).toEqual(game.rngState);
        checkFinished(game);
      }),
      { numRuns: RUNS },
    );
  }, 60_000);

  it("full nine-hole games end, replay exactly, score consistently and never mutate a state they were given", () => {
    fc.assert(
      fc.property(configArb(fc.constant(9)), (config) => {
        const game = playGame({ ...config, freeze: true });
        checkFinished(game);
        expect(replay(game, config.seed).state).toEqual(game.final);
      }),
      { numRuns: 40 },
    );
  }, 30_000);
});
