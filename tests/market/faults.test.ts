/**
 * A crash of each object at each step of each trade flow (docs/universe-cross-shard.md §3): the
 * HTTP caller retries with its Idempotency-Key, the alarms drive what is left, and then every
 * resource is where exactly one application of each effect puts it.
 */
import { describe, expect, it } from "vitest";
import type { FaultStep } from "../../durable-objects/kit";
import { shardName } from "../../src/universe/registry";
import { createUniverse } from "../universe/helpers";
import { env } from "cloudflare:test";
import type { Trader } from "./helpers";
import {
  accept,
  cancel,
  crashAt,
  drain,
  initial,
  ledger,
  lot,
  MARKET_SETTINGS,
  marketStub,
  objects,
  offer,
  START,
  stock,
  tradersOnShards,
} from "./helpers";
import { json } from "../helpers/http";

type Who = "seller" | "buyer" | "market";
type Phase = "create" | "accept" | "cancel";

const SENDER: FaultStep[] = ["before_commit", "after_commit", "before_ack", "after_ack"];
const RECEIVER: FaultStep[] = ["during_apply", "after_apply"];

/** Which object passes which step in each phase. */
const CASES: [Phase, Who, FaultStep][] = [
  ...SENDER.map((s): [Phase, Who, FaultStep] => ["create", "seller", s]),
  ...RECEIVER.map((s): [Phase, Who, FaultStep] => ["create", "market", s]),
  ...SENDER.map((s): [Phase, Who, FaultStep] => ["accept", "buyer", s]),
  ...[...RECEIVER, "before_ack" as const, "after_ack" as const].map((s): [Phase, Who, FaultStep] => ["accept", "market", s]),
  ...RECEIVER.map((s): [Phase, Who, FaultStep] => ["accept", "seller", s]),
  ...RECEIVER.map((s): [Phase, Who, FaultStep] => ["cancel", "seller", s]),
  ...SENDER.map((s): [Phase, Who, FaultStep] => ["cancel", "market", s]),
];

const SHARDS = 2;

/** `tradersOnShards` puts the seller on shard 0 and the buyer on shard 1. */
function stubOf(universe: string, who: Who) {
  if (who === "market") return marketStub(universe, 0);
  return env.UNIVERSE_SHARDS.get(env.UNIVERSE_SHARDS.idFromName(shardName(universe, who === "seller" ? 0 : 1)));
}

/** A request that may hit the crash: retried once with the same key, as a client would. */
async function withRetry(send: () => Promise<Response>, ok: number[]): Promise<Response> {
  const first = await send();
  if (ok.includes(first.status)) return first;
  const again = await send();
  expect(ok).toContain(again.status);
  return again;
}

describe("market: a crash at every step", () => {
  it.each(CASES)("%s, %s crashes at %s", async (phase, who, step) => {
    const universe = await createUniverse({ ...MARKET_SETTINGS, shardCount: SHARDS, marketShards: 1 });
    const [seller, buyer] = (await tradersOnShards(universe, SHARDS)) as [Trader, Trader];
    const all = () => objects(universe, SHARDS, 1);
    const target = stubOf(universe, who);

    if (phase === "create") await crashAt(target, step);
    const created = await withRetry(() => offer(universe, seller, lot("metal", 3000), lot("crystal", 2000), "create-1"), [201]);
    const offerId = (await json(created)).id as string;
    await drain(all);

    if (phase === "accept") await crashAt(target, step);
    if (phase === "cancel") await crashAt(target, step);
    if (phase === "cancel") {
      const first = await cancel(universe, seller, offerId);
      // A crash before the commit loses the cancel, after it only the answer: the retry cancels, or finds it cancelled.
      if (first.status !== 200) expect([200, 409]).toContain((await cancel(universe, seller, offerId)).status);
    } else {
      await withRetry(() => accept(universe, buyer, offerId, "accept-1"), [200, 202]);
    }
    await drain(all);

    const l = await ledger(universe, SHARDS, 1);
    expect(l.total).toEqual(initial(2));
    expect(l.inFlight).toEqual({ metal: 0, crystal: 0, deuterium: 0 });
    if (phase === "cancel") {
      expect(await stock(universe, seller)).toEqual(START);
      expect(await stock(universe, buyer)).toEqual(START);
    } else {
      expect(await stock(universe, seller)).toEqual({ ...START, metal: START.metal - 3000, crystal: START.crystal + 2000 });
      expect(await stock(universe, buyer)).toEqual({ ...START, metal: START.metal + 3000, crystal: START.crystal - 2000 });
    }
    expect(l.escrow).toEqual({ metal: 0, crystal: 0, deuterium: 0 });
  });
});
