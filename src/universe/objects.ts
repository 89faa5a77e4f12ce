import type { EffectReceiver } from "../../durable-objects/kit";
import type { Coordinates } from "./engine/index";

/*
 * Names of the universe's objects, which effects use as addresses: `<universe>:<shard>` for a
 * shard (registry.ts `shardName`) and `<universe>:system:<galaxy>:<system>` for the object that
 * owns what nobody owns in one solar system (docs/universe-cross-shard.md §1). Universe ids
 * never contain a colon.
 */

export function systemName(universeId: string, coords: Pick<Coordinates, "galaxy" | "system">): string {
  return `${universeId}:system:${coords.galaxy}:${coords.system}`;
}

export function parseSystemName(name: string): { universeId: string; galaxy: number; system: number } | null {
  const m = /^([^:]+):system:(\d+):(\d+)$/.exec(name);
  return m ? { universeId: m[1]!, galaxy: Number(m[2]), system: Number(m[3]) } : null;
}

export function systemStub(env: Env, universeId: string, coords: Pick<Coordinates, "galaxy" | "system">) {
  return env.UNIVERSE_SYSTEMS.get(env.UNIVERSE_SYSTEMS.idFromName(systemName(universeId, coords)));
}

/** The stub an outbox delivers to, by the receiver's name. */
export function effectReceiver(env: Env, name: string): EffectReceiver {
  const ns = parseSystemName(name) ? env.UNIVERSE_SYSTEMS : env.UNIVERSE_SHARDS;
  return ns.get(ns.idFromName(name)) as unknown as EffectReceiver;
}
