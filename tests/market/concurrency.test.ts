import { describe, expect, it } from "vitest";
import { json } from "../helpers/http";
import { createUniverse } from "../universe/helpers";
import { accept, drain, initial, ledger, MARKET_SETTINGS, objects, opened, START, stock, tradersOnShards } from "./helpers";

describe("market concurrency", () => {
  it("two buyers accept one offer at once: exactly one gets it, the other is refunded", async () => {
    const universe = await createUniverse({ ...MARKET_SETTINGS, shardCount: 3, marketShards: 1 });
    const [seller, b1, b2] = await tradersOnShards(universe, 3);
    if (!seller || !b1 || !b2) throw new Error("expected one trader per shard");
    const created = await opened(universe, seller);
    const [r1, r2] = await Promise.all([accept(universe, b1, created.id), accept(universe, b2, created.id)]);
    const statuses = [r1.status, r2.status].sort();
    expect(statuses).toEqual([200, 409]);
    const loser = r1.status === 409 ? r1 : r2;
    expect((await json(loser)).error.code).toBe("offer_taken");
    await drain(() => objects(universe, 3, 1));

    const winner = r1.status === 200 ? b1 : b2;
    const refunded = winner === b1 ? b2 : b1;
    expect(await stock(universe, winner)).toEqual({ ...START, metal: START.metal + 3000, crystal: START.crystal - 2000 });
    expect(await stock(universe, refunded)).toEqual(START);
    expect(await stock(universe, seller)).toEqual({ ...START, metal: START.metal - 3000, crystal: START.crystal + 2000 });
    expect((await ledger(universe, 3, 1)).total).toEqual(initial(3));
  });
});
