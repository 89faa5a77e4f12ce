import { accrueResources } from "./accrual";
import type { ResearchName, Levels } from "./catalog-types";
import { computeProduction, type ProductionReport } from "./production";
import type { Resources } from "./resources";
import type { UniverseSettings } from "./settings";
import type { Planet } from "./state";
import { storageCapacities } from "./storage";

type EconomySettings = Pick<UniverseSettings, "economySpeed" | "basicIncome">;

/** Hourly production of a planet with its current buildings, percentages and stored deuterium. */
export function planetProduction(planet: Planet, research: Levels<ResearchName>, settings: EconomySettings): ProductionReport {
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
      deuterium: planet.resources.deuterium,
    },
    settings,
  );
}

/**
 * Stock of a planet at `at`. Production is constant between two settlements because every
 * change to it (completion, start, percent change) settles the planet first.
 */
export function resourcesOf(
  planet: Planet,
  research: Levels<ResearchName>,
  settings: EconomySettings,
  at: number,
  production: ProductionReport = planetProduction(planet, research, settings),
): Resources {
  if (at <= planet.resourcesAt) return planet.resources;
  return accrueResources(planet.resources, production.hourly, storageCapacities(planet.buildings), planet.resourcesAt, at);
}

/** The planet with its stock brought forward to `at`; the same object if there is nothing to do. */
export function settlePlanet(planet: Planet, research: Levels<ResearchName>, settings: EconomySettings, at: number): Planet {
  if (at <= planet.resourcesAt) return planet;
  return { ...planet, resources: resourcesOf(planet, research, settings, at), resourcesAt: at };
}
