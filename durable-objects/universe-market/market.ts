import { DurableObject } from "cloudflare:workers";
import { db } from "../../src/db/client";
import { flushMetrics, flushMetricsSoon, metrics } from "../../src/platform/metrics";
import {
  decideAccept,
  decideCancel,
  type Failure,
  type Lot,
  type Offer,
  type OfferStatus,
  type ResourceName,
} from "../../src/universe/engine/index";
import {
  type AcceptAnswer,
  type AcceptPayload,
  type CreditPayload,
  MarketEffect,
  marketEffectId,
  type OpenPayload,
} from "../../src/universe/market/effects";
import { type OfferRow, projectOffers, projectTrades, type TradeRow } from "../../src/universe/market/projection";
import {
  type Effect,
  type EffectReply,
  Faults,
  faultInjectionEnabled,
  KIT_MIGRATIONS,
  keepInboxPruned,
  migrate,
  type Outbox,
  receiveRemote,
  retryDelayMs,
  Timers,
} from "../kit";
import { runKitTimer, universeOutbox } from "../universe-outbox";
import { MARKET_MIGRATIONS, type OfferRecord } from "./storage";

/** An offer as its market holds it; the API adds the seller's name, which the market does not keep. */
export interface OfferView {
  id: string;
  sellerId: string;
  offered: Lot;
  requested: Lot;
  feeRate: number;
  status: OfferStatus;
  createdAt: number;
  closedAt: number | null;
}

export type MarketResult<T> = { ok: true; value: T } | Failure;

const PROJECT_TIMER = "project";
const PROJECT_RETRY = { baseDelayMs: 30_000, maxDelayMs: 15 * 60_000 };

/**
 * Holds the offers whose id hashes to it, and their escrow (docs/universe-cross-shard.md §8).
 * Offers arrive from the seller's shard and accepts from the buyer's, as effects applied once;
 * an offer's state moves only from `open`, so it is accepted at most once, and each outcome
 * leaves as effects to the shards that credit the planets. D1 gets a copy after each change.
 */
export class UniverseMarket extends DurableObject<Env> {
  readonly faults: Faults;
  private readonly timers: Timers;
  private readonly outbox: Outbox;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    migrate(ctx.storage, [...KIT_MIGRATIONS, ...MARKET_MIGRATIONS]);
    this.faults = new Faults(ctx, faultInjectionEnabled(env));
    this.timers = new Timers(ctx.storage);
    this.outbox = universeOutbox(ctx, env, this.timers, this.faults, {
      receiveLocal: () => {
        throw new Error("a market sends no effect to itself");
      },
    });
  }

  async receive(effect: Effect): Promise<EffectReply> {
    const reply = await receiveRemote(this.ctx.storage, effect, (e) => this.apply(e), this.faults);
    await this.afterChange();
    return reply;
  }

  offer(offerId: string): OfferView | null {
    const row = this.record(offerId);
    return row ? view(row) : null;
  }

  /** The seller withdraws an open offer; the escrow goes back to the planet it came from. */
  async cancel(offerId: string, sellerId: string): Promise<MarketResult<OfferView>> {
    const now = Date.now();
    const out = this.ctx.storage.transactionSync((): MarketResult<OfferView> => {
      const row = this.record(offerId);
      const decision = decideCancel(row ? toOffer(row) : null, sellerId);
      if (!decision.ok) return decision;
      const record = row as OfferRecord;
      this.close(offerId, "cancelled", now);
      const credit: CreditPayload = {
        offerId,
        acceptId: null,
        playerId: record.seller_id,
        planetId: record.seller_planet_id,
        lot: decision.refund,
        counterpart: decision.offer.requested,
      };
      this.outbox.send(
        { effect_id: marketEffectId.cancelled(offerId), kind: MarketEffect.cancelled, target: record.seller_shard, payload: credit },
        now,
      );
      this.faults.at("before_commit");
      return { ok: true, value: view(this.record(offerId) as OfferRecord) };
    });
    await this.faults.after("after_commit");
    if (out.ok) metrics.inc("orrery_market_offers_cancelled_total", "Market offers cancelled by their seller", {});
    await this.afterChange();
    return out;
  }

  private apply(effect: Effect): unknown {
    const now = Date.now();
    keepInboxPruned(this.timers, now);
    switch (effect.kind) {
      case MarketEffect.open:
        return this.open(effect.payload as OpenPayload, effect.source, now);
      case MarketEffect.accept:
        return this.accept(effect.payload as AcceptPayload, effect.source, now);
      default:
        throw new Error(`the market has no handler for ${effect.kind}`);
    }
  }

  private open(p: OpenPayload, sellerShard: string, now: number): { opened: true } {
    this.ctx.storage.kv.put("universeId", p.universeId);
    const { offer } = p;
    this.ctx.storage.sql.exec(
      `INSERT INTO offers (id, seller_id, seller_shard, seller_planet_id, offered_resource, offered_amount,
        requested_resource, requested_amount, fee_rate, status, created_at, version)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', ?, 1)`,
      offer.id,
      offer.sellerId,
      sellerShard,
      offer.sellerPlanetId,
      offer.offered.resource,
      offer.offered.amount,
      offer.requested.resource,
      offer.requested.amount,
      p.feeRate,
      offer.createdAt,
    );
    this.scheduleProjection(now, 1);
    metrics.inc("orrery_market_offers_opened_total", "Market offers opened", {});
    return { opened: true };
  }

  private accept(p: AcceptPayload, buyerShard: string, now: number): AcceptAnswer {
    const row = this.record(p.offerId);
    const decision = decideAccept(row ? toOffer(row) : null, p.buyerId, p.lot, { marketFeeRate: row?.fee_rate ?? 0 });
    if (!decision.ok) {
      const credit: CreditPayload = {
        offerId: p.offerId,
        acceptId: p.acceptId,
        playerId: p.buyerId,
        planetId: p.buyerPlanetId,
        lot: decision.refund,
        counterpart: row ? { resource: row.offered_resource as ResourceName, amount: row.offered_amount } : decision.refund,
        reason: decision.code,
      };
      this.outbox.send(
        { effect_id: marketEffectId.refused(p.acceptId), kind: MarketEffect.refused, target: buyerShard, payload: credit },
        now,
      );
      metrics.inc("orrery_market_accepts_refused_total", "Accepts the market refused (payment refunded)", { code: decision.code });
      return { accepted: false, code: decision.code, message: decision.message };
    }
    const record = row as OfferRecord;
    this.close(p.offerId, "accepted", now, { buyerId: p.buyerId, acceptId: p.acceptId, fee: decision.fee });
    const toSeller: CreditPayload = {
      offerId: p.offerId,
      acceptId: p.acceptId,
      playerId: record.seller_id,
      planetId: record.seller_planet_id,
      lot: decision.toSeller,
      counterpart: decision.toBuyer,
    };
    const toBuyer: CreditPayload = {
      offerId: p.offerId,
      acceptId: p.acceptId,
      playerId: p.buyerId,
      planetId: p.buyerPlanetId,
      lot: decision.toBuyer,
      counterpart: p.lot,
    };
    this.outbox.send(
      { effect_id: marketEffectId.paid(p.offerId), kind: MarketEffect.paid, target: record.seller_shard, payload: toSeller },
      now,
    );
    this.outbox.send(
      { effect_id: marketEffectId.delivered(p.acceptId), kind: MarketEffect.delivered, target: buyerShard, payload: toBuyer },
      now,
    );
    metrics.inc("orrery_market_trades_total", "Market offers accepted", {});
    return { accepted: true };
  }

  /** Moves an open offer to its final state; callers have checked that it is open. */
  private close(
    offerId: string,
    status: Exclude<OfferStatus, "open">,
    now: number,
    trade?: { buyerId: string; acceptId: string; fee: number },
  ): void {
    this.ctx.storage.sql.exec(
      "UPDATE offers SET status = ?, closed_at = ?, buyer_id = ?, accept_id = ?, fee = ?, version = version + 1 WHERE id = ? AND status = 'open'",
      status,
      now,
      trade?.buyerId ?? null,
      trade?.acceptId ?? null,
      trade?.fee ?? null,
      offerId,
    );
    this.scheduleProjection(now, 1);
  }

  /** The durable intent to project: 30 s after a change, then doubling up to 15 min while D1 keeps failing. */
  private scheduleProjection(now: number, attempt: number): void {
    this.timers.schedule(PROJECT_TIMER, now + retryDelayMs(PROJECT_RETRY, attempt), PROJECT_TIMER, { attempt });
  }

  private record(offerId: string): OfferRecord | null {
    return this.ctx.storage.sql.exec<OfferRecord>("SELECT * FROM offers WHERE id = ?", offerId).toArray()[0] ?? null;
  }

  /** After a commit: the D1 copy, then the effects it produced (neither may undo the change). */
  private async afterChange(): Promise<void> {
    await this.project();
    this.ctx.waitUntil(this.outbox.deliver().then(() => flushMetrics(this.env)));
  }

  /**
   * Writes every change D1 has not seen. The `project` timer, set in the transaction of each
   * change, is the durable intent: it stays until D1 holds the current version of every offer.
   */
  private async project(): Promise<void> {
    const universeId = this.ctx.storage.kv.get<string>("universeId");
    const rows = this.ctx.storage.sql.exec<OfferRecord>("SELECT * FROM offers WHERE projected < version").toArray();
    if (!universeId || rows.length === 0) return;
    try {
      const d = db(this.env);
      await projectOffers(
        d,
        rows.map((r) => offerRow(universeId, r)),
      );
      await projectTrades(
        d,
        rows.filter((r) => r.status === "accepted").map((r) => tradeRow(universeId, r)),
      );
    } catch (e) {
      metrics.inc("orrery_market_projection_failures_total", "Market projections to D1 that failed (retried)", {});
      console.error(JSON.stringify({ level: "warn", msg: "market projection failed; will retry", error: String(e) }));
      return;
    }
    this.ctx.storage.transactionSync(() => {
      for (const r of rows)
        this.ctx.storage.sql.exec("UPDATE offers SET projected = ? WHERE id = ? AND version = ?", r.version, r.id, r.version);
      const left = this.ctx.storage.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM offers WHERE projected < version").one().n;
      if (left === 0) this.timers.cancel(PROJECT_TIMER);
    });
  }

  override async alarm(): Promise<void> {
    const now = Date.now();
    this.timers.runDue(now, (event) => {
      if (runKitTimer(event, now, this.ctx.storage, this.timers, this.outbox)) return;
      // The intent stays in place, later, until a projection succeeds and removes it.
      if (event.kind === PROJECT_TIMER) this.scheduleProjection(now, ((event.payload as { attempt?: number }).attempt ?? 1) + 1);
    });
    await this.outbox.deliver(now);
    await this.project();
    flushMetricsSoon(this.ctx, this.env);
  }
}

function toOffer(r: OfferRecord): Offer {
  return {
    id: r.id,
    sellerId: r.seller_id,
    sellerPlanetId: r.seller_planet_id,
    offered: { resource: r.offered_resource as ResourceName, amount: r.offered_amount },
    requested: { resource: r.requested_resource as ResourceName, amount: r.requested_amount },
    createdAt: r.created_at,
    status: r.status as OfferStatus,
  };
}

function view(r: OfferRecord): OfferView {
  const o = toOffer(r);
  return {
    id: o.id,
    sellerId: o.sellerId,
    offered: o.offered,
    requested: o.requested,
    feeRate: r.fee_rate,
    status: o.status,
    createdAt: o.createdAt,
    closedAt: r.closed_at,
  };
}

function offerRow(universeId: string, r: OfferRecord): OfferRow {
  return {
    id: r.id,
    universeId,
    sellerId: r.seller_id,
    offeredResource: r.offered_resource as ResourceName,
    offeredAmount: r.offered_amount,
    requestedResource: r.requested_resource as ResourceName,
    requestedAmount: r.requested_amount,
    status: r.status as OfferStatus,
    createdAt: r.created_at,
    closedAt: r.closed_at,
    version: r.version,
  };
}

function tradeRow(universeId: string, r: OfferRecord): TradeRow {
  return {
    offerId: r.id,
    universeId,
    sellerId: r.seller_id,
    buyerId: r.buyer_id ?? "",
    offeredResource: r.offered_resource as ResourceName,
    offeredAmount: r.offered_amount,
    requestedResource: r.requested_resource as ResourceName,
    requestedAmount: r.requested_amount,
    fee: r.fee ?? 0,
    at: r.closed_at ?? r.created_at,
  };
}
