import { z } from "zod";
import { cancelBuilding, queueBuilding, queueDemolish } from "./commands-buildings";
import { renamePlanet, setProductionPercent } from "./commands-planet";
import { cancelResearch, queueResearch } from "./commands-research";
import { orderUnits } from "./commands-shipyard";
import { jumpShips } from "./jump-gate";
import { chargePhalanxScan } from "./phalanx";
import type { Empire } from "./state";
import type { CommandContext, CommandResult } from "./transaction";

const id = z.string().min(1).max(64);

/**
 * Player commands as they arrive over the wire. The schema checks shapes only; object names,
 * percents and names are validated by the engine, which answers with stable error codes.
 */
export const EmpireCommandSchema = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("rename_planet"), planetId: id, name: z.string().max(100) }),
  z.strictObject({ type: z.literal("queue_building"), planetId: id, object: z.string().max(64) }),
  z.strictObject({ type: z.literal("queue_demolish"), planetId: id, object: z.string().max(64) }),
  z.strictObject({ type: z.literal("cancel_building"), planetId: id, entryId: id }),
  z.strictObject({
    type: z.literal("set_production_percent"),
    planetId: id,
    object: z.string().max(64),
    percent: z.number(),
  }),
  z.strictObject({ type: z.literal("queue_research"), planetId: id, object: z.string().max(64) }),
  z.strictObject({ type: z.literal("cancel_research"), entryId: id }),
  z.strictObject({ type: z.literal("jump"), planetId: id, to: id, ships: z.record(z.string(), z.number()) }),
  z.strictObject({
    type: z.literal("phalanx_scan"),
    planetId: id,
    target: z.object({ galaxy: z.number().int(), system: z.number().int(), position: z.number().int() }),
  }),
  z.strictObject({
    type: z.literal("order_units"),
    planetId: id,
    unit: z.string().max(64),
    count: z.union([z.number(), z.literal("max")]),
  }),
]);

export type EmpireCommand = z.output<typeof EmpireCommandSchema>;

/** Runs any player command; each first brings the empire up to `ctx.now`. */
export function executeCommand(empire: Empire, command: EmpireCommand, ctx: CommandContext): CommandResult {
  switch (command.type) {
    case "rename_planet":
      return renamePlanet(empire, command, ctx);
    case "queue_building":
      return queueBuilding(empire, command, ctx);
    case "queue_demolish":
      return queueDemolish(empire, command, ctx);
    case "cancel_building":
      return cancelBuilding(empire, command, ctx);
    case "set_production_percent":
      return setProductionPercent(empire, command, ctx);
    case "queue_research":
      return queueResearch(empire, command, ctx);
    case "cancel_research":
      return cancelResearch(empire, command, ctx);
    case "order_units":
      return orderUnits(empire, command, ctx);
    case "jump":
      return jumpShips(empire, command, ctx);
    case "phalanx_scan":
      return chargePhalanxScan(empire, command, ctx);
  }
}
