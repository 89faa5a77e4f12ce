import { describe, expect, it } from "vitest";
import {
  applyLaunch,
  formUnion,
  DEFAULT_SETTINGS,
  type Empire,
  type Failure,
  type FleetTarget,
  type Launch,
  type LaunchRequest,
  type LaunchWorld,
  type TargetSight,
  type Union,
  UniverseSettingsSchema,
  validateLaunch,
} from "../../src/universe/engine/index";
import { HOUR, newEmpire, planetOf, RICH, SECOND, T0, withColony, withPlanet } from "./helpers";

const OTHER: TargetSight = { planetOwner: "player-2", moonOwner: null, debris: false, ownerPoints: 0 };
const FREE: TargetSight = { planetOwner: null, moonOwner: null, debris: false };
/** 1:42:8, 1020 from the homeworld at 1:42:4. */
const NEAR: FleetTarget = { galaxy: 1, system: 42, position: 8, kind: "planet" };
/** 1:47:4, 3175 away. */
const FAR: FleetTarget = { galaxy: 1, system: 47, position: 4, kind: "planet" };

function empire(units: Record<string, number>, research: Record<string, number> = {}, resources = RICH): Empire {
  return { ...withPlanet(newEmpire(), { units, resources, resourcesAt: T0 }), research };
}

/** A union formed by player-2's attack on NEAR, to which player-1 is invited. */
function union(arrivalAt: number, patch: Partial<Union> = {}): Union {
  return { id: "u1", ownerId: "player-2", invited: ["player-1"], target: NEAR, arrivalAt, fleets: 1, ...patch };
}

function world(patch: Partial<LaunchWorld> = {}): LaunchWorld {
  return { fleetId: "fleet-1", fleetsInFlight: 0, points: 0, target: OTHER, ...patch };
}

function launch(e: Empire, request: Partial<LaunchRequest>, w: Partial<LaunchWorld> = {}, settings = DEFAULT_SETTINGS) {
  const full: LaunchRequest = { to: NEAR, mission: "transport", ships: { small_cargo: 1 }, speed: 100, ...request };
  return validateLaunch(e, planetOf(e).id, full, T0, settings, world(w));
}

function accepted(result: Launch | Failure): Launch {
  if (!result.ok) throw new Error(`expected a launch, got ${result.code}: ${result.message}`);
  return result;
}

function refused(result: Launch | Failure, code: Failure["code"]): Failure {
  expect(result.ok ? "accepted" : result.code).toBe(code);
  return result as Failure;
}

describe("validateLaunch: accepted launches", () => {
  it("returns the transport fleet with its times and exactly what to take", () => {
    const e = empire({ small_cargo: 3 });
    const l = accepted(launch(e, { ships: { small_cargo: 2 }, cargo: { metal: 6000, crystal: 4000, deuterium: 0 } }));
    // 1020 at 100 %: 5009 s each way; 2 small cargos burn 2.33 → 2 deuterium
    expect(l.fleet).toMatchObject({
      ownerId: "player-1",
      origin: { planetId: planetOf(e).id, kind: "planet", galaxy: 1, system: 42, position: 4 },
      target: NEAR,
      mission: "transport",
      ships: { small_cargo: 2 },
      cargo: { metal: 6000, crystal: 4000, deuterium: 0 },
      fuel: 2,
      departureAt: T0,
      arrivalAt: T0 + 5009 * SECOND,
      returnAt: T0 + 2 * 5009 * SECOND,
      holdUntil: null,
      state: "outbound",
      unionId: null,
    });
    expect(l.resources).toEqual({ metal: 6000, crystal: 4000, deuterium: 2 });
    expect(l.flight).toMatchObject({ distance: 1020, cargoCapacity: 10_000 });

    const after = planetOf(applyLaunch(e, l, T0, DEFAULT_SETTINGS));
    expect(after.units.small_cargo).toBe(1);
    expect(after.resources).toEqual({ metal: RICH.metal - 6000, crystal: RICH.crystal - 4000, deuterium: RICH.deuterium - 2 });
  });

  it("deploys to one's own moon at distance 5, with no return", () => {
    const e = withColony(empire({ small_cargo: 1 }), "moon-1", { type: "moon", coords: { galaxy: 1, system: 42, position: 4 } });
    const l = accepted(
      launch(
        e,
        { mission: "deploy", to: { galaxy: 1, system: 42, position: 4, kind: "moon" } },
        { target: { ...FREE, planetOwner: "player-1", moonOwner: "player-1" } },
      ),
    );
    expect(l.flight.distance).toBe(5);
    expect(l.fleet).toMatchObject({ arrivalAt: T0 + 360 * SECOND, returnAt: null });
  });

  it("holds for ACS defend and pays the hold's fuel", () => {
    const e = empire({ small_cargo: 10 });
    const l = accepted(
      launch(e, { mission: "acs_defend", to: FAR, ships: { small_cargo: 10 }, holdHours: 3 }, { target: { ...OTHER, ownerIsBuddy: true } }),
    );
    const arrival = T0 + 8830 * SECOND;
    expect(l.fleet).toMatchObject({
      fuel: 66,
      arrivalAt: arrival,
      holdUntil: arrival + 3 * HOUR,
      returnAt: arrival + 3 * HOUR + 8830 * SECOND,
    });
  });

  it("colonises a free position, recycles a debris field and spies with probes", () => {
    accepted(launch(empire({ colony_ship: 1 }), { mission: "colonise", ships: { colony_ship: 1 } }, { target: FREE }));
    const debris: FleetTarget = { ...NEAR, kind: "debris" };
    accepted(
      launch(
        empire({ recycler: 1, small_cargo: 1 }),
        { mission: "recycle", to: debris, ships: { recycler: 1, small_cargo: 1 } },
        { target: { ...FREE, debris: true } },
      ),
    );
    accepted(launch(empire({ espionage_probe: 2 }), { mission: "espionage", ships: { espionage_probe: 2 } }));
    accepted(
      launch(
        empire({ deathstar: 1 }),
        { mission: "moon_destruction", to: { ...NEAR, kind: "moon" }, ships: { deathstar: 1 } },
        { target: { ...OTHER, moonOwner: "player-2" } },
      ),
    );
  });

  it("joins an ACS union: a faster fleet waits, a slower one within 30 % delays the union", () => {
    const e = empire({ small_cargo: 1 });
    const waits = accepted(launch(e, { mission: "acs_attack" }, { union: union(T0 + 10_000 * SECOND) }));
    expect(waits.fleet).toMatchObject({ unionId: "u1", arrivalAt: T0 + 10_000 * SECOND, returnAt: T0 + (10_000 + 5009) * SECOND });
    // 4000 s left, × 1.3 = 5200 ≥ 5009
    const delays = accepted(launch(e, { mission: "acs_attack" }, { union: union(T0 + 4000 * SECOND) }));
    expect(delays.unionArrivalAt).toBe(T0 + 5009 * SECOND);
  });
});

describe("ACS unions (§13)", () => {
  const attack = () => accepted(launch(empire({ small_cargo: 1 }), { mission: "attack" })).fleet;

  it("are formed from an attack on its way, which becomes the union's first fleet", () => {
    const formed = formUnion(attack(), "u9", ["player-3", "player-4", "player-1"], T0 + SECOND);
    if (!formed.ok) throw new Error(formed.code);
    expect(formed.union).toEqual({
      id: "u9",
      ownerId: "player-1",
      invited: ["player-3", "player-4"],
      target: NEAR,
      arrivalAt: T0 + 5009 * SECOND,
      fleets: 1,
    });
    expect(formed.fleet).toMatchObject({ mission: "acs_attack", unionId: "u9" });
  });

  it("invite at most 4 players and only from an attack still outbound", () => {
    expect(formUnion(attack(), "u9", ["a", "b", "c", "d", "e"], T0)).toMatchObject({ ok: false, code: "union_full" });
    expect(formUnion(attack(), "u9", ["a", "b", "c", "d", "d"], T0).ok).toBe(true);
    expect(formUnion(attack(), "u9", [], T0 + 5009 * SECOND)).toMatchObject({ ok: false, code: "mission_not_allowed" });
    const transport = accepted(launch(empire({ small_cargo: 1 }), {})).fleet;
    expect(formUnion(transport, "u9", [], T0)).toMatchObject({ ok: false, code: "mission_not_allowed" });
    const formed = formUnion(attack(), "u9", [], T0);
    if (!formed.ok) throw new Error("the union was not formed");
    expect(formUnion(formed.fleet, "u10", [], T0)).toMatchObject({ ok: false, code: "already_in_union", details: { unionId: "u9" } });
  });
});

describe("validateLaunch: refusals", () => {
  const e = empire({ small_cargo: 2, espionage_probe: 1, solar_satellite: 1, light_fighter: 1 });

  it("not_your_planet", () => {
    refused(
      validateLaunch(
        e,
        "someone-else",
        { to: NEAR, mission: "transport", ships: { small_cargo: 1 }, speed: 100 },
        T0,
        DEFAULT_SETTINGS,
        world(),
      ),
      "not_your_planet",
    );
  });

  it("invalid_coordinates outside the universe's galaxies, systems or positions", () => {
    refused(launch(e, { to: { ...NEAR, galaxy: 10 } }), "invalid_coordinates");
    refused(launch(e, { to: { ...NEAR, system: 0 } }), "invalid_coordinates");
    refused(launch(e, { to: { ...NEAR, position: 16 } }), "invalid_coordinates");
    const small = UniverseSettingsSchema.parse({ systems: 40 });
    refused(launch(e, {}, {}, small), "invalid_coordinates");
  });

  it("invalid_speed", () => {
    refused(launch(e, { speed: 5 }), "invalid_speed");
    refused(launch(e, { speed: 105 }), "invalid_speed");
    refused(launch(e, { speed: 42 }), "invalid_speed");
    accepted(launch(e, { speed: 55 }));
  });

  it("invalid_ships: none, a bad count, or a ship that cannot fly", () => {
    refused(launch(e, { ships: {} }), "invalid_ships");
    refused(launch(e, { ships: { small_cargo: 0 } }), "invalid_ships");
    refused(launch(e, { ships: { small_cargo: 1.5 } }), "invalid_ships");
    refused(launch(e, { ships: { small_cargo: 1, solar_satellite: 1 } }), "invalid_ships");
    // names from the object prototype are not ships either
    refused(launch(e, { ships: JSON.parse('{"constructor": 1}') }), "invalid_ships");
  });

  it("invalid_cargo", () => {
    refused(launch(e, { cargo: { metal: -1, crystal: 0, deuterium: 0 } }), "invalid_cargo");
    refused(launch(e, { cargo: { metal: 0.5, crystal: 0, deuterium: 0 } }), "invalid_cargo");
  });

  it("invalid_hold_time", () => {
    const buddy = { target: { ...OTHER, ownerIsBuddy: true } };
    refused(launch(e, { mission: "acs_defend" }, buddy), "invalid_hold_time");
    refused(launch(e, { mission: "acs_defend", holdHours: 33 }, buddy), "invalid_hold_time");
    refused(launch(e, { holdHours: 2 }), "invalid_hold_time");
    accepted(launch(e, { mission: "acs_defend", holdHours: 32 }, buddy));
  });

  it("no_fleet_slots counts every fleet in flight against 1 + computer technology", () => {
    refused(launch(e, {}, { fleetsInFlight: 1 }), "no_fleet_slots");
    const computer = { ...e, research: { computer_technology: 2 } };
    accepted(launch(computer, {}, { fleetsInFlight: 2 }));
    refused(launch(computer, {}, { fleetsInFlight: 3 }), "no_fleet_slots");
  });

  it("not_enough_ships", () => {
    const r = refused(launch(e, { ships: { small_cargo: 3 } }), "not_enough_ships");
    expect(r.details).toMatchObject({ ship: "small_cargo", present: 2, requested: 3 });
    refused(launch(e, { ships: { large_cargo: 1 } }), "not_enough_ships");
  });

  it("target_not_found: no planet, moon or debris field there", () => {
    refused(launch(e, {}, { target: FREE }), "target_not_found");
    refused(launch(e, { to: { ...NEAR, kind: "moon" } }), "target_not_found");
    refused(
      launch(empire({ recycler: 1 }), { mission: "recycle", to: { ...NEAR, kind: "debris" }, ships: { recycler: 1 } }, { target: FREE }),
      "target_not_found",
    );
  });

  it("mission_not_allowed for targets and ships the mission cannot take", () => {
    const own = { target: { ...OTHER, planetOwner: "player-1" } };
    refused(launch(e, { mission: "deploy" }), "mission_not_allowed");
    refused(launch(e, { mission: "colonise" }, { target: FREE }), "mission_not_allowed");
    refused(launch(empire({ colony_ship: 1 }), { mission: "colonise", ships: { colony_ship: 1 } }), "mission_not_allowed");
    refused(
      launch(e, { mission: "recycle", to: { ...NEAR, kind: "debris" } }, { target: { ...FREE, debris: true } }),
      "mission_not_allowed",
    );
    refused(launch(e, { to: { ...NEAR, kind: "debris" } }, { target: { ...FREE, debris: true } }), "mission_not_allowed");
    refused(launch(e, { mission: "recycle" }), "mission_not_allowed");
    refused(launch(e, { mission: "espionage", ships: { espionage_probe: 1, small_cargo: 1 } }), "mission_not_allowed");
    refused(launch(e, { mission: "espionage", ships: { espionage_probe: 1 } }, own), "mission_not_allowed");
    refused(launch(e, { mission: "attack" }, own), "mission_not_allowed");
    refused(launch(e, { mission: "acs_defend", holdHours: 1 }), "mission_not_allowed");
    refused(launch(empire({ deathstar: 1 }), { mission: "moon_destruction", ships: { deathstar: 1 } }), "mission_not_allowed");
    refused(
      launch(e, { mission: "moon_destruction", to: { ...NEAR, kind: "moon" } }, { target: { ...OTHER, moonOwner: "player-2" } }),
      "mission_not_allowed",
    );
    refused(launch(e, { mission: "missile_attack" }), "mission_not_allowed");
    refused(launch(e, { mission: "acs_attack" }), "mission_not_allowed");
    refused(launch(e, { to: { ...NEAR, position: 4 } }, own), "mission_not_allowed");
  });

  it("newbie_protected between a player under 5,000 points and one with 5× as many", () => {
    const strong = { points: 1000, target: { ...OTHER, ownerPoints: 100 } };
    refused(launch(e, { mission: "attack" }, strong), "newbie_protected");
    refused(
      launch(e, { mission: "espionage", ships: { espionage_probe: 1 } }, { points: 100, target: { ...OTHER, ownerPoints: 500 } }),
      "newbie_protected",
    );
    // transports are never protected; nor are inactive players, equals, or both sides at 5,000+
    accepted(launch(e, {}, strong));
    accepted(launch(e, { mission: "attack" }, { ...strong, target: { ...strong.target, ownerInactive: true } }));
    accepted(launch(e, { mission: "attack" }, { points: 0, target: { ...OTHER, ownerPoints: 0 } }));
    accepted(launch(e, { mission: "attack" }, { points: 5000, target: { ...OTHER, ownerPoints: 25_000 } }));
    accepted(launch(e, { mission: "attack" }, strong, UniverseSettingsSchema.parse({ newbieProtection: false })));
  });

  it("union_unreachable when the fleet would arrive more than 30 % after the union", () => {
    // 3800 s left, × 1.3 = 4940 < 5009
    refused(launch(e, { mission: "acs_attack" }, { union: union(T0 + 3800 * SECOND) }), "union_unreachable");
    refused(launch(e, { mission: "acs_attack" }, { union: union(T0) }), "union_unreachable");
  });

  it("union_full at 16 fleets; mission_not_allowed when not invited or aimed elsewhere", () => {
    refused(launch(e, { mission: "acs_attack" }, { union: union(T0 + 2 * HOUR, { fleets: 16 }) }), "union_full");
    accepted(launch(e, { mission: "acs_attack" }, { union: union(T0 + 2 * HOUR, { fleets: 15 }) }));
    refused(launch(e, { mission: "acs_attack" }, { union: union(T0 + 2 * HOUR, { invited: ["player-3"] }) }), "mission_not_allowed");
    accepted(launch(e, { mission: "acs_attack" }, { union: union(T0 + 2 * HOUR, { ownerId: "player-1", invited: [] }) }));
    refused(
      launch(e, { mission: "acs_attack" }, { union: union(T0 + 2 * HOUR, { target: { ...NEAR, position: 9 } }) }),
      "mission_not_allowed",
    );
  });

  it("cargo_exceeds_capacity", () => {
    accepted(launch(e, { ships: { small_cargo: 2 }, cargo: { metal: 5000, crystal: 0, deuterium: 5000 } }));
    const r = refused(
      launch(e, { ships: { small_cargo: 2 }, cargo: { metal: 5000, crystal: 1, deuterium: 5000 } }),
      "cargo_exceeds_capacity",
    );
    expect(r.details).toEqual({ capacity: 10_000, cargo: 10_001 });
    refused(launch(e, { ships: { espionage_probe: 1 }, cargo: { metal: 1, crystal: 0, deuterium: 0 } }), "cargo_exceeds_capacity");
  });

  it("fuel_exceeds_capacity: a probe holds 5 deuterium, and 4 galaxies at 100 % burn 9", () => {
    const far: FleetTarget = { galaxy: 5, system: 42, position: 4, kind: "planet" };
    const r = refused(launch(e, { ships: { espionage_probe: 1 }, to: far }), "fuel_exceeds_capacity");
    expect(r.details).toEqual({ fuel: 9, fuelCapacity: 5 });
    accepted(launch(e, { ships: { espionage_probe: 1 }, to: { ...far, galaxy: 2 } }));
  });

  it("not_enough_fuel and insufficient_resources, against the stock as of now", () => {
    const poor = empire({ small_cargo: 2 }, {}, { metal: 100, crystal: 0, deuterium: 1 });
    refused(launch(poor, { ships: { small_cargo: 2 } }), "not_enough_fuel");
    const two = empire({ small_cargo: 2 }, {}, { metal: 100, crystal: 0, deuterium: 2 });
    accepted(launch(two, { ships: { small_cargo: 2 } }));
    refused(launch(two, { ships: { small_cargo: 2 }, cargo: { metal: 0, crystal: 0, deuterium: 1 } }), "insufficient_resources");
    refused(launch(two, { ships: { small_cargo: 2 }, cargo: { metal: 101, crystal: 0, deuterium: 0 } }), "insufficient_resources");
    // an hour of basic income (30 metal) later, 101 metal is there
    const later = validateLaunch(
      two,
      planetOf(two).id,
      { to: NEAR, mission: "transport", ships: { small_cargo: 2 }, speed: 100, cargo: { metal: 101, crystal: 0, deuterium: 0 } },
      T0 + HOUR,
      DEFAULT_SETTINGS,
      world(),
    );
    expect(accepted(later).fleet.departureAt).toBe(T0 + HOUR);
  });
});
