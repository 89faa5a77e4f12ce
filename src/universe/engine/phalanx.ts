import { begin } from "./advance";
import { fail, notYourPlanet } from "./errors";
import { insideUniverse } from "./fleet/checks";
import { inPhalanxRange } from "./moons";
import type { Coordinates, Empire } from "./state";
import type { CommandContext, CommandResult } from "./transaction";

/** Deuterium one scan burns on the scanning moon (orrery decision, classic OGame's 5,000). */
export const PHALANX_SCAN_COST = 5_000;

export interface PhalanxCommand {
  /** The scanning moon. */
  readonly planetId: string;
  /** The planet whose fleets it looks at. */
  readonly target: Coordinates;
}

/**
 * The scanning moon's side of a phalanx scan: its sensor phalanx, the target within its range,
 * and the deuterium the scan burns, paid from the moon's stock as of now. What the scan sees lives
 * in the target owner's shard; this only decides whether the moon may look, and pays for it.
 */
export function chargePhalanxScan(empire: Empire, command: PhalanxCommand, ctx: CommandContext): CommandResult {
  const tx = begin(empire, ctx);
  const moon = tx.planet(command.planetId);
  if (!moon) return notYourPlanet(command.planetId);
  const level = moon.buildings.sensor_phalanx ?? 0;
  if (moon.type !== "moon" || level < 1) return fail("no_phalanx", "scans are made from one of your moons with a sensor phalanx");
  if (!insideUniverse(command.target, ctx.settings)) return fail("invalid_coordinates", "the target lies outside the universe");
  if (!inPhalanxRange(moon.coords, level, command.target, ctx.settings)) {
    return fail("out_of_range", "the target is outside the phalanx's range", { level, range: level * level - 1 });
  }
  const settled = tx.settle(moon.id, ctx.now);
  if (settled.resources.deuterium < PHALANX_SCAN_COST) {
    const details = { required: { deuterium: PHALANX_SCAN_COST }, available: settled.resources };
    return fail("insufficient_resources", "a scan burns 5,000 deuterium", details);
  }
  tx.updatePlanet(moon.id, (p) => ({ ...p, resources: { ...p.resources, deuterium: p.resources.deuterium - PHALANX_SCAN_COST } }));
  return tx.result();
}
