import type { Price } from "./resources";

export const BUILDING_NAMES = [
  "metal_mine",
  "crystal_mine",
  "deuterium_synthesizer",
  "solar_plant",
  "fusion_plant",
  "metal_store",
  "crystal_store",
  "deuterium_store",
  "robot_factory",
  "shipyard",
  "research_lab",
  "alliance_depot",
  "missile_silo",
  "nano_factory",
  "terraformer",
  "space_dock",
  "lunar_base",
  "sensor_phalanx",
  "jump_gate",
] as const;

export const RESEARCH_NAMES = [
  "energy_technology",
  "laser_technology",
  "ion_technology",
  "hyperspace_technology",
  "plasma_technology",
  "combustion_drive",
  "impulse_drive",
  "hyperspace_drive",
  "espionage_technology",
  "computer_technology",
  "astrophysics",
  "intergalactic_research_network",
  "graviton_technology",
  "weapon_technology",
  "shielding_technology",
  "armor_technology",
] as const;

export const SHIP_NAMES = [
  "small_cargo",
  "large_cargo",
  "light_fighter",
  "heavy_fighter",
  "cruiser",
  "battle_ship",
  "colony_ship",
  "recycler",
  "espionage_probe",
  "bomber",
  "solar_satellite",
  "destroyer",
  "deathstar",
  "battlecruiser",
  "crawler",
  "reaper",
  "pathfinder",
] as const;

export const DEFENSE_NAMES = [
  "rocket_launcher",
  "light_laser",
  "heavy_laser",
  "gauss_cannon",
  "ion_cannon",
  "plasma_turret",
  "small_shield_dome",
  "large_shield_dome",
  "anti_ballistic_missile",
  "interplanetary_missile",
] as const;

export type BuildingName = (typeof BUILDING_NAMES)[number];
export type ResearchName = (typeof RESEARCH_NAMES)[number];
export type ShipName = (typeof SHIP_NAMES)[number];
export type DefenseName = (typeof DEFENSE_NAMES)[number];
export type UnitName = ShipName | DefenseName;
export type ObjectName = BuildingName | ResearchName | UnitName;

export type DriveName = Extract<ResearchName, "combustion_drive" | "impulse_drive" | "hyperspace_drive">;
export type CharacterClass = "collector" | "general" | "discoverer";

/** Levels by object; a missing key means level 0. */
export type Levels<K extends string> = Readonly<Partial<Record<K, number>>>;

export interface Requirement {
  readonly object: BuildingName | ResearchName;
  readonly level: number;
}

interface ObjectDefBase<N extends ObjectName> {
  readonly id: number;
  readonly name: N;
  /** Price of level 1 (buildings, research) or of one unit. */
  readonly price: Price;
  readonly requirements: readonly Requirement[];
}

export interface BuildingDef extends ObjectDefBase<BuildingName> {
  readonly kind: "building";
  readonly factor: number;
  readonly planetOnly: boolean;
  readonly moonOnly: boolean;
  /** False only for the space dock, which floats above the planet. */
  readonly usesField: boolean;
  /** False only for the terraformer. */
  readonly downgradable: boolean;
}

export interface ResearchDef extends ObjectDefBase<ResearchName> {
  readonly kind: "research";
  readonly factor: number;
  /** Only astrophysics: level prices are rounded to the nearest 100. */
  readonly roundToHundred: boolean;
}

export type LeveledDef = BuildingDef | ResearchDef;

export interface CombatStats {
  /** Metal + crystal value as listed in §5; combat hull is a tenth of it. */
  readonly structuralIntegrity: number;
  readonly shield: number;
  readonly attack: number;
}

export interface ShipStats extends CombatStats {
  readonly speed: number;
  readonly cargo: number;
  /** Deuterium a ship can carry for its own flight; equals cargo except for probes. */
  readonly fuelCapacity: number;
  /** Base fuel consumption. */
  readonly fuel: number;
}

/** Reaching `level` in `drive` switches the ship to that drive with `speed` as base speed. */
export interface SpeedUpgrade {
  readonly drive: DriveName;
  readonly level: number;
  readonly speed: number;
}

export type RapidFire = Readonly<Partial<Record<UnitName, number>>>;

export interface ShipDef extends ObjectDefBase<ShipName> {
  readonly kind: "ship";
  readonly stats: ShipStats;
  /** Drive used until an upgrade applies: the last drive named in the requirements (§4). */
  readonly drive: DriveName | null;
  readonly speedUpgrades: readonly SpeedUpgrade[];
  readonly rapidFire: RapidFire;
  /** Civil ships count half for the score and a quarter for tactical retreat. */
  readonly civil: boolean;
  readonly characterClass: CharacterClass | null;
  readonly planetOnly: boolean;
}

export interface DefenseDef extends ObjectDefBase<DefenseName> {
  readonly kind: "defense";
  readonly stats: CombatStats;
  /** Shield domes can only exist once per planet. */
  readonly maxCount: number | null;
  /** Missile-silo slots taken by one missile; null for non-missiles. */
  readonly siloSlots: number | null;
  /** Missiles never take part in combat. */
  readonly inCombat: boolean;
}

export type UnitDef = ShipDef | DefenseDef;
export type ObjectDef = LeveledDef | UnitDef;
