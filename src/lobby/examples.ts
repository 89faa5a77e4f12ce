/**
 * Examples for the OpenAPI documentation of the lobby routes, captured from real responses of `npm run dev`
 * (long lists cut to two entries). `jsonResponse`/`jsonBody` type-check them against their schemas.
 */
import type { z } from "@hono/zod-openapi";
import { golfSummaryExample } from "../rooms/examples";
import type { LiveGamesPageSchema, LobbyPageSchema } from "./schemas";

/** A page of waiting rooms */
export const lobbyPageExample = {
  game: "golf",
  serverTime: 1796032469991,
  rooms: [
    {
      id: "ea2451a41c98beaac5d87545d007d537b70b93a8a024eaa837c70523e2827ed4",
      code: "CKTA",
      game: "golf",
      host: {
        userId: "a686fc54-97dc-425f-b07d-126d47283f67",
        name: "ada",
      },
      players: 1,
      seats: 6,
      spectators: 0,
      options: golfSummaryExample,
      createdAt: 1796032469190,
      openSeats: 5,
      ageSeconds: 0,
    },
  ],
  nextCursor: null,
} satisfies z.input<typeof LobbyPageSchema>;

/** A page of live games (none being played) */
export const liveGamesPageExample = {
  game: "golf",
  serverTime: 1796032461414,
  games: [],
  nextCursor: null,
} satisfies z.input<typeof LiveGamesPageSchema>;
