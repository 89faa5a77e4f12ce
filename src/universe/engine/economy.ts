import { accrueResources, MS_PER_HOUR } from "./accrual";
import type { Levels, ResearchName } from "./catalog-types";
import { computeProduction, type ProductionReport } from "./production";
import type { Resources } from "./resources";
import type { UniverseSettings } from "./settings";
import type { Planet } from "./state";
import { storageCapacities } from "./storage";

type EconomySettings = Pick<UniverseSettings, "economySpeed" | "basicIncome">;

/**
 * Hourly production of a planet from the instant its store holds `deuterium` (by default its
 * stock as of `resourcesAt`) until something changes it: buildings, percentages, research, or the
 * store running empty (see `resourcesOf`).
 */
export function planetProduction(
  planet: Planet,
  research: Levels<ResearchName>,
  settings: EconomySettings,
  deuterium: number = planet.resources.deuterium,
): ProductionReport {
  return computeProduction(
    {
      isMoon: planet.type === "moon",
      position: planet.coords.position,
      temperature: planet.temperature,
      buildings: planet.buildings,
      percentages: planet.percentages,
      solarSatellites: planet.units.solar_satellite ?? 0,
      plasmaTechnology: research.plasma_technology ?? 0,
      energyTechnology: research.energy_technology ?? 0,
      deuterium,
    },
    settings,
  );
}

/**
 * Stock of a planet at `at`. Production is constant between two settlements, because every change
 * to it (completion, start, percent change) settles the planet first, with one exception the
 * accrual handles itself: a fusion plant that drains its store starves at the instant the store
 * runs empty, which is computed from the stock, so settling in between changes nothing.
 */
export function resourcesOf(planet: Planet, research: Levels<ResearchName>, settings: EconomySettings, at: number): Resources {
  if (at <= planet.resourcesAt) return planet.resources;
  const capacity = storageCapacities(planet.buildings);
  const now = planetProduction(planet, research, settings);
  const burn = -now.hourly.deuterium;
  const stock = planet.resources;
  if (stock.deuterium <= 0 || burn <= 0 || !planetProduction(planet, research, settings, 0).fusionStarved) {
    return accrueResources(stock, now.hourly, capacity, planet.resourcesAt, at);
  }
  const emptyAt = planet.resourcesAt + (stock.deuterium / burn) * MS_PER_HOUR;
  if (emptyAt >= at) return accrueResources(stock, now.hourly, capacity, planet.resourcesAt, at);
  const empty = { ...accrueResources(stock, now.hourly, capacity, planet.resourcesAt, emptyAt), deuterium: 0 };
  return accrueResources(empty, planetProduction(planet, research, settings, 0).hourly, capacity, emptyAt, at);
}

/** The stock of a planet at `at` and the production in effect from then on. */
export function economyAt(
  planet: Planet,
  research: Levels<ResearchName>,
  settings: EconomySettings,
  at: number,
): { readonly resources: Resources; readonly production: ProductionReport } {
  const resources = resourcesOf(planet, research, settings, at);
  return { resources, production: planetProduction(planet, research, settings, resources.deuterium) };
}

/** The planet with its stock brought forward to `at`; the same object if there is nothing to do. */
export function settlePlanet(planet: Planet, research: Levels<ResearchName>, settings: EconomySettings, at: number): Planet {
  if (at <= planet.resourcesAt) return planet;
  return { ...planet, resources: resourcesOf(planet, research, settings, at), resourcesAt: at };
}
