import { z } from "zod";
import { objectByName } from "./catalog";
import { BUILDING_NAMES, DEFENSE_NAMES, RESEARCH_NAMES, SHIP_NAMES, type ObjectDef } from "./catalog-types";
import { cumulativeCost, demolitionCost, levelCost, unitCost } from "./costs";
import type { Failure } from "./errors";
import { type FlightPlan, MISSION_NAMES, planFlight } from "./flight";
import { MAX_LEVEL } from "./limits";
import { computeProduction, type ProductionReport } from "./production";
import type { Price } from "./resources";
import type { UniverseSettings } from "./settings";
import { buildingSeconds, effectiveLabLevel, researchSeconds, unitSeconds } from "./times";

/*
 * Public calculators: the formulas of §1–§3 and §8 for hypothetical planets and fleets, driven
 * by plain query objects that an HTTP endpoint can validate with the schemas below.
 */

const levelOf = z.number().int().min(0).max(MAX_LEVEL);

export const ObjectCalcQuerySchema = z.strictObject({
  object: z.enum([...BUILDING_NAMES, ...RESEARCH_NAMES, ...SHIP_NAMES, ...DEFENSE_NAMES]),
  /** Level to reach (buildings, research). */
  level: z.number().int().min(1).max(MAX_LEVEL).default(1),
  /** Units to build (ships, defences). */
  count: z.number().int().min(1).max(1_000_000).default(1),
  robotFactory: levelOf.default(0),
  naniteFactory: levelOf.default(0),
  shipyard: levelOf.default(0),
  researchLab: levelOf.default(0),
  /** Lab levels of the player's other planets, candidates for the research network. */
  otherLabs: z.array(levelOf).max(50).default([]),
  /** Intergalactic research network level. */
  researchNetwork: levelOf.default(0),
  ionTechnology: levelOf.default(0),
});

export type ObjectCalcQuery = z.output<typeof ObjectCalcQuerySchema>;

export interface ObjectCalcResult {
  readonly object: string;
  readonly kind: ObjectDef["kind"];
  /** Level reached, or units built. */
  readonly amount: number;
  readonly cost: Price;
  readonly seconds: number;
  /** Levels 1..level together, as counted by the score; null for units. */
  readonly cumulativeCost: Price | null;
  /** Tearing `level` down to level − 1; null unless the object is a demolishable building. */
  readonly demolition: { readonly cost: Price; readonly seconds: number } | null;
}

/** Price and duration of an object at a level (or of a batch of units), for a parsed query. */
export function calculateObject(q: ObjectCalcQuery, settings: UniverseSettings): ObjectCalcResult {
  const def = objectByName(q.object);
  if (!def) throw new Error(`catalog has no ${q.object}`);
  const buildings = { robot_factory: q.robotFactory, nano_factory: q.naniteFactory, shipyard: q.shipyard };
  switch (def.kind) {
    case "building": {
      const seconds = buildingSeconds(def, q.level, buildings, settings);
      return {
        object: def.name,
        kind: def.kind,
        amount: q.level,
        cost: levelCost(def, q.level),
        seconds,
        cumulativeCost: cumulativeCost(def, q.level),
        demolition: def.downgradable ? { cost: demolitionCost(def, q.level, q.ionTechnology), seconds } : null,
      };
    }
    case "research": {
      const labs = effectiveLabLevel(def, q.researchLab, q.otherLabs, q.researchNetwork);
      return {
        object: def.name,
        kind: def.kind,
        amount: q.level,
        cost: levelCost(def, q.level),
        seconds: researchSeconds(def, q.level, labs, settings),
        cumulativeCost: cumulativeCost(def, q.level),
        demolition: null,
      };
    }
    default:
      return {
        object: def.name,
        kind: def.kind,
        amount: q.count,
        cost: unitCost(def, q.count),
        seconds: unitSeconds(def, buildings, settings) * q.count,
        cumulativeCost: null,
        demolition: null,
      };
  }
}

const percent = z.number().int().min(0).max(100).multipleOf(10).default(100);

const mineLevel = levelOf.default(0);

export const ProductionCalcQuerySchema = z.strictObject({
  /** Levels keyed by machine name, as in a planet's state. */
  buildings: z
    .strictObject({
      metal_mine: mineLevel,
      crystal_mine: mineLevel,
      deuterium_synthesizer: mineLevel,
      solar_plant: mineLevel,
      fusion_plant: mineLevel,
    })
    .prefault({}),
  solarSatellites: z.number().int().min(0).max(10_000_000).default(0),
  percentages: z
    .strictObject({
      metal_mine: percent,
      crystal_mine: percent,
      deuterium_synthesizer: percent,
      solar_plant: percent,
      fusion_plant: percent,
      solar_satellite: percent,
    })
    .prefault({}),
  temperature: z
    .strictObject({ min: z.number().int().min(-200).max(300), max: z.number().int().min(-200).max(300) })
    .refine((t) => t.min <= t.max, "temperature.min must not exceed temperature.max"),
  position: z.number().int().min(1).max(15),
  plasmaTechnology: levelOf.default(0),
  energyTechnology: levelOf.default(0),
  /** Stored deuterium; when omitted the store is assumed non-empty, so the fusion plant runs. */
  deuteriumStored: z.number().nonnegative().optional(),
  isMoon: z.boolean().default(false),
});

export type ProductionCalcQuery = z.output<typeof ProductionCalcQuerySchema>;

/** Hourly production of a hypothetical planet, for a parsed query. */
export function calculateProduction(q: ProductionCalcQuery, settings: UniverseSettings): ProductionReport {
  return computeProduction({ ...q, deuterium: q.deuteriumStored ?? 1 }, settings);
}

const flightCoords = z.strictObject({
  galaxy: z.number().int().min(1).max(50),
  system: z.number().int().min(1).max(999),
  position: z.number().int().min(1).max(16),
});

export const FlightCalcQuerySchema = z.strictObject({
  from: flightCoords,
  to: flightCoords,
  /** Ships by machine name. */
  ships: z.partialRecord(z.enum(SHIP_NAMES), z.number().int().min(0).max(1_000_000_000)),
  /** 1–10 in steps of 0.5; 10 is 100 %. */
  speed: z.number().min(1).max(10).multipleOf(0.5).default(10),
  mission: z.enum(MISSION_NAMES).default("transport"),
  /** ACS defend: hours held at the target. */
  holdingHours: z.number().int().min(0).max(32).default(0),
  /** The drive and hyperspace levels that set speeds and capacities (§4). */
  research: z
    .strictObject({
      combustion_drive: levelOf.default(0),
      impulse_drive: levelOf.default(0),
      hyperspace_drive: levelOf.default(0),
      hyperspace_technology: levelOf.default(0),
    })
    .prefault({}),
});

export type FlightCalcQuery = z.output<typeof FlightCalcQuerySchema>;

/** Distance, duration, fuel and capacities of a described fleet, for a parsed query. */
export function calculateFlight(q: FlightCalcQuery, settings: UniverseSettings): FlightPlan | Failure {
  const ships: Record<string, number> = { ...q.ships };
  return planFlight({ ...q, ships }, q.research, settings);
}
