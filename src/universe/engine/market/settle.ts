import { type Failure, fail } from "../errors";
import type { UniverseSettings } from "../settings";
import { type Lot, marketFee, type Offer } from "./offer";

/** What the market does with a payment that reached an offer. */
export type AcceptDecision =
  | {
      readonly ok: true;
      readonly offer: Offer;
      /** To the seller's planet: the payment less the fee. */
      readonly toSeller: Lot;
      /** Destroyed, in the requested resource. */
      readonly fee: number;
      /** To the buyer's planet: the escrow. */
      readonly toBuyer: Lot;
    }
  | (Failure & { readonly refund: Lot });

/**
 * Decides an accept against the offer as the market holds it. The state moves only from `open`,
 * so an offer is accepted at most once; any refusal hands the whole payment back.
 */
export function decideAccept(
  offer: Offer | null,
  buyerId: string,
  payment: Lot,
  settings: Pick<UniverseSettings, "marketFeeRate">,
): AcceptDecision {
  const refuse = (failure: Failure) => ({ ...failure, refund: payment });
  if (!offer) return refuse(fail("offer_not_found", "no such offer"));
  if (offer.sellerId === buyerId) return refuse(fail("own_offer", "a player cannot accept their own offer"));
  if (offer.status === "accepted") return refuse(fail("offer_taken", "the offer has already been accepted"));
  if (offer.status === "cancelled") return refuse(fail("offer_cancelled", "the seller cancelled the offer"));
  if (payment.resource !== offer.requested.resource || payment.amount !== offer.requested.amount) {
    return refuse(fail("invalid_offer", "the payment does not match the offer's price", { requested: offer.requested }));
  }
  const fee = marketFee(payment.amount, settings);
  return {
    ok: true,
    offer: { ...offer, status: "accepted" },
    toSeller: { resource: payment.resource, amount: payment.amount - fee },
    fee,
    toBuyer: offer.offered,
  };
}

/** Cancels an open offer of `sellerId`; the escrow goes back to the seller in full. */
export function decideCancel(offer: Offer | null, sellerId: string): { ok: true; offer: Offer; refund: Lot } | Failure {
  if (!offer) return fail("offer_not_found", "no such offer");
  if (offer.sellerId !== sellerId) return fail("not_your_offer", "only the seller can cancel an offer");
  if (offer.status === "accepted") return fail("offer_taken", "the offer has already been accepted");
  if (offer.status === "cancelled") return fail("offer_cancelled", "the offer is already cancelled");
  return { ok: true, offer: { ...offer, status: "cancelled" }, refund: offer.offered };
}
