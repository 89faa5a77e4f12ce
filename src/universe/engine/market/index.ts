/**
 * The market (rules §13), pure: offer validation (amounts, the ratio band around the guidance
 * ratio, the open-offer limit), the fee, the at-most-once accept and the cancel decisions, the
 * guidance, and the planet debits and credits of escrow and payments. The shells (seller's and
 * buyer's shards, the market object) store offers and move lots between them exactly once
 * (docs/universe-cross-shard.md §8).
 */

export { GUIDANCE_WINDOW_HOURS, marketGuidance } from "./guidance";
export type { MarketGuidance, PairGuidance, Trade } from "./guidance";
export { GUIDANCE_RATIO, guidancePrice, MAX_LOT, marketFee, OPEN_OFFERS_LIMIT, priceRatio, validateOffer } from "./offer";
export type { Lot, Offer, OfferStatus, OfferTerms } from "./offer";
export { decideAccept, decideCancel } from "./settle";
export type { AcceptDecision } from "./settle";
export { creditPlanet, debitPlanet } from "./transfer";
