/** Request and response schemas of the lobby routes. */
import { z } from "@hono/zod-openapi";

export const LobbyGameParam = z.object({ game: z.string().min(1).max(32).openapi({ example: "golf" }) });

export const LobbyQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20).openapi({ example: 20 }),
  cursor: z
    .string()
    .max(512)
    .optional()
    .openapi({ description: "`nextCursor` of the previous page; omit for the first page", example: "WyJ3IiwxNzYzNzgwMDAwMDAwLCIzZjBjIl0" }),
});

const Host = z.object({ userId: z.string(), name: z.string().nullable() }).nullable();

const lobbyRoomExample = {
  id: "3f0c9d…",
  code: "QRTX",
  game: "golf",
  host: { userId: "u-1", name: "ada" },
  players: 2,
  seats: 6,
  openSeats: 4,
  spectators: 0,
  options: { rounds: 9, decks: 1, initial_flips: 2, flip_mode: "never", active_rules: [], ranked: true },
  createdAt: 1763780000000,
  ageSeconds: 42,
};

export const LobbyRoomSchema = z
  .object({
    id: z.string(),
    code: z.string().describe("Join with `POST /v1/rooms/join` or by id with `POST /v1/rooms/{id}/join`"),
    game: z.string(),
    host: Host,
    players: z.int().describe("Seats taken (humans and CPUs)"),
    seats: z.int().describe("Seats the room has"),
    openSeats: z.int(),
    spectators: z.int(),
    options: z.record(z.string(), z.unknown()).nullable().describe("The game's options summary"),
    createdAt: z.number(),
    ageSeconds: z.int().describe("Seconds since the room was created"),
  })
  .openapi("LobbyRoom", { example: lobbyRoomExample });

export const LiveGameSchema = z
  .object({
    id: z.string(),
    code: z.string(),
    game: z.string(),
    host: Host,
    players: z.int(),
    seats: z.int(),
    spectators: z.int().describe("Users watching now (kept in the index within about 2 s of a change)"),
    options: z.record(z.string(), z.unknown()).nullable(),
    createdAt: z.number(),
    startedAt: z.number().nullable(),
    playingSeconds: z.int().describe("Seconds since the game started"),
  })
  .openapi("LiveGame", {
    example: {
      id: "9a41e7…",
      code: "MKTW",
      game: "golf",
      host: { userId: "u-7", name: "grace" },
      players: 3,
      seats: 3,
      spectators: 12,
      options: lobbyRoomExample.options,
      createdAt: 1763780000000,
      startedAt: 1763780005000,
      playingSeconds: 300,
    },
  });

export const LobbyPageSchema = z
  .object({
    game: z.string(),
    serverTime: z.number(),
    rooms: z.array(LobbyRoomSchema),
    nextCursor: z.string().nullable().describe("Pass as `cursor` for the next page; null on the last page"),
  })
  .openapi("LobbyPage");

export const LiveGamesPageSchema = z
  .object({
    game: z.string(),
    serverTime: z.number(),
    games: z.array(LiveGameSchema),
    nextCursor: z.string().nullable(),
  })
  .openapi("LiveGamesPage");
