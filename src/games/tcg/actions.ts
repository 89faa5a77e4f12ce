/** Client actions (spec §8): a union on `type`; ids are instance ids. */
import { z } from "zod";

const id = z.string().min(1).max(16);

export const tcgActionSchema = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("play_basic"), card: id }),
  z.strictObject({ type: z.literal("evolve"), card: id, target: id }),
  z.strictObject({ type: z.literal("attach_energy"), card: id, target: id }),
  z.strictObject({ type: z.literal("play_trainer"), card: id, target: id.optional() }),
  z.strictObject({ type: z.literal("use_ability"), familiar: id }),
  z.strictObject({ type: z.literal("attack"), index: z.int().min(0).max(9) }),
  z.strictObject({ type: z.literal("retreat"), to: id, energy: z.array(id).max(10).optional() }),
  z.strictObject({ type: z.literal("select_active"), familiar: id }),
  z.strictObject({ type: z.literal("select_prize"), index: z.int().min(0).max(9) }),
  z.strictObject({ type: z.literal("end_turn") }),
  z.strictObject({ type: z.literal("resign") }),
]);
export type TcgAction = z.infer<typeof tcgActionSchema>;
export type TcgActionType = TcgAction["type"];
