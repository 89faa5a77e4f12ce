/**
 * The conservation property of the market (docs/universe-cross-shard.md §3): random offers,
 * accepts and cancels by players on different shards, through offers spread over two market
 * objects. At random quiet points and at the end, every resource of the universe is somewhere in
 * the ledger (stocks, escrow, lots in outboxes, fees destroyed), and each player's stock is what
 * the market's final word on every offer makes it. Production is zero, so nothing else changes it.
 */
import { runInDurableObject } from "cloudflare:test";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { json } from "../helpers/http";
import {
  accept,
  cancel,
  drain,
  initial,
  ledger,
  lot,
  marketUniverse,
  marketStub,
  objects,
  offer,
  type Stock,
  START,
  stock,
  type Trader,
} from "./helpers";

const RESOURCES = ["metal", "crystal", "deuterium"] as const;
const WORTH = { metal: 3, crystal: 2, deuterium: 1 };
const FEE = 0.05;
const PLAYERS = 3;

type Command =
  | { kind: "offer"; seller: number; offered: number; requested: number; amount: number; ratio: number }
  | { kind: "accept"; buyer: number; offer: number }
  | { kind: "cancel"; by: number; offer: number }
  | { kind: "settle" };

const command: fc.Arbitrary<Command> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant("offer" as const),
      seller: fc.nat(PLAYERS - 1),
      offered: fc.nat(2),
      requested: fc.nat(1),
      amount: fc.integer({ min: 1, max: 15_000 }),
      // Mostly inside the band [0.5, 2], sometimes outside.
      ratio: fc.double({ min: 0.3, max: 2.4, noNaN: true }),
    }),
  },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("accept" as const), buyer: fc.nat(PLAYERS - 1), offer: fc.nat(20) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("cancel" as const), by: fc.nat(PLAYERS - 1), offer: fc.nat(20) }) },
  { weight: 1, arbitrary: fc.constant({ kind: "settle" as const }) },
);

type MarketRow = {
  id: string;
  seller_id: string;
  buyer_id: string | null;
  status: string;
  offered_resource: string;
  offered_amount: number;
  requested_resource: string;
  requested_amount: number;
  fee: number | null;
};

async function marketRows(universe: string, markets: number): Promise<MarketRow[]> {
  const rows: MarketRow[] = [];
  for (let m = 0; m < markets; m++) {
    rows.push(
      ...(await runInDurableObject(marketStub(universe, m), (_: unknown, state: DurableObjectState) =>
        state.storage.sql.exec<MarketRow>("SELECT * FROM offers").toArray(),
      )),
    );
  }
  return rows;
}

/** Each player's stock as the market's final word on every offer makes it. */
function expectedStocks(traders: Trader[], rows: MarketRow[]): Map<string, Stock> {
  const out = new Map(traders.map((t) => [t.id, { ...START }]));
  const move = (id: string | null, r: string, n: number) => {
    const s = id ? out.get(id) : undefined;
    if (s) s[r as keyof Stock] += n;
  };
  for (const o of rows) {
    if (o.status === "cancelled") continue;
    move(o.seller_id, o.offered_resource, -o.offered_amount);
    if (o.status === "accepted") {
      move(o.seller_id, o.requested_resource, o.requested_amount - (o.fee ?? 0));
      move(o.buyer_id, o.requested_resource, -o.requested_amount);
      move(o.buyer_id, o.offered_resource, o.offered_amount);
    }
  }
  return out;
}

describe("market conservation", () => {
  it("random offers, accepts and cancels across shards conserve every resource", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 6, maxLength: 20 }), async (commands) => {
        const { universe, traders, shardCount, marketShards } = await marketUniverse(PLAYERS, { marketFeeRate: FEE });
        const all = () => objects(universe, shardCount, marketShards);
        const offers: string[] = [];
        for (const c of commands) {
          if (c.kind === "offer") {
            const offered = RESOURCES[c.offered] as (typeof RESOURCES)[number];
            const requested = RESOURCES.filter((r) => r !== offered)[c.requested] as (typeof RESOURCES)[number];
            const price = Math.max(1, Math.round(((c.amount * WORTH[requested]) / WORTH[offered]) * c.ratio));
            const res = await offer(universe, traders[c.seller] as Trader, lot(offered, c.amount), lot(requested, price));
            expect([201, 400, 409]).toContain(res.status);
            if (res.status === 201) offers.push((await json(res)).id);
          } else if (c.kind === "accept" && offers.length > 0) {
            const res = await accept(universe, traders[c.buyer] as Trader, offers[c.offer % offers.length] as string);
            expect([200, 202, 409]).toContain(res.status);
          } else if (c.kind === "cancel" && offers.length > 0) {
            const res = await cancel(universe, traders[c.by] as Trader, offers[c.offer % offers.length] as string);
            expect([200, 403, 409]).toContain(res.status);
          } else if (c.kind === "settle") {
            await drain(all);
            expect((await ledger(universe, shardCount, marketShards)).total).toEqual(initial(PLAYERS));
          }
        }
        await drain(all);
        const l = await ledger(universe, shardCount, marketShards);
        expect(l.total).toEqual(initial(PLAYERS));
        const expected = expectedStocks(traders, await marketRows(universe, marketShards));
        for (const t of traders) expect(await stock(universe, t)).toEqual(expected.get(t.id));
      }),
      { numRuns: 8 },
    );
  });
});
