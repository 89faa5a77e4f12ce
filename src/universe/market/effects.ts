import type { Lot, Offer } from "../engine/index";

/**
 * The effects of a trade (docs/universe-cross-shard.md §8) and their payloads. Every payload that
 * moves resources carries them as `lot`, so the conservation ledger finds what is in flight
 * without knowing the kinds.
 */
export const MarketEffect = {
  /** Seller's shard → market: the new offer, its escrow in `lot`. */
  open: "market_offer_open",
  /** Buyer's shard → market: the payment in `lot`. */
  accept: "market_accept",
  /** Market → seller's shard: the payment less the fee. */
  paid: "market_offer_paid",
  /** Market → seller's shard: the escrow of a cancelled offer. */
  cancelled: "market_offer_refund",
  /** Market → buyer's shard: the escrow. */
  delivered: "market_accept_delivered",
  /** Market → buyer's shard: the payment of a refused accept. */
  refused: "market_accept_refund",
} as const;

export const marketEffectId = {
  open: (offerId: string) => `offer:${offerId}:open`,
  accept: (acceptId: string) => `accept:${acceptId}`,
  paid: (offerId: string) => `offer:${offerId}:paid`,
  cancelled: (offerId: string) => `offer:${offerId}:refund`,
  delivered: (acceptId: string) => `accept:${acceptId}:delivered`,
  refused: (acceptId: string) => `accept:${acceptId}:refund`,
};

export interface OpenPayload {
  universeId: string;
  offer: Offer;
  /** Fixed when the offer is made, so a trade's fee is known to both sides in advance. */
  feeRate: number;
  lot: Lot;
}

export interface AcceptPayload {
  acceptId: string;
  offerId: string;
  buyerId: string;
  buyerPlanetId: string;
  lot: Lot;
}

/** What the market answers to an accept; the buyer's shard records it for the HTTP caller. */
export type AcceptAnswer = { accepted: true } | { accepted: false; code: string; message: string };

/** Market → a shard: resources for one of its players' planets, and why. */
export interface CreditPayload {
  offerId: string;
  acceptId: string | null;
  playerId: string;
  planetId: string;
  lot: Lot;
  /** The other side of the trade (the escrow for the seller, the price for the buyer), for the notice. */
  counterpart: Lot;
  /** Why an accept was refused. */
  reason?: string;
}
