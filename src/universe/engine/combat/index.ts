/**
 * The combat engine (rules §6, §7): pure and seeded. `runBattle` fights one battle and returns its
 * report; `simulateBattles` runs many for the public simulator. See docs/combat.md.
 */

export { moonRoll, plunder, splitLoot } from "./aftermath";
export { EXACT_UNIT_LIMIT, MAX_ROUNDS, runBattle } from "./battle";
export type { BattleInput, BattleInputData, BattleReport } from "./schema";
export { BattleInputSchema, BattleReportSchema } from "./schema";
export type { SimulationRequest, SimulationResult } from "./simulate";
export { SimulationRequestSchema, SimulationResultSchema, simulateBattles } from "./simulate";
export { explosionOutcomes, rapidFireSuccesses } from "./units";
