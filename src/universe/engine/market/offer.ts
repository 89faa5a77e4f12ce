import { type Failure, fail } from "../errors";
import { RESOURCE_NAMES, type ResourceName } from "../resources";
import type { UniverseSettings } from "../settings";

/** One side of a trade: an amount of one resource. */
export interface Lot {
  readonly resource: ResourceName;
  readonly amount: number;
}

/** What a seller asks for: `offered` leaves their planet into escrow, `requested` is the price. */
export interface OfferTerms {
  readonly offered: Lot;
  readonly requested: Lot;
}

export type OfferStatus = "open" | "accepted" | "cancelled";

export interface Offer extends OfferTerms {
  readonly id: string;
  readonly sellerId: string;
  /** The planet the escrow came from and the payment goes to (the homeworld if it is gone by then). */
  readonly sellerPlanetId: string;
  readonly createdAt: number;
  readonly status: OfferStatus;
}

/** Open offers one player may hold at once (§13). */
export const OPEN_OFFERS_LIMIT = 10;
/** Largest amount on either side: keeps every sum of a universe's trades exact in doubles. */
export const MAX_LOT = 1_000_000_000_000;

/**
 * The guidance ratio metal : crystal : deuterium = 3 : 2 : 1 (§13), as the amount of each
 * resource worth one unit of value: 3 metal, 2 crystal and 1 deuterium are worth the same.
 */
export const GUIDANCE_RATIO: Readonly<Record<ResourceName, number>> = Object.freeze({ metal: 3, crystal: 2, deuterium: 1 });

/** The amount of `requested` that the guidance ratio sets as the fair price of `offered`. */
export function guidancePrice(offered: Lot, requested: ResourceName): number {
  return (offered.amount * GUIDANCE_RATIO[requested]) / GUIDANCE_RATIO[offered.resource];
}

/** The price as a multiple of the guidance price: 1 is the guidance, 2 asks twice as much. */
export function priceRatio(terms: OfferTerms): number {
  return terms.requested.amount / guidancePrice(terms.offered, terms.requested.resource);
}

/** The fee on a payment, destroyed (§13): whole units, rounded down so a seller is never charged more than the rate. */
export function marketFee(payment: number, settings: Pick<UniverseSettings, "marketFeeRate">): number {
  return Math.floor(payment * settings.marketFeeRate);
}

function validLot(lot: Lot): boolean {
  return (
    (RESOURCE_NAMES as readonly string[]).includes(lot.resource) && Number.isInteger(lot.amount) && lot.amount >= 1 && lot.amount <= MAX_LOT
  );
}

/**
 * Checks an offer before anything is taken: whole positive amounts of two different resources,
 * a price inside the band around the guidance ratio (which stops one account from pushing
 * resources to another at a giveaway price), and room under the seller's open-offer limit.
 * Whether the planet holds the offered amount is checked when it is taken (`debitPlanet`).
 */
export function validateOffer(terms: OfferTerms, openOffers: number, settings: UniverseSettings): Failure | null {
  const { offered, requested } = terms;
  if (!validLot(offered) || !validLot(requested)) {
    return fail("invalid_offer", `amounts must be whole numbers from 1 to ${MAX_LOT} of metal, crystal or deuterium`);
  }
  if (offered.resource === requested.resource) return fail("invalid_offer", "an offer trades one resource for another");
  const ratio = priceRatio(terms);
  const band = settings.marketRatioBand;
  if (ratio < band.min || ratio > band.max) {
    const fair = guidancePrice(offered, requested.resource);
    return fail("ratio_out_of_band", `the price must lie between ${band.min} and ${band.max} times the guidance price`, {
      ratio,
      band,
      guidance: fair,
      minRequested: Math.ceil(fair * band.min),
      maxRequested: Math.floor(fair * band.max),
    });
  }
  if (openOffers >= OPEN_OFFERS_LIMIT) {
    return fail("too_many_offers", `a player may hold at most ${OPEN_OFFERS_LIMIT} open offers`, { limit: OPEN_OFFERS_LIMIT });
  }
  return null;
}
