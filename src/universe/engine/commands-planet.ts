import { begin } from "./advance";
import { fail, notYourPlanet } from "./errors";
import { validPlanetName } from "./planet-name";
import { PRODUCER_NAMES, type ProducerName } from "./production";
import type { Empire } from "./state";
import type { CommandContext, CommandResult } from "./transaction";

export interface RenamePlanetCommand {
  readonly planetId: string;
  readonly name: string;
}

export interface SetProductionPercentCommand {
  readonly planetId: string;
  /** A mine, plant or the solar satellites. */
  readonly object: string;
  /** 0–100 in steps of 10. */
  readonly percent: number;
}

export function renamePlanet(empire: Empire, command: RenamePlanetCommand, ctx: CommandContext): CommandResult {
  const tx = begin(empire, ctx);
  if (!tx.planet(command.planetId)) {
    return notYourPlanet(command.planetId);
  }
  const name = validPlanetName(command.name);
  if (typeof name !== "string") return name;
  tx.updatePlanet(command.planetId, (p) => (p.name === name ? p : { ...p, name }));
  return tx.result();
}

function isProducer(name: string): name is ProducerName {
  return (PRODUCER_NAMES as readonly string[]).includes(name);
}

/** Changes a producer's output percent; the stock is settled first so the old rate applies up to now. */
export function setProductionPercent(empire: Empire, command: SetProductionPercentCommand, ctx: CommandContext): CommandResult {
  const tx = begin(empire, ctx);
  const { planetId, object, percent } = command;
  if (!tx.planet(planetId)) return notYourPlanet(planetId);
  if (!isProducer(object)) return fail("invalid_object", `${object} has no production percent`);
  if (!Number.isInteger(percent) || percent < 0 || percent > 100 || percent % 10 !== 0) {
    return fail("invalid_percent", "the percent must be one of 0, 10, …, 100");
  }
  if ((tx.planet(planetId)?.percentages[object] ?? 100) !== percent) {
    tx.settle(planetId, ctx.now);
    tx.updatePlanet(planetId, (p) => ({ ...p, percentages: { ...p.percentages, [object]: percent } }));
  }
  return tx.result();
}
