import { begin } from "./advance";
import { unitCost } from "./costs";
import { type Failure, fail, notYourPlanet } from "./errors";
import { MAX_UNIT_BATCH } from "./limits";
import { unmetRequirements } from "./requirements";
import { covers, subtractResources } from "./resources";
import { affordableUnits, allowanceFailure, shipyardUnderConstruction, unitAllowance, unitDefOf } from "./shipyard-rules";
import type { Empire } from "./state";
import { unitSeconds } from "./times";
import type { CommandContext, CommandResult, Transaction } from "./transaction";
import { nextBatchStart } from "./unit-queue";

export interface OrderUnitsCommand {
  readonly planetId: string;
  /** Ship or defence machine name. */
  readonly unit: string;
  /** Units in the batch, or "max": as many as the stock pays for, within the planet's limits. */
  readonly count: number | "max";
}

/**
 * Appends a batch to a planet's shipyard queue and pays for all of it now (§13). The batch
 * starts when the one before it ends, or at once; it cannot be cancelled.
 */
export function enqueueUnits(tx: Transaction, planetId: string, unit: string, count: number | "max", entryId: string): Failure | null {
  const planet = tx.planet(planetId);
  if (!planet) return notYourPlanet(planetId);
  const def = unitDefOf(unit);
  if (!def) return fail("invalid_object", `${unit} is not a ship or a defence`);
  if (count !== "max" && (!Number.isInteger(count) || count < 1 || count > MAX_UNIT_BATCH)) {
    return fail("invalid_count", `the count must be a whole number from 1 to ${MAX_UNIT_BATCH}, or "max"`);
  }
  if (def.kind === "ship" && def.planetOnly && planet.type === "moon")
    return fail("invalid_object", `${unit} can only be built on planets`);
  if (def.kind === "ship" && def.characterClass) {
    return fail("class_required", `${unit} needs the ${def.characterClass} class`, { class: def.characterClass });
  }
  const unmet = unmetRequirements(def, planet.buildings, tx.empire.research);
  if (unmet.length > 0) return fail("requirements_not_met", `requirements of ${unit} are not met`, { unmet });
  if (shipyardUnderConstruction(planet))
    return fail("shipyard_busy", "units cannot be ordered while the shipyard or nanite factory is being upgraded");
  const allowance = unitAllowance(planet, def);
  if (allowance < 1 || (count !== "max" && count > allowance)) return allowanceFailure(def, allowance);

  const { now } = tx.ctx;
  const settled = tx.settle(planetId, now);
  const n = count === "max" ? Math.min(affordableUnits(settled.resources, def.price), allowance, MAX_UNIT_BATCH) : count;
  const cost = unitCost(def, Math.max(n, 1));
  if (n < 1 || !covers(settled.resources, cost)) {
    return fail("insufficient_resources", "not enough resources", { required: cost, available: settled.resources });
  }
  const batch = {
    id: entryId,
    unit: def.name,
    count: n,
    ordered: n,
    unitSeconds: unitSeconds(def, settled.buildings, tx.settings),
    startedAt: nextBatchStart(settled, now),
    cost,
  };
  tx.updatePlanet(planetId, (p) => ({ ...p, resources: subtractResources(p.resources, cost), unitQueue: [...p.unitQueue, batch] }));
  return null;
}

/** Orders a batch of ships or defences on a planet. */
export function orderUnits(empire: Empire, command: OrderUnitsCommand, ctx: CommandContext): CommandResult {
  const tx = begin(empire, ctx);
  return enqueueUnits(tx, command.planetId, command.unit, command.count, ctx.newId()) ?? tx.result();
}
