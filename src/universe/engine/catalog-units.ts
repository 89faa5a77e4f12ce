import type {
  BuildingName,
  CharacterClass,
  DefenseDef,
  DefenseName,
  DriveName,
  RapidFire,
  Requirement,
  ResearchName,
  ShipDef,
  ShipName,
  SpeedUpgrade,
} from "./catalog-types";

type Req = readonly [BuildingName | ResearchName, number];

const DRIVES: ReadonlySet<string> = new Set<DriveName>(["combustion_drive", "impulse_drive", "hyperspace_drive"]);

function isDrive(name: string): name is DriveName {
  return DRIVES.has(name);
}

function requirements(list: readonly Req[]): readonly Requirement[] {
  return list.map(([object, level]) => ({ object, level }));
}

/** Every ship but the deathstar shoots again at these with RF 5 (§6). */
const BASELINE_RAPID_FIRE: RapidFire = { espionage_probe: 5, solar_satellite: 5, crawler: 5 };

interface ShipSpec {
  id: number;
  cost: readonly [number, number, number];
  /** structural integrity, shield, attack, speed, cargo, fuel */
  stats: readonly [number, number, number, number, number, number];
  requires: readonly Req[];
  upgrades?: readonly SpeedUpgrade[];
  /** Extra rapid fire; `null` for units that never fire again (probes, satellites, crawlers). */
  rapidFire: RapidFire | null;
  civil?: boolean;
  fuelCapacity?: number;
  characterClass?: CharacterClass;
  planetOnly?: boolean;
}

function ship(name: ShipName, spec: ShipSpec): ShipDef {
  const [structuralIntegrity, shield, attack, speed, cargo, fuel] = spec.stats;
  const reqs = requirements(spec.requires);
  const drive = reqs.map((r) => r.object).findLast(isDrive);
  const rapidFire = spec.rapidFire === null ? {} : name === "deathstar" ? spec.rapidFire : { ...BASELINE_RAPID_FIRE, ...spec.rapidFire };
  return {
    kind: "ship",
    id: spec.id,
    name,
    price: { metal: spec.cost[0], crystal: spec.cost[1], deuterium: spec.cost[2], energy: 0 },
    requirements: reqs,
    stats: { structuralIntegrity, shield, attack, speed, cargo, fuelCapacity: spec.fuelCapacity ?? cargo, fuel },
    drive: drive ?? null,
    speedUpgrades: spec.upgrades ?? [],
    rapidFire,
    civil: spec.civil ?? false,
    characterClass: spec.characterClass ?? null,
    planetOnly: spec.planetOnly ?? false,
  };
}

export const SHIP_LIST: readonly ShipDef[] = [
  ship("small_cargo", {
    id: 202,
    cost: [2000, 2000, 0],
    stats: [4000, 10, 5, 5000, 5000, 10],
    requires: [
      ["shipyard", 2],
      ["combustion_drive", 2],
    ],
    upgrades: [{ drive: "impulse_drive", level: 5, speed: 10000 }],
    rapidFire: {},
    civil: true,
  }),
  ship("large_cargo", {
    id: 203,
    cost: [6000, 6000, 0],
    stats: [12000, 25, 5, 7500, 25000, 50],
    requires: [
      ["shipyard", 4],
      ["combustion_drive", 6],
    ],
    rapidFire: {},
    civil: true,
  }),
  ship("light_fighter", {
    id: 204,
    cost: [3000, 1000, 0],
    stats: [4000, 10, 50, 12500, 50, 20],
    requires: [
      ["shipyard", 1],
      ["combustion_drive", 1],
    ],
    rapidFire: {},
  }),
  ship("heavy_fighter", {
    id: 205,
    cost: [6000, 4000, 0],
    stats: [10000, 25, 150, 10000, 100, 75],
    requires: [
      ["shipyard", 3],
      ["armor_technology", 2],
      ["impulse_drive", 2],
    ],
    rapidFire: { small_cargo: 3 },
  }),
  ship("cruiser", {
    id: 206,
    cost: [20000, 7000, 2000],
    stats: [27000, 50, 400, 15000, 800, 300],
    requires: [
      ["shipyard", 5],
      ["impulse_drive", 4],
      ["ion_technology", 2],
    ],
    rapidFire: { light_fighter: 6, rocket_launcher: 10 },
  }),
  ship("battle_ship", {
    id: 207,
    cost: [45000, 15000, 0],
    stats: [60000, 200, 1000, 10000, 1500, 500],
    requires: [
      ["shipyard", 7],
      ["hyperspace_drive", 4],
    ],
    rapidFire: {},
  }),
  ship("colony_ship", {
    id: 208,
    cost: [10000, 20000, 10000],
    stats: [30000, 100, 50, 2500, 7500, 100],
    requires: [
      ["shipyard", 4],
      ["impulse_drive", 3],
    ],
    rapidFire: {},
    civil: true,
  }),
  ship("recycler", {
    id: 209,
    cost: [10000, 6000, 2000],
    stats: [16000, 10, 1, 2000, 20000, 300],
    requires: [
      ["shipyard", 4],
      ["combustion_drive", 6],
      ["shielding_technology", 2],
    ],
    upgrades: [
      { drive: "impulse_drive", level: 17, speed: 4000 },
      { drive: "hyperspace_drive", level: 15, speed: 6000 },
    ],
    rapidFire: {},
    civil: true,
  }),
  ship("espionage_probe", {
    id: 210,
    cost: [0, 1000, 0],
    stats: [1000, 0, 0, 100_000_000, 0, 1],
    fuelCapacity: 5,
    requires: [
      ["shipyard", 3],
      ["combustion_drive", 3],
      ["espionage_technology", 2],
    ],
    rapidFire: null,
    civil: true,
  }),
  ship("bomber", {
    id: 211,
    cost: [50000, 25000, 15000],
    stats: [75000, 500, 1000, 4000, 500, 700],
    requires: [
      ["shipyard", 8],
      ["impulse_drive", 6],
      ["plasma_technology", 5],
    ],
    upgrades: [{ drive: "hyperspace_drive", level: 8, speed: 5000 }],
    rapidFire: {
      rocket_launcher: 20,
      light_laser: 20,
      heavy_laser: 10,
      ion_cannon: 10,
      gauss_cannon: 5,
      plasma_turret: 5,
    },
  }),
  ship("solar_satellite", {
    id: 212,
    cost: [0, 2000, 500],
    stats: [2000, 1, 0, 0, 0, 1],
    requires: [["shipyard", 1]],
    rapidFire: null,
    civil: true,
  }),
  ship("destroyer", {
    id: 213,
    cost: [60000, 50000, 15000],
    stats: [110000, 500, 2000, 5000, 2000, 1000],
    requires: [
      ["shipyard", 9],
      ["hyperspace_drive", 6],
      ["hyperspace_technology", 5],
    ],
    rapidFire: { light_laser: 10, battlecruiser: 2 },
  }),
  ship("deathstar", {
    id: 214,
    cost: [5_000_000, 4_000_000, 1_000_000],
    stats: [9_000_000, 50000, 200000, 100, 1_000_000, 1],
    requires: [
      ["shipyard", 12],
      ["hyperspace_drive", 7],
      ["hyperspace_technology", 6],
      ["graviton_technology", 1],
    ],
    rapidFire: {
      espionage_probe: 250,
      solar_satellite: 250,
      crawler: 250,
      light_fighter: 200,
      heavy_fighter: 100,
      cruiser: 33,
      battle_ship: 30,
      bomber: 25,
      destroyer: 5,
      small_cargo: 250,
      large_cargo: 250,
      colony_ship: 250,
      recycler: 250,
      rocket_launcher: 200,
      light_laser: 200,
      heavy_laser: 100,
      ion_cannon: 100,
      gauss_cannon: 50,
      battlecruiser: 15,
      pathfinder: 30,
      reaper: 10,
    },
  }),
  ship("battlecruiser", {
    id: 215,
    cost: [30000, 40000, 15000],
    stats: [70000, 400, 700, 10000, 750, 250],
    requires: [
      ["shipyard", 8],
      ["hyperspace_drive", 5],
      ["hyperspace_technology", 5],
      ["laser_technology", 12],
    ],
    rapidFire: { heavy_fighter: 4, cruiser: 4, battle_ship: 7, small_cargo: 3, large_cargo: 3 },
  }),
  ship("crawler", {
    id: 217,
    cost: [2000, 2000, 1000],
    stats: [4000, 1, 1, 0, 0, 0],
    requires: [
      ["shipyard", 4],
      ["combustion_drive", 4],
      ["armor_technology", 4],
      ["laser_technology", 4],
    ],
    rapidFire: null,
    civil: true,
    characterClass: "collector",
    planetOnly: true,
  }),
  ship("reaper", {
    id: 218,
    cost: [85000, 55000, 20000],
    stats: [140000, 700, 2800, 7000, 10000, 1100],
    requires: [
      ["shipyard", 6],
      ["impulse_drive", 6],
      ["hyperspace_drive", 4],
      ["weapon_technology", 8],
      ["shielding_technology", 6],
    ],
    rapidFire: { light_fighter: 4, heavy_fighter: 3, small_cargo: 3, large_cargo: 3 },
    characterClass: "general",
  }),
  ship("pathfinder", {
    id: 219,
    cost: [8000, 15000, 8000],
    stats: [23000, 100, 200, 12000, 10000, 300],
    requires: [
      ["shipyard", 5],
      ["combustion_drive", 6],
      ["shielding_technology", 4],
      ["hyperspace_technology", 2],
    ],
    upgrades: [
      { drive: "impulse_drive", level: 3, speed: 12000 },
      { drive: "hyperspace_drive", level: 3, speed: 12000 },
    ],
    rapidFire: { small_cargo: 3 },
    characterClass: "discoverer",
  }),
];

interface DefenseSpec {
  id: number;
  cost: readonly [number, number, number];
  /** structural integrity, shield, attack */
  stats: readonly [number, number, number];
  requires: readonly Req[];
  maxCount?: number;
  siloSlots?: number;
}

function defense(name: DefenseName, spec: DefenseSpec): DefenseDef {
  const [structuralIntegrity, shield, attack] = spec.stats;
  return {
    kind: "defense",
    id: spec.id,
    name,
    price: { metal: spec.cost[0], crystal: spec.cost[1], deuterium: spec.cost[2], energy: 0 },
    requirements: requirements(spec.requires),
    stats: { structuralIntegrity, shield, attack },
    maxCount: spec.maxCount ?? null,
    siloSlots: spec.siloSlots ?? null,
    inCombat: spec.siloSlots === undefined,
  };
}

/** Missiles are listed with defences because they are built and stored the same way. */
export const DEFENSE_LIST: readonly DefenseDef[] = [
  defense("rocket_launcher", { id: 401, cost: [2000, 0, 0], stats: [2000, 20, 80], requires: [["shipyard", 1]] }),
  defense("light_laser", {
    id: 402,
    cost: [1500, 500, 0],
    stats: [2000, 25, 100],
    requires: [
      ["shipyard", 2],
      ["laser_technology", 3],
    ],
  }),
  defense("heavy_laser", {
    id: 403,
    cost: [6000, 2000, 0],
    stats: [8000, 100, 250],
    requires: [
      ["shipyard", 4],
      ["laser_technology", 6],
      ["energy_technology", 3],
    ],
  }),
  defense("gauss_cannon", {
    id: 404,
    cost: [20000, 15000, 2000],
    stats: [35000, 200, 1100],
    requires: [
      ["shipyard", 6],
      ["weapon_technology", 3],
      ["shielding_technology", 1],
      ["energy_technology", 6],
    ],
  }),
  defense("ion_cannon", {
    id: 405,
    cost: [2000, 6000, 0],
    stats: [8000, 500, 150],
    requires: [
      ["shipyard", 4],
      ["ion_technology", 4],
    ],
  }),
  defense("plasma_turret", {
    id: 406,
    cost: [50000, 50000, 30000],
    stats: [100000, 300, 3000],
    requires: [
      ["shipyard", 8],
      ["plasma_technology", 7],
    ],
  }),
  defense("small_shield_dome", {
    id: 407,
    cost: [10000, 10000, 0],
    stats: [20000, 2000, 1],
    requires: [
      ["shipyard", 1],
      ["shielding_technology", 2],
    ],
    maxCount: 1,
  }),
  defense("large_shield_dome", {
    id: 408,
    cost: [50000, 50000, 0],
    stats: [100000, 10000, 1],
    requires: [
      ["shipyard", 6],
      ["shielding_technology", 6],
    ],
    maxCount: 1,
  }),
  defense("anti_ballistic_missile", {
    id: 502,
    cost: [8000, 2000, 0],
    stats: [8000, 1, 1],
    requires: [
      ["missile_silo", 2],
      ["shipyard", 1],
    ],
    siloSlots: 1,
  }),
  defense("interplanetary_missile", {
    id: 503,
    cost: [12500, 2500, 10000],
    stats: [15000, 1, 12000],
    requires: [
      ["missile_silo", 4],
      ["shipyard", 1],
      ["impulse_drive", 1],
    ],
    siloSlots: 2,
  }),
];
