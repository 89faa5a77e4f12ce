/**
 * The pure engine of an OGame-style universe (rules §0–§5, §8 movement, §12, §13 shipyard): catalog,
 * formulas, empire state and the commands that change it. No I/O: time (`now`, ms epoch), ids and
 * randomness are inputs.
 *
 * How a shard drives it:
 *  1. load the empire, call a command (or `advance` when a timer fires) with `{ now, settings, newId }`;
 *  2. on `ok`, persist `empire` (skip when it is the very object passed in), upsert every timer in
 *     `timers` by key (the set is complete: timers of this empire not in it may be deleted), and
 *     push `events` to the player;
 *  3. on failure, persist nothing and answer with `code`.
 */

export { advance } from "./advance";
export { calculateObject, calculateProduction, ObjectCalcQuerySchema, ProductionCalcQuerySchema } from "./calc";
export type { ObjectCalcQuery, ObjectCalcResult, ProductionCalcQuery } from "./calc";
export { BattleInputSchema, BattleReportSchema, runBattle, SimulationRequestSchema, simulateBattles } from "./combat/index";
export type { BattleInput, BattleReport, SimulationRequest, SimulationResult } from "./combat/index";
export { BUILDINGS, CATALOG, DEFENSES, isBuildingName, isResearchName, objectById, objectByName, RESEARCH, SHIPS } from "./catalog";
export { BUILDING_NAMES, DEFENSE_NAMES, RESEARCH_NAMES, SHIP_NAMES } from "./catalog-types";
export type {
  BuildingDef,
  BuildingName,
  CharacterClass,
  CombatStats,
  DefenseDef,
  DefenseName,
  DriveName,
  Levels,
  LeveledDef,
  ObjectDef,
  ObjectName,
  RapidFire,
  Requirement,
  ResearchDef,
  ResearchName,
  ShipDef,
  ShipName,
  ShipStats,
  SpeedUpgrade,
  UnitDef,
  UnitName,
} from "./catalog-types";
export { abandonPlanet, astrophysicsForPosition, colonisationRefusal, foundColony, landColonists, maxPlanets } from "./colonise";
export type { ColonyLanding, FoundColony } from "./colonise";
export { EmpireCommandSchema, executeCommand } from "./commands";
export type { EmpireCommand } from "./commands";
export { cancelBuilding, queueBuilding, queueDemolish } from "./commands-buildings";
export type { CancelBuildingCommand, QueueBuildingCommand } from "./commands-buildings";
export { renamePlanet, setProductionPercent } from "./commands-planet";
export type { RenamePlanetCommand, SetProductionPercentCommand } from "./commands-planet";
export { cancelResearch, queueResearch } from "./commands-research";
export type { CancelResearchCommand, QueueResearchCommand } from "./commands-research";
export { orderUnits } from "./commands-shipyard";
export type { OrderUnitsCommand } from "./commands-shipyard";
export { cumulativeCost, demolitionCost, levelCost, unitCost } from "./costs";
export { createEmpire } from "./create-empire";
export type { CreateEmpireCommand } from "./create-empire";
export { economyAt, planetProduction, resourcesOf, settlePlanet } from "./economy";
export { ERROR_CODES, fail } from "./errors";
export type { ErrorCode, Failure } from "./errors";
export type {
  BuildingCompleteEvent,
  EngineEvent,
  MarketEvent,
  NotificationEvent,
  PlanetEvent,
  QueueChangedEvent,
  ResearchCompleteEvent,
  Timer,
  UnitsCompleteEvent,
} from "./events";
export { fieldsUsed, maxFields } from "./fields";
export * from "./fleet/index";
export * from "./market/index";
export { BUILD_QUEUE_LIMIT, MAX_LEVEL, MAX_UNIT_BATCH, RESEARCH_QUEUE_LIMIT } from "./limits";
export {
  FIRST_PLACEMENT_CURSOR,
  generatePlanetStats,
  HOMEWORLD_POSITIONS,
  homeworldStats,
  pickHomeworldPosition,
  placeHomeworld,
} from "./planet-gen";
export type { PlacementCursor, PlacementDecision, PlanetStats } from "./planet-gen";
export { computeProduction, PRODUCER_NAMES, PRODUCTION_TECHNOLOGIES } from "./production";
export type {
  Percentages,
  ProducerName,
  ProducerOutput,
  ProductionInput,
  ProductionReport,
  Temperature,
} from "./production";
export { accrue, accrueResources } from "./accrual";
export { unmetRequirements } from "./requirements";
export type { UnmetRequirement } from "./requirements";
export { NO_RESOURCES, RESOURCE_NAMES } from "./resources";
export type { Price, ResourceName, Resources } from "./resources";
export { seededRng } from "./rng";
export type { Rng } from "./rng";
export { empireScore } from "./score";
export type { Score } from "./score";
export { DEFAULT_SETTINGS, UniverseSettingsSchema } from "./settings";
export type { UniverseSettings, UniverseSettingsInput } from "./settings";
export { isRunning, sameCoordinates } from "./state";
export type {
  BuildingQueueEntry,
  Coordinates,
  Empire,
  Planet,
  QueueEntry,
  ResearchQueueEntry,
  RunningEntry,
  UnitQueueEntry,
} from "./state";
export { arriveInSystem, colonyPlanetId } from "./system-arrival";
export type { SystemArrival, SystemBoundFleet } from "./system-arrival";
export { storageCapacities, storageCapacity } from "./storage";
export { buildingSeconds, effectiveLabLevel, researchSeconds, unitSeconds } from "./times";
export { nextDueAt, pendingTimers } from "./timers";
export type { CommandContext, CommandResult, CommandSuccess, EngineContext } from "./transaction";
export { combatStats, shipMobility } from "./unit-stats";
export type { ShipMobility } from "./unit-stats";
export { empireOverview, planetView, researchOverview } from "./views";
export type {
  BuildingView,
  EmpireOverview,
  PlanetSummary,
  PlanetView,
  ResearchOverview,
  ResearchView,
  Step,
} from "./views";
export { shipyardView } from "./views-shipyard";
export type { ShipyardView, UnitView } from "./views-shipyard";
