import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { ShardCall, ShardResult } from "../../durable-objects/universe-shard/shard";
import { ApiError } from "../http/errors";
import type { Universe } from "./registry";
import { shardName, shardOf } from "./registry";
import { jsonText } from "../lib/json-text";
import { objectByName } from "../lib/objects";

/**
 * The shard's refusal codes and their HTTP status (also listed in the OpenAPI document); the code
 * itself is passed through unchanged.
 */
export const SHARD_REFUSALS: Record<string, ContentfulStatusCode> = {
  insufficient_resources: 409,
  requirements_not_met: 409,
  queue_full: 409,
  no_free_fields: 409,
  max_level: 409,
  cannot_demolish: 409,
  lab_busy: 409,
  shipyard_busy: 409,
  unit_limit_reached: 409,
  silo_full: 409,
  class_required: 409,
  not_your_planet: 403,
  invalid_object: 404,
  queue_entry_not_found: 404,
  not_joined: 404,
  universe_paused: 409,
  invalid_percent: 400,
  invalid_count: 400,
  invalid_speed: 400,
  invalid_fleet: 400,
  invalid_name: 400,
  invalid_coordinates: 400,
  cannot_abandon_homeworld: 409,
  fleets_in_flight: 409,
  // The market (§13).
  invalid_offer: 400,
  ratio_out_of_band: 400,
  too_many_offers: 409,
  offer_not_found: 404,
  own_offer: 409,
  offer_taken: 409,
  offer_cancelled: 409,
  not_your_offer: 403,
};

/** The fleet refusals (engine fleet/), kept apart so only the fleet routes list them. */
export const FLEET_REFUSALS: Record<string, ContentfulStatusCode> = {
  invalid_ships: 400,
  invalid_cargo: 400,
  invalid_hold_time: 400,
  no_fleet_slots: 409,
  not_enough_ships: 409,
  not_enough_fuel: 409,
  cargo_exceeds_capacity: 409,
  fuel_exceeds_capacity: 409,
  mission_not_allowed: 409,
  mission_unavailable: 409,
  union_unreachable: 409,
  union_full: 409,
  already_in_union: 409,
  union_not_found: 404,
  newbie_protected: 403,
  target_not_found: 404,
  fleet_not_found: 404,
  cannot_recall: 409,
  no_jump_gate: 409,
  jump_gate_cooling: 409,
  no_phalanx: 409,
  out_of_range: 409,
  idempotency_key_reused: 422,
};

/** The missile launch's own refusals (missiles.ts); the others it shares with fleets. */
export const MISSILE_REFUSALS: Record<string, ContentfulStatusCode> = {
  out_of_range: 409,
  mission_not_allowed: 409,
  newbie_protected: 403,
  target_not_found: 404,
  idempotency_key_reused: 422,
};

export function unwrap<T>(result: ShardResult<T>): T {
  if (result.ok) return result.value;
  const details = "details" in result ? result.details : undefined;
  throw new ApiError(SHARD_REFUSALS[result.code] ?? FLEET_REFUSALS[result.code] ?? MISSILE_REFUSALS[result.code] ?? 400, result.code, result.message, details);
}

/** Each universe's context as its shards receive it, made once per cached universe (registry.ts keeps one object per universe). */
const calls = new WeakMap<Universe, ShardCall>();

/** The context every shard call carries: the universe and its settings, as text (see `ShardCall`). */
export function shardCall(u: Pick<Universe, "id" | "settings">): ShardCall {
  return jsonText({ universeId: u.id, settings: u.settings });
}

export function shardFor(env: Env, u: Universe, userId: string) {
  const shard = shardOf(userId, u.settings.shardCount);
  const stub = objectByName(env.UNIVERSE_SHARDS, shardName(u.id, shard));
  let meta = calls.get(u);
  if (!meta) {
    meta = shardCall(u);
    calls.set(u, meta);
  }
  return { shard, stub, meta };
}
