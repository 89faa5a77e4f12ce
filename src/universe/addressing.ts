import type { EffectReceiver } from "../../durable-objects/kit/outbox";
import type { Coordinates } from "./engine/index";
import { shardName, shardOf } from "./registry";

/*
 * Which object owns the arrival of a fleet (docs/universe-cross-shard.md §1): the shard of the
 * target planet's owner, or the solar system's object for places nobody owns (empty positions,
 * debris fields). Outbox rows and fleet rows store these names, so they must stay stable.
 */

export const systemName = (universeId: string, galaxy: number, system: number) => `${universeId}:system:${galaxy}:${system}`;

const SYSTEM_NAME = /:system:\d+:\d+$/;

export interface ArrivalTarget extends Coordinates {
  readonly kind: "planet" | "moon" | "debris";
  /** Owner of the planet at the coordinates, as `planet_slots` said at launch; null when nobody holds it. */
  readonly ownerId: string | null;
}

export function arrivalOwnerFor(universeId: string, shardCount: number, target: ArrivalTarget): string {
  if (target.kind !== "debris" && target.ownerId !== null) return shardName(universeId, shardOf(target.ownerId, shardCount));
  return systemName(universeId, target.galaxy, target.system);
}

/**
 * A stub to deliver effects to `name`, or null when no object receives them yet: system objects
 * (colonise, recycle) do not exist yet, so launches to them are refused rather than stranded.
 */
export function receiverFor(env: Env, name: string): EffectReceiver | null {
  if (SYSTEM_NAME.test(name)) return null;
  if (MARKET_NAME.test(name)) return env.UNIVERSE_MARKETS.get(env.UNIVERSE_MARKETS.idFromName(name));
  return env.UNIVERSE_SHARDS.get(env.UNIVERSE_SHARDS.idFromName(name));
}

export const marketName = (universeId: string, market: number) => `${universeId}:market:${market}`;

const MARKET_NAME = /:market:\d+$/;

/** The market object that holds an offer, by hash of its id: offers spread evenly, with no lookup. */
export function marketOfOffer(universeId: string, offerId: string, marketShards: number): string {
  return marketName(universeId, shardOf(offerId, marketShards));
}
