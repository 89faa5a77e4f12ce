/**
 * Counter: players take turns adding 1–10 to a shared total until it reaches the target or the
 * turn limit runs out; the biggest contributor wins. Each seat also holds a secret number only it
 * can see. It exists to show the runtime is game-agnostic (turns, hidden per-seat data, CPU moves)
 * and to measure runtime overhead, so it is deliberately tiny.
 */
import { z } from "zod";
import { type GameDefinition, type GameEvent, type GameResult, reject, resultFromScores, type Viewer } from "../../rooms/game";

export const counterOptionsSchema = z.object({
  target: z.int().min(1).max(10_000).default(100).describe("The game ends once the total reaches this"),
  max_turns: z.int().min(1).max(1_000).default(60).describe("The game also ends after this many turns"),
});
export type CounterOptions = z.output<typeof counterOptionsSchema>;

export const counterActionSchema = z.discriminatedUnion("type", [z.object({ type: z.literal("add"), amount: z.int().describe("1–10") })]);
export type CounterAction = z.output<typeof counterActionSchema>;

export const MIN_ADD = 1;
export const MAX_ADD = 10;

export type CounterState = {
  options: CounterOptions;
  total: number;
  turns: number;
  current: number;
  /** By seat. `secret` is private to its seat; `tally` (what the seat has added) is public. */
  players: { secret: number; tally: number }[];
};

const isOver = (s: CounterState): boolean => s.total >= s.options.target || s.turns >= s.options.max_turns;

function assertAwaited(s: CounterState, seat: number): void {
  if (isOver(s) || seat !== s.current) throw new Error(`Seat ${seat} has nothing to do now`);
}

const canSeeSecret = (viewer: Viewer, seat: number): boolean =>
  viewer.kind === "omniscient" || (viewer.kind === "seat" && viewer.seat === seat);

export const counter: GameDefinition<CounterState, CounterAction, CounterOptions> = {
  id: "counter",
  title: "Counter",
  minPlayers: 1,
  maxPlayers: 6,
  optionsSchema: counterOptionsSchema,
  actionSchema: counterActionSchema,
  cpuProfiles: ["Counter"],

  setup({ seats, options, rng }) {
    if (seats.length < 1 || seats.length > 6) throw new RangeError(`Counter needs 1–6 players, got ${seats.length}`);
    const players = seats.map(() => ({ secret: rng.int(1, 100), tally: 0 }));
    const events: GameEvent[] = players.map((p, seat) => ({ type: "secret_dealt", data: { seat, secret: p.secret } }));
    return { state: { options, total: 0, turns: 0, current: 0, players }, events };
  },

  legalActions(s, seat) {
    if (isOver(s) || seat !== s.current) return [];
    return Array.from({ length: MAX_ADD - MIN_ADD + 1 }, (_, i) => ({ type: "add" as const, amount: MIN_ADD + i }));
  },

  apply(s, seat, action) {
    if (isOver(s)) return reject("game_over", "The game is over");
    if (seat !== s.current) return reject("not_your_turn", "It is not your turn");
    if (action.type !== "add") return reject("illegal_action", "Unknown action");
    const { amount } = action;
    if (!Number.isInteger(amount) || amount < MIN_ADD || amount > MAX_ADD) {
      return reject("invalid_amount", `Add a whole number from ${MIN_ADD} to ${MAX_ADD}`);
    }
    const players = s.players.map((p, i) => (i === seat ? { ...p, tally: p.tally + amount } : p));
    const state: CounterState = {
      ...s,
      players,
      total: s.total + amount,
      turns: s.turns + 1,
      current: (seat + 1) % players.length,
    };
    const events: GameEvent[] = [{ type: "added", data: { seat, amount, total: state.total } }];
    if (isOver(state)) events.push({ type: "game_ended", data: { ...resultOf(state) } });
    return { ok: true, state, events };
  },

  view(s, viewer) {
    return {
      total: s.total,
      target: s.options.target,
      turns: s.turns,
      maxTurns: s.options.max_turns,
      currentSeat: isOver(s) ? null : s.current,
      players: s.players.map((p, seat) => ({
        seat,
        tally: p.tally,
        ...(canSeeSecret(viewer, seat) ? { secret: p.secret } : {}),
      })),
      result: isOver(s) ? resultOf(s) : null,
    };
  },

  projectEvent(event, viewer) {
    if (event.type !== "secret_dealt") return event;
    return canSeeSecret(viewer, event.data.seat as number) ? event : null;
  },

  awaiting: (s) => (isOver(s) ? [] : [s.current]),
  isOver,
  result: (s) => (isOver(s) ? resultOf(s) : null),
  timeoutMove(s, seat) {
    assertAwaited(s, seat);
    return { type: "add", amount: MIN_ADD };
  },
  cpuMove(s, seat, _profile, rng) {
    assertAwaited(s, seat);
    return { type: "add", amount: rng.int(MIN_ADD, MAX_ADD) };
  },
  summary: (o) => ({ target: o.target, max_turns: o.max_turns }),
};

function resultOf(s: CounterState): GameResult {
  return resultFromScores(
    s.players.map((p) => p.tally),
    "higher",
  );
}
