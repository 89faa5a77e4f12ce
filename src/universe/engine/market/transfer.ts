import { begin } from "../advance";
import { fail, notYourPlanet } from "../errors";
import type { Empire } from "../state";
import type { CommandContext, CommandResult, CommandSuccess } from "../transaction";
import type { Lot } from "./offer";

/**
 * Takes a lot from a planet's stock as of `now` (into escrow, or as a payment), or refuses with
 * `insufficient_resources`. Completions due by `now` are applied first, as for any command.
 */
export function debitPlanet(empire: Empire, planetId: string, lot: Lot, ctx: CommandContext): CommandResult {
  const tx = begin(empire, ctx);
  if (!tx.planet(planetId)) return notYourPlanet(planetId);
  const stock = tx.settle(planetId, ctx.now).resources;
  if (stock[lot.resource] < lot.amount) {
    return fail("insufficient_resources", `the planet holds ${Math.floor(stock[lot.resource])} ${lot.resource}`, {
      needed: { [lot.resource]: lot.amount },
    });
  }
  tx.updatePlanet(planetId, (p) => ({ ...p, resources: { ...p.resources, [lot.resource]: p.resources[lot.resource] - lot.amount } }));
  return tx.result();
}

/**
 * Adds a lot to a planet's stock as of `now`. A delivery may exceed the storage capacity (it only
 * stops production, §3). A planet that is gone by then (abandoned) hands it to the homeworld, so
 * nothing in transit is ever lost.
 */
export function creditPlanet(
  empire: Empire,
  planetId: string,
  lot: Lot,
  ctx: CommandContext,
): { result: CommandSuccess; planetId: string } {
  const tx = begin(empire, ctx);
  const target = tx.planet(planetId) ?? tx.empire.planets[0];
  if (!target) throw new Error(`empire ${empire.playerId} has no planet to credit`);
  tx.settle(target.id, ctx.now);
  tx.updatePlanet(target.id, (p) => ({ ...p, resources: { ...p.resources, [lot.resource]: p.resources[lot.resource] + lot.amount } }));
  return { result: tx.result(), planetId: target.id };
}
