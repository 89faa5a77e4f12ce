/** HTTP request and response schemas of the room routes (the WebSocket protocol is in protocol.ts). */
import { z } from "@hono/zod-openapi";
import { RoomConfigSchema, RoomIdentitySchema, RoomInfoSchema } from "./protocol";

export const CreateRoomRequest = z
  .object({
    game: z.string().min(1).max(32).openapi({ example: "golf" }),
    options: z
      .record(z.string(), z.unknown())
      .optional()
      .openapi({ description: "Validated by the game's options schema", example: { rounds: 1 } }),
    visibility: z.enum(["public", "private"]).default("private"),
    config: RoomConfigSchema.optional().describe("Room runtime settings; every field has a default"),
    seat: z.boolean().default(true).openapi({
      description:
        "`false`: host without a seat. You watch (join the socket with any mode), and your spectating connection may still " +
        "send `add_cpu`, `remove_cpu`, `kick` and `start`. A table of CPUs only is an exhibition: it plays to its end, is never ranked, " +
        "and its history is yours to read.",
      example: true,
    }),
  })
  .openapi("CreateRoomRequest");

export const JoinByCodeRequest = z.object({ code: z.string().min(1).max(16).openapi({ example: "QRTX" }) }).openapi("JoinByCodeRequest");

export const RoomResponse = RoomInfoSchema.extend({
  you: z.object({ userId: z.string(), seat: z.int().nullable() }).optional(),
}).openapi("Room");

export const RoomSummary = RoomIdentitySchema.extend({
  seatsTaken: z.int(),
  seatsMax: z.int(),
  spectators: z.int(),
  options: z.record(z.string(), z.unknown()).nullable(),
  createdAt: z.number(),
  updatedAt: z.number(),
  startedAt: z.number().nullable(),
  endedAt: z.number().nullable(),
}).openapi("RoomSummary");

export const RoomListResponse = z.object({ rooms: z.array(RoomSummary) }).openapi("RoomList");

export const GameListResponse = z
  .object({
    games: z.array(
      z.object({
        id: z.string(),
        title: z.string(),
        minPlayers: z.int(),
        maxPlayers: z.int(),
        cpuProfiles: z.array(z.string()),
        optionsSchema: z.record(z.string(), z.unknown()).openapi({ description: "JSON Schema of the game's options" }),
      }),
    ),
  })
  .openapi("GameList");

export const ResignResponse = z.object({ ok: z.literal(true), room: RoomResponse }).openapi("RoomCommandResult");

export const RoomIdParam = z.object({ id: z.string().min(1).max(128) });
