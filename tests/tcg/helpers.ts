/** Fixtures for the Familiars tests: scripted coin flips, rigged boards and a checked `act`. */
import { expect } from "vitest";
import { applyTcg, DEFAULT_RULES, type Familiar, type RulesConfig, type TcgAction, type TcgState } from "../../src/games/tcg/index";
import type { Rng } from "../../src/lib/rng";
import type { GameEvent } from "../../src/rooms/game";

export const HEADS = 0.1;
export const TAILS = 0.9;

/**
 * An rng whose `next()` returns `values` in order, then `fallback`: coin flips are forced this
 * way (heads iff < 0.5). `int`, `pick` and `shuffle` draw from the same script.
 */
export function scripted(values: number[] = [], fallback = TAILS): Rng & { used(): number } {
  let i = 0;
  const next = (): number => {
    i += 1;
    return i <= values.length ? (values[i - 1] as number) : fallback;
  };
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
  return {
    next,
    int,
    chance: (p) => next() < p,
    pick: (items) => items[int(0, items.length - 1)] as never,
    shuffle: (items) => [...items],
    save: () => [i, 0, 0, 0],
    used: () => i,
  };
}

type FamiliarSpec =
  | string
  | { card: string; stack?: string[]; energy?: string[]; damage?: number; status?: Familiar["status"]; tools?: string[]; entered?: number };
type PlayerSpec = {
  active?: FamiliarSpec;
  bench?: FamiliarSpec[];
  hand?: string[];
  deck?: string[];
  prizes?: string[];
  energy_zone?: string[];
  energy_deck?: string[];
  discard?: string[];
  points?: number;
};

/**
 * A main-phase state built card by card. Energy is given by type ("ember"); cards are numbered
 * "{seat}c{n}" in the order they are listed (hand, active, bench, deck, …). Defaults: turn 3,
 * seat 0 to move, decks of ten Pebblepups.
 */
export function board(spec: {
  turn?: number;
  current?: number;
  first?: number;
  rules?: Partial<RulesConfig>;
  stadium?: { card: string; owner: number };
  players: [PlayerSpec, PlayerSpec];
}): TcgState {
  const cards: Record<string, string> = {};
  const counters = [0, 0];
  const mint = (seat: number, cardId: string): string => {
    counters[seat] = (counters[seat] as number) + 1;
    const id = `${seat}c${counters[seat]}`;
    cards[id] = cardId;
    return id;
  };
  const turn = spec.turn ?? 3;
  const fam = (seat: number, f: FamiliarSpec | undefined): Familiar | null => {
    if (f === undefined) return null;
    const o = typeof f === "string" ? { card: f } : f;
    const stack = (o.stack ?? []).map((c) => mint(seat, c));
    const top = mint(seat, o.card);
    return {
      id: stack[0] ?? top,
      top,
      stack,
      damage: o.damage ?? 0,
      status: o.status ?? [],
      energy: (o.energy ?? []).map((t) => mint(seat, `energy_${t}`)),
      tools: (o.tools ?? []).map((c) => mint(seat, c)),
      modifiers: [],
      entered_turn: o.entered ?? 0,
      evolved_turn: -1,
      ability_uses: 0,
    };
  };
  const players = spec.players.map((p, seat) => ({
    seat,
    name: `P${seat}`,
    deck_label: "custom",
    hand: (p.hand ?? []).map((c) => mint(seat, c)),
    active: fam(seat, p.active),
    bench: (p.bench ?? []).map((f) => fam(seat, f) as Familiar),
    deck: (p.deck ?? Array.from({ length: 10 }, () => "pebblepup")).map((c) => mint(seat, c)),
    prizes: (p.prizes ?? []).map((c) => mint(seat, c)),
    energy_zone: (p.energy_zone ?? []).map((c) => mint(seat, c)),
    energy_deck: (p.energy_deck ?? []).map((c) => mint(seat, c)),
    discard: (p.discard ?? []).map((c) => mint(seat, c)),
    flags: { energy_attached: false, supporters_played: 0, stadium_played: false, retreated: false },
    points: p.points ?? 0,
    knockouts: 0,
    ready: true,
    prizes_owed: 0,
  })) as TcgState["players"];
  const stadium = spec.stadium ? { card: mint(spec.stadium.owner, spec.stadium.card), owner: spec.stadium.owner } : null;
  return {
    rules: { ...DEFAULT_RULES, ...spec.rules },
    phase: "main",
    turn,
    current: spec.current ?? 0,
    first: spec.first ?? 0,
    players,
    stadium,
    cards,
    turn_ending: false,
    winner: null,
    end_reason: null,
  };
}

/** The instance id of the first card with `cardId` in a seat's hand. */
export function inHand(s: TcgState, seat: number, cardId: string): string {
  const id = s.players[seat]?.hand.find((x) => s.cards[x] === cardId);
  if (!id) throw new Error(`No ${cardId} in seat ${seat}'s hand`);
  return id;
}

export function active(s: TcgState, seat: number): Familiar {
  const f = s.players[seat]?.active;
  if (!f) throw new Error(`Seat ${seat} has no active`);
  return f;
}

export function bench(s: TcgState, seat: number, i: number): Familiar {
  const f = s.players[seat]?.bench[i];
  if (!f) throw new Error(`Seat ${seat} has no bench ${i}`);
  return f;
}

export function act(s: TcgState, seat: number, a: TcgAction, rng: Rng = scripted()): { state: TcgState; events: GameEvent[] } {
  const r = applyTcg(s, seat, a, rng);
  if (!r.ok) throw new Error(`Expected ${JSON.stringify(a)} by seat ${seat} to be accepted: ${r.code}`);
  return { state: r.state, events: r.events };
}

/** Must be rejected with `code`, consuming no randomness and changing nothing. */
export function rejected(s: TcgState, seat: number, a: TcgAction, code: string): void {
  const before = JSON.stringify(s);
  const rng = scripted();
  const r = applyTcg(s, seat, a, rng);
  expect(r.ok ? "accepted" : r.code).toBe(code);
  expect(JSON.stringify(s)).toBe(before);
  expect(rng.used()).toBe(0);
}

export function types(events: readonly GameEvent[]): string[] {
  return events.map((e) => e.type);
}
