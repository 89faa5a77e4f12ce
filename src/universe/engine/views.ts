import { begin, settledAt } from "./advance";
import { CATALOG } from "./catalog";
import type { BuildingDef, BuildingName, DefenseName, Levels, ResearchName, ShipName, UnitName } from "./catalog-types";
import { enqueueBuilding } from "./commands-buildings";
import { enqueueResearch } from "./commands-research";
import { levelCost } from "./costs";
import { economyAt } from "./economy";
import { type ErrorCode, type Failure, notYourPlanet } from "./errors";
import { fieldsUsed, maxFields } from "./fields";
import { MAX_LEVEL } from "./limits";
import type { ProductionReport } from "./production";
import { projectedBuildings, projectedResearch } from "./projection";
import { buildableOn, buildingEntryCost, buildingEntrySeconds, researchEntrySeconds } from "./queue-rules";
import type { Price, Resources } from "./resources";
import { type Score, empireScore } from "./score";
import type { BuildingQueueEntry, Coordinates, Empire, Planet, ResearchQueueEntry, UnitQueueEntry } from "./state";
import { storageCapacities } from "./storage";
import { type EngineContext, Transaction } from "./transaction";

/*
 * The read model. Every view first brings the empire up to `now` (without persisting anything),
 * so a late alarm never shows a stale queue, and answers "can I do this now?" by running the very
 * command it describes on a throwaway copy.
 */

const PREVIEW_ID = "preview";

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

function buildingView(
  empire: Empire,
  planet: Planet,
  def: BuildingDef,
  buildings: Levels<BuildingName>,
  research: Levels<ResearchName>,
  ctx: EngineContext,
): BuildingView {
  const projected = buildings[def.name] ?? 0;
  const step = (kind: BuildingQueueEntry["kind"], level: number): Step => {
    const entry = { kind, level };
    return {
      level,
      cost: buildingEntryCost(def, entry, research),
      seconds: buildingEntrySeconds(def, entry, buildings, ctx.settings),
    };
  };
  const attempt = (kind: BuildingQueueEntry["kind"]) =>
    enqueueBuilding(new Transaction(empire, ctx), planet.id, def.name, kind, PREVIEW_ID)?.code ?? null;
  const buildBlockedBy = attempt("build");
  const demolishBlockedBy = attempt("demolish");
  return {
    object: def.name,
    id: def.id,
    level: planet.buildings[def.name] ?? 0,
    next: projected < MAX_LEVEL ? step("build", projected + 1) : null,
    canBuild: buildBlockedBy === null,
    buildBlockedBy,
    demolish: def.downgradable && projected > 0 ? step("demolish", projected - 1) : null,
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
      .map((def) => buildingView(current, planet, def, buildings, research, ctx)),
    ships: pick(planet.units, CATALOG.ships),
    defenses: pick(planet.units, CATALOG.defenses),
    unitQueue: planet.unitQueue,
    ...(planet.jumpGateReadyAt === undefined ? {} : { jumpGateReadyAt: planet.jumpGateReadyAt }),
  };
}

/** Every technology with its next level as researched from `planetId`, as of `ctx.now`. */
export function researchOverview(empire: Empire, planetId: string, ctx: EngineContext): ResearchOverview | Failure {
  const current = settledAt(empire, planetId, ctx);
  const planet = current.planets.find((p) => p.id === planetId);
  if (!planet) return notYourPlanet(planetId);
  const research = projectedResearch(current);
  const technologies = CATALOG.research.map((def): ResearchView => {
    const level = (research[def.name] ?? 0) + 1;
    const blockedBy = enqueueResearch(new Transaction(current, ctx), planetId, def.name, PREVIEW_ID)?.code ?? null;
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
