import { z } from "@hono/zod-openapi";
import { MAX_LOT, RESOURCE_NAMES } from "../engine/index";
import { idempotencyHeader } from "../../http/openapi";
import { UniverseParam } from "../schemas";

export const ResourceSchema = z.enum(RESOURCE_NAMES).openapi({ example: "metal" });

export const LotSchema = z
  .object({ resource: ResourceSchema, amount: z.number().int().min(1).max(MAX_LOT).openapi({ example: 3000 }) })
  .openapi("Lot");

export const OfferParam = UniverseParam.extend({
  id: z.string().min(1).max(64).openapi({ example: "0193a1e4-8c1f-7b22-9d0e-5f6a7b8c9d0e" }),
});

/** Optional on create and accept: a retry with the same key answers the first request's outcome. */
export const IdempotencyHeader = idempotencyHeader("Repeat a request safely: the same key answers the first outcome", "9b2f6a0e-offer-1");

export const CreateOfferRequest = z
  .object({
    planet: z.string().min(1).max(64).openapi({ description: "The planet the offered amount is taken from (and the payment goes to)" }),
    offered: LotSchema,
    requested: LotSchema,
  })
  .openapi("CreateOfferRequest");

export const AcceptOfferRequest = z
  .object({ planet: z.string().min(1).max(64).openapi({ description: "The planet that pays the price and receives the goods" }) })
  .openapi("AcceptOfferRequest");

export const OfferSchema = z
  .object({
    id: z.string(),
    sellerId: z.string(),
    sellerName: z.string(),
    offered: LotSchema,
    requested: LotSchema,
    feeRate: z.number().openapi({ description: "Share of the payment destroyed as the fee when the offer is accepted" }),
    status: z.enum(["open", "accepted", "cancelled"]),
    createdAt: z.number(),
    closedAt: z.number().nullable(),
  })
  .openapi("Offer");

export const OfferPage = z.object({ offers: z.array(OfferSchema), nextCursor: z.string().nullable() }).openapi("OfferPage");

export const AcceptOutcomeSchema = z
  .object({
    acceptId: z.string(),
    offerId: z.string(),
    status: z.enum(["pending", "accepted", "delivered"]).openapi({
      description:
        "`accepted`: the market sold you the offer and the goods are on their way; `delivered`: they are on your planet; `pending`: the payment is on its way to the market",
    }),
  })
  .openapi("AcceptOutcome");

export const TradeSchema = z
  .object({
    offerId: z.string(),
    sellerId: z.string(),
    buyerId: z.string(),
    offered: LotSchema,
    requested: LotSchema,
    fee: z.number().int().openapi({ description: "Destroyed, in the requested resource" }),
    at: z.number(),
  })
  .openapi("Trade");

export const TradePage = z.object({ trades: z.array(TradeSchema), nextCursor: z.string().nullable() }).openapi("TradePage");

const band = z.object({ min: z.number(), max: z.number() });

export const GuidanceSchema = z
  .object({
    ratio: z.record(ResourceSchema, z.number()).openapi({ description: "Amounts of equal worth: metal : crystal : deuterium" }),
    band: band.openapi({ description: "Prices may lie from min to max times the guidance" }),
    feeRate: z.number(),
    windowHours: z.number().int(),
    pairs: z.array(
      z.object({
        offered: ResourceSchema,
        requested: ResourceSchema,
        guidance: z.number().openapi({ description: "Units of `requested` per unit of `offered` at the guidance ratio" }),
        min: z.number(),
        max: z.number(),
        recent: z.object({
          trades: z.number().int(),
          volume: z.number().openapi({ description: "Offered amount traded in the window" }),
          average: z.number().nullable().openapi({ description: "Price per unit, volume-weighted" }),
          last: z.number().nullable(),
        }),
      }),
    ),
  })
  .openapi("MarketGuidance");

const offered = { resource: "metal" as const, amount: 3000 };
const requested = { resource: "crystal" as const, amount: 2000 };

export const offerExample = {
  id: "6f1c2a9e-3b7d-4e1f-8a2b-9c0d1e2f3a4b",
  sellerId: "c4571f4d-064e-4a4a-b3b7-ac4f0066a36e",
  sellerName: "ada",
  offered,
  requested,
  feeRate: 0,
  status: "open" as const,
  createdAt: 1796033473406,
  closedAt: null,
} satisfies z.input<typeof OfferSchema>;

export const offerPageExample = { offers: [offerExample], nextCursor: null } satisfies z.input<typeof OfferPage>;

export const acceptExample = {
  acceptId: "0d9e8f7a-6b5c-4d3e-2f1a-0b9c8d7e6f5a",
  offerId: offerExample.id,
  status: "accepted" as const,
} satisfies z.input<typeof AcceptOutcomeSchema>;

export const tradePageExample = {
  trades: [
    {
      offerId: offerExample.id,
      sellerId: offerExample.sellerId,
      buyerId: "9a8b7c6d-5e4f-4a3b-2c1d-0e9f8a7b6c5d",
      offered,
      requested,
      fee: 0,
      at: 1796033490000,
    },
  ],
  nextCursor: null,
} satisfies z.input<typeof TradePage>;

export const guidanceExample = {
  ratio: { metal: 3, crystal: 2, deuterium: 1 },
  band: { min: 0.5, max: 2 },
  feeRate: 0,
  windowHours: 24,
  pairs: [
    {
      offered: "metal" as const,
      requested: "crystal" as const,
      guidance: 2 / 3,
      min: 1 / 3,
      max: 4 / 3,
      recent: { trades: 1, volume: 3000, average: 2 / 3, last: 2 / 3 },
    },
  ],
} satisfies z.input<typeof GuidanceSchema>;
