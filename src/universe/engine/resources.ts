export const RESOURCE_NAMES = ["metal", "crystal", "deuterium"] as const;
export type ResourceName = (typeof RESOURCE_NAMES)[number];

/** Stock or rate of the three storable resources; stocks are fractional (accrual is continuous). */
export interface Resources {
  readonly metal: number;
  readonly crystal: number;
  readonly deuterium: number;
}

/** A price: energy is never paid, it must be produced on the planet (terraformer, graviton…). */
export interface Price extends Resources {
  readonly energy: number;
}

export const NO_RESOURCES: Resources = Object.freeze({ metal: 0, crystal: 0, deuterium: 0 });
export const FREE: Price = Object.freeze({ metal: 0, crystal: 0, deuterium: 0, energy: 0 });

export function addResources(a: Resources, b: Resources): Resources {
  return { metal: a.metal + b.metal, crystal: a.crystal + b.crystal, deuterium: a.deuterium + b.deuterium };
}

export function subtractResources(a: Resources, b: Resources): Resources {
  return { metal: a.metal - b.metal, crystal: a.crystal - b.crystal, deuterium: a.deuterium - b.deuterium };
}

export function covers(stock: Resources, price: Resources): boolean {
  return stock.metal >= price.metal && stock.crystal >= price.crystal && stock.deuterium >= price.deuterium;
}

export function resourceTotal(r: Resources): number {
  return r.metal + r.crystal + r.deuterium;
}
