/**
 * Real Golf games for the history and stats tests: played by the engine's CPUs (on every seat, the
 * "human" ones included) the way a room would, and turned into the record a room hands to
 * `recordGame`.
 */
import { env } from "cloudflare:test";
import { expect } from "vitest";
import { type GolfAction, type GolfOptionsInput, type GolfState, golf, parseGolfOptions } from "../../src/games/golf/index";
import { recordGame } from "../../src/history/record";
import type { GameRecordInput } from "../../src/history/schemas";
import { createRng, deriveSeed } from "../../src/lib/rng";
import type { GameEvent } from "../../src/rooms/game";
import { call, json, type TestUser } from "../helpers/http";

export interface PlayerSpec {
  /** A human seat's user, or null for a CPU seat. */
  userId: string | null;
  name?: string;
  /** The CPU profile that plays the seat (humans are played by one too, to script the game). */
  plays?: string;
}

export interface PlayedGolf {
  record: GameRecordInput;
  /** Every state: after the setup, then after each action. */
  states: GolfState[];
  events: GameEvent[];
  final: GolfState;
}

let sequence = 0;

export function gameId(prefix = "g"): string {
  sequence += 1;
  return `${prefix}_${crypto.randomUUID().replace(/-/g, "")}_${sequence}`;
}

/** Plays a whole game; `stopAfter` abandons it after that many actions. */
export function playGolf(opts: {
  seed: number;
  players: PlayerSpec[];
  options?: GolfOptionsInput;
  id?: string;
  startedAt?: number;
  stopAfter?: number;
}): PlayedGolf {
  const options = parseGolfOptions(opts.options ?? {});
  const seats = opts.players.map((p, seat) => ({
    seat,
    userId: p.userId,
    name: p.name ?? (p.userId ? `human${seat}` : (p.plays ?? "Sofia")),
    cpu: p.userId ? null : (p.plays ?? "Sofia"),
  }));
  const rng = createRng(opts.seed);
  const setup = golf.setup({ seats: seats.map(({ seat, name, cpu }) => ({ seat, name, cpu })), options, rng });
  let state = setup.state;
  const states: GolfState[] = [state];
  const events: GameEvent[] = [...setup.events];
  const actions: GameRecordInput["actions"] = [];
  const startedAt = opts.startedAt ?? 1_767_225_600_000;
  let decisions = 0;
  while (!golf.isOver(state) && (opts.stopAfter === undefined || actions.length < opts.stopAfter)) {
    const seat = golf.awaiting(state)[0] as number;
    const player = opts.players[seat] as PlayerSpec;
    const action: GolfAction = golf.cpuMove(state, seat, player.plays ?? "Sofia", createRng(deriveSeed(opts.seed, "cpu", decisions++)));
    const res = golf.apply(state, seat, action, rng);
    if (!res.ok) throw new Error(`illegal CPU move ${JSON.stringify(action)}: ${res.code}`);
    state = res.state;
    states.push(state);
    events.push(...res.events);
    actions.push({ seat, action, source: player.userId ? "human" : "cpu", at: startedAt + 1500 * (actions.length + 1) });
  }
  const over = golf.isOver(state);
  const result = over ? golf.result(state) : null;
  const record: GameRecordInput = {
    id: opts.id ?? gameId(),
    game: "golf",
    options: options as unknown as Record<string, unknown>,
    status: over ? "finished" : "abandoned",
    seed: opts.seed,
    seats,
    result: result && { ...result, reason: "completed", forfeited: [] },
    startedAt,
    endedAt: startedAt + 1500 * (actions.length + 1),
    actions,
  };
  return { record, states, events, final: state };
}

/** Round results of a played game, for hand-checking stats. */
export function roundsOf(events: GameEvent[]) {
  return events
    .filter((e) => e.type === "round_ended")
    .map((e) => e.data as { scores: number[]; winners: number[]; finisher: number | null; hands: { rank: string }[][] });
}

export async function record(input: GameRecordInput): Promise<boolean> {
  return (await recordGame(env, input)).recorded;
}

export async function myStats(user: TestUser, game = "golf") {
  const res = await call(`/v1/me/stats?game=${game}`, { token: user.accessToken });
  expect(res.status).toBe(200);
  const body = await json(res);
  return { stats: body.stats[0], achievements: body.achievements as { key: string; gameId: string }[] };
}
