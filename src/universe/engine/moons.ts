import type { Rng } from "../../lib/rng";
import { ringSteps } from "./fleet/movement";
import { temperatureRange } from "./planet-gen";
import type { Temperature } from "./production";
import type { UniverseSettings } from "./settings";
import { type Coordinates, type Empire, type Planet, sameCoordinates } from "./state";

/*
 * Moons (§7.11, §11, and the orrery decisions of §12 for the phalanx and the deathstar loss).
 * A moon is a `Planet` of type "moon" at its planet's coordinates; its buildings (lunar base,
 * sensor phalanx, jump gate) are catalog buildings marked moon only.
 */

/** A moon's maximum temperature is the midpoint of its position's range; the minimum is 40° lower (§7.11). */
export function moonTemperature(position: number): Temperature {
  const [low, high] = temperatureRange(position);
  const max = Math.floor((low + high) / 2);
  return { min: max - 40, max };
}

/** The moon a battle made (§7.11): 1 field, no buildings, no stock; fields grow with the lunar base. */
export function createMoon(planet: Planet, diameter: number, id: string, at: number): Planet {
  return {
    id,
    name: "Moon",
    type: "moon",
    coords: { ...planet.coords },
    baseFields: 1,
    temperature: moonTemperature(planet.coords.position),
    diameter,
    buildings: {},
    percentages: {},
    resources: { metal: 0, crystal: 0, deuterium: 0 },
    resourcesAt: at,
    buildQueue: [],
    units: {},
    unitQueue: [],
  };
}

/** The moon at a planet's coordinates, if the planet has one. */
export function moonOf(empire: Empire, planet: Planet): Planet | null {
  return empire.planets.find((p) => p.type === "moon" && sameCoordinates(p.coords, planet.coords)) ?? null;
}

/**
 * Where a fleet bound for a place of the empire lands (§11, orrery decision): the place itself,
 * or, when it was a moon that is gone (destroyed), the planet at the same coordinates; null when
 * neither is there.
 */
export function landingPlace(empire: Empire, place: Coordinates & { planetId: string; kind: string }): Planet | null {
  const there = empire.planets.find((p) => p.id === place.planetId);
  if (there || place.kind !== "moon") return there ?? null;
  return empire.planets.find((p) => p.type === "planet" && sameCoordinates(p.coords, place)) ?? null;
}

/**
 * The ids a planet takes with it when its player gives it up: its own and its moon's (orrery
 * decision: a moon has no owner without its planet, as in OGame). A moon goes alone.
 */
export function planetAndMoon(empire: Empire, planetId: string): string[] {
  const planet = empire.planets.find((p) => p.id === planetId);
  const moon = planet?.type === "planet" ? moonOf(empire, planet) : null;
  return moon ? [planetId, moon.id] : [planetId];
}

/** Systems a sensor phalanx sees on either side of its own, in its galaxy: level² − 1 (classic OGame). */
export function phalanxRange(level: number): number {
  return level > 0 ? level * level - 1 : 0;
}

export function inPhalanxRange(
  moon: Coordinates,
  level: number,
  target: Coordinates,
  settings: Pick<UniverseSettings, "systems">,
): boolean {
  return level > 0 && moon.galaxy === target.galaxy && ringSteps(moon.system, target.system, settings.systems) <= phalanxRange(level);
}

/** What a phalanx sees of a fleet: where it flies and when, with its ships and cargo. */
export interface FleetMovement {
  readonly id: string;
  readonly origin: Coordinates;
  readonly target: Coordinates;
  readonly arrivesAt: number;
  readonly returnsAt: number | null;
}

/**
 * A phalanx scan of the planet at `target`: the fleets flying to it or from it (a returning fleet
 * counts for both ends), soonest first; null when the target is out of range. Fleets already back
 * home are not movements any more.
 */
export function phalanxScan<F extends FleetMovement>(
  scan: { moon: Coordinates; level: number; target: Coordinates; now: number },
  fleets: readonly F[],
  settings: Pick<UniverseSettings, "systems">,
): F[] | null {
  if (!inPhalanxRange(scan.moon, scan.level, scan.target, settings)) return null;
  const next = (f: F) => (f.arrivesAt > scan.now ? f.arrivesAt : (f.returnsAt ?? f.arrivesAt));
  return fleets
    .filter((f) => sameCoordinates(f.target, scan.target) || sameCoordinates(f.origin, scan.target))
    .filter((f) => f.arrivesAt > scan.now || (f.returnsAt !== null && f.returnsAt > scan.now))
    .sort((a, b) => next(a) - next(b));
}

/** §11: (60 min / fleet_speed_war) × (1 − 0.10 × (level − 1)), in whole seconds. */
export function jumpGateCooldownSeconds(level: number, settings: Pick<UniverseSettings, "fleetSpeedWar">): number {
  return Math.round((3600 / settings.fleetSpeedWar) * (1 - 0.1 * (level - 1)));
}

export interface JumpGate {
  readonly level: number;
  /** When the gate may be used again, ms epoch (0: never used). */
  readonly readyAt: number;
}

/**
 * A jump between two moons' gates moves ships instantly; each gate then cools down for its own
 * level's cooldown. Refused (with the reason) when either gate is missing or still cooling.
 */
export function jump(
  from: JumpGate,
  to: JumpGate,
  now: number,
  settings: Pick<UniverseSettings, "fleetSpeedWar">,
): { ok: true; fromReadyAt: number; toReadyAt: number } | { ok: false; reason: "no_jump_gate" | "jump_gate_cooling"; readyAt?: number } {
  if (from.level < 1 || to.level < 1) return { ok: false, reason: "no_jump_gate" };
  const readyAt = Math.max(from.readyAt, to.readyAt);
  if (readyAt > now) return { ok: false, reason: "jump_gate_cooling", readyAt };
  return {
    ok: true,
    fromReadyAt: now + jumpGateCooldownSeconds(from.level, settings) * 1000,
    toReadyAt: now + jumpGateCooldownSeconds(to.level, settings) * 1000,
  };
}

/** §11: (100 − √diameter) × √deathstars percent, within 0..100. */
export function moonDestructionChance(diameter: number, deathstars: number): number {
  return Math.min(100, Math.max(0, (100 - Math.sqrt(diameter)) * Math.sqrt(deathstars)));
}

/** Chance that the whole deathstar fleet is lost in the attempt: √diameter / 2 percent (classic OGame). */
export function deathstarLossChance(diameter: number): number {
  return Math.min(100, Math.sqrt(diameter) / 2);
}

export interface MoonDestruction {
  readonly chance: number;
  /** The draw in [0, 100): the moon is destroyed when it is below `chance`. */
  readonly destructionRoll: number;
  readonly destroyed: boolean;
  readonly lossChance: number;
  /** The second draw in [0, 100): the deathstars are lost when it is below `lossChance`. */
  readonly lossRoll: number;
  /** All the fleet's deathstars fall with the roll, or none. */
  readonly deathstarsLost: boolean;
}

/**
 * The attempt of the deathstars that survived a won battle at a moon: two independent rolls,
 * destruction first, then the loss of the deathstars (both can happen).
 */
export function attemptMoonDestruction(rng: Rng, diameter: number, deathstars: number): MoonDestruction {
  const chance = moonDestructionChance(diameter, deathstars);
  const lossChance = deathstarLossChance(diameter);
  const destructionRoll = rng.next() * 100;
  const lossRoll = rng.next() * 100;
  return {
    chance,
    destructionRoll,
    destroyed: deathstars > 0 && destructionRoll < chance,
    lossChance,
    lossRoll,
    deathstarsLost: deathstars > 0 && lossRoll < lossChance,
  };
}
