import { RESOURCE_NAMES, type ResourceName } from "../resources";
import type { UniverseSettings } from "../settings";
import { GUIDANCE_RATIO, type Lot } from "./offer";

/** A completed trade as the history keeps it. */
export interface Trade {
  readonly offered: Lot;
  readonly requested: Lot;
  readonly at: number;
}

export interface PairGuidance {
  readonly offered: ResourceName;
  readonly requested: ResourceName;
  /** Units of `requested` per unit of `offered` at the guidance ratio. */
  readonly guidance: number;
  /** The lowest and highest price per unit an offer may ask (the ratio band). */
  readonly min: number;
  readonly max: number;
  /** Trades of this pair in the window: how many, how much was offered, and their price per unit. */
  readonly recent: {
    readonly trades: number;
    readonly volume: number;
    /** Volume-weighted: total requested over total offered; null without trades. */
    readonly average: number | null;
    readonly last: number | null;
  };
}

export interface MarketGuidance {
  readonly ratio: Readonly<Record<ResourceName, number>>;
  readonly band: { readonly min: number; readonly max: number };
  readonly feeRate: number;
  readonly windowHours: number;
  readonly pairs: readonly PairGuidance[];
}

/** How far back the guidance looks at completed trades. */
export const GUIDANCE_WINDOW_HOURS = 24;

/**
 * What the market advises a seller: the guidance ratio and the band every price must lie in
 * (these decide), and what recent trades of each pair actually fetched (this only informs).
 * `trades` may come in any order.
 */
export function marketGuidance(
  trades: readonly Trade[],
  settings: Pick<UniverseSettings, "marketRatioBand" | "marketFeeRate">,
  now: number,
): MarketGuidance {
  const since = now - GUIDANCE_WINDOW_HOURS * 3_600_000;
  const recent = trades.filter((t) => t.at > since && t.at <= now);
  const band = settings.marketRatioBand;
  const pairs: PairGuidance[] = [];
  for (const offered of RESOURCE_NAMES) {
    for (const requested of RESOURCE_NAMES) {
      if (offered === requested) continue;
      const guidance = GUIDANCE_RATIO[requested] / GUIDANCE_RATIO[offered];
      const mine = recent.filter((t) => t.offered.resource === offered && t.requested.resource === requested);
      const volume = mine.reduce((sum, t) => sum + t.offered.amount, 0);
      const paid = mine.reduce((sum, t) => sum + t.requested.amount, 0);
      const last = mine.reduce<Trade | null>((a, t) => (a === null || t.at >= a.at ? t : a), null);
      pairs.push({
        offered,
        requested,
        guidance,
        min: guidance * band.min,
        max: guidance * band.max,
        recent: {
          trades: mine.length,
          volume,
          average: volume > 0 ? paid / volume : null,
          last: last ? last.requested.amount / last.offered.amount : null,
        },
      });
    }
  }
  return { ratio: GUIDANCE_RATIO, band, feeRate: settings.marketFeeRate, windowHours: GUIDANCE_WINDOW_HOURS, pairs };
}
