import { z } from "@hono/zod-openapi";
import { MISSIONS } from "./engine/index";

/* Requests and answers of the moon routes (routes/moons.ts): jump gate and sensor phalanx. */

const coordinate = z.number().int().min(1).max(999);
const coords = z.object({ galaxy: z.number().int(), system: z.number().int(), position: z.number().int() });
const resources = z.object({ metal: z.number(), crystal: z.number(), deuterium: z.number() });

export const JumpRequest = z
  .object({
    to: z.string().min(1).max(64).openapi({ description: "Id of the moon the ships jump to (one's own, with a jump gate)" }),
    ships: z.record(z.string(), z.number().int().min(0).max(1_000_000_000)).openapi({ example: { battle_ship: 40 } }),
  })
  .openapi("JumpRequest");

export const PhalanxQuery = z.object({
  galaxy: z.coerce.number().pipe(coordinate).openapi({ example: 1 }),
  system: z.coerce.number().pipe(coordinate).openapi({ example: 42 }),
  position: z.coerce.number().pipe(coordinate).openapi({ example: 8 }),
});

export const PhalanxScanSchema = z
  .object({
    moonId: z.string(),
    target: coords,
    scannedAt: z.number().int(),
    deuteriumSpent: z.number().int(),
    fleets: z
      .array(
        z.object({
          id: z.string(),
          ownerId: z.string(),
          ownerUsername: z.string(),
          mission: z.enum(MISSIONS),
          origin: coords,
          target: coords.extend({ kind: z.enum(["planet", "moon", "debris"]) }),
          ships: z.record(z.string(), z.number().int()),
          cargo: resources,
          departureAt: z.number().int(),
          arrivesAt: z.number().int(),
          returnsAt: z.number().int().nullable(),
        }),
      )
      .openapi({ description: "Fleets flying to or from the planet, soonest event first, with their ships and cargo" }),
  })
  .openapi("PhalanxScan");

export const phalanxExample = {
  moonId: "5b1d7f0e-3c2a-4e8b-9f61-0a2b3c4d5e6f",
  target: { galaxy: 1, system: 42, position: 8 },
  scannedAt: 1764460800000,
  deuteriumSpent: 5000,
  fleets: [
    {
      id: "01932c5e-8a4b-7c3d-9e2f-1a2b3c4d5e6f",
      ownerId: "7d6f2c8e-3b1a-4c55-9d0e-2f4b8a1c6e90",
      ownerUsername: "stellar_cartographer",
      mission: "attack" as const,
      origin: { galaxy: 1, system: 40, position: 4 },
      target: { galaxy: 1, system: 42, position: 8, kind: "planet" as const },
      ships: { cruiser: 30, small_cargo: 10 },
      cargo: { metal: 0, crystal: 0, deuterium: 0 },
      departureAt: 1764460000000,
      arrivesAt: 1764461400000,
      returnsAt: null,
    },
  ],
};
