/**
 * Combat phase of `npm run bench:universe`: battles of 10k, 100k and 1M units per side with mixed
 * fleets where rapid fire matters (cruisers vs light fighters and rocket launchers, battlecruisers
 * vs cruisers and battleships, bombers vs defences, probes and satellites as fodder).
 */
import { BattleInputSchema, EXACT_UNIT_LIMIT, runBattle } from "../src/universe/engine/combat/index";
import { UniverseSettingsSchema } from "../src/universe/engine/settings";

const ATTACKER = {
  light_fighter: 0.4,
  cruiser: 0.25,
  battle_ship: 0.1,
  battlecruiser: 0.1,
  bomber: 0.05,
  destroyer: 0.05,
  espionage_probe: 0.05,
};
const DEFENDER_SHIPS = { light_fighter: 0.2, heavy_fighter: 0.1, cruiser: 0.1, solar_satellite: 0.01 };
const DEFENDER_DEFENSES = { rocket_launcher: 0.35, light_laser: 0.15, heavy_laser: 0.05, gauss_cannon: 0.03, plasma_turret: 0.01 };
const TECHS = { weapon_technology: 12, shielding_technology: 12, armor_technology: 12, hyperspace_technology: 8 };

const scale = (mix: Record<string, number>, n: number) => Object.fromEntries(Object.entries(mix).map(([k, f]) => [k, Math.round(f * n)]));

export function battleInput(perSide: number, mode: "auto" | "exact" | "grouped" = "auto") {
  return BattleInputSchema.parse({
    attackers: [{ ships: scale(ATTACKER, perSide), techs: TECHS }],
    defenders: [{ ships: scale(DEFENDER_SHIPS, perSide), defenses: scale(DEFENDER_DEFENSES, perSide), techs: TECHS }],
    resources: { metal: 5e7, crystal: 3e7, deuterium: 1e7 },
    mode,
  });
}

const mb = (bytes: number) => Math.round(bytes / 1048576);

export function combatBench(budgetMs = 3000) {
  const settings = UniverseSettingsSchema.parse({ tacticalRetreat: false });
  const gc = (globalThis as { gc?: () => void }).gc;
  const cases: [number, "auto" | "exact" | "grouped"][] = [
    [10_000, "exact"],
    [10_000, "grouped"],
    [100_000, "auto"],
    [1_000_000, "auto"],
    [10_000_000, "auto"],
  ];
  return cases.map(([perSide, mode]) => {
    const input = battleInput(perSide, mode);
    gc?.();
    const heapBefore = process.memoryUsage().heapUsed;
    let battles = 0;
    let peakHeap = heapBefore;
    let sample = runBattle(input, settings, 0);
    const t0 = performance.now();
    while (performance.now() - t0 < budgetMs || battles < 3) {
      sample = runBattle(input, settings, ++battles);
      peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
    }
    const ms = (performance.now() - t0) / battles;
    return {
      unitsPerSide: perSide,
      mode: sample.mode,
      battles,
      battlesPerSecond: Math.round((1000 / ms) * 10) / 10,
      msPerBattle: Math.round(ms * 10) / 10,
      rounds: sample.rounds.length,
      shotsRound1: sample.rounds[0]?.attackerFire.shots,
      outcome: sample.outcome,
      peakHeapGrowthMB: mb(peakHeap - heapBefore),
      maxRssMB: mb(process.resourceUsage().maxRSS * 1024),
    };
  });
}

export const COMBAT_NOTE = `auto fires shot by shot up to ${EXACT_UNIT_LIMIT} units in the battle, grouped above`;
