import { SHIPS } from "../catalog";
import type { Levels, ResearchName, ShipName } from "../catalog-types";
import { roundHalfAway } from "../math";
import type { UniverseSettings } from "../settings";
import type { Coordinates } from "../state";
import { shipMobility } from "../unit-stats";
import { MISSION_CLASS, type Mission, type ShipCounts } from "./model";

/*
 * Flight formulas of §8. Distances are in OGame's abstract units; durations in whole seconds.
 */

type MovementSettings = Pick<
  UniverseSettings,
  "galaxies" | "systems" | "fleetSpeed" | "fleetSpeedWar" | "fleetSpeedHolding" | "fleetSpeedPeaceful"
>;

/** Steps between two indices on a ring of `size` (galaxies and systems wrap: the universe is a donut). */
export function ringSteps(a: number, b: number, size: number): number {
  const d = Math.abs(a - b);
  return Math.min(d, Math.abs(size - d));
}

export function distance(from: Coordinates, to: Coordinates, settings: Pick<UniverseSettings, "galaxies" | "systems">): number {
  if (from.galaxy !== to.galaxy) return 20_000 * ringSteps(from.galaxy, to.galaxy, settings.galaxies);
  // "Ignore empty/inactive systems" are not settings of orrery, so those terms are 0.
  if (from.system !== to.system) return 2700 + 95 * Math.max(ringSteps(from.system, to.system, settings.systems), 1);
  if (from.position !== to.position) return 1000 + 5 * Math.abs(from.position - to.position);
  return 5;
}

/** The universe fleet speed that divides a mission's flight time. */
export function missionFleetSpeed(mission: Mission, settings: MovementSettings): number {
  switch (MISSION_CLASS[mission]) {
    case "war":
      return settings.fleetSpeedWar;
    case "holding":
      return settings.fleetSpeedHolding;
    case "peaceful":
      return settings.fleetSpeedPeaceful;
  }
}

/** One-way flight seconds; `speedPercent` 10–100, `shipSpeed` the slowest ship's effective speed. */
export function flightSeconds(dist: number, speedPercent: number, shipSpeed: number, fleetSpeed: number): number {
  const s = speedPercent / 10;
  return Math.max(roundHalfAway(((35_000 / s) * Math.sqrt((10 * dist) / shipSpeed) + 10) / fleetSpeed), 1);
}

export interface ShipFlight {
  readonly ship: ShipName;
  readonly count: number;
  readonly drive: string | null;
  readonly speed: number;
  /** Base consumption of one ship; drives and technologies do not change it (§4). */
  readonly fuel: number;
  /** Of all `count` ships together. */
  readonly cargo: number;
  /** Of all `count` ships together. */
  readonly fuelCapacity: number;
}

/** Each ship type of a fleet with the stats its owner's research gives it; zero counts dropped. */
export function shipFlights(ships: ShipCounts, research: Levels<ResearchName>): ShipFlight[] {
  const out: ShipFlight[] = [];
  for (const [ship, count] of Object.entries(ships) as [ShipName, number][]) {
    if (!count) continue;
    const m = shipMobility(SHIPS[ship], research);
    out.push({ ship, count, drive: m.drive, speed: m.speed, fuel: m.fuel, cargo: m.cargo * count, fuelCapacity: m.fuelCapacity * count });
  }
  return out;
}

/**
 * Deuterium a launch burns, with the extra of `holdHours` spent holding (ACS defend). §8 charges
 * it once, at launch; the return leg costs nothing more. The duration inside the formula uses
 * the legacy fleet speed whatever the mission.
 */
export function fuelConsumption(
  ships: readonly ShipFlight[],
  dist: number,
  speedPercent: number,
  settings: Pick<UniverseSettings, "fleetSpeed">,
  holdHours = 0,
): number {
  const slowest = Math.min(...ships.map((s) => s.speed));
  const d = flightSeconds(dist, speedPercent, slowest, settings.fleetSpeed);
  const sv = Math.max(0.5, d * settings.fleetSpeed - 10);
  let total = 0;
  for (const s of ships) {
    const x = (35_000 / sv) * Math.sqrt((10 * dist) / s.speed);
    total += Math.max(((s.fuel * s.count * dist) / 35_000) * (x / 10 + 1) ** 2, 1);
  }
  let fuel = roundHalfAway(total);
  if (holdHours > 0) {
    const perHour = ships.reduce((sum, s) => sum + s.fuel * s.count, 0);
    fuel += Math.max(Math.floor((perHour * holdHours) / 10), 1);
  }
  return fuel;
}

export interface FlightPlan {
  readonly distance: number;
  /** One way. */
  readonly durationSeconds: number;
  /** Deuterium taken at launch; covers the way out, the hold and the way back. */
  readonly fuel: number;
  readonly cargoCapacity: number;
  readonly fuelCapacity: number;
  /** The slowest ship's speed, which the whole fleet flies at. */
  readonly speed: number;
  readonly fleetSpeed: number;
  readonly ships: readonly ShipFlight[];
}

export interface FlightQuery {
  readonly from: Coordinates;
  readonly to: Coordinates;
  /** Must hold at least one ship with a speed (satellites and crawlers cannot fly). */
  readonly ships: ShipCounts;
  /** Percent, 10–100 in steps of 5. */
  readonly speed: number;
  readonly mission: Mission;
  readonly holdHours?: number;
}

/** Distance, duration, fuel and capacities of a fleet, for its owner's research. */
export function planFlight(q: FlightQuery, research: Levels<ResearchName>, settings: MovementSettings): FlightPlan {
  const ships = shipFlights(q.ships, research);
  const dist = distance(q.from, q.to, settings);
  const speed = Math.min(...ships.map((s) => s.speed));
  const fleetSpeed = missionFleetSpeed(q.mission, settings);
  return {
    distance: dist,
    durationSeconds: flightSeconds(dist, q.speed, speed, fleetSpeed),
    fuel: fuelConsumption(ships, dist, q.speed, settings, q.holdHours ?? 0),
    cargoCapacity: ships.reduce((sum, s) => sum + s.cargo, 0),
    fuelCapacity: ships.reduce((sum, s) => sum + s.fuelCapacity, 0),
    speed,
    fleetSpeed,
    ships,
  };
}
