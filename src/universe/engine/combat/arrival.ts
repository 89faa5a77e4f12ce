import { deriveSeed } from "../../../lib/rng";
import { SHIPS } from "../catalog";
import type { Levels, ResearchName, ShipName } from "../catalog-types";
import { createMoon } from "../moons";
import { NO_RESOURCES, type Resources, subtractResources } from "../resources";
import type { UniverseSettings } from "../settings";
import type { Planet } from "../state";
import { shipMobility } from "../unit-stats";
import { keepCargo } from "./aftermath";
import { runBattle } from "./battle";
import { BattleInputSchema, type BattleReport, combatTechs } from "./schema";
import { COMBAT_UNITS } from "./units";

/*
 * What happens when an attack (or an ACS attack) reaches a planet or moon (§7.13), as a pure
 * function the arrival owner calls with the target settled to the arrival instant. It returns
 * the new target and what each fleet takes home; the shell persists them in one transaction.
 */

type Units = Record<string, number>;

export interface ArrivingFleet {
  readonly id: string;
  readonly ownerId: string;
  readonly ships: Partial<Record<ShipName, number>>;
  readonly cargo: Resources;
  readonly research: Levels<ResearchName>;
}

/** An ACS-defend fleet holding at the target: it fights on the defender side. */
export interface HoldingFleet {
  readonly id: string;
  readonly ownerId: string;
  readonly ships: Partial<Record<ShipName, number>>;
  readonly research: Levels<ResearchName>;
}

export interface AttackArrival {
  /** The target, settled to `at` (resources computed to that second). */
  readonly target: Planet;
  readonly ownerResearch: Levels<ResearchName>;
  /** One fleet, or an ACS union's fleets in the order they joined. */
  readonly attackers: readonly ArrivingFleet[];
  readonly holders: readonly HoldingFleet[];
  /** Whether the target planet already has a moon (no second moon can form). */
  readonly targetHasMoon: boolean;
  readonly lootPercent?: number;
  readonly at: number;
  /** Seeds the battle: chosen from the cause (the fleet or union id) so a replayed arrival fights the same battle. */
  readonly seed: number;
  /** Id for a moon the battle may create. */
  readonly moonId: string;
}

export interface FleetAfter {
  readonly id: string;
  /** Survivors; empty when the fleet was destroyed. */
  readonly ships: Units;
  /** Cargo kept plus loot, for the way home. */
  readonly cargo: Resources;
  /** What went down with the lost ships' holds. */
  readonly cargoLost: Resources;
}

export interface AttackResult {
  readonly battle: BattleReport;
  /** The target with loot taken, losses removed, repaired defences kept and fleeing ships gone. */
  readonly target: Planet;
  readonly attackers: readonly FleetAfter[];
  readonly holders: readonly { readonly id: string; readonly ships: Units }[];
  /** The owner's ships that fled before the fight (§7.2); the shell flies them out and back. */
  readonly fled: Units;
  /** To add to the debris field at the target's coordinates. */
  readonly debris: Resources;
  readonly moon: Planet | null;
}

const positive = (u: Units) => Object.fromEntries(Object.entries(u).filter(([, n]) => n > 0));

function minus(a: Units, b: Units): Units {
  const out: Units = { ...a };
  for (const [k, v] of Object.entries(b)) out[k] = (out[k] ?? 0) - v;
  return positive(out);
}

/** The cargo capacity of `ships` for their owner's research. */
export function cargoHold(ships: Units, research: Levels<ResearchName>): number {
  let cap = 0;
  for (const [name, n] of Object.entries(ships)) cap += shipMobility(SHIPS[name as ShipName], research).cargo * n;
  return cap;
}

/** The planet's fighting units split as the battle takes them; missiles stay out (§7.1). */
function planetForces(planet: Planet) {
  const ships: Units = {};
  const defenses: Units = {};
  for (const def of COMBAT_UNITS) {
    const n = planet.units[def.name] ?? 0;
    if (n > 0) (def.kind === "ship" ? ships : defenses)[def.name] = n;
  }
  return { ships, defenses };
}

export function resolveAttack(a: AttackArrival, settings: UniverseSettings): AttackResult {
  const forces = planetForces(a.target);
  const input = BattleInputSchema.parse({
    attackers: a.attackers.map((f) => ({ ships: positive(f.ships as Units), techs: combatTechs(f.research), cargo: f.cargo })),
    defenders: [
      { ships: forces.ships, defenses: forces.defenses, techs: combatTechs(a.ownerResearch) },
      ...a.holders.map((h) => ({ ships: positive(h.ships as Units), techs: combatTechs(h.research) })),
    ],
    resources: a.target.resources,
    lootPercent: a.lootPercent ?? 50,
    moonAllowed: a.target.type === "planet" && !a.targetHasMoon,
  });
  const battle = runBattle(input, settings, a.seed);
  const { losses, participants } = battle;

  const attackers = a.attackers.map((f, i): FleetAfter => {
    const ships = minus(participants.attackers[i]?.units ?? {}, losses.attackers[i]?.units ?? {});
    const kept = keepCargo(f.cargo, cargoHold(ships, f.research));
    const loot = battle.loot.perAttacker[i] ?? NO_RESOURCES;
    return {
      id: f.id,
      ships,
      cargo: { metal: kept.metal + loot.metal, crystal: kept.crystal + loot.crystal, deuterium: kept.deuterium + loot.deuterium },
      cargoLost: subtractResources(f.cargo, kept),
    };
  });
  const holders = a.holders.map((h, i) => ({
    id: h.id,
    ships: minus(participants.defenders[i + 1]?.units ?? {}, losses.defenders[i + 1]?.units ?? {}),
  }));

  // Fled ships leave the planet as well as lost ones (they come back with their own flight).
  const units = minus(minus(a.target.units as Units, losses.defenders[0]?.units ?? {}), battle.retreated) as Planet["units"];
  const target: Planet = { ...a.target, units, resources: subtractResources(a.target.resources, battle.loot.total) };
  const moon = battle.moon.formed && battle.moon.diameter !== null ? createMoon(a.target, battle.moon.diameter, a.moonId, a.at) : null;
  return { battle, target, attackers, holders, fled: battle.retreated, debris: battle.debris, moon };
}

/** The battle seed of an arrival, from its cause: the same fleet (or union) always fights the same battle. */
export function arrivalSeed(causeId: string, universeSeed = 0): number {
  return deriveSeed(universeSeed, "arrival", causeId);
}
