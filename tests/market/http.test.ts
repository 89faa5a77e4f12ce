import { describe, expect, it } from "vitest";
import { call, expectError, json } from "../helpers/http";
import { until } from "../universe/helpers";
import { accept, cancel, drain, initial, ledger, lot, marketUniverse, objects, offer, opened, socket, START, stock } from "./helpers";

describe("market over HTTP", () => {
  it("an offer takes the escrow, an accept trades it, and both players are told", async () => {
    const { universe, traders, shardCount, marketShards } = await marketUniverse(2, { marketFeeRate: 0.1 });
    const [seller, buyer] = traders as [any, any];
    const sellerSocket = await socket(universe, seller.accessToken);
    const created = await opened(universe, seller);
    expect(created).toMatchObject({ sellerId: seller.id, sellerName: seller.username, status: "open", feeRate: 0.1 });
    expect(await stock(universe, seller)).toEqual({ ...START, metal: START.metal - 3000 });

    const list = await json(await call(`/v1/universes/${universe}/market/offers?offered=metal`, { token: buyer.accessToken }));
    expect(list.offers.map((o: any) => o.id)).toEqual([created.id]);

    const res = await accept(universe, buyer, created.id);
    expect(res.status).toBe(200);
    expect((await json(res)).status).toMatch(/accepted|delivered/);
    await drain(() => objects(universe, shardCount, marketShards));

    expect(await stock(universe, buyer)).toEqual({ ...START, metal: START.metal + 3000, crystal: START.crystal - 2000 });
    expect(await stock(universe, seller)).toEqual({ ...START, metal: START.metal - 3000, crystal: START.crystal + 1800 });
    const l = await ledger(universe, shardCount, marketShards);
    expect(l.fees).toEqual({ metal: 0, crystal: 200, deuterium: 0 });
    expect(l.total).toEqual(initial(2));

    const history = await json(await call(`/v1/universes/${universe}/market/history?mine=true`, { token: seller.accessToken }));
    expect(history.trades).toEqual([expect.objectContaining({ offerId: created.id, buyerId: buyer.id, fee: 200 })]);
    const after = await json(await call(`/v1/universes/${universe}/market/offers`, { token: buyer.accessToken }));
    expect(after.offers).toEqual([]);

    await until(() => sellerSocket.frames.some((f) => f.type === "market" && f.kind === "sold"));
    const notes = await json(await call(`/v1/universes/${universe}/notifications`, { token: seller.accessToken }));
    expect(notes.notifications.map((n: any) => n.kind)).toContain("market_sold");
    const buyerNotes = await json(await call(`/v1/universes/${universe}/notifications`, { token: buyer.accessToken }));
    expect(buyerNotes.notifications.map((n: any) => n.kind)).toContain("market_bought");
    sellerSocket.ws.close(1000, "done");

    const guidance = await json(await call(`/v1/universes/${universe}/market/guidance`, { token: buyer.accessToken }));
    expect(guidance.pairs.find((p: any) => p.offered === "metal" && p.requested === "crystal").recent).toMatchObject({
      trades: 1,
      volume: 3000,
    });
  });

  it("a cancel returns the escrow in full; the offer can then be neither accepted nor cancelled again", async () => {
    const { universe, traders, shardCount, marketShards } = await marketUniverse(3);
    const [seller, buyer, other] = traders as [any, any, any];
    const created = await opened(universe, seller);
    await expectError(await cancel(universe, other, created.id), 403, "not_your_offer");
    const res = await cancel(universe, seller, created.id);
    expect(res.status).toBe(200);
    expect(await json(res)).toMatchObject({ status: "cancelled", sellerId: seller.id, sellerName: seller.username });
    await drain(() => objects(universe, shardCount, marketShards));
    expect(await stock(universe, seller)).toEqual(START);
    await expectError(await accept(universe, buyer, created.id), 409, "offer_cancelled");
    await expectError(await cancel(universe, seller, created.id), 409, "offer_cancelled");
    expect(await stock(universe, buyer)).toEqual(START);
  });

  it("refuses: own offer, taken, unknown, out of band, invalid, too many, not enough resources, not your planet", async () => {
    const { universe, traders, shardCount, marketShards } = await marketUniverse(3);
    const [seller, buyer, late] = traders as [any, any, any];
    const created = await opened(universe, seller);
    await expectError(await accept(universe, seller, created.id), 409, "own_offer");
    expect((await accept(universe, buyer, created.id)).status).toBe(200);
    await expectError(await accept(universe, late, created.id), 409, "offer_taken");
    await expectError(await cancel(universe, seller, created.id), 409, "offer_taken");
    await expectError(await accept(universe, late, "no-such-offer"), 404, "offer_not_found");
    const dear = await opened(universe, seller, lot("deuterium", 60_000), lot("metal", 180_000));
    await expectError(await accept(universe, buyer, dear.id), 409, "insufficient_resources");
    await expectError(await cancel(universe, seller, "no-such-offer"), 404, "offer_not_found");

    const band = await expectError(await offer(universe, seller, lot("metal", 3000), lot("crystal", 999)), 400, "ratio_out_of_band");
    expect(band.details).toMatchObject({ minRequested: 1000, maxRequested: 4000 });
    await expectError(await offer(universe, seller, lot("metal", 3000), lot("metal", 3000)), 400, "invalid_offer");
    await expectError(await offer(universe, seller, lot("metal", 1.5), lot("crystal", 1)), 400, "invalid_request");
    await expectError(await offer(universe, seller, lot("metal", 300_000), lot("crystal", 200_000)), 409, "insufficient_resources");
    const foreign = await call(`/v1/universes/${universe}/market/offers`, {
      token: seller.accessToken,
      body: { planet: buyer.planetId, offered: lot("metal", 30), requested: lot("crystal", 20) },
    });
    await expectError(foreign, 403, "not_your_planet");

    for (let i = 0; i < 10; i++) await opened(universe, late, lot("deuterium", 10), lot("metal", 30));
    await expectError(await offer(universe, late, lot("deuterium", 10), lot("metal", 30)), 409, "too_many_offers");

    await drain(() => objects(universe, shardCount, marketShards));
    const l = await ledger(universe, shardCount, marketShards);
    expect(l.total).toEqual(initial(3));
  });

  it("an Idempotency-Key makes a repeated create or accept answer the first outcome, taking nothing twice", async () => {
    const { universe, traders, shardCount, marketShards } = await marketUniverse(2);
    const [seller, buyer] = traders as [any, any];
    const first = await offer(universe, seller, lot("metal", 3000), lot("crystal", 2000), "k-offer");
    const again = await offer(universe, seller, lot("metal", 3000), lot("crystal", 2000), "k-offer");
    expect([first.status, again.status]).toEqual([201, 201]);
    const id = (await json(first)).id;
    expect((await json(again)).id).toBe(id);
    expect(await stock(universe, seller)).toEqual({ ...START, metal: START.metal - 3000 });

    const a1 = await accept(universe, buyer, id, "k-accept");
    const a2 = await accept(universe, buyer, id, "k-accept");
    expect([a1.status, a2.status]).toEqual([200, 200]);
    expect((await json(a2)).acceptId).toBe((await json(a1)).acceptId);
    await drain(() => objects(universe, shardCount, marketShards));
    expect(await stock(universe, buyer)).toEqual({ ...START, metal: START.metal + 3000, crystal: START.crystal - 2000 });
    expect((await ledger(universe, shardCount, marketShards)).total).toEqual(initial(2));
  });
});
