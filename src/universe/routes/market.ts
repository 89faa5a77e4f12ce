import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { currentUser, requireAuth } from "../../auth/middleware";
import { db } from "../../db/client";
import type { AppEnv } from "../../http/app-env";
import { ApiError, errorResponses } from "../../http/errors";
import { bearer, jsonBody as body, jsonResponse as json } from "../../http/openapi";
import { router } from "../../http/router";
import type { OfferView } from "../../../durable-objects/universe-market/market";
import { GUIDANCE_WINDOW_HOURS, marketGuidance } from "../engine/index";
import { type ListedOffer, listOpenOffers, listTrades, type TradeRow, tradesSince } from "../market/projection";
import {
  AcceptOfferRequest,
  AcceptOutcomeSchema,
  acceptExample,
  CreateOfferRequest,
  GuidanceSchema,
  guidanceExample,
  IdempotencyHeader,
  OfferPage,
  OfferParam,
  OfferSchema,
  offerExample,
  offerPageExample,
  ResourceSchema,
  TradePage,
  tradePageExample,
} from "../market/schemas";
import { marketOfOffer } from "../addressing";
import { getUniverse } from "../registry";
import { UniverseParam } from "../schemas";
import { SHARD_REFUSALS, unwrap } from "../shard-client";
import { playerShard, tag } from "./context";
import { objectByName } from "../../lib/objects";

const authed = { tags: [tag], security: bearer, middleware: requireAuth };
const refusals = errorResponses(400, 401, 403, 404, 409, 429, SHARD_REFUSALS);
const page = {
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(200).optional().openapi({ description: "`nextCursor` of the previous page" }),
};

const routes = {
  create: createRoute({
    ...authed,
    method: "post",
    path: "/v1/universes/{u}/market/offers",
    operationId: "createMarketOffer",
    summary: "Offer an amount of one resource for an amount of another; the offered amount leaves the planet into escrow",
    request: {
      params: UniverseParam,
      headers: IdempotencyHeader,
      body: body(CreateOfferRequest, {
        planet: "67bfd997-090c-41f7-9364-d9bd9cc38a8b",
        offered: offerExample.offered,
        requested: offerExample.requested,
      }),
    },
    responses: { 201: json(OfferSchema, "The open offer", offerExample), ...refusals },
  }),
  list: createRoute({
    ...authed,
    method: "get",
    path: "/v1/universes/{u}/market/offers",
    operationId: "listMarketOffers",
    summary: "Open offers, newest first, filtered by the resource offered or requested",
    request: {
      params: UniverseParam,
      query: z.object({ offered: ResourceSchema.optional(), requested: ResourceSchema.optional(), ...page }),
    },
    responses: { 200: json(OfferPage, "Open offers", offerPageExample), ...errorResponses(400, 401, 404) },
  }),
  accept: createRoute({
    ...authed,
    method: "post",
    path: "/v1/universes/{u}/market/offers/{id}/accept",
    operationId: "acceptMarketOffer",
    summary: "Buy an offer: its price leaves the planet, the offered amount arrives there; a refused payment is refunded",
    request: {
      params: OfferParam,
      headers: IdempotencyHeader,
      body: body(AcceptOfferRequest, { planet: "67bfd997-090c-41f7-9364-d9bd9cc38a8b" }),
    },
    responses: {
      200: json(AcceptOutcomeSchema, "The market sold you the offer", acceptExample),
      202: json(AcceptOutcomeSchema, "The payment is on its way to the market; the outcome arrives as a notification", {
        ...acceptExample,
        status: "pending",
      }),
      ...refusals,
    },
  }),
  cancel: createRoute({
    ...authed,
    method: "delete",
    path: "/v1/universes/{u}/market/offers/{id}",
    operationId: "cancelMarketOffer",
    summary: "Cancel one's open offer; the escrow goes back to the planet in full",
    request: { params: OfferParam },
    responses: {
      200: json(OfferSchema, "The cancelled offer", { ...offerExample, status: "cancelled", closedAt: 1796033480000 }),
      ...refusals,
    },
  }),
  history: createRoute({
    ...authed,
    method: "get",
    path: "/v1/universes/{u}/market/history",
    operationId: "listMarketTrades",
    summary: "Completed trades, newest first; `mine=true` keeps one's own (as seller or buyer)",
    request: { params: UniverseParam, query: z.object({ mine: z.enum(["true", "false"]).optional(), ...page }) },
    responses: { 200: json(TradePage, "Trades", tradePageExample), ...errorResponses(400, 401, 404) },
  }),
  guidance: createRoute({
    ...authed,
    method: "get",
    path: "/v1/universes/{u}/market/guidance",
    operationId: "getMarketGuidance",
    summary: "The guidance ratio, the band every price must lie in, the fee, and what each pair fetched recently",
    request: { params: UniverseParam },
    responses: { 200: json(GuidanceSchema, "Guidance", guidanceExample), ...errorResponses(400, 401, 404) },
  }),
};

/** The market object that holds an offer. */
async function offerMarket(c: Context<AppEnv>, universeId: string, offerId: string) {
  const u = await getUniverse(db(c.env), universeId);
  const name = marketOfOffer(u.id, offerId, u.settings.marketShards);
  return { name, stub: objectByName(c.env.UNIVERSE_MARKETS, name) };
}

const offerNotFound = (id: string) => new ApiError(404, "offer_not_found", `no offer ${id}`);

type OfferOut = z.input<typeof OfferSchema>;

/** The D1 copy does not keep the fee rate: every offer of a universe has the universe's. */
const offerOut = (r: ListedOffer, feeRate: number): OfferOut => ({
  id: r.id,
  sellerId: r.sellerId,
  sellerName: r.sellerName,
  offered: { resource: r.offeredResource, amount: r.offeredAmount },
  requested: { resource: r.requestedResource, amount: r.requestedAmount },
  feeRate,
  status: r.status,
  createdAt: r.createdAt,
  closedAt: r.closedAt,
});

const tradeOut = (r: TradeRow) => ({
  offerId: r.offerId,
  sellerId: r.sellerId,
  buyerId: r.buyerId,
  offered: { resource: r.offeredResource, amount: r.offeredAmount },
  requested: { resource: r.requestedResource, amount: r.requestedAmount },
  fee: r.fee,
  at: r.at,
});

export const marketRoutes = router()
  .openapi(routes.create, async (c) => {
    const { u: universeId } = c.req.valid("param");
    const { planet, offered, requested } = c.req.valid("json");
    const { user, u, stub, meta } = await playerShard(c, universeId);
    const idempotencyKey = c.req.valid("header")["idempotency-key"];
    const offer = unwrap(await stub.createOffer(meta, user.id, { planetId: planet, offered, requested, idempotencyKey }));
    const out: OfferOut = {
      id: offer.id,
      sellerId: offer.sellerId,
      sellerName: user.username,
      offered: offer.offered,
      requested: offer.requested,
      feeRate: u.settings.marketFeeRate,
      status: offer.status,
      createdAt: offer.createdAt,
      closedAt: null,
    };
    return c.json(out, 201);
  })
  .openapi(routes.list, async (c) => {
    const { u: universeId } = c.req.valid("param");
    const q = c.req.valid("query");
    const u = await getUniverse(db(c.env), universeId);
    const { offers, nextCursor } = await listOpenOffers(db(c.env), u.id, q);
    return c.json({ offers: offers.map((r) => offerOut(r, u.settings.marketFeeRate)), nextCursor }, 200);
  })
  .openapi(routes.accept, async (c) => {
    const { u: universeId, id } = c.req.valid("param");
    const { planet } = c.req.valid("json");
    const idempotencyKey = c.req.valid("header")["idempotency-key"];
    const { name, stub: market } = await offerMarket(c, universeId, id);
    const offer = (await market.offer(id)) as OfferView | null;
    if (!offer) throw offerNotFound(id);
    const user = currentUser(c);
    // Only the own-offer case is answered early: a taken offer must still reach the shard, where a
    // retry with the same Idempotency-Key replays its first (successful) outcome. The market decides.
    if (offer.sellerId === user.id) throw new ApiError(409, "own_offer", "a player cannot accept their own offer");
    const { stub, meta } = await playerShard(c, universeId);
    const outcome = unwrap(
      await stub.acceptOffer(meta, user.id, { offerId: id, market: name, price: offer.requested, planetId: planet, idempotencyKey }),
    );
    if (outcome.status === "refused" || outcome.status === "refunded") {
      const reason = outcome.reason ?? "offer_taken";
      throw new ApiError(SHARD_REFUSALS[reason] ?? 409, reason, `the market refused the purchase (${reason}); the payment is refunded`, {
        acceptId: outcome.acceptId,
      });
    }
    const value = { acceptId: outcome.acceptId, offerId: outcome.offerId, status: outcome.status };
    return outcome.status === "pending" ? c.json(value, 202) : c.json(value, 200);
  })
  .openapi(routes.cancel, async (c) => {
    const { u: universeId, id } = c.req.valid("param");
    const { stub } = await offerMarket(c, universeId, id);
    const user = currentUser(c);
    // Only the seller can cancel, so the name is the caller's own.
    return c.json({ ...unwrap(await stub.cancel(id, user.id)), sellerName: user.username }, 200);
  })
  .openapi(routes.history, async (c) => {
    const { u: universeId } = c.req.valid("param");
    const { mine, limit, cursor } = c.req.valid("query");
    const u = await getUniverse(db(c.env), universeId);
    const playerId = mine === "true" ? currentUser(c).id : undefined;
    const { trades, nextCursor } = await listTrades(db(c.env), u.id, { playerId, limit, cursor });
    return c.json({ trades: trades.map(tradeOut), nextCursor }, 200);
  })
  .openapi(routes.guidance, async (c) => {
    const { u: universeId } = c.req.valid("param");
    const u = await getUniverse(db(c.env), universeId);
    const now = Date.now();
    const trades = await tradesSince(db(c.env), u.id, now - GUIDANCE_WINDOW_HOURS * 3_600_000);
    const guidance = marketGuidance(trades, u.settings, now);
    return c.json({ ...guidance, pairs: [...guidance.pairs] }, 200);
  });
