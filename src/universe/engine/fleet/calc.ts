import { z } from "zod";
import { SHIP_NAMES } from "../catalog-types";
import type { Failure } from "../errors";
import { MAX_LEVEL } from "../limits";
import type { UniverseSettings } from "../settings";
import { checkFlightShape } from "./checks";
import { MISSION_CLASS, MISSIONS, type MissionClass } from "./model";
import { type FlightPlan, planFlight } from "./movement";
import { fleetSlots } from "./slots";

/*
 * The public flight calculator: §8 for a described fleet and research, through the same
 * functions a launch uses.
 */

const level = z.number().int().min(0).max(MAX_LEVEL).default(0);
const coordinate = z.number().int().min(1).max(999);
const Coords = z.strictObject({ galaxy: coordinate, system: coordinate, position: coordinate });

export const FlightCalcQuerySchema = z.strictObject({
  from: Coords,
  to: Coords,
  ships: z.partialRecord(z.enum(SHIP_NAMES), z.number().int().min(0).max(1_000_000_000)),
  /** Percent, 10–100 in steps of 5. */
  speed: z.number().default(100),
  mission: z.enum(MISSIONS).default("transport"),
  holdHours: z.number().optional(),
  techs: z
    .strictObject({
      combustionDrive: level,
      impulseDrive: level,
      hyperspaceDrive: level,
      hyperspaceTechnology: level,
      computerTechnology: level,
    })
    .prefault({}),
});

export type FlightCalcQuery = z.output<typeof FlightCalcQuerySchema>;

export interface FlightCalcResult extends FlightPlan {
  readonly ok: true;
  readonly missionClass: MissionClass;
  /** Seconds from launch until home again; null for deploy, which stays. */
  readonly roundTripSeconds: number | null;
  readonly fuelWithinCapacity: boolean;
  readonly fleetSlots: number;
}

export function calculateFlight(q: FlightCalcQuery, settings: UniverseSettings): FlightCalcResult | Failure {
  const mission = q.mission;
  const query = { from: q.from, to: q.to, ships: q.ships, speed: q.speed, mission, holdHours: q.holdHours };
  const refusal = checkFlightShape(query, settings);
  if (refusal) return refusal;
  const research = {
    combustion_drive: q.techs.combustionDrive,
    impulse_drive: q.techs.impulseDrive,
    hyperspace_drive: q.techs.hyperspaceDrive,
    hyperspace_technology: q.techs.hyperspaceTechnology,
    computer_technology: q.techs.computerTechnology,
  };
  const plan = planFlight(query, research, settings);
  const holdSeconds = (q.holdHours ?? 0) * 3600;
  return {
    ok: true,
    ...plan,
    missionClass: MISSION_CLASS[mission],
    roundTripSeconds: mission === "deploy" ? null : 2 * plan.durationSeconds + holdSeconds,
    fuelWithinCapacity: plan.fuel <= plan.fuelCapacity,
    fleetSlots: fleetSlots(research),
  };
}
