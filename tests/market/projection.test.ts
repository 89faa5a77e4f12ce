import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { call, json } from "../helpers/http";
import { scriptD1 } from "../universe/shard-faults";
import { kick, marketStub, marketUniverse, opened } from "./helpers";

const listed = async (universe: string, token: string) =>
  (await json(await call(`/v1/universes/${universe}/market/offers`, { token }))).offers.map((o: { id: string }) => o.id);

describe("market projections", () => {
  it("an offer D1 could not receive is listed once the market's retry reaches it; the offer itself was never in doubt", async () => {
    const { universe, traders } = await marketUniverse(2, { marketShards: 1 });
    const [seller, buyer] = traders as [any, any];
    const market = marketStub(universe, 0);
    const d1 = await scriptD1(market);
    d1.failNext(1);
    const created = await opened(universe, seller);
    expect(d1.executed).toBeGreaterThan(0);
    expect(await listed(universe, buyer.accessToken)).toEqual([]);
    // The market holds the open offer: an accept would find it (the projection never decides).
    expect(await market.offer(created.id)).toMatchObject({ status: "open" });

    await d1.restore();
    await runInDurableObject(market, (_: unknown, state: DurableObjectState) => {
      state.storage.sql.exec("UPDATE _timers SET at = ? WHERE kind = 'project'", Date.now());
    });
    await kick(market);
    expect(await listed(universe, buyer.accessToken)).toEqual([created.id]);
    const pending = await runInDurableObject(
      market,
      (_: unknown, state: DurableObjectState) =>
        state.storage.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM _timers WHERE kind = 'project'").one().n,
    );
    expect(pending).toBe(0);
  });
});
