/**
 * Re-simulating a logged game through its engine, per the replay contract of `src/rooms/game.ts`:
 * `setup` with `createRng(seed)`, then `apply` for every logged `(seat, action)` with the same RNG
 * threaded through. Replays, exports, imports and stats all go through here.
 */
import { gameRegistry } from "../games/registry";
import { createRng } from "../lib/rng";
import type { AnyGameDefinition, GameEvent, GameResult, SeatInfo } from "../rooms/game";

export interface SimulationInput {
  game: string;
  seed: number;
  seats: readonly SeatInfo[];
  options: unknown;
  actions: readonly { seat: number; action: unknown }[];
}

/** Called after the setup (`index` 0) and after each action (`index` = action position + 1). */
export type StepListener = (step: { index: number; events: GameEvent[]; state: unknown }, game: AnyGameDefinition) => void;

export type SimulationFailure = {
  ok: false;
  /** `unknown_game`, `invalid_options`, `invalid_seats`, `invalid_action`, `engine_error`, or the engine's own rejection code. */
  code: string;
  message: string;
  /** 0-based position in `actions` of the action that failed; null when the setup failed. */
  index: number | null;
};

export type Simulation =
  | {
      ok: true;
      game: AnyGameDefinition;
      /** The parsed options the game was set up with. */
      options: unknown;
      final: unknown;
      over: boolean;
      /** The engine's result; null unless the game is over. */
      result: GameResult | null;
      /** Every raw event, setup first, in order. */
      events: GameEvent[];
    }
  | SimulationFailure;

const fail = (code: string, message: string, index: number | null): SimulationFailure => ({ ok: false, code, message, index });

/** Any registered game, whether or not rooms offer it now. */
export function findGame(id: string): AnyGameDefinition | undefined {
  return Object.hasOwn(gameRegistry, id) ? (gameRegistry as Record<string, AnyGameDefinition>)[id] : undefined;
}

export function simulate(input: SimulationInput, onStep?: StepListener): Simulation {
  const game = findGame(input.game);
  if (!game) return fail("unknown_game", `no game ${JSON.stringify(input.game)} is registered`, null);
  const options = game.optionsSchema.safeParse(input.options);
  if (!options.success)
    return fail("invalid_options", `the options do not fit ${game.id}: ${options.error.issues[0]?.message ?? ""}`, null);
  const n = input.seats.length;
  if (n < game.minPlayers || n > game.maxPlayers) {
    return fail("invalid_seats", `${game.id} needs ${game.minPlayers}–${game.maxPlayers} seats, got ${n}`, null);
  }
  if (input.seats.some((s, i) => s.seat !== i)) return fail("invalid_seats", "seats must be numbered 0..n-1 in order", null);

  const rng = createRng(input.seed);
  const events: GameEvent[] = [];
  let state: unknown;
  try {
    const init = game.setup({ seats: input.seats.map((s) => ({ seat: s.seat, name: s.name, cpu: s.cpu })), options: options.data, rng });
    state = init.state;
    events.push(...init.events);
    onStep?.({ index: 0, events: init.events, state }, game);
  } catch (e) {
    return fail("engine_error", `setup failed: ${(e as Error).message}`, null);
  }

  for (let i = 0; i < input.actions.length; i++) {
    const { seat, action } = input.actions[i] as { seat: number; action: unknown };
    if (!Number.isInteger(seat) || seat < 0 || seat >= n) return fail("invalid_seats", `action ${i} names seat ${seat}`, i);
    const parsed = game.actionSchema.safeParse(action);
    if (!parsed.success) return fail("invalid_action", `action ${i} is not a ${game.id} action`, i);
    let res: ReturnType<AnyGameDefinition["apply"]>;
    try {
      res = game.apply(state, seat, parsed.data, rng);
    } catch (e) {
      return fail("engine_error", `action ${i} made the engine fail: ${(e as Error).message}`, i);
    }
    if (!res.ok) return fail(res.code, `action ${i} is illegal: ${res.message}`, i);
    state = res.state;
    events.push(...res.events);
    onStep?.({ index: i + 1, events: res.events, state }, game);
  }

  const over = game.isOver(state);
  return { ok: true, game, options: options.data, final: state, over, result: over ? game.result(state) : null, events };
}
