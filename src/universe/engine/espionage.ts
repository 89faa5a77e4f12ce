import type { BuildingName, Levels, ResearchName, UnitName } from "./catalog-types";
import { DEFENSE_NAMES, SHIP_NAMES } from "./catalog-types";
import { runBattle } from "./combat/battle";
import { BattleInputSchema, type BattleReport, combatTechs } from "./combat/schema";
import { createRng, deriveSeed } from "../../lib/rng";
import { planetProduction } from "./economy";
import { NO_RESOURCES, type Resources } from "./resources";
import type { UniverseSettings } from "./settings";
import type { Planet } from "./state";

/*
 * Espionage (§9), as pure functions the arrival owner calls with the target settled to the
 * probes' arrival. The report is written before the counter-espionage fight, so it is delivered
 * whatever happens to the probes.
 */

export type EspionageSection = "resources" | "ships" | "defense" | "buildings" | "research";

/** Section, probes needed (N), and the espionage lead that shows it anyway (k). */
const GATED: readonly [EspionageSection, number, number][] = [
  ["ships", 2, 1],
  ["defense", 3, 2],
  ["buildings", 5, 3],
  ["research", 7, 4],
];

/**
 * §9: with d = max(0, def − att) and remaining = max(0, probes − d²), a section shows when
 * remaining ≥ N or att − k ≥ def. Resources (and the debris field) always show.
 */
export function espionageSections(probes: number, attackerLevel: number, defenderLevel: number): EspionageSection[] {
  const d = Math.max(0, defenderLevel - attackerLevel);
  const remaining = Math.max(0, probes - d * d);
  return ["resources", ...GATED.filter(([, n, k]) => remaining >= n || attackerLevel - k >= defenderLevel).map(([s]) => s)];
}

/**
 * §9: min(100, floor(ships × (def − att + 1) / (probes × 4) × 100)) percent, 0 without probes,
 * ships or a positive (def − att + 1). Computed in integers (×100 before dividing), so 29 ships
 * against 25 probes is 29 %, not the 28 a float product would floor to.
 */
export function counterEspionageChance(probes: number, ships: number, attackerLevel: number, defenderLevel: number): number {
  const lead = defenderLevel - attackerLevel + 1;
  if (probes <= 0 || ships <= 0 || lead <= 0) return 0;
  return Math.min(100, Math.floor((ships * lead * 100) / (probes * 4)));
}

type Units = Partial<Record<UnitName, number>>;

export interface EspionageReport {
  readonly sections: EspionageSection[];
  /** Stock at arrival and the planet's energy balance (produced − used). */
  readonly resources: Resources & { readonly energy: number };
  /** The debris field at the coordinates, when there is one. */
  readonly debris: Resources | null;
  readonly ships?: Units;
  readonly defense?: Units;
  readonly buildings?: Levels<BuildingName>;
  readonly research?: Levels<ResearchName>;
  /** With the ships: buddies' fleets holding at the planet (ACS defend), by owner. */
  readonly holding?: readonly HeldFleet[];
  readonly counterEspionageChance: number;
}

/** A buddy's fleet holding at the spied planet, as the report shows it. */
export interface HeldFleet {
  readonly owner: string;
  readonly ships: Units;
}

export interface EspionageArrival {
  readonly target: Planet;
  readonly ownerResearch: Levels<ResearchName>;
  readonly probes: number;
  readonly attackerResearch: Levels<ResearchName>;
  readonly debris: Resources | null;
  /** From the cause (the probes' fleet id), so a replayed arrival rolls the same. */
  readonly seed: number;
  /**
   * Buddies' fleets holding there, seen with the ships section. Only the owner's own ships count
   * towards counter-espionage and fight the probes: a holder's losses would belong to another empire.
   */
  readonly holders?: readonly HeldFleet[];
}

export interface EspionageResult {
  readonly report: EspionageReport;
  readonly counter: { readonly chance: number; readonly triggered: boolean; readonly battle: BattleReport | null };
  readonly probesLeft: number;
  /** The target's ships after a counter-espionage fight (its defences never fight). */
  readonly targetShips: Units;
  /** Debris of the fight, for the field at the coordinates. */
  readonly newDebris: Resources;
}

function pick(units: Levels<UnitName>, names: readonly UnitName[]): Units {
  const out: Units = {};
  for (const n of names) if ((units[n] ?? 0) > 0) out[n] = units[n];
  return out;
}

/** One entry per owner, their holding fleets' ships added up, in the order they arrived. */
function byOwner(holders: readonly HeldFleet[]): HeldFleet[] {
  const out = new Map<string, Units>();
  for (const h of holders) {
    const ships = out.get(h.owner) ?? {};
    for (const [name, n] of Object.entries(h.ships)) ships[name as UnitName] = (ships[name as UnitName] ?? 0) + (n ?? 0);
    out.set(h.owner, ships);
  }
  return [...out].map(([owner, ships]) => ({ owner, ships }));
}

/**
 * The probes' report and the counter-espionage roll (`random_int(1,100) ≤ chance`). On a hit the
 * probes fight the planet's ships only: no defences, no repair, no loot, no moon; probes that
 * survive return. The defender is always told the chance (`report.counterEspionageChance`).
 */
export function resolveEspionage(a: EspionageArrival, settings: UniverseSettings): EspionageResult {
  const att = a.attackerResearch.espionage_technology ?? 0;
  const def = a.ownerResearch.espionage_technology ?? 0;
  const sections = espionageSections(a.probes, att, def);
  const ships = pick(a.target.units, SHIP_NAMES);
  const shipCount = Object.values(ships).reduce((s, n) => s + (n ?? 0), 0);
  const chance = counterEspionageChance(a.probes, shipCount, att, def);
  const production = planetProduction(a.target, a.ownerResearch, settings);
  const report: EspionageReport = {
    sections,
    resources: { ...a.target.resources, energy: production.energyProduced - production.energyUsed },
    debris: a.debris,
    ...(sections.includes("ships") ? { ships } : {}),
    ...(sections.includes("ships") && a.holders?.length ? { holding: byOwner(a.holders) } : {}),
    ...(sections.includes("defense") ? { defense: pick(a.target.units, DEFENSE_NAMES) } : {}),
    ...(sections.includes("buildings") ? { buildings: { ...a.target.buildings } } : {}),
    ...(sections.includes("research") ? { research: { ...a.ownerResearch } } : {}),
    counterEspionageChance: chance,
  };
  const rng = createRng(a.seed);
  const triggered = chance > 0 && rng.int(1, 100) <= chance;
  if (!triggered) {
    return { report, counter: { chance, triggered, battle: null }, probesLeft: a.probes, targetShips: ships, newDebris: NO_RESOURCES };
  }
  // Probes are worth nothing to a tactical retreat (§7.2), so the owner's ships always stay and fight.
  const battle = runBattle(
    BattleInputSchema.parse({
      attackers: [{ ships: { espionage_probe: a.probes }, techs: combatTechs(a.attackerResearch) }],
      defenders: [{ ships, techs: combatTechs(a.ownerResearch) }],
      lootPercent: 0,
      moonAllowed: false,
    }),
    settings,
    deriveSeed(a.seed, "counter_espionage"),
  );
  const lost = battle.losses.defenders[0]?.units ?? {};
  const targetShips: Units = {};
  for (const [name, n] of Object.entries(ships)) {
    const left = (n ?? 0) - (lost[name] ?? 0);
    if (left > 0) targetShips[name as UnitName] = left;
  }
  return {
    report,
    counter: { chance, triggered, battle },
    probesLeft: a.probes - (battle.losses.attackers[0]?.units.espionage_probe ?? 0),
    targetShips,
    newDebris: battle.debris,
  };
}
