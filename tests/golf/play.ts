/** Drives whole Golf games through the public `golf` definition, the way a room runtime would. */
import {
  CPU_PROFILE_NAMES,
  type GolfAction,
  type GolfOptions,
  type GolfOptionsInput,
  type GolfState,
  golf,
  parseGolfOptions,
} from "../../src/games/golf/index";
import { createRng, type Rng, type RngState } from "../../src/lib/rng";
import type { GameEvent, SeatInfo } from "../../src/rooms/game";

/** A CPU profile name (unknown names fall back to the default CPU), a uniformly random legal move, or the timeout move. */
export type Policy = string;
export const POLICIES: readonly Policy[] = [...CPU_PROFILE_NAMES, "Nobody", "random", "timeout"];

export type GameConfig = {
  seed: number;
  players: number;
  options: GolfOptionsInput;
  /** By seat; the first `players` are used. */
  policies: readonly Policy[];
  /** Randomness for the drivers' decisions, kept apart from the game stream as the runtime does. */
  driverSeed: number;
  /** Also throw a random (often illegal) action at the engine now and then. */
  probe?: boolean;
  /** Deep-freeze every state, so an `apply` that mutates its input throws. Costly with big decks. */
  freeze?: boolean;
};

export type PlayedGame = {
  seats: SeatInfo[];
  options: GolfOptions;
  setupEvents: GameEvent[];
  log: [number, GolfAction][];
  events: GameEvent[];
  final: GolfState;
  rngState: RngState;
};

const MAX_ACTIONS = 20_000;

/** Freezes the new parts of a state, so any later mutation by `apply` throws (modules are strict). */
function deepFreeze<T>(value: T): T {
  if (typeof value !== "object" || value === null || Object.isFrozen(value)) return value;
  Object.freeze(value);
  if (Array.isArray(value)) for (const item of value) deepFreeze(item);
  else for (const key in value) deepFreeze(value[key]);
  return value;
}

function randomAction(rng: Rng): GolfAction {
  const position = rng.int(-1, 6);
  return rng.pick<GolfAction>([
    { type: "flip_initial", positions: Array.from({ length: rng.int(0, 3) }, () => rng.int(-1, 6)) },
    { type: "draw_deck" },
    { type: "draw_discard" },
    { type: "swap", position },
    { type: "discard" },
    { type: "cancel_draw" },
    { type: "flip_card", position },
    { type: "skip_flip" },
    { type: "flip_as_action", position },
    { type: "knock_early" },
    { type: "next_round" },
  ]);
}

function decide(state: GolfState, seat: number, policy: Policy, rng: Rng): GolfAction {
  if (policy === "random") return rng.pick(golf.legalActions(state, seat));
  if (policy === "timeout") return golf.timeoutMove(state, seat, rng);
  return golf.cpuMove(state, seat, policy, rng);
}

/**
 * Plays a game to its end. `onStep` sees the state after setup and after every accepted action,
 * with that step's raw events. Throws on an illegal CPU/timeout move, a rejected move that
 * changed anything, or a game that does not end.
 */
export function playGame(config: GameConfig, onStep?: (state: GolfState, events: GameEvent[]) => void): PlayedGame {
  const seats = Array.from({ length: config.players }, (_, seat) => ({ seat, name: `P${seat}`, cpu: config.policies[seat] ?? null }));
  const options = parseGolfOptions(config.options);
  const rng = createRng(config.seed);
  const driver = createRng(config.driverSeed);
  const setup = golf.setup({ seats, options, rng });
  const keep = config.freeze ? deepFreeze : <T>(value: T): T => value;
  let state = keep(setup.state);
  onStep?.(state, setup.events);
  const log: [number, GolfAction][] = [];
  const events: GameEvent[] = [];

  const accept = (seat: number, action: GolfAction, result: ReturnType<typeof golf.apply>): void => {
    if (!result.ok) throw new Error(`Rejected ${JSON.stringify(action)} from seat ${seat}: ${result.code}`);
    log.push([seat, action]);
    events.push(...result.events);
    state = keep(result.state);
    onStep?.(state, result.events);
  };

  while (!golf.isOver(state)) {
    if (log.length > MAX_ACTIONS) throw new Error(`Game did not end within ${MAX_ACTIONS} actions`);
    const seat = driver.pick(golf.awaiting(state));
    if (config.probe && driver.chance(0.05)) {
      const probe = randomAction(driver);
      const before = rng.save();
      const result = golf.apply(state, seat, probe, rng);
      if (result.ok) accept(seat, probe, result);
      else if (JSON.stringify(rng.save()) !== JSON.stringify(before)) throw new Error("A rejected action consumed randomness");
      continue;
    }
    const action = decide(state, seat, config.policies[seat] ?? "random", driver);
    const legal = golf.legalActions(state, seat).map((a) => JSON.stringify(a));
    if (!legal.includes(JSON.stringify(action))) throw new Error(`Move not in legalActions: ${JSON.stringify(action)}`);
    accept(seat, action, golf.apply(state, seat, action, rng));
  }
  return { seats, options, setupEvents: setup.events, log, events, final: state, rngState: rng.save() };
}
