import type { ShipName } from "../catalog-types";
import { type Failure, fail } from "../errors";
import type { FleetTarget, Mission, ShipCounts } from "./model";

/**
 * What the launcher's side knows about the target coordinates when it launches. The shell reads
 * it from the registry; arrival checks again, because the target may change during the flight.
 */
export interface TargetSight {
  /** Owner of the planet at the coordinates; null when the position is free. */
  readonly planetOwner: string | null;
  /** Owner of the moon at the coordinates; null when there is none. */
  readonly moonOwner: string | null;
  /** Whether a debris field with anything in it lies at the coordinates. */
  readonly debris: boolean;
  /** Points of the targeted planet's or moon's owner, for newbie protection. */
  readonly ownerPoints?: number;
  /** Owners inactive for 7+ days lose newbie protection (§13). */
  readonly ownerInactive?: boolean;
  /** Whether the owner and the launcher are mutual buddies (ACS defend). */
  readonly ownerIsBuddy?: boolean;
}

/** Newbie protection applies below this many points (§13). */
export const NEWBIE_POINTS = 5000;

/**
 * §13: a player under 5,000 points and one with 5× their points or more cannot attack or spy on
 * each other. Equal points never protect, or two fresh players (0 and 0) could never meet.
 */
export function newbieProtected(a: number, b: number): boolean {
  const low = Math.min(a, b);
  const high = Math.max(a, b);
  return low < NEWBIE_POINTS && high > low && high >= 5 * low;
}

const has = (ships: ShipCounts, ship: ShipName) => (ships[ship] ?? 0) > 0;

const onlyProbes = (ships: ShipCounts) => Object.entries(ships).every(([ship, n]) => ship === "espionage_probe" || !n);

/** Missions against another player: newbie protection governs them, and their target sees them coming without their ships. */
export const HOSTILE_MISSIONS: ReadonlySet<Mission> = new Set<Mission>(["attack", "acs_attack", "espionage", "moon_destruction"]);

export interface MissionCheck {
  readonly launcherId: string;
  readonly launcherPoints: number;
  readonly newbieProtection: boolean;
  readonly target: FleetTarget;
  readonly sight: TargetSight;
  readonly mission: Mission;
  readonly ships: ShipCounts;
}

/** Whether `mission` may fly to the target with these ships (§13's table), else the refusal. */
export function checkMission(c: MissionCheck): Failure | null {
  const { target, sight, mission, ships } = c;
  const notAllowed = (why: string) => fail("mission_not_allowed", `${mission}: ${why}`, { mission });

  if (target.kind === "debris") {
    if (mission !== "recycle") return notAllowed("only recyclers fly to a debris field");
    if (!sight.debris) return fail("target_not_found", "there is no debris field at the target");
    if (!has(ships, "recycler")) return notAllowed("needs recyclers");
    return null;
  }
  if (mission === "recycle") return notAllowed("the target must be a debris field");
  if (mission === "colonise") {
    if (target.kind !== "planet") return notAllowed("only a planet position can be colonised");
    if (sight.planetOwner !== null) return notAllowed("the position is not empty");
    if (!has(ships, "colony_ship")) return notAllowed("needs a colony ship");
    return null;
  }

  const owner = target.kind === "moon" ? sight.moonOwner : sight.planetOwner;
  if (owner === null) return fail("target_not_found", `there is no ${target.kind} at the target`);
  const own = owner === c.launcherId;
  switch (mission) {
    case "transport":
      break;
    case "deploy":
      if (!own) return notAllowed("deploy goes to one's own planets and moons only");
      break;
    case "acs_defend":
      if (own || !sight.ownerIsBuddy) return notAllowed("ACS defend guards a buddy's planet or moon");
      break;
    case "espionage":
      if (!has(ships, "espionage_probe") || !onlyProbes(ships)) return notAllowed("espionage flies probes only");
      break;
    case "moon_destruction":
      if (target.kind !== "moon") return notAllowed("the target must be a moon");
      if (!has(ships, "deathstar")) return notAllowed("needs deathstars");
      break;
    default:
      break;
  }
  if (HOSTILE_MISSIONS.has(mission)) {
    if (own) return notAllowed("the target is one's own");
    if (c.newbieProtection && !sight.ownerInactive && newbieProtected(c.launcherPoints, sight.ownerPoints ?? 0)) {
      return fail("newbie_protected", "newbie protection: one side has 5× the other's points and less than 5,000", {
        launcherPoints: c.launcherPoints,
        ownerPoints: sight.ownerPoints ?? 0,
      });
    }
  }
  return null;
}
