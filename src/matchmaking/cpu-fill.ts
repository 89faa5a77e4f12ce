/**
 * Quick match fills with CPUs: a player who has waited `QUICK_MATCH_CPU_FILL_SECONDS` (a Worker
 * var, default 30; 0 turns it off) without being matched with anyone gets a room of their own
 * with CPU opponents. Such a game is unranked (docs/lobby-and-matchmaking.md says why).
 */
import type { AnyGameDefinition } from "../rooms/game";

export const CPU_FILL = {
  defaultSeconds: 30,
  /** CPU opponents per filled table, within the game's seat limits and its CPU personalities. */
  opponents: 2,
} as const;

/** The wait before CPUs fill in, in ms; null when filling is off. An unset or invalid var means the default. */
export function cpuFillMs(env: { QUICK_MATCH_CPU_FILL_SECONDS?: string }): number | null {
  const raw = env.QUICK_MATCH_CPU_FILL_SECONDS;
  const n = raw === undefined || raw.trim() === "" ? Number.NaN : Number(raw);
  const seconds = Number.isInteger(n) && n >= 0 ? n : CPU_FILL.defaultSeconds;
  return seconds === 0 ? null : seconds * 1000;
}

/**
 * The CPU personalities that join one waiting player: enough for the game's minimum, else
 * `CPU_FILL.opponents`, each personality once. `pick` chooses among the unused ones.
 */
export function cpuOpponents(game: AnyGameDefinition, pick: (unused: string[]) => string): string[] {
  const wanted = Math.min(Math.max(CPU_FILL.opponents, game.minPlayers - 1), game.maxPlayers - 1, game.cpuProfiles.length);
  const chosen: string[] = [];
  while (chosen.length < wanted) chosen.push(pick(game.cpuProfiles.filter((p) => !chosen.includes(p))));
  return chosen;
}
