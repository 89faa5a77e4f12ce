import type { ShipName } from "../catalog-types";
import { settlePlanet } from "../economy";
import { type Failure, fail, notYourPlanet } from "../errors";
import { addResources, covers, NO_RESOURCES, type Resources, subtractResources } from "../resources";
import type { UniverseSettings } from "../settings";
import type { Empire, Planet } from "../state";
import { checkFlightShape, validCargo } from "./checks";
import { checkMission, type TargetSight } from "./missions";
import type { Fleet, FleetTarget, Mission, ShipCounts } from "./model";
import { type FlightPlan, type FlightQuery, planFlight } from "./movement";
import { fleetSlots } from "./slots";
import { joinUnion, type Union } from "./union";

export interface LaunchRequest {
  readonly to: FleetTarget;
  readonly mission: Mission;
  readonly ships: ShipCounts;
  readonly cargo?: Resources;
  /** Percent, 10–100 in steps of 5. */
  readonly speed: number;
  /** ACS defend only: whole hours, 1–32. */
  readonly holdHours?: number;
}

/** What the launcher's shard knows besides the empire. */
export interface LaunchWorld {
  readonly fleetId: string;
  /** The player's fleets in flight, returning ones included (each takes a slot). */
  readonly fleetsInFlight: number;
  /** The launcher's score total, for newbie protection. */
  readonly points: number;
  readonly target: TargetSight;
  /** ACS attack: the union the fleet joins. */
  readonly union?: Union;
}

export interface Launch {
  readonly ok: true;
  readonly fleet: Fleet;
  /** Taken from the planet: the ships, and the cargo plus the fuel (in deuterium). */
  readonly ships: ShipCounts;
  readonly resources: Resources;
  readonly flight: FlightPlan;
  /** ACS attack: the union's arrival once this fleet has joined (every member arrives then). */
  readonly unionArrivalAt: number | null;
}

const MS = 1000;
const HOUR_MS = 3_600_000;

/**
 * Checks every rule of a launch (§8, §13) against the planet as of `now` and returns the fleet
 * and exactly what to take from the planet, or the first refusal. Nothing is taken here: the
 * shell applies `applyLaunch` and stores the fleet in one transaction. The planet's unit
 * queue must have been advanced to `now`, so `units` holds every ship finished so far.
 */
export function validateLaunch(
  empire: Empire,
  planetId: string,
  request: LaunchRequest,
  now: number,
  settings: UniverseSettings,
  world: LaunchWorld,
): Launch | Failure {
  const planet = empire.planets.find((p) => p.id === planetId);
  if (!planet) return notYourPlanet(planetId);
  const { to, mission, ships } = request;
  const cargo = request.cargo ?? NO_RESOURCES;
  const from = planet.coords;

  const query: FlightQuery = { from, to, ships, speed: request.speed, mission, holdHours: request.holdHours };
  const shape = checkFlightShape(query, settings);
  if (shape) return shape;
  if (!validCargo(cargo)) return fail("invalid_cargo", "cargo amounts must be whole, non-negative numbers");
  if (to.galaxy === from.galaxy && to.system === from.system && to.position === from.position && to.kind === planet.type) {
    return fail("mission_not_allowed", "a fleet cannot fly to its own origin", { mission });
  }
  const slots = fleetSlots(empire.research);
  if (world.fleetsInFlight >= slots) return fail("no_fleet_slots", `all ${slots} fleet slots are in use`, { slots });
  for (const [ship, n] of Object.entries(ships) as [ShipName, number][]) {
    const present = planet.units[ship] ?? 0;
    if (n > present) return fail("not_enough_ships", `the planet has ${present} ${ship}`, { ship, present, requested: n });
  }
  const missionRefusal = checkMission({
    launcherId: empire.playerId,
    launcherPoints: world.points,
    newbieProtection: settings.newbieProtection,
    target: to,
    sight: world.target,
    mission,
    ships,
  });
  if (missionRefusal) return missionRefusal;

  const flight = planFlight(query, empire.research, settings);
  const load = cargo.metal + cargo.crystal + cargo.deuterium;
  if (load > flight.cargoCapacity) {
    return fail("cargo_exceeds_capacity", `the ships carry ${flight.cargoCapacity}`, { capacity: flight.cargoCapacity, cargo: load });
  }
  if (flight.fuel > flight.fuelCapacity) {
    return fail("fuel_exceeds_capacity", `the trip burns ${flight.fuel} deuterium; the ships hold ${flight.fuelCapacity}`, {
      fuel: flight.fuel,
      fuelCapacity: flight.fuelCapacity,
    });
  }
  const stock = settlePlanet(planet, empire.research, settings, now).resources;
  if (flight.fuel > stock.deuterium) {
    return fail("not_enough_fuel", `the trip burns ${flight.fuel} deuterium`, {
      fuel: flight.fuel,
      deuterium: Math.floor(stock.deuterium),
    });
  }
  const resources = addResources(cargo, { metal: 0, crystal: 0, deuterium: flight.fuel });
  if (!covers(stock, resources)) {
    return fail("insufficient_resources", "the planet cannot pay the cargo and the fuel", { needed: resources });
  }

  const flightMs = flight.durationSeconds * MS;
  let arrivalAt = now + flightMs;
  let unionArrivalAt: number | null = null;
  if (mission === "acs_attack") {
    if (!world.union) return fail("mission_not_allowed", "an ACS attack joins a union formed from an attack in flight", { mission });
    const joined = joinUnion(world.union, empire.playerId, to, now, arrivalAt);
    if (!joined.ok) return joined;
    arrivalAt = unionArrivalAt = joined.arrivalAt;
  }
  const holdUntil = mission === "acs_defend" ? arrivalAt + (request.holdHours ?? 0) * HOUR_MS : null;
  const fleet: Fleet = {
    id: world.fleetId,
    ownerId: empire.playerId,
    origin: { planetId: planet.id, kind: planet.type, ...from },
    target: to,
    mission,
    ships: positiveCounts(ships),
    cargo,
    speed: request.speed,
    fuel: flight.fuel,
    flightMs,
    departureAt: now,
    arrivalAt,
    holdUntil,
    returnAt: mission === "deploy" ? null : (holdUntil ?? arrivalAt) + flightMs,
    state: "outbound",
    unionId: mission === "acs_attack" && world.union ? world.union.id : null,
  };
  return { ok: true, fleet, ships: fleet.ships, resources, flight, unionArrivalAt };
}

function positiveCounts(ships: ShipCounts): ShipCounts {
  return Object.fromEntries(Object.entries(ships).filter(([, n]) => n > 0));
}

/** The empire with a validated launch's ships and resources taken from its planet as of `now`. */
export function applyLaunch(empire: Empire, launch: Launch, now: number, settings: UniverseSettings): Empire {
  const planetId = launch.fleet.origin.planetId;
  const planets = empire.planets.map((p): Planet => {
    if (p.id !== planetId) return p;
    const settled = settlePlanet(p, empire.research, settings, now);
    const units = { ...settled.units };
    for (const [ship, n] of Object.entries(launch.ships) as [ShipName, number][]) units[ship] = (units[ship] ?? 0) - n;
    return { ...settled, units, resources: subtractResources(settled.resources, launch.resources) };
  });
  return { ...empire, planets };
}
