import type { BuildingName, Levels, ResearchName } from "./catalog-types";
import { MAX_LEVEL } from "./limits";
import { ceilExact, floorExact, roundHalfAway } from "./math";
import { NO_RESOURCES, type ResourceName, type Resources } from "./resources";
import type { UniverseSettings } from "./settings";

export const PRODUCER_NAMES = [
  "metal_mine",
  "crystal_mine",
  "deuterium_synthesizer",
  "solar_plant",
  "fusion_plant",
  "solar_satellite",
] as const;
export type ProducerName = (typeof PRODUCER_NAMES)[number];

/** Production percent per producer, 0–100 in steps of 10; a missing key means 100. */
export type Percentages = Readonly<Partial<Record<ProducerName, number>>>;

/** Technologies whose completion changes the production of every planet. */
export const PRODUCTION_TECHNOLOGIES: ReadonlySet<ResearchName> = new Set(["plasma_technology", "energy_technology"]);

export interface Temperature {
  readonly min: number;
  readonly max: number;
}

export interface ProductionInput {
  readonly isMoon: boolean;
  readonly position: number;
  readonly temperature: Temperature;
  readonly buildings: Levels<BuildingName>;
  readonly percentages: Percentages;
  readonly solarSatellites: number;
  readonly plasmaTechnology: number;
  readonly energyTechnology: number;
  /** Stored deuterium: an empty store can starve the fusion plant (§3 step 2). */
  readonly deuterium: number;
}

/** One producer's hourly output at a 100 % production factor (§3 per-object totals). */
export interface ProducerOutput {
  readonly object: ProducerName;
  /** Building level, or satellite count. */
  readonly level: number;
  readonly percent: number;
  readonly metal: number;
  readonly crystal: number;
  readonly deuterium: number;
  readonly energy: number;
}

export interface ProductionReport {
  readonly producers: readonly ProducerOutput[];
  /** Basic income including the position multiplier; zero on moons. */
  readonly basicIncome: Resources;
  readonly energyProduced: number;
  readonly energyUsed: number;
  /** Production factor in percent: how much of the mines' output the energy supply allows. */
  readonly factor: number;
  /**
   * True when the fusion plant's energy was dropped because it has no deuterium to burn (in part,
   * when it burns a deuterium income as it arrives: see `computeProduction`).
   */
  readonly fusionStarved: boolean;
  /** Net hourly output: basic income plus factor × producer output. */
  readonly hourly: Resources;
}

/** Position bonus in percent per resource (§3), applied to mines and basic income. */
const POSITION_BONUS: Readonly<Record<number, Resources>> = {
  1: { metal: 0, crystal: 40, deuterium: 0 },
  2: { metal: 0, crystal: 30, deuterium: 0 },
  3: { metal: 0, crystal: 20, deuterium: 0 },
  6: { metal: 17, crystal: 0, deuterium: 0 },
  7: { metal: 23, crystal: 0, deuterium: 0 },
  8: { metal: 35, crystal: 0, deuterium: 0 },
  9: { metal: 23, crystal: 0, deuterium: 0 },
  10: { metal: 17, crystal: 0, deuterium: 0 },
};
const NO_POSITION_BONUS: Resources = { metal: 0, crystal: 0, deuterium: 0 };

/** Plasma technology bonus per level, in hundredths of a percent. */
const PLASMA_RATE: Resources = { metal: 100, crystal: 66, deuterium: 33 };

/** L × 1.1^L, the growth shared by mines and plants; Math.pow is slow enough to matter here. */
const GROWTH: readonly number[] = Array.from({ length: MAX_LEVEL + 1 }, (_, level) => level * 1.1 ** level);

function growthOf(level: number): number {
  return GROWTH[level] ?? level * 1.1 ** level;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Every output has the same shape (fixed key order) so that this hot path stays monomorphic. */
function output(object: ProducerName, level: number, percent: number, energy: number): Mutable<ProducerOutput> {
  return { object, level, percent, metal: 0, crystal: 0, deuterium: 0, energy };
}

/**
 * A mine's output (§3): base × L × 1.1^L × p × S, plus the position bonus and then plasma on top
 * of both (each floored, plasma only on positive output), ceiled; energy use floored.
 */
function mine(
  input: ProductionInput,
  object: "metal_mine" | "crystal_mine" | "deuterium_synthesizer",
  resource: ResourceName,
  perLevel: number,
  energyPerLevel: number,
  speed: number,
): ProducerOutput {
  const level = input.buildings[object] ?? 0;
  const percent = input.percentages[object] ?? 100;
  const growth = (growthOf(level) * percent) / 100;
  const raw = perLevel * growth * speed;
  const bonus = floorExact((raw * (POSITION_BONUS[input.position] ?? NO_POSITION_BONUS)[resource]) / 100);
  const plasma = raw > 0 ? floorExact(((raw + bonus) * PLASMA_RATE[resource] * input.plasmaTechnology) / 10000) : 0;
  const result = output(object, level, percent, floorExact(-energyPerLevel * growth));
  result[resource] = ceilExact(raw + bonus + plasma);
  return result;
}

type ProductionSettings = Pick<UniverseSettings, "economySpeed" | "basicIncome">;

/**
 * Hourly production of a planet (§3), with the per-object breakdown. Step 2 starves the fusion
 * plant on an empty store, but the stock it looks at is moved by the production itself, so an
 * empty store needs care:
 * - starved, the store still does not gain: it stays empty and the plant stays starved;
 * - starved it gains, and with the plant running it still gains: the store leaves zero at once,
 *   so the plant runs;
 * - starved it gains, running it loses: the plant burns the deuterium as it arrives. The store
 *   stays empty, and the planet runs the plant the fraction of the time that balances the two
 *   rates (the limit of switching at every drop), so energy, factor and rates are that mix.
 *   Only a basic deuterium income makes this possible.
 */
export function computeProduction(input: ProductionInput, settings: ProductionSettings): ProductionReport {
  const starved = productionOf(input, settings);
  const gain = starved.hourly.deuterium;
  if (!starved.fusionStarved || gain <= 0) return starved;
  const fed = productionOf({ ...input, deuterium: 1 }, settings);
  if (fed.hourly.deuterium > 0) return fed;
  const running = gain / (gain - fed.hourly.deuterium);
  const mix = (a: number, b: number) => running * a + (1 - running) * b;
  return {
    ...starved,
    energyProduced: mix(fed.energyProduced, starved.energyProduced),
    factor: mix(fed.factor, starved.factor),
    hourly: { metal: mix(fed.hourly.metal, starved.hourly.metal), crystal: mix(fed.hourly.crystal, starved.hourly.crystal), deuterium: 0 },
  };
}

/** Production by the letter of §3, with the stored deuterium as given. */
function productionOf(input: ProductionInput, settings: ProductionSettings): ProductionReport {
  const speed = settings.economySpeed;
  const { buildings, percentages } = input;
  const tAvg = roundHalfAway((input.temperature.min + input.temperature.max) / 2);

  const solarLevel = buildings.solar_plant ?? 0;
  const solarPercent = percentages.solar_plant ?? 100;
  const solar = output("solar_plant", solarLevel, solarPercent, floorExact((20 * growthOf(solarLevel) * solarPercent) / 100));

  const fusionLevel = buildings.fusion_plant ?? 0;
  const fusionPercent = percentages.fusion_plant ?? 100;
  const fusionEfficiency = (105 + input.energyTechnology) / 100;
  const fusion = output(
    "fusion_plant",
    fusionLevel,
    fusionPercent,
    floorExact((30 * fusionLevel * fusionEfficiency ** fusionLevel * fusionPercent) / 100),
  );
  fusion.deuterium = ceilExact((-10 * growthOf(fusionLevel) * fusionPercent * speed) / 100);

  const satellites = input.solarSatellites;
  const satellitePercent = percentages.solar_satellite ?? 100;
  const perSatellite = Math.floor((input.temperature.max + 140) / 6);
  const satellite = output(
    "solar_satellite",
    satellites,
    satellitePercent,
    floorExact((perSatellite * satellites * satellitePercent) / 100),
  );

  const producers: readonly ProducerOutput[] = [
    mine(input, "metal_mine", "metal", 30, 10, speed),
    mine(input, "crystal_mine", "crystal", 20, 10, speed),
    mine(input, "deuterium_synthesizer", "deuterium", (1440 - 4 * tAvg) / 100, 20, speed),
    solar,
    fusion,
    satellite,
  ];

  const income = settings.basicIncome;
  const position = POSITION_BONUS[input.position] ?? NO_POSITION_BONUS;
  const basicIncome: Resources = input.isMoon
    ? NO_RESOURCES
    : {
        metal: (income.metal * speed * (100 + position.metal)) / 100,
        crystal: (income.crystal * speed * (100 + position.crystal)) / 100,
        deuterium: income.deuterium * speed,
      };

  let energyProduced = input.isMoon ? 0 : income.energy;
  let energyUsed = 0;
  let metal = 0;
  let crystal = 0;
  let deuterium = 0;
  for (const p of producers) {
    if (p.energy > 0) energyProduced += p.energy;
    else energyUsed -= p.energy;
    metal += p.metal;
    crystal += p.crystal;
    deuterium += p.deuterium;
  }

  const fusionStarved = -fusion.deuterium > basicIncome.deuterium + deuterium && input.deuterium <= 0;
  if (fusionStarved) energyProduced -= fusion.energy;

  const factor = energyUsed === 0 ? 100 : energyProduced <= 0 ? 0 : Math.min(100, Math.floor((energyProduced * 100) / energyUsed));

  return {
    producers,
    basicIncome,
    energyProduced,
    energyUsed,
    factor,
    fusionStarved,
    hourly: {
      metal: ceilExact(basicIncome.metal + (factor * metal) / 100),
      crystal: ceilExact(basicIncome.crystal + (factor * crystal) / 100),
      deuterium: ceilExact(basicIncome.deuterium + (factor * deuterium) / 100),
    },
  };
}
