import { begin, settledAt } from "./advance";
import { CATALOG } from "./catalog";
import type { BuildingDef, BuildingName, DefenseName, Levels, ResearchDef, ResearchName, ShipName, UnitName } from "./catalog-types";
import { buildingAdmission, buildingHeadBlocker, nextBuildingLevel } from "./building-queue";
import { levelCost } from "./costs";
import { researchAdmission, researchHeadBlocker } from "./research-queue";
import { economyAt } from "./economy";
import { type ErrorCode, type Failure, notYourPlanet } from "./errors";
import { fieldsUsed, maxFields } from "./fields";
import { MAX_LEVEL } from "./limits";
import type { ProductionReport } from "./production";
import { projectedBuildings, projectedResearch } from "./projection";
import {
  buildableOn,
  buildingEntryCost,
  buildingEntrySeconds,
  paymentFailure,
  researchEntrySeconds,
} from "./queue-rules";
import type { Price, Resources } from "./resources";
import { type Score, empireScore } from "./score";
import type { UniverseSettings } from "./settings";
import type { BuildingQueueEntry, Coordinates, Empire, Planet, ResearchQueueEntry, UnitQueueEntry } from "./state";
import { storageCapacities } from "./storage";
import type { EngineContext } from "./transaction";

/*
 * The read model. Every view first brings the empire up to `now` (without persisting anything),
 * so a late alarm never shows a stale queue, and answers "can I do this now?" as the command it
 * describes would, by that command's own rules applied in place: a planet shows about sixteen
 * buildings and as many technologies, too many to run each command on a throwaway copy.
 */

export interface Step {
  readonly level: number;
  readonly cost: Price;
  readonly seconds: number;
}

export interface BuildingView {
  readonly object: BuildingName;
  readonly id: number;
  readonly level: number;
  /** The upgrade a new queue entry would perform, after the entries already queued; null at the cap. */
  readonly next: Step | null;
  readonly canBuild: boolean;
  readonly buildBlockedBy: ErrorCode | null;
  /** The demolition a new queue entry would perform; null when there is nothing to demolish. */
  readonly demolish: Step | null;
  readonly canDemolish: boolean;
  readonly demolishBlockedBy: ErrorCode | null;
}

export interface PlanetView {
  readonly id: string;
  readonly name: string;
  readonly type: Planet["type"];
  readonly coords: Coordinates;
  readonly temperature: Planet["temperature"];
  readonly diameter: number;
  /** The instant the stock below is valid at. */
  readonly at: number;
  readonly resources: Resources;
  readonly capacity: Resources;
  readonly production: ProductionReport;
  readonly fields: { readonly used: number; readonly max: number };
  readonly buildQueue: readonly BuildingQueueEntry[];
  readonly buildings: readonly BuildingView[];
  /** Units finished by `at`; those still queued are in `unitQueue`. */
  readonly ships: Levels<ShipName>;
  readonly defenses: Levels<DefenseName>;
  readonly unitQueue: readonly UnitQueueEntry[];
  readonly jumpGateReadyAt?: number;
}

export interface ResearchView {
  readonly object: ResearchName;
  readonly id: number;
  readonly level: number;
  /** The level a new queue entry would research from the viewed planet; null at the cap. */
  readonly next: Step | null;
  readonly canResearch: boolean;
  readonly blockedBy: ErrorCode | null;
}

export interface ResearchOverview {
  readonly planetId: string;
  readonly queue: readonly ResearchQueueEntry[];
  readonly technologies: readonly ResearchView[];
}

export interface PlanetSummary {
  readonly id: string;
  readonly name: string;
  readonly type: Planet["type"];
  readonly coords: Coordinates;
  readonly resources: Resources;
  readonly hourly: Resources;
  readonly capacity: Resources;
  readonly fields: { readonly used: number; readonly max: number };
  /** The running building queue entry, if any. */
  readonly building: BuildingQueueEntry | null;
  readonly queueLength: number;
}

export interface EmpireOverview {
  readonly playerId: string;
  readonly at: number;
  readonly planets: readonly PlanetSummary[];
  readonly research: Levels<ResearchName>;
  readonly researchQueue: readonly ResearchQueueEntry[];
  readonly score: Score;
}

function step(
  def: BuildingDef,
  kind: BuildingQueueEntry["kind"],
  level: number,
  buildings: Levels<BuildingName>,
  research: Levels<ResearchName>,
  settings: UniverseSettings,
): Step {
  const entry = { kind, level };
  return { level, cost: buildingEntryCost(def, entry, research), seconds: buildingEntrySeconds(def, entry, buildings, settings) };
}

/**
 * What `enqueueBuilding` would answer for a new entry on the settled `planet`, without running it
 * on a copy: the command's own admission and head checks (building-queue.ts), then the payment
 * its start would make, for a fraction of the cost of a transaction, a queue copy and a failure
 * message per building and kind. `levels` and `research` are the projected ones.
 */
function buildingBlockedBy(
  empire: Empire,
  planet: Planet,
  def: BuildingDef,
  kind: BuildingQueueEntry["kind"],
  levels: Levels<BuildingName>,
  research: Levels<ResearchName>,
  settings: UniverseSettings,
): ErrorCode | null {
  const refused = buildingAdmission(empire, planet, def, kind, levels, research);
  if (refused) return refused.code;
  // Behind other entries it waits for its turn; only a new head starts (and pays) at once.
  if (planet.buildQueue.length > 0) return null;
  const blocked = buildingHeadBlocker(empire, planet, def, kind);
  if (blocked) return blocked === "waiting" ? null : blocked.code;
  const level = nextBuildingLevel(kind, planet.buildings[def.name] ?? 0);
  return paymentFailure(planet, empire.research, settings, buildingEntryCost(def, { kind, level }, empire.research))?.code ?? null;
}

function buildingView(
  empire: Empire,
  planet: Planet,
  def: BuildingDef,
  buildings: Levels<BuildingName>,
  research: Levels<ResearchName>,
  settings: UniverseSettings,
): BuildingView {
  const projected = buildings[def.name] ?? 0;
  const buildBlockedBy = buildingBlockedBy(empire, planet, def, "build", buildings, research, settings);
  const demolishBlockedBy = buildingBlockedBy(empire, planet, def, "demolish", buildings, research, settings);
  return {
    object: def.name,
    id: def.id,
    level: planet.buildings[def.name] ?? 0,
    next: projected < MAX_LEVEL ? step(def, "build", projected + 1, buildings, research, settings) : null,
    canBuild: buildBlockedBy === null,
    buildBlockedBy,
    demolish: def.downgradable && projected > 0 ? step(def, "demolish", projected - 1, buildings, research, settings) : null,
    canDemolish: demolishBlockedBy === null,
    demolishBlockedBy,
  };
}

function pick<N extends string>(units: Levels<string>, defs: readonly { readonly name: N }[]): Levels<N> {
  const picked: Partial<Record<N, number>> = {};
  for (const { name } of defs) {
    const count = units[name];
    if (count) picked[name] = count;
  }
  return picked;
}

function fieldsOf(planet: Planet) {
  return { used: fieldsUsed(planet.buildings), max: maxFields(planet, planet.buildings) };
}

/** Everything a planet screen shows, as of `ctx.now`. */
export function planetView(empire: Empire, planetId: string, ctx: EngineContext): PlanetView | Failure {
  const current = settledAt(empire, planetId, ctx);
  const planet = current.planets.find((p) => p.id === planetId);
  if (!planet) return notYourPlanet(planetId);
  const { resources, production } = economyAt(planet, current.research, ctx.settings, ctx.now);
  const buildings = projectedBuildings(planet);
  const research = projectedResearch(current);
  return {
    id: planet.id,
    name: planet.name,
    type: planet.type,
    coords: planet.coords,
    temperature: planet.temperature,
    diameter: planet.diameter,
    at: ctx.now,
    resources,
    capacity: storageCapacities(planet.buildings),
    production,
    fields: fieldsOf(planet),
    buildQueue: planet.buildQueue,
    buildings: CATALOG.buildings
      .filter((def) => buildableOn(planet, def))
      .map((def) => buildingView(current, planet, def, buildings, research, ctx.settings)),
    ships: pick(planet.units, CATALOG.ships),
    defenses: pick(planet.units, CATALOG.defenses),
    unitQueue: planet.unitQueue,
    ...(planet.jumpGateReadyAt === undefined ? {} : { jumpGateReadyAt: planet.jumpGateReadyAt }),
  };
}

/**
 * What `enqueueResearch` would answer for a new entry researched from the settled `planet`: the
 * command's own admission and head checks (research-queue.ts), then the payment its start would
 * make. `buildings` and `research` are the projected ones.
 */
function technologyBlockedBy(
  empire: Empire,
  planet: Planet,
  def: ResearchDef,
  buildings: Levels<BuildingName>,
  research: Levels<ResearchName>,
  settings: UniverseSettings,
): ErrorCode | null {
  const refused = researchAdmission(empire, def, buildings, research);
  if (refused) return refused.code;
  if (empire.researchQueue.length > 0) return null;
  const blocked = researchHeadBlocker(empire, planet, def);
  if (blocked) return blocked === "waiting" ? null : blocked.code;
  const level = (empire.research[def.name] ?? 0) + 1;
  return paymentFailure(planet, empire.research, settings, levelCost(def, level))?.code ?? null;
}

/** Every technology with its next level as researched from `planetId`, as of `ctx.now`. */
export function researchOverview(empire: Empire, planetId: string, ctx: EngineContext): ResearchOverview | Failure {
  const current = settledAt(empire, planetId, ctx);
  const planet = current.planets.find((p) => p.id === planetId);
  if (!planet) return notYourPlanet(planetId);
  const buildings = projectedBuildings(planet);
  const research = projectedResearch(current);
  const technologies = CATALOG.research.map((def): ResearchView => {
    const level = (research[def.name] ?? 0) + 1;
    const blockedBy = technologyBlockedBy(current, planet, def, buildings, research, ctx.settings);
    return {
      object: def.name,
      id: def.id,
      level: current.research[def.name] ?? 0,
      next:
        level <= MAX_LEVEL
          ? {
              level,
              cost: levelCost(def, level),
              seconds: researchEntrySeconds(current, planet, def, level, ctx.settings),
            }
          : null,
      canResearch: blockedBy === null,
      blockedBy,
    };
  });
  return { planetId, queue: current.researchQueue, technologies };
}

/** All planets at a glance, the research state and the score (with `inFlight`, the ships away in fleets), as of `ctx.now`. */
export function empireOverview(empire: Empire, ctx: EngineContext, inFlight: Levels<UnitName> = {}): EmpireOverview {
  const current = begin(empire, ctx).empire;
  return {
    playerId: current.playerId,
    at: ctx.now,
    planets: current.planets.map((planet) => {
      const { resources, production } = economyAt(planet, current.research, ctx.settings, ctx.now);
      return {
        id: planet.id,
        name: planet.name,
        type: planet.type,
        coords: planet.coords,
        resources,
        hourly: production.hourly,
        capacity: storageCapacities(planet.buildings),
        fields: fieldsOf(planet),
        building: planet.buildQueue[0] ?? null,
        queueLength: planet.buildQueue.length,
      };
    }),
    research: current.research,
    researchQueue: current.researchQueue,
    score: empireScore(current, inFlight),
  };
}
