import { receiverFor } from "../src/universe/addressing";
import { type Faults, INBOX_PRUNE_TIMER, Outbox, OUTBOX_TIMER, type OutboxOptions, pruneInbox, type TimedEvent, type Timers } from "./kit";

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

/** Runs the kit's own timers every universe object has (outbox retries, inbox pruning); false for the object's own kinds. */
export function runKitTimer(event: TimedEvent, now: number, storage: DurableObjectStorage, timers: Timers, outbox: Outbox): boolean {
  if (event.kind === OUTBOX_TIMER) outbox.onTimer(now);
  else if (event.kind === INBOX_PRUNE_TIMER) pruneInbox(storage, timers, now);
  else return false;
  return true;
}
