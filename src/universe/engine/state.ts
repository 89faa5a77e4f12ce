import type { BuildingName, Levels, ResearchName, UnitName } from "./catalog-types";
import type { Percentages, Temperature } from "./production";
import type { Price, Resources } from "./resources";

/*
 * The persisted state of one player's empire: plain JSON, never mutated by the engine (every
 * command returns a new empire that shares unchanged planets with the old one).
 *
 * Fleets are not part of an empire: a fleet links two empires (attacks, transports), so the
 * shard keeps fleets in their own table and calls the engine with the empires it touches.
 */

export interface Coordinates {
  readonly galaxy: number;
  readonly system: number;
  readonly position: number;
}

export const sameCoordinates = (a: Coordinates, b: Coordinates): boolean =>
  a.galaxy === b.galaxy && a.system === b.system && a.position === b.position;

interface QueueEntryBase {
  readonly id: string;
  /** Planet that builds the entry; for research, the planet whose lab runs it and that pays. */
  readonly planetId: string;
  /** Level the object will have once this entry completes. */
  readonly level: number;
  /** Set once the entry is at the head of its queue and has been paid for. */
  readonly startedAt?: number;
  readonly endsAt?: number;
  /** What was paid at start; refunded in full when a running entry is cancelled. */
  readonly cost?: Price;
}

export interface BuildingQueueEntry extends QueueEntryBase {
  readonly kind: "build" | "demolish";
  readonly object: BuildingName;
}

export interface ResearchQueueEntry extends QueueEntryBase {
  readonly kind: "research";
  readonly object: ResearchName;
}

export type QueueEntry = BuildingQueueEntry | ResearchQueueEntry;

export type RunningEntry<E extends QueueEntry = QueueEntry> = E & {
  readonly startedAt: number;
  readonly endsAt: number;
  readonly cost: Price;
};

export function isRunning<E extends QueueEntry>(entry: E | undefined): entry is RunningEntry<E> {
  return entry?.endsAt !== undefined;
}

/**
 * A batch of identical units in a shipyard queue, paid in full when ordered (§13). Its timeline is
 * fixed at the order: batches run back to back, and the shipyard and nanite levels that set the
 * unit time cannot change while the queue is not empty (`shipyard_busy`).
 */
export interface UnitQueueEntry {
  readonly id: string;
  readonly unit: UnitName;
  /** Units still to finish; finished ones have moved to `Planet.units`. */
  readonly count: number;
  /** Units in the batch as ordered. */
  readonly ordered: number;
  readonly unitSeconds: number;
  /** When the next unit of the batch started (or starts, for a batch behind another), ms epoch. */
  readonly startedAt: number;
  /** What the whole batch cost. */
  readonly cost: Price;
}

export interface Planet {
  readonly id: string;
  readonly name: string;
  readonly type: "planet" | "moon";
  readonly coords: Coordinates;
  /** Fields before terraformer and lunar-base extensions. */
  readonly baseFields: number;
  readonly temperature: Temperature;
  /** Kilometres. */
  readonly diameter: number;
  readonly buildings: Levels<BuildingName>;
  readonly percentages: Percentages;
  /** Stock as of `resourcesAt` (ms epoch); see `resourcesOf` for the stock at another instant. */
  readonly resources: Resources;
  readonly resourcesAt: number;
  readonly buildQueue: readonly BuildingQueueEntry[];
  readonly units: Levels<UnitName>;
  /** Shipyard queue, unlimited in length (§2); `advance` moves the units finished by an instant to `units`. */
  readonly unitQueue: readonly UnitQueueEntry[];
  /** A moon's jump gate: when it may be used again after its last jump, ms epoch (§11); absent before the first. */
  readonly jumpGateReadyAt?: number;
}

export interface Empire {
  readonly playerId: string;
  /** Homeworld first, then colonies and moons in the order they were acquired. */
  readonly planets: readonly Planet[];
  readonly research: Levels<ResearchName>;
  readonly researchQueue: readonly ResearchQueueEntry[];
}
