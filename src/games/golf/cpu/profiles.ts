/** The CPU personalities of spec §7.1. */

export type CpuProfile = {
  name: string;
  style: string;
  /** How far a face-down slot is trusted: hidden-slot gains are scaled by 0.5 + threshold/16. */
  swapThreshold: number;
  /** Appetite for pairs (and, above 0.6, for holding out for them). */
  pairHope: number;
  /** Appetite for revealing, going out and knocking; lowers the appetite for flip-as-action. */
  aggression: number;
  /** Chance of a random choice at the few points where the pipeline allows one. */
  unpredictability: number;
};

const profile = (
  name: string,
  style: string,
  swapThreshold: number,
  pairHope: number,
  aggression: number,
  unpredictability: number,
): CpuProfile => ({ name, style, swapThreshold, pairHope, aggression, unpredictability });

export const CPU_PROFILES: readonly CpuProfile[] = [
  profile("Sofia", "Calculated & Patient", 4, 0.2, 0.2, 0.02),
  profile("Maya", "Aggressive Closer", 6, 0.4, 0.85, 0.1),
  profile("Priya", "Pair Hunter", 7, 0.8, 0.5, 0.05),
  profile("Marcus", "Steady Eddie", 5, 0.35, 0.4, 0.03),
  profile("Kenji", "Risk Taker", 8, 0.7, 0.75, 0.12),
  profile("Diego", "Chaotic Gambler", 6, 0.5, 0.6, 0.28),
  profile("River", "Adaptive Strategist", 5, 0.45, 0.55, 0.08),
  profile("Sage", "Sneaky Finisher", 5, 0.3, 0.9, 0.15),
];

/** Used for unknown profile names and for moves made on behalf of timed-out players. */
export const FALLBACK_PROFILE: CpuProfile = profile("CPU", "Balanced", 5, 0.4, 0.5, 0.1);

export const CPU_PROFILE_NAMES: readonly string[] = CPU_PROFILES.map((p) => p.name);

const BY_NAME = new Map(CPU_PROFILES.map((p) => [p.name, p]));

export function cpuProfile(name: string): CpuProfile {
  return BY_NAME.get(name) ?? FALLBACK_PROFILE;
}
