import type { BuildingName, ResearchName, UnitName } from "./catalog-types";
import type { ErrorCode } from "./errors";
import type { Lot } from "./market/offer";
import type { Resources } from "./resources";
import type { BuildingQueueEntry, ResearchQueueEntry, UnitQueueEntry } from "./state";

/**
 * A completion the shard must schedule. Keys are stable for the lifetime of a queue entry, so
 * scheduling is an upsert; a timer whose entry is gone or already completed is harmless when it
 * fires, because `advance` only processes what is actually due.
 */
export interface Timer {
  readonly key: string;
  /** ms epoch */
  readonly at: number;
}

export interface BuildingCompleteEvent {
  readonly type: "building_complete";
  readonly at: number;
  readonly planetId: string;
  readonly entryId: string;
  readonly kind: "build" | "demolish";
  readonly object: BuildingName;
  readonly level: number;
}

export interface ResearchCompleteEvent {
  readonly type: "research_complete";
  readonly at: number;
  readonly planetId: string;
  readonly entryId: string;
  readonly object: ResearchName;
  readonly level: number;
}

/** Units of a shipyard batch finished since the last report; `remaining` 0 means the batch is done. */
export interface UnitsCompleteEvent {
  readonly type: "units_complete";
  readonly at: number;
  readonly planetId: string;
  readonly entryId: string;
  readonly unit: UnitName;
  readonly count: number;
  readonly remaining: number;
  /** Units of that type on the planet now. */
  readonly total: number;
}

export type QueueChangedEvent =
  | {
      readonly type: "queue_changed";
      readonly at: number;
      readonly queue: "buildings";
      readonly planetId: string;
      readonly entries: readonly BuildingQueueEntry[];
    }
  | {
      readonly type: "queue_changed";
      readonly at: number;
      readonly queue: "research";
      readonly entries: readonly ResearchQueueEntry[];
    }
  | {
      readonly type: "queue_changed";
      readonly at: number;
      readonly queue: "units";
      readonly planetId: string;
      readonly entries: readonly UnitQueueEntry[];
    };

/** Something the player should be told about; today only queue entries dropped by the engine. */
export interface NotificationEvent {
  readonly type: "notification";
  readonly at: number;
  readonly kind: "queue_entry_removed";
  readonly reason: ErrorCode;
  readonly message: string;
  readonly planetId: string;
  readonly entryId: string;
  readonly object: BuildingName | ResearchName;
  readonly level: number;
}

/** A planet's economy as of `at`, for clients to interpolate: stock(t) = resources + hourly × Δh, capped. */
export interface PlanetEvent {
  readonly type: "planet";
  readonly at: number;
  readonly planetId: string;
  readonly name: string;
  readonly resources: Resources;
  readonly hourly: Resources;
  readonly capacity: Resources;
  readonly energyProduced: number;
  readonly energyUsed: number;
  readonly factor: number;
}

/** A step of a trade reached one of the player's planets (§13): what it received, and why. */
export interface MarketEvent {
  readonly type: "market";
  readonly at: number;
  /** sold: the payment for an offer; cancelled: its escrow back; bought: the goods; refused: an accept's payment back. */
  readonly kind: "sold" | "cancelled" | "bought" | "refused";
  readonly offerId: string;
  readonly planetId: string;
  readonly received: Lot;
  /** The other side: what was sold for `received`, or what was paid for it. */
  readonly counterpart: Lot;
  /** Why an accept was refused (`offer_taken`, `offer_cancelled`, `own_offer`, …). */
  readonly reason?: string;
}

export type EngineEvent =
  | BuildingCompleteEvent
  | ResearchCompleteEvent
  | UnitsCompleteEvent
  | QueueChangedEvent
  | NotificationEvent
  | PlanetEvent
  | MarketEvent;
