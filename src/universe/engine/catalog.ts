import { DEFENSE_LIST, SHIP_LIST } from "./catalog-units";
import type {
  BuildingDef,
  BuildingName,
  DefenseDef,
  DefenseName,
  ObjectDef,
  Requirement,
  ResearchDef,
  ResearchName,
  ShipDef,
  ShipName,
} from "./catalog-types";

type Req = readonly [BuildingName | ResearchName, number];
type Cost = readonly [metal: number, crystal: number, deuterium: number, energy?: number];

function requirements(list: readonly Req[]): readonly Requirement[] {
  return list.map(([object, level]) => ({ object, level }));
}

function price([metal, crystal, deuterium, energy = 0]: Cost) {
  return { metal, crystal, deuterium, energy };
}

interface BuildingFlags {
  planetOnly?: boolean;
  moonOnly?: boolean;
  usesField?: boolean;
  downgradable?: boolean;
}

function building(
  name: BuildingName,
  id: number,
  cost: Cost,
  factor: number,
  requires: readonly Req[] = [],
  flags: BuildingFlags = {},
): BuildingDef {
  return {
    kind: "building",
    id,
    name,
    price: price(cost),
    factor,
    requirements: requirements(requires),
    planetOnly: flags.planetOnly ?? false,
    moonOnly: flags.moonOnly ?? false,
    usesField: flags.usesField ?? true,
    downgradable: flags.downgradable ?? true,
  };
}

function research(name: ResearchName, id: number, cost: Cost, factor: number, requires: readonly Req[]): ResearchDef {
  return {
    kind: "research",
    id,
    name,
    price: price(cost),
    factor,
    requirements: requirements(requires),
    roundToHundred: name === "astrophysics",
  };
}

const planetOnly = { planetOnly: true };
const moonOnly = { moonOnly: true };

const BUILDING_LIST: readonly BuildingDef[] = [
  building("metal_mine", 1, [60, 15, 0], 1.5, [], planetOnly),
  building("crystal_mine", 2, [48, 24, 0], 1.6, [], planetOnly),
  building("deuterium_synthesizer", 3, [225, 75, 0], 1.5, [], planetOnly),
  building("solar_plant", 4, [75, 30, 0], 1.5, [], planetOnly),
  building("fusion_plant", 12, [900, 360, 180], 1.8, [
    ["deuterium_synthesizer", 5],
    ["energy_technology", 3],
  ]),
  building("metal_store", 22, [1000, 0, 0], 2),
  building("crystal_store", 23, [1000, 500, 0], 2),
  building("deuterium_store", 24, [1000, 1000, 0], 2),
  building("robot_factory", 14, [400, 120, 200], 2),
  building("shipyard", 21, [400, 200, 100], 2, [["robot_factory", 2]]),
  building("research_lab", 31, [200, 400, 200], 2, [], planetOnly),
  building("alliance_depot", 34, [20000, 40000, 0], 2, [], planetOnly),
  building("missile_silo", 44, [20000, 20000, 1000], 2, [["shipyard", 1]]),
  building(
    "nano_factory",
    15,
    [1_000_000, 500_000, 100_000],
    2,
    [
      ["computer_technology", 10],
      ["robot_factory", 10],
    ],
    planetOnly,
  ),
  building(
    "terraformer",
    33,
    [0, 50000, 100_000, 1000],
    2,
    [
      ["nano_factory", 1],
      ["energy_technology", 12],
    ],
    { planetOnly: true, downgradable: false },
  ),
  building("space_dock", 36, [200, 0, 50, 50], 2, [["shipyard", 2]], { usesField: false }),
  building("lunar_base", 41, [20000, 40000, 20000], 2, [], moonOnly),
  building("sensor_phalanx", 42, [20000, 40000, 10000], 2, [["lunar_base", 1]], moonOnly),
  building(
    "jump_gate",
    43,
    [2_000_000, 4_000_000, 2_000_000],
    2,
    [
      ["lunar_base", 1],
      ["hyperspace_technology", 7],
    ],
    moonOnly,
  ),
];

const RESEARCH_LIST: readonly ResearchDef[] = [
  research("energy_technology", 113, [0, 800, 400], 2, [["research_lab", 1]]),
  research("laser_technology", 120, [200, 100, 0], 2, [
    ["energy_technology", 2],
    ["research_lab", 1],
  ]),
  research("ion_technology", 121, [1000, 300, 100], 2, [
    ["research_lab", 4],
    ["energy_technology", 4],
    ["laser_technology", 5],
  ]),
  research("hyperspace_technology", 114, [0, 4000, 2000], 2, [
    ["research_lab", 7],
    ["energy_technology", 5],
    ["shielding_technology", 5],
  ]),
  research("plasma_technology", 122, [2000, 4000, 1000], 2, [
    ["research_lab", 4],
    ["energy_technology", 8],
    ["laser_technology", 10],
    ["ion_technology", 5],
  ]),
  research("combustion_drive", 115, [400, 0, 600], 2, [
    ["energy_technology", 1],
    ["research_lab", 1],
  ]),
  research("impulse_drive", 117, [2000, 4000, 600], 2, [
    ["energy_technology", 1],
    ["research_lab", 2],
  ]),
  research("hyperspace_drive", 118, [10000, 20000, 6000], 2, [
    ["research_lab", 7],
    ["hyperspace_technology", 3],
  ]),
  research("espionage_technology", 106, [200, 1000, 200], 2, [["research_lab", 3]]),
  research("computer_technology", 108, [0, 400, 600], 2, [["research_lab", 1]]),
  research("astrophysics", 124, [4000, 8000, 4000], 1.75, [
    ["impulse_drive", 3],
    ["research_lab", 3],
    ["espionage_technology", 4],
  ]),
  research("intergalactic_research_network", 123, [240_000, 400_000, 160_000], 2, [
    ["computer_technology", 8],
    ["research_lab", 10],
    ["hyperspace_technology", 8],
  ]),
  research("graviton_technology", 199, [0, 0, 0, 300_000], 2, [["research_lab", 12]]),
  research("weapon_technology", 109, [800, 200, 0], 2, [["research_lab", 4]]),
  research("shielding_technology", 110, [200, 600, 0], 2, [
    ["research_lab", 6],
    ["energy_technology", 3],
  ]),
  research("armor_technology", 111, [1000, 0, 0], 2, [["research_lab", 2]]),
];

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

function byName<D extends ObjectDef>(list: readonly D[]): Readonly<Record<D["name"], D>> {
  return Object.fromEntries(list.map((d) => [d.name, d])) as Record<D["name"], D>;
}

/** The whole static catalog, as served by the public `/catalog` endpoint. */
export const CATALOG = deepFreeze({
  buildings: BUILDING_LIST,
  research: RESEARCH_LIST,
  ships: SHIP_LIST,
  defenses: DEFENSE_LIST,
});

export const BUILDINGS: Readonly<Record<BuildingName, BuildingDef>> = byName(CATALOG.buildings);
export const RESEARCH: Readonly<Record<ResearchName, ResearchDef>> = byName(CATALOG.research);
export const SHIPS: Readonly<Record<ShipName, ShipDef>> = byName(CATALOG.ships);
export const DEFENSES: Readonly<Record<DefenseName, DefenseDef>> = byName(CATALOG.defenses);

const ALL: readonly ObjectDef[] = [...CATALOG.buildings, ...CATALOG.research, ...CATALOG.ships, ...CATALOG.defenses];
const BY_NAME: ReadonlyMap<string, ObjectDef> = new Map(ALL.map((d) => [d.name, d]));
const BY_ID: ReadonlyMap<number, ObjectDef> = new Map(ALL.map((d) => [d.id, d]));

export function objectByName(name: string): ObjectDef | undefined {
  return BY_NAME.get(name);
}

export function objectById(id: number): ObjectDef | undefined {
  return BY_ID.get(id);
}

export function isBuildingName(name: string): name is BuildingName {
  return BY_NAME.get(name)?.kind === "building";
}

export function isResearchName(name: string): name is ResearchName {
  return BY_NAME.get(name)?.kind === "research";
}
