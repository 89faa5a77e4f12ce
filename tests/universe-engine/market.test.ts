import { describe, expect, it } from "vitest";
import {
  creditPlanet,
  DEFAULT_SETTINGS,
  debitPlanet,
  decideAccept,
  decideCancel,
  marketFee,
  marketGuidance,
  type Offer,
  OPEN_OFFERS_LIMIT,
  priceRatio,
  UniverseSettingsSchema,
  validateOffer,
} from "../../src/universe/engine/index";
import { ctx, failed, HOUR, newEmpire, ok, planetOf, T0, withPlanet } from "./helpers";

const terms = (metal: number, crystal: number) => ({
  offered: { resource: "metal" as const, amount: metal },
  requested: { resource: "crystal" as const, amount: crystal },
});

const offer = (patch: Partial<Offer> = {}): Offer => ({
  id: "o1",
  sellerId: "seller",
  sellerPlanetId: "p1",
  createdAt: T0,
  status: "open",
  ...terms(3000, 2000),
  ...patch,
});

describe("offer validation (§13)", () => {
  it("prices at the guidance ratio 3 : 2 : 1 have ratio 1", () => {
    expect(priceRatio(terms(3000, 2000))).toBe(1);
    expect(priceRatio({ offered: { resource: "deuterium", amount: 100 }, requested: { resource: "metal", amount: 300 } })).toBe(1);
  });

  it("accepts prices from 0.5 to 2 times the guidance and refuses outside the band", () => {
    expect(validateOffer(terms(3000, 1000), 0, DEFAULT_SETTINGS)).toBeNull();
    expect(validateOffer(terms(3000, 4000), 0, DEFAULT_SETTINGS)).toBeNull();
    const low = validateOffer(terms(3000, 999), 0, DEFAULT_SETTINGS);
    expect(low?.code).toBe("ratio_out_of_band");
    expect(low?.details).toMatchObject({ minRequested: 1000, maxRequested: 4000 });
    expect(validateOffer(terms(3000, 4001), 0, DEFAULT_SETTINGS)?.code).toBe("ratio_out_of_band");
  });

  it("follows the universe's band setting", () => {
    const tight = UniverseSettingsSchema.parse({ marketRatioBand: { min: 0.9, max: 1.1 } });
    expect(validateOffer(terms(3000, 1500), 0, tight)?.code).toBe("ratio_out_of_band");
    expect(validateOffer(terms(3000, 2100), 0, tight)).toBeNull();
  });

  it("refuses fractional, zero, huge amounts and a resource traded for itself", () => {
    expect(validateOffer(terms(0, 0), 0, DEFAULT_SETTINGS)?.code).toBe("invalid_offer");
    expect(validateOffer(terms(1.5, 1), 0, DEFAULT_SETTINGS)?.code).toBe("invalid_offer");
    expect(validateOffer(terms(3e12, 2e12), 0, DEFAULT_SETTINGS)?.code).toBe("invalid_offer");
    const same = { offered: { resource: "metal" as const, amount: 10 }, requested: { resource: "metal" as const, amount: 10 } };
    expect(validateOffer(same, 0, DEFAULT_SETTINGS)?.code).toBe("invalid_offer");
  });

  it("allows at most 10 open offers per player", () => {
    expect(validateOffer(terms(3000, 2000), OPEN_OFFERS_LIMIT - 1, DEFAULT_SETTINGS)).toBeNull();
    expect(validateOffer(terms(3000, 2000), OPEN_OFFERS_LIMIT, DEFAULT_SETTINGS)?.code).toBe("too_many_offers");
  });
});

describe("fee", () => {
  it("is 0 by default and rounds down", () => {
    expect(marketFee(2000, DEFAULT_SETTINGS)).toBe(0);
    expect(marketFee(2001, { marketFeeRate: 0.05 })).toBe(100);
  });
});

describe("accept and cancel decisions", () => {
  const pay = { resource: "crystal" as const, amount: 2000 };

  it("an open offer is accepted: the seller gets the payment less the fee, the buyer the escrow", () => {
    const d = decideAccept(offer(), "buyer", pay, { marketFeeRate: 0.1 });
    expect(d).toMatchObject({ ok: true, fee: 200, toSeller: { resource: "crystal", amount: 1800 }, toBuyer: { resource: "metal", amount: 3000 } });
    if (d.ok) expect(d.offer.status).toBe("accepted");
  });

  it("refuses, with the whole payment as refund: own offer, taken, cancelled, unknown, wrong payment", () => {
    const settings = { marketFeeRate: 0.1 };
    const cases: [Offer | null, string, string][] = [
      [offer(), "seller", "own_offer"],
      [offer({ status: "accepted" }), "buyer", "offer_taken"],
      [offer({ status: "cancelled" }), "buyer", "offer_cancelled"],
      [null, "buyer", "offer_not_found"],
    ];
    for (const [o, buyer, code] of cases) {
      const d = decideAccept(o, buyer, pay, settings);
      expect(d).toMatchObject({ ok: false, code, refund: pay });
    }
    expect(decideAccept(offer(), "buyer", { resource: "crystal", amount: 1 }, settings)).toMatchObject({ ok: false, code: "invalid_offer" });
  });

  it("an offer is accepted at most once", () => {
    const first = decideAccept(offer(), "b1", pay, DEFAULT_SETTINGS);
    if (!first.ok) throw new Error("expected the first accept to win");
    expect(decideAccept(first.offer, "b2", pay, DEFAULT_SETTINGS)).toMatchObject({ ok: false, code: "offer_taken" });
  });

  it("only the seller cancels, and only an open offer; the escrow comes back in full", () => {
    expect(decideCancel(offer(), "seller")).toMatchObject({ ok: true, refund: { resource: "metal", amount: 3000 }, offer: { status: "cancelled" } });
    expect(decideCancel(offer(), "other")).toMatchObject({ code: "not_your_offer" });
    expect(decideCancel(offer({ status: "accepted" }), "seller")).toMatchObject({ code: "offer_taken" });
    expect(decideCancel(offer({ status: "cancelled" }), "seller")).toMatchObject({ code: "offer_cancelled" });
  });
});

describe("planet debits and credits", () => {
  const rich = () => withPlanet(newEmpire(), { resources: { metal: 5000, crystal: 10, deuterium: 0 }, resourcesAt: T0 });

  it("debits a planet's settled stock, or refuses with insufficient_resources", () => {
    const e = rich();
    const p = planetOf(e).id;
    const done = ok(debitPlanet(e, p, { resource: "metal", amount: 3000 }, ctx(T0)));
    expect(planetOf(done.empire).resources.metal).toBe(2000);
    expect(failed(debitPlanet(e, p, { resource: "crystal", amount: 3000 }, ctx(T0))).code).toBe("insufficient_resources");
    expect(failed(debitPlanet(e, "nope", { resource: "metal", amount: 1 }, ctx(T0))).code).toBe("not_your_planet");
  });

  it("credits beyond the storage capacity, and a vanished planet's credit lands on the homeworld", () => {
    const e = rich();
    const { result, planetId } = creditPlanet(e, "gone", { resource: "crystal", amount: 1_000_000 }, ctx(T0));
    expect(planetId).toBe(planetOf(e).id);
    expect(planetOf(result.empire).resources.crystal).toBe(1_000_010);
  });
});

describe("guidance", () => {
  it("shows the band per pair and what recent trades fetched, ignoring trades outside the window", () => {
    const trades = [
      { ...terms(3000, 2000), at: T0 - HOUR },
      { ...terms(1000, 1000), at: T0 - 2 * HOUR },
      { ...terms(3000, 6000), at: T0 - 48 * HOUR },
    ];
    const g = marketGuidance(trades, DEFAULT_SETTINGS, T0);
    expect(g.ratio).toEqual({ metal: 3, crystal: 2, deuterium: 1 });
    expect(g.pairs).toHaveLength(6);
    const mc = g.pairs.find((p) => p.offered === "metal" && p.requested === "crystal");
    expect(mc).toMatchObject({ guidance: 2 / 3, min: 1 / 3, max: 4 / 3, recent: { trades: 2, volume: 4000, average: 0.75 } });
    expect(mc?.recent.last).toBeCloseTo(2 / 3);
    expect(g.pairs.find((p) => p.offered === "deuterium" && p.requested === "metal")?.recent).toEqual({
      trades: 0,
      volume: 0,
      average: null,
      last: null,
    });
  });
});
