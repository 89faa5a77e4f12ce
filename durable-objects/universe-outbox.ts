import { receiverFor } from "../src/universe/addressing";
import { type Faults, Outbox, type OutboxOptions, type Timers } from "./kit";

/**
 * The outbox of a universe object (shard, system or market): it sends as its DO name, reaches the
 * other universe objects by theirs (docs/universe-cross-shard.md), and stops at the object's fault
 * points. Only what the object does with effects to itself and with answers is its own.
 */
export function universeOutbox(
  ctx: DurableObjectState,
  env: Env,
  timers: Timers,
  faults: Faults,
  own: Pick<OutboxOptions, "receiveLocal" | "onAck">,
): Outbox {
  return new Outbox(ctx.storage, timers, {
    self: ctx.id.name ?? ctx.id.toString(),
    resolve: (target) => receiverFor(env, target),
    faults,
    ...own,
  });
}
