import {
  type CommandContext,
  type CommandSuccess,
  creditPlanet,
  debitPlanet,
  type Empire,
  type Failure,
  type Lot,
  type MarketEvent,
  type Offer,
  type UniverseSettings,
  validateOffer,
} from "../../src/universe/engine/index";
import {
  type AcceptAnswer,
  type AcceptPayload,
  type CreditPayload,
  MarketEffect,
  marketEffectId,
  type OpenPayload,
} from "../../src/universe/market/effects";
import type { DoMigration, Effect, Outbox } from "../kit";

/**
 * The shard's half of the market (docs/universe-cross-shard.md §8): it takes a seller's escrow
 * and a buyer's payment from their planets, keeps each seller's open offers (the limit is
 * counted here), and credits the planets with what the market sends back. Every change runs
 * inside the caller's transaction, together with the effect it sends or receives.
 */
export const MARKET_SHARD_MIGRATION: DoMigration = {
  version: 150,
  name: "market",
  sql: `CREATE TABLE market_open_offers (
    offer_id TEXT PRIMARY KEY,
    player_id TEXT NOT NULL,
    planet_id TEXT NOT NULL,
    market TEXT NOT NULL,
    created_at INTEGER NOT NULL
  );
  CREATE INDEX market_open_offers_player ON market_open_offers (player_id);
  CREATE TABLE market_accepts (
    accept_id TEXT PRIMARY KEY,
    offer_id TEXT NOT NULL,
    player_id TEXT NOT NULL,
    planet_id TEXT NOT NULL,
    status TEXT NOT NULL,
    reason TEXT,
    created_at INTEGER NOT NULL
  );`,
};

/**
 * Where an accept stands for its buyer. `accepted`/`refused` is the market's answer; `delivered`
 * and `refunded` mean the goods or the payment are back on the buyer's planet.
 */
export type AcceptStatus = "pending" | "accepted" | "delivered" | "refused" | "refunded";

export interface AcceptOutcome {
  acceptId: string;
  offerId: string;
  status: AcceptStatus;
  reason: string | null;
}

export interface NewOffer {
  planetId: string;
  offered: Lot;
  requested: Lot;
}

export interface AcceptRequest {
  offerId: string;
  /** The market object holding the offer. */
  market: string;
  /** The offer's price, as the market showed it; the market refunds a payment that does not match. */
  price: Lot;
  planetId: string;
}

type Changed<T> = { ok: true; value: T; result: CommandSuccess } | Failure;

export class ShardMarket {
  constructor(
    private readonly sql: SqlStorage,
    private readonly outbox: Outbox,
  ) {}

  openOffers(playerId: string): number {
    return this.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM market_open_offers WHERE player_id = ?", playerId).one().n;
  }

  /** Seller: checks the offer, takes the escrow from the planet and sends it to the offer's market. */
  create(
    empire: Empire,
    input: NewOffer & { offerId: string; market: string; universeId: string },
    ctx: CommandContext,
  ): Changed<Offer> {
    const terms = { offered: input.offered, requested: input.requested };
    const refusal = validateOffer(terms, this.openOffers(empire.playerId), ctx.settings);
    if (refusal) return refusal;
    const debit = debitPlanet(empire, input.planetId, input.offered, ctx);
    if (!debit.ok) return debit;
    const offer: Offer = {
      id: input.offerId,
      sellerId: empire.playerId,
      sellerPlanetId: input.planetId,
      createdAt: ctx.now,
      status: "open",
      ...terms,
    };
    this.sql.exec(
      "INSERT INTO market_open_offers (offer_id, player_id, planet_id, market, created_at) VALUES (?, ?, ?, ?, ?)",
      offer.id,
      offer.sellerId,
      offer.sellerPlanetId,
      input.market,
      ctx.now,
    );
    const payload: OpenPayload = {
      universeId: input.universeId,
      offer,
      feeRate: ctx.settings.marketFeeRate,
      lot: input.offered,
    };
    this.outbox.send({ effect_id: marketEffectId.open(offer.id), kind: MarketEffect.open, target: input.market, payload }, ctx.now);
    return { ok: true, value: offer, result: debit };
  }

  /** Buyer: takes the price from the planet and sends it to the offer's market as the payment. */
  accept(empire: Empire, input: AcceptRequest & { acceptId: string }, ctx: CommandContext): Changed<AcceptOutcome> {
    const debit = debitPlanet(empire, input.planetId, input.price, ctx);
    if (!debit.ok) return debit;
    this.sql.exec(
      "INSERT INTO market_accepts (accept_id, offer_id, player_id, planet_id, status, created_at) VALUES (?, ?, ?, ?, 'pending', ?)",
      input.acceptId,
      input.offerId,
      empire.playerId,
      input.planetId,
      ctx.now,
    );
    const payload: AcceptPayload = {
      acceptId: input.acceptId,
      offerId: input.offerId,
      buyerId: empire.playerId,
      buyerPlanetId: input.planetId,
      lot: input.price,
    };
    this.outbox.send(
      { effect_id: marketEffectId.accept(input.acceptId), kind: MarketEffect.accept, target: input.market, payload },
      ctx.now,
    );
    return { ok: true, value: { acceptId: input.acceptId, offerId: input.offerId, status: "pending", reason: null }, result: debit };
  }

  /** The market's answer to an accept, in the transaction that acknowledges it. */
  onAccepted(effect: Effect, answer: AcceptAnswer): void {
    const { acceptId } = effect.payload as AcceptPayload;
    // The credit may have arrived before the answer (the market delivers as soon as it decides).
    this.sql.exec(
      "UPDATE market_accepts SET status = ?, reason = ? WHERE accept_id = ? AND status = 'pending'",
      answer.accepted ? "accepted" : "refused",
      answer.accepted ? null : answer.code,
      acceptId,
    );
  }

  acceptOutcome(acceptId: string): AcceptOutcome | null {
    const row = this.sql
      .exec<{ accept_id: string; offer_id: string; status: AcceptStatus; reason: string | null }>(
        "SELECT accept_id, offer_id, status, reason FROM market_accepts WHERE accept_id = ?",
        acceptId,
      )
      .toArray()[0];
    return row ? { acceptId: row.accept_id, offerId: row.offer_id, status: row.status, reason: row.reason } : null;
  }

  isCredit(kind: string): boolean {
    return Object.hasOwn(CREDIT_KINDS, kind);
  }

  /** A credit from the market: the lot lands on the player's planet (the homeworld if it is gone). */
  credit(effect: Effect, empire: Empire, ctx: { now: number; settings: UniverseSettings }): CommandSuccess {
    const p = effect.payload as CreditPayload;
    const { result, planetId } = creditPlanet(empire, p.planetId, p.lot, { ...ctx, newId: () => crypto.randomUUID() });
    const kind = creditKind(effect.kind);
    if (kind === "sold" || kind === "cancelled") this.sql.exec("DELETE FROM market_open_offers WHERE offer_id = ?", p.offerId);
    if (p.acceptId && (kind === "bought" || kind === "refused")) {
      this.sql.exec(
        "UPDATE market_accepts SET status = ?, reason = ? WHERE accept_id = ?",
        kind === "bought" ? "delivered" : "refunded",
        p.reason ?? null,
        p.acceptId,
      );
    }
    const event: MarketEvent = {
      type: "market",
      at: ctx.now,
      kind,
      offerId: p.offerId,
      planetId,
      received: p.lot,
      counterpart: p.counterpart,
      ...(p.reason ? { reason: p.reason } : {}),
    };
    return { ...result, events: [...result.events, event] };
  }
}

/** The effects that credit a player's planet, and the event each one is to its player. */
const CREDIT_KINDS: Record<string, MarketEvent["kind"]> = {
  [MarketEffect.paid]: "sold",
  [MarketEffect.cancelled]: "cancelled",
  [MarketEffect.delivered]: "bought",
  [MarketEffect.refused]: "refused",
};

function creditKind(kind: string): MarketEvent["kind"] {
  const event = Object.hasOwn(CREDIT_KINDS, kind) ? CREDIT_KINDS[kind] : undefined;
  if (!event) throw new Error(`not a market credit: ${kind}`);
  return event;
}
