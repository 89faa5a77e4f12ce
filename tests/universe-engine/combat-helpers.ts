import { type BattleInputData, BattleInputSchema, runBattle } from "../../src/universe/engine/combat/index";
import { DEFAULT_SETTINGS, type UniverseSettingsInput, UniverseSettingsSchema } from "../../src/universe/engine/settings";

export function battle(input: BattleInputData, seed = 1, settings: UniverseSettingsInput = {}) {
  return runBattle(
    BattleInputSchema.parse(input),
    settings === undefined ? DEFAULT_SETTINGS : UniverseSettingsSchema.parse(settings),
    seed,
  );
}

/** Units left on one side after the battle, summed over its participants. */
export function survivors(report: ReturnType<typeof battle>, side: "attackers" | "defenders"): Record<string, number> {
  const last = report.rounds.at(-1);
  const fleets = last ? last.end[side] : report.participants[side].map((p) => p.units);
  const out: Record<string, number> = {};
  for (const f of fleets) for (const [k, v] of Object.entries(f)) out[k] = (out[k] ?? 0) + v;
  return out;
}
