import { fail } from "./errors";
import { HOMEWORLD_POSITIONS, homeworldStats } from "./planet-gen";
import { validPlanetName } from "./planet-name";
import type { Rng } from "./rng";
import type { UniverseSettings } from "./settings";
import type { Coordinates, Empire, Planet } from "./state";
import { type CommandContext, type CommandResult, Transaction } from "./transaction";

export interface CreateEmpireCommand {
  readonly playerId: string;
  /** From `placeHomeworld`, or chosen by the player where the universe allows it. */
  readonly coords: Coordinates;
  readonly planetName?: string;
}

function coordinatesFailure(coords: Coordinates, settings: UniverseSettings): string | null {
  const within = (value: number, low: number, high: number) => Number.isInteger(value) && value >= low && value <= high;
  if (!within(coords.galaxy, 1, settings.galaxies)) return `galaxy must be 1–${settings.galaxies}`;
  if (!within(coords.system, 1, settings.systems)) return `system must be 1–${settings.systems}`;
  const [low, high] = settings.allowChoosePosition ? [1, settings.positions] : HOMEWORLD_POSITIONS;
  if (!within(coords.position, low, high)) return `a homeworld position must be ${low}–${high}`;
  return null;
}

/**
 * A new player's empire: one homeworld with the universe's starting resources, every level 0.
 * The caller guarantees the coordinates are free (it owns the universe's occupancy).
 */
export function createEmpire(command: CreateEmpireCommand, ctx: CommandContext & { readonly rng: Rng }): CommandResult {
  const { settings, now } = ctx;
  const badCoords = coordinatesFailure(command.coords, settings);
  if (badCoords) return fail("invalid_coordinates", badCoords);
  const name = validPlanetName(command.planetName ?? "Homeworld");
  if (typeof name !== "string") return name;
  const stats = homeworldStats(command.coords.position, ctx.rng, settings);
  const homeworld: Planet = {
    id: ctx.newId(),
    name,
    type: "planet",
    coords: { ...command.coords },
    baseFields: stats.fields,
    temperature: stats.temperature,
    diameter: stats.diameter,
    buildings: {},
    percentages: {},
    resources: { ...settings.startingResources },
    resourcesAt: now,
    buildQueue: [],
    units: {},
    unitQueue: [],
  };
  const empire: Empire = { playerId: command.playerId, planets: [homeworld], research: {}, researchQueue: [] };
  const tx = new Transaction(empire, ctx);
  tx.touch(homeworld.id);
  return tx.result();
}
