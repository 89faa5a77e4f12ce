import { settledAt } from "./advance";
import { CATALOG } from "./catalog";
import type { UnitName } from "./catalog-types";
import { enqueueUnits } from "./commands-shipyard";
import { type ErrorCode, type Failure, notYourPlanet } from "./errors";
import type { Price } from "./resources";
import type { Empire, UnitQueueEntry } from "./state";
import { unitSeconds } from "./times";
import { type EngineContext, Transaction } from "./transaction";
import { queuedUnits } from "./unit-queue";

const PREVIEW_ID = "preview";

export interface UnitView {
  readonly unit: UnitName;
  readonly id: number;
  readonly kind: "ship" | "defense";
  /** Units on the planet as of the view's instant. */
  readonly count: number;
  /** Units ordered and not finished yet. */
  readonly queued: number;
  readonly cost: Price;
  /** Build time of one unit with the planet's shipyard and nanite factory. */
  readonly seconds: number;
  /** What `count: "max"` would order now; 0 when blocked. */
  readonly maxOrder: number;
  readonly blockedBy: ErrorCode | null;
}

export interface ShipyardView {
  readonly planetId: string;
  readonly at: number;
  readonly queue: readonly UnitQueueEntry[];
  readonly units: readonly UnitView[];
}

/** A planet's shipyard as of `ctx.now`: the queue, and every unit with what may be ordered now. */
export function shipyardView(empire: Empire, planetId: string, ctx: EngineContext): ShipyardView | Failure {
  const current = settledAt(empire, planetId, ctx);
  const planet = current.planets.find((p) => p.id === planetId);
  if (!planet) return notYourPlanet(planetId);
  const queued = queuedUnits(planet);
  const units = [...CATALOG.ships, ...CATALOG.defenses].map((def): UnitView => {
    const tx = new Transaction(current, ctx);
    const refused = enqueueUnits(tx, planetId, def.name, "max", PREVIEW_ID);
    return {
      unit: def.name,
      id: def.id,
      kind: def.kind,
      count: planet.units[def.name] ?? 0,
      queued: queued[def.name] ?? 0,
      cost: def.price,
      seconds: unitSeconds(def, planet.buildings, ctx.settings),
      maxOrder: refused ? 0 : (tx.planet(planetId)?.unitQueue.at(-1)?.count ?? 0),
      blockedBy: refused?.code ?? null,
    };
  });
  return { planetId, at: ctx.now, queue: planet.unitQueue, units };
}
