import { begin } from "./advance";
import type { ShipName } from "./catalog-types";
import { fail, notYourPlanet } from "./errors";
import { checkShips } from "./fleet/checks";
import { jump } from "./moons";
import type { Empire, Planet } from "./state";
import type { CommandContext, CommandResult } from "./transaction";

export interface JumpCommand {
  /** The moon the ships leave. */
  readonly planetId: string;
  /** The moon they arrive at, of the same empire. */
  readonly to: string;
  readonly ships: Partial<Record<ShipName, number>>;
}

const gateOf = (moon: Planet) => ({ level: moon.buildings.jump_gate ?? 0, readyAt: moon.jumpGateReadyAt ?? 0 });

/**
 * A jump (§11): ships move between two of the player's moons with jump gates at once, with no
 * fuel and no flight; then each gate cools down for its own level's cooldown. Both moons belong
 * to one empire, so the jump is one command in one shard.
 */
export function jumpShips(empire: Empire, command: JumpCommand, ctx: CommandContext): CommandResult {
  const tx = begin(empire, ctx);
  const from = tx.planet(command.planetId);
  const to = tx.planet(command.to);
  if (!from) return notYourPlanet(command.planetId);
  if (!to) return notYourPlanet(command.to);
  if (from.type !== "moon" || to.type !== "moon" || from.id === to.id) {
    return fail("no_jump_gate", "a jump goes from one of your moons to another");
  }
  const shape = checkShips(command.ships);
  if (shape) return shape;
  const gate = jump(gateOf(from), gateOf(to), ctx.now, ctx.settings);
  if (!gate.ok) {
    if (gate.reason === "jump_gate_cooling") return fail(gate.reason, "a jump gate is still cooling down", { readyAt: gate.readyAt ?? 0 });
    return fail(gate.reason, "both moons need a jump gate");
  }
  const moving = Object.entries(command.ships).filter(([, n]) => (n ?? 0) > 0) as [ShipName, number][];
  for (const [ship, n] of moving) {
    const present = from.units[ship] ?? 0;
    if (n > present) return fail("not_enough_ships", `the moon has ${present} ${ship}`, { ship, present, requested: n });
  }
  const shift = (p: Planet, sign: 1 | -1, readyAt: number): Planet => {
    const units = { ...p.units };
    for (const [ship, n] of moving) units[ship] = (units[ship] ?? 0) + sign * n;
    return { ...p, units: Object.fromEntries(Object.entries(units).filter(([, n]) => (n ?? 0) > 0)), jumpGateReadyAt: readyAt };
  };
  tx.updatePlanet(from.id, (p) => shift(p, -1, gate.fromReadyAt));
  tx.updatePlanet(to.id, (p) => shift(p, 1, gate.toReadyAt));
  return tx.result();
}
