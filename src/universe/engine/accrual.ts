import type { Resources } from "./resources";

export const MS_PER_HOUR = 3_600_000;

/**
 * Stock of one resource after `hours` at an hourly rate (§3 step 5). Production only fills the
 * store up to its capacity and never trims a stock that is already above it (fleet deliveries,
 * refunds); consumption (a net negative rate) drains any stock down to zero.
 */
export function accrue(stock: number, hourly: number, hours: number, capacity: number): number {
  if (hourly < 0) return Math.max(0, stock + hourly * hours);
  if (stock >= capacity) return stock;
  return Math.min(capacity, stock + hourly * hours);
}

/** Stocks at `to` given stocks at `from` (ms epoch); a `to` in the past changes nothing. */
export function accrueResources(stock: Resources, hourly: Resources, capacity: Resources, from: number, to: number): Resources {
  if (to <= from) return stock;
  const hours = (to - from) / MS_PER_HOUR;
  return {
    metal: accrue(stock.metal, hourly.metal, hours, capacity.metal),
    crystal: accrue(stock.crystal, hourly.crystal, hours, capacity.crystal),
    deuterium: accrue(stock.deuterium, hourly.deuterium, hours, capacity.deuterium),
  };
}
