import type { EffectReceiver } from "../../durable-objects/kit";
import { shardOf } from "./registry";

/**
 * Names of a universe's objects that receive effects (docs/universe-cross-shard.md §1). A name
 * alone says which namespace holds the object, so an outbox row needs nothing but its target.
 */
export function marketName(universeId: string, market: number): string {
  return `${universeId}:market:${market}`;
}

/** The market object that holds an offer, by hash of its id: offers spread evenly, with no lookup. */
export function marketOfOffer(universeId: string, offerId: string, marketShards: number): string {
  return marketName(universeId, shardOf(offerId, marketShards));
}

export function receiverFor(env: Env, name: string): EffectReceiver {
  const ns = name.includes(":market:") ? env.UNIVERSE_MARKETS : env.UNIVERSE_SHARDS;
  return ns.get(ns.idFromName(name)) as unknown as EffectReceiver;
}
