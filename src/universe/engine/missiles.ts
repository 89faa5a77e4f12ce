import { DEFENSES } from "./catalog";
import type { DefenseName, Levels, ResearchName, UnitName } from "./catalog-types";
import { COMBAT_DEFENSES } from "./combat/schema";
import { type Failure, fail, notYourPlanet } from "./errors";
import { newbieProtected } from "./fleet/missions";
import { ringSteps } from "./fleet/movement";
import type { UniverseSettings } from "./settings";
import type { Coordinates, Empire, Planet } from "./state";

/*
 * Interplanetary missiles (§13): not a fleet. A launch fires 1..N missiles at one planet of the
 * same galaxy within range; on impact anti-ballistic missiles intercept first, the rest spend
 * their damage on the defences (a primary type first). No shields, no repair, no debris.
 */

/** Systems a missile reaches in its galaxy: 5 × impulse drive − 1 (0 without the drive). */
export function missileRange(impulseDrive: number): number {
  return impulseDrive > 0 ? 5 * impulseDrive - 1 : 0;
}

/** (30 + 60 × system distance) / fleet_speed_war seconds, rounded, at least 1. */
export function missileFlightSeconds(systems: number, settings: Pick<UniverseSettings, "fleetSpeedWar">): number {
  return Math.max(1, Math.round((30 + 60 * systems) / settings.fleetSpeedWar));
}

/** Defences a missile can hit: every defence but the missiles themselves, the ones that fight. */
export const MISSILE_TARGETS: readonly DefenseName[] = COMBAT_DEFENSES;

export interface MissileLaunch {
  readonly from: Coordinates;
  readonly to: Coordinates;
  readonly count: number;
  /** Missiles in the launching planet's silo. */
  readonly available: number;
  readonly primary: DefenseName | null;
  readonly research: Levels<ResearchName>;
  readonly launcherPoints: number;
  readonly targetPoints: number;
  readonly targetInactive: boolean;
  readonly targetOwn: boolean;
}

/** Whether the launch may fly, else the refusal; on success the flight time in seconds. */
export function checkMissileLaunch(l: MissileLaunch, settings: UniverseSettings): Failure | { ok: true; seconds: number } {
  if (!Number.isInteger(l.count) || l.count < 1) return fail("invalid_count", "fire at least one missile");
  if (l.count > l.available)
    return fail("invalid_count", `only ${l.available} interplanetary missiles in the silo`, { available: l.available });
  if (l.primary !== null && !MISSILE_TARGETS.includes(l.primary)) {
    return fail("invalid_object", `${l.primary} cannot be a missile's primary target`);
  }
  if (l.targetOwn) return fail("mission_not_allowed", "missiles do not fly at one's own planets");
  const range = missileRange(l.research.impulse_drive ?? 0);
  const systems = ringSteps(l.from.system, l.to.system, settings.systems);
  if (l.from.galaxy !== l.to.galaxy || systems > range) {
    return fail("out_of_range", `missiles reach ${range} systems in their own galaxy`, { range, systems });
  }
  if (settings.newbieProtection && !l.targetInactive && newbieProtected(l.launcherPoints, l.targetPoints)) {
    return fail("newbie_protected", "newbie protection: one side has 5× the other's points and less than 5,000", {
      launcherPoints: l.launcherPoints,
      ownerPoints: l.targetPoints,
    });
  }
  return { ok: true, seconds: missileFlightSeconds(systems, settings) };
}

export interface MissileImpact {
  readonly intercepted: number;
  readonly hitting: number;
  /** Total damage of the missiles that got through. */
  readonly damage: number;
  readonly destroyed: Partial<Record<DefenseName, number>>;
  /** The target's units after the impact: anti-ballistic missiles used and defences destroyed. */
  readonly units: Levels<UnitName>;
}

/**
 * The impact: each anti-ballistic missile destroys one incoming missile; each remaining one
 * carries 12,000 × (1 + 0.1 × weapons) damage; the total is spent on the primary type, then the
 * other defences in catalog order, each unit costing structural_integrity / 10 × (1 + 0.1 ×
 * armour). Amounts are kept in hundredths, so every cost and damage is an exact integer.
 */
export function missileImpact(
  impact: { count: number; primary: DefenseName | null; attackerWeapons: number; defenderArmor: number },
  units: Levels<UnitName>,
): MissileImpact {
  const abm = units.anti_ballistic_missile ?? 0;
  const intercepted = Math.min(abm, impact.count);
  const hitting = impact.count - intercepted;
  // 12,000 × (1 + 0.1 w) = 1,200 × (10 + w); × 100 → 120,000 × (10 + w).
  let left = hitting * 120_000 * (10 + impact.attackerWeapons);
  const order = impact.primary ? [impact.primary, ...MISSILE_TARGETS.filter((d) => d !== impact.primary)] : MISSILE_TARGETS;
  const after: Partial<Record<UnitName, number>> = { ...units };
  if (intercepted > 0) after.anti_ballistic_missile = abm - intercepted;
  const destroyed: Partial<Record<DefenseName, number>> = {};
  for (const name of order) {
    const n = units[name] ?? 0;
    // SI / 10 × (1 + 0.1 a) × 100 = SI × (10 + a).
    const cost = DEFENSES[name].stats.structuralIntegrity * (10 + impact.defenderArmor);
    const k = Math.min(n, Math.floor(left / cost));
    if (k === 0) continue;
    destroyed[name] = k;
    after[name] = n - k;
    left -= k * cost;
  }
  for (const [name, n] of Object.entries(after)) if (n === 0) delete after[name as UnitName];
  return { intercepted, hitting, damage: hitting * 1200 * (10 + impact.attackerWeapons), destroyed, units: after };
}

/** What the launcher's side knows of the target position (the registry's `planet_slots` and highscore). */
export interface MissileSight {
  /** Owner of the planet there; null for an empty position. */
  readonly ownerId: string | null;
  readonly ownerPoints: number;
  readonly ownerInactive?: boolean;
}

export interface MissileOrder {
  readonly planetId: string;
  readonly to: Coordinates;
  readonly count: number;
  readonly primary: DefenseName | null;
}

export interface MissilesFired {
  readonly ok: true;
  /** The empire with the missiles gone from the silo: spent at launch, they leave the score then. */
  readonly empire: Empire;
  readonly from: Planet;
  readonly seconds: number;
}

/**
 * A launch from one of the empire's planets (settled to the launch by the caller): checked by
 * `checkMissileLaunch`, then the missiles leave the silo. Nothing else is paid: missiles burn no fuel.
 */
export function fireMissiles(
  empire: Empire,
  order: MissileOrder,
  sight: MissileSight,
  launcherPoints: number,
  settings: UniverseSettings,
): Failure | MissilesFired {
  const from = empire.planets.find((p) => p.id === order.planetId);
  if (!from) return notYourPlanet(order.planetId);
  if (sight.ownerId === null) return fail("target_not_found", "there is no planet at the target");
  const available = from.units.interplanetary_missile ?? 0;
  const checked = checkMissileLaunch(
    {
      from: from.coords,
      to: order.to,
      count: order.count,
      available,
      primary: order.primary,
      research: empire.research,
      launcherPoints,
      targetPoints: sight.ownerPoints,
      targetInactive: sight.ownerInactive ?? false,
      targetOwn: sight.ownerId === empire.playerId,
    },
    settings,
  );
  if (!checked.ok) return checked;
  const units: Partial<Record<UnitName, number>> = { ...from.units, interplanetary_missile: available - order.count };
  if (units.interplanetary_missile === 0) delete units.interplanetary_missile;
  const fired: Planet = { ...from, units };
  const planets = empire.planets.map((p) => (p.id === from.id ? fired : p));
  return { ok: true, empire: { ...empire, planets }, from, seconds: checked.seconds };
}

/** The impact on a planet (settled to the impact by the caller), with the defender's armour as it is then. */
export function strikePlanet(
  planet: Planet,
  flight: { count: number; primary: DefenseName | null; attackerWeapons: number },
  defenderResearch: Levels<ResearchName>,
): { planet: Planet; impact: MissileImpact } {
  const impact = missileImpact({ ...flight, defenderArmor: defenderResearch.armor_technology ?? 0 }, planet.units);
  return { planet: { ...planet, units: impact.units }, impact };
}
