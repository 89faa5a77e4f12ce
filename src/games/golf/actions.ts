/** What a player can send (spec §1.3–§1.7). Range checks live in the rules, which give stable codes. */
import { z } from "zod";

const position = z.int().describe("Hand position: top row 0–2, bottom row 3–5");

export const golfActionSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("flip_initial"), positions: z.array(position).max(6) }),
  z.object({ type: z.literal("draw_deck") }),
  z.object({ type: z.literal("draw_discard") }),
  z.object({ type: z.literal("swap"), position }),
  z.object({ type: z.literal("discard") }),
  z.object({ type: z.literal("cancel_draw") }),
  z.object({ type: z.literal("flip_card"), position }),
  z.object({ type: z.literal("skip_flip") }),
  z.object({ type: z.literal("flip_as_action"), position }),
  z.object({ type: z.literal("knock_early") }),
  z.object({ type: z.literal("next_round") }),
]);

export type GolfAction = z.output<typeof golfActionSchema>;
export type GolfActionType = GolfAction["type"];
