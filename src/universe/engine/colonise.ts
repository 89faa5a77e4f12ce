import { begin } from "./advance";
import { type Failure, fail, notYourPlanet } from "./errors";
import type { ShipCounts } from "./fleet/index";
import { planetAndMoon } from "./moons";
import { generatePlanetStats } from "./planet-gen";
import { NO_RESOURCES, type Resources } from "./resources";
import type { Rng } from "./rng";
import type { Coordinates, Empire, Planet } from "./state";
import type { CommandContext, CommandResult, CommandSuccess } from "./transaction";

/** §10: planets one player may hold, homeworld included: `1 + round(astrophysics / 2)`, halves up. */
export function maxPlanets(astrophysics: number): number {
  return 1 + Math.floor(astrophysics / 2 + 0.5);
}

/** Astrophysics a colony at `position` needs (§10); null where no planet can be founded (16 and beyond). */
export function astrophysicsForPosition(position: number): number | null {
  if (!Number.isInteger(position) || position < 1 || position > 15) return null;
  const fromEdge = Math.min(position, 16 - position);
  return fromEdge === 1 ? 8 : fromEdge === 2 ? 6 : fromEdge === 3 ? 4 : 0;
}

/** Moons do not count towards the planet limit. */
const planetCount = (empire: Empire) => empire.planets.filter((p) => p.type === "planet").length;

/**
 * Whether the empire may found a colony at `coords` (§10): the position's astrophysics level and
 * the planet limit. The limit is checked at arrival, by the owner's shard, because only it knows
 * how many planets the empire holds by then; the slot itself is the system object's to claim.
 */
export function colonisationRefusal(empire: Empire, coords: Coordinates): Failure | null {
  const astrophysics = empire.research.astrophysics ?? 0;
  const needed = astrophysicsForPosition(coords.position);
  if (needed === null) return fail("mission_not_allowed", `colonise: position ${coords.position} cannot be colonised`);
  if (astrophysics < needed) {
    return fail("astrophysics_too_low", `position ${coords.position} needs astrophysics ${needed}`, { needed, astrophysics });
  }
  const max = maxPlanets(astrophysics);
  if (planetCount(empire) >= max) {
    return fail("max_planets_reached", `astrophysics ${astrophysics} allows ${max} planets`, { max, astrophysics });
  }
  return null;
}

export interface FoundColony {
  /** The id the slot was claimed with, so the galaxy view and the empire name the same planet. */
  readonly planetId: string;
  readonly coords: Coordinates;
  /** What the colony ship's fleet carried: unloaded on the new planet (§10). */
  readonly cargo: Resources;
  readonly name?: string;
}

/**
 * A colony ship's arrival in its owner's empire: a new planet sized by its position, holding
 * the fleet's cargo, or the refusal that sends the fleet back with everything. Founding the
 * same planet id twice changes nothing, so a replayed outcome is harmless.
 */
export function foundColony(empire: Empire, colony: FoundColony, ctx: CommandContext & { readonly rng: Rng }): CommandResult {
  const tx = begin(empire, ctx);
  if (tx.planet(colony.planetId)) return tx.result();
  const refusal = colonisationRefusal(tx.empire, colony.coords);
  if (refusal) return refusal;
  const stats = generatePlanetStats(colony.coords.position, ctx.rng, ctx.settings);
  const planet: Planet = {
    id: colony.planetId,
    name: colony.name ?? "Colony",
    type: "planet",
    coords: { ...colony.coords },
    baseFields: stats.fields,
    temperature: stats.temperature,
    diameter: stats.diameter,
    buildings: {},
    percentages: {},
    resources: { ...colony.cargo },
    resourcesAt: ctx.now,
    buildQueue: [],
    units: {},
    unitQueue: [],
  };
  tx.addPlanet(planet);
  return tx.result();
}

/** What a colony ship's fleet does after its slot was won: founded, or refused and home with everything. */
export type ColonyLanding =
  | { readonly ok: true; readonly result: CommandSuccess; readonly shipsBack: ShipCounts; readonly cargoBack: Resources }
  | { readonly ok: false; readonly refusal: Failure; readonly shipsBack: ShipCounts; readonly cargoBack: Resources };

/**
 * The owner's side of a won slot (§10): the colony is founded with the cargo, one colony ship is
 * consumed and the other ships return empty; or the empire refuses it (planet limit, position)
 * and the whole fleet returns as it left, its slot to be released.
 */
export function landColonists(
  empire: Empire,
  fleet: { readonly ships: ShipCounts; readonly cargo: Resources },
  colony: Omit<FoundColony, "cargo">,
  ctx: CommandContext & { readonly rng: Rng },
): ColonyLanding {
  const founded = foundColony(empire, { ...colony, cargo: fleet.cargo }, ctx);
  if (!founded.ok) return { ok: false, refusal: founded, shipsBack: fleet.ships, cargoBack: fleet.cargo };
  const left = (fleet.ships.colony_ship ?? 0) - 1;
  const { colony_ship: _consumed, ...others } = fleet.ships;
  const shipsBack: ShipCounts = left > 0 ? { ...others, colony_ship: left } : others;
  return { ok: true, result: founded, shipsBack, cargoBack: NO_RESOURCES };
}

/**
 * Gives up a colony with everything on it. The homeworld stays, and so does a planet that own
 * fleets fly from or to (`fleetsTouching`, counted by the shard) or whose lab runs research:
 * those would otherwise lose their way home or their payer.
 */
export function abandonPlanet(empire: Empire, planetId: string, fleetsTouching: number, ctx: CommandContext): CommandResult {
  const tx = begin(empire, ctx);
  const planet = tx.planet(planetId);
  if (!planet) return notYourPlanet(planetId);
  if (tx.empire.planets[0]?.id === planetId) return fail("cannot_abandon_homeworld", "the homeworld cannot be abandoned");
  if (fleetsTouching > 0) {
    return fail("fleets_in_flight", `${fleetsTouching} of your fleets fly from or to this planet; recall them or wait`, {
      fleets: fleetsTouching,
    });
  }
  if (tx.empire.researchQueue.some((e) => e.planetId === planetId)) {
    return fail("lab_busy", "research runs from this planet's lab; cancel it first");
  }
  for (const id of planetAndMoon(tx.empire, planetId)) tx.removePlanet(id);
  return tx.result();
}
