/**
 * Fleets (rules §8, §13), pure: the fleet as data for every mission, the flight formulas,
 * launch validation, recall and ACS unions. A shell stores fleets in their own table (a fleet
 * links two empires) and calls these with the empire and what it knows of the target.
 */

export { calculateFlight, FlightCalcQuerySchema } from "./calc";
export type { FlightCalcQuery, FlightCalcResult } from "./calc";
export { checkFlightShape, HOLD_HOURS, insideUniverse, validSpeed } from "./checks";
export { applyLaunch, validateLaunch } from "./launch";
export type { Launch, LaunchRequest, LaunchWorld } from "./launch";
export { fewerShips, landOnPlanet, shipsOf } from "./landing";
export { checkMission, HOSTILE_MISSIONS, NEWBIE_POINTS, newbieProtected } from "./missions";
export type { TargetSight } from "./missions";
export { MISSION_CLASS, MISSION_IDS, MISSIONS } from "./model";
export type { Fleet, FleetOrigin, FleetState, FleetTarget, Mission, MissionClass, ShipCounts, TargetKind } from "./model";
export { distance, flightSeconds, fuelConsumption, missionFleetSpeed, planFlight, shipFlights } from "./movement";
export type { FlightPlan, FlightQuery, ShipFlight } from "./movement";
export { fleetDueAt, recallFleet } from "./recall";
export { collectDebris, recyclingCapacity } from "./recycling";
export { fleetSlots } from "./slots";
export { formUnion, joinUnion, UNION_MAX_FLEETS, UNION_MAX_INVITED, UNION_SLACK } from "./union";
export type { Union } from "./union";
