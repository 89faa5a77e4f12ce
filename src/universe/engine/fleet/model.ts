import type { ShipName } from "../catalog-types";
import type { Resources } from "../resources";
import type { Coordinates } from "../state";

/*
 * The fleet as data (§8, §13). Every mission of the game is a fleet with a mission name; what
 * happens at arrival (unload, colonise, collect, fight, spy) is decided by the mission alone, so
 * combat and espionage only add arrival handlers, not new fleet shapes.
 */

export const MISSIONS = [
  "attack",
  "acs_attack",
  "transport",
  "deploy",
  "acs_defend",
  "espionage",
  "colonise",
  "recycle",
  "moon_destruction",
  "missile_attack",
] as const;

export type Mission = (typeof MISSIONS)[number];

/** Mission ids of §8, as OGame numbers them. Expeditions (15) are a later feature. */
export const MISSION_IDS: Readonly<Record<Mission, number>> = {
  attack: 1,
  acs_attack: 2,
  transport: 3,
  deploy: 4,
  acs_defend: 5,
  espionage: 6,
  colonise: 7,
  recycle: 8,
  moon_destruction: 9,
  missile_attack: 10,
};

/** Which universe fleet speed divides a mission's flight time (§8). */
export type MissionClass = "war" | "holding" | "peaceful";

export const MISSION_CLASS: Readonly<Record<Mission, MissionClass>> = {
  attack: "war",
  acs_attack: "war",
  espionage: "war",
  recycle: "war",
  moon_destruction: "war",
  missile_attack: "war",
  acs_defend: "holding",
  transport: "peaceful",
  deploy: "peaceful",
  colonise: "peaceful",
};

export type TargetKind = "planet" | "moon" | "debris";

export interface FleetTarget extends Coordinates {
  readonly kind: TargetKind;
}

export interface FleetOrigin extends Coordinates {
  readonly planetId: string;
  readonly kind: "planet" | "moon";
}

export type ShipCounts = Readonly<Partial<Record<ShipName, number>>>;

/**
 * outbound: flying to the target; holding: arrived and staying (ACS defend) until `holdUntil`;
 * returning: flying home with `cargo`. A deploy fleet has no return leg: it ends at arrival.
 */
export type FleetState = "outbound" | "holding" | "returning";

export interface Fleet {
  readonly id: string;
  readonly ownerId: string;
  readonly origin: FleetOrigin;
  readonly target: FleetTarget;
  readonly mission: Mission;
  readonly ships: ShipCounts;
  /** What the fleet carries now: the launch cargo outbound, the collection or loot on return. */
  readonly cargo: Resources;
  /** Percent, 10–100 in steps of 5 (§8: s = speed / 10). */
  readonly speed: number;
  /** Deuterium burnt for the whole trip, taken at launch. */
  readonly fuel: number;
  /** One-way flight time in ms; the return leg takes as long (§8). */
  readonly flightMs: number;
  /** ms epoch */
  readonly departureAt: number;
  readonly arrivalAt: number;
  /** ACS defend only: when the fleet leaves the planet it guards. */
  readonly holdUntil: number | null;
  /** Null for deploy, whose fleet stays at the target. */
  readonly returnAt: number | null;
  readonly state: FleetState;
  /** ACS attack: the union the fleet flies in; every member arrives at the union's time. */
  readonly unionId: string | null;
}
