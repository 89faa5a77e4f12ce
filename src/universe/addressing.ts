import type { EffectReceiver } from "../../durable-objects/kit/outbox";
import type { Coordinates } from "./engine/index";
import { shardName, shardOf } from "./registry";
import { objectByName } from "../lib/objects";

/*
 * Which object owns the arrival of a fleet (docs/universe-cross-shard.md §1): the shard of the
 * target planet's owner, or the solar system's object for places nobody owns (empty positions,
 * debris fields). Outbox rows and fleet rows store these names, so they must stay stable.
 * Universe ids never contain a colon.
 */

export const systemName = (universeId: string, galaxy: number, system: number) => `${universeId}:system:${galaxy}:${system}`;

const SYSTEM_NAME = /^([^:]+):system:(\d+):(\d+)$/;

export function parseSystemName(name: string): { universeId: string; galaxy: number; system: number } | null {
  const m = SYSTEM_NAME.exec(name);
  return m ? { universeId: m[1]!, galaxy: Number(m[2]), system: Number(m[3]) } : null;
}

export interface ArrivalTarget extends Coordinates {
  readonly kind: "planet" | "moon" | "debris";
  /** Owner of the planet at the coordinates, as `planet_slots` said at launch; null when nobody holds it. */
  readonly ownerId: string | null;
}

export function arrivalOwnerFor(universeId: string, shardCount: number, target: ArrivalTarget): string {
  if (target.kind !== "debris" && target.ownerId !== null) return shardName(universeId, shardOf(target.ownerId, shardCount));
  return systemName(universeId, target.galaxy, target.system);
}

export function systemStub(env: Env, universeId: string, coords: Pick<Coordinates, "galaxy" | "system">) {
  return objectByName(env.UNIVERSE_SYSTEMS, systemName(universeId, coords.galaxy, coords.system));
}

/** A stub to deliver effects to `name`: a system object or a shard. */
export function receiverFor(env: Env, name: string): EffectReceiver {
  if (MARKET_NAME.test(name)) return objectByName(env.UNIVERSE_MARKETS, name);
  const stub = SYSTEM_NAME.test(name) ? objectByName(env.UNIVERSE_SYSTEMS, name) : objectByName(env.UNIVERSE_SHARDS, name);
  return stub as unknown as EffectReceiver;
}

export const marketName = (universeId: string, market: number) => `${universeId}:market:${market}`;

const MARKET_NAME = /:market:\d+$/;

/** The market object that holds an offer, by hash of its id: offers spread evenly, with no lookup. */
export function marketOfOffer(universeId: string, offerId: string, marketShards: number): string {
  return marketName(universeId, shardOf(offerId, marketShards));
}
