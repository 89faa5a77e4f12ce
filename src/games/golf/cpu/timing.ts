/** How long a CPU appears to think (spec §7.2 steps 1): the runtime schedules it, the engine never waits. */
import type { Rng } from "../../../lib/rng";
import { cpuProfile } from "./profiles";

const between = (rng: Rng, min: number, max: number): number => min + rng.next() * (max - min);

/** 0.3–0.5 s pause plus 0.15–0.3 s of thought; very unpredictable profiles (Diego) scale it by 0.6–1.4. */
export function thinkDelayMs(profile: string, rng: Rng): number {
  const base = between(rng, 300, 500) + between(rng, 150, 300);
  const scale = cpuProfile(profile).unpredictability > 0.2 ? between(rng, 0.6, 1.4) : 1;
  return Math.round(base * scale);
}
