/** Golf as a room-runtime game. */
import type { GameDefinition } from "../../rooms/game";
import { type GolfAction, golfActionSchema } from "./actions";
import { golfCpuMove } from "./cpu/decide";
import { CPU_PROFILE_NAMES, cpuProfile, FALLBACK_PROFILE } from "./cpu/profiles";
import { applyGolf, MAX_PLAYERS, MIN_PLAYERS, setupGolf } from "./engine";
import { activeRules, type GolfOptions, golfOptionsSchema, isStandardRules } from "./options";
import { golfResult } from "./round";
import { awaitingSeats, legalGolfActions } from "./rules";
import type { GolfState } from "./state";
import { projectGolfEvent, viewGolf } from "./view";

/**
 * Round advance: between holes the game waits in `round_over` for a `next_round` from any seat
 * (there is no host inside the engine). Every seat is awaited then, so a click, a CPU or an
 * expired timer advances it; a runtime that wants a pause on the results should give CPUs a
 * longer delay there. After the last hole, `next_round` ends the game (spec §1.7).
 */
export const golf: GameDefinition<GolfState, GolfAction, GolfOptions> = {
  id: "golf",
  title: "Golf",
  minPlayers: MIN_PLAYERS,
  maxPlayers: MAX_PLAYERS,
  optionsSchema: golfOptionsSchema,
  actionSchema: golfActionSchema,
  cpuProfiles: CPU_PROFILE_NAMES,
  setup: setupGolf,
  legalActions: legalGolfActions,
  apply: applyGolf,
  view: viewGolf,
  projectEvent: projectGolfEvent,
  awaiting: awaitingSeats,
  isOver: (s) => s.phase === "game_over",
  result: (s) => (s.phase === "game_over" ? golfResult(s) : null),
  // A timed-out player gets the balanced CPU's move: sensible, and never a wasted turn.
  timeoutMove: (s, seat, rng) => golfCpuMove(s, seat, FALLBACK_PROFILE, rng),
  cpuMove: (s, seat, profile, rng) => golfCpuMove(s, seat, cpuProfile(profile), rng),
  summary: (o) => ({
    rounds: o.rounds,
    decks: o.decks,
    initial_flips: o.initial_flips,
    flip_mode: o.flip_mode,
    active_rules: activeRules(o),
    ranked: isStandardRules(o),
  }),
  isRanked: isStandardRules,
};
