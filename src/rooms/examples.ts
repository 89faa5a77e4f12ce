/**
 * Examples for the OpenAPI documentation of the room routes, captured from real responses of `npm run dev`
 * (long lists cut to two entries). `jsonResponse`/`jsonBody` type-check them against their schemas.
 */
import type { z } from "@hono/zod-openapi";
import { parseGolfOptions } from "../games/golf/options";
import { DEFAULT_ROOM_CONFIG } from "./runtime/model";
import type { GameListResponse, ResignResponse, RoomListResponse, RoomResponse } from "./schemas";

/** One-hole Golf under the standard rules, as the engine fills in every option. */
const golfOptionsExample = parseGolfOptions({ rounds: 1 });

/** The same room's options as lists summarise them. */
export const golfSummaryExample = { rounds: 1, decks: 1, initial_flips: 2, flip_mode: "never", active_rules: [], ranked: true };

/** The games on offer */
export const gameListExample = {
  games: [
    {
      id: "golf",
      title: "Golf",
      minPlayers: 2,
      maxPlayers: 6,
      cpuProfiles: ["Sofia", "Maya"],
      optionsSchema: {
        $schema: "https://json-schema.org/draft/2020-12/schema",
        type: "object",
        properties: {
          rounds: {
            description: "Holes to play (1–18, clamped; default 9)",
            default: 9,
            type: "integer",
            minimum: -9007199254740991,
            maximum: 9007199254740991,
          },
          decks: {
            description: "Standard 52-card packs in the deck (1–3, clamped; default 1)",
            default: 1,
            type: "integer",
            minimum: -9007199254740991,
            maximum: 9007199254740991,
          },
          initial_flips: {
            description: "Cards each player reveals at the start of a hole (0–2, clamped; default 2)",
            default: 2,
            type: "integer",
            minimum: -9007199254740991,
            maximum: 9007199254740991,
          },
          flip_mode: {
            default: "never",
            description: "After discarding a deck draw: never flip, always flip (Speed Golf), or optionally flip in the endgame",
            type: "string",
            enum: ["never", "always"],
          },
          deck_colors: {
            description:
              "Card back colour per pack; unknown colours are dropped. Allowed: red, blue, gold, teal, purple, orange, yellow, green, pink, cyan, brown, slate",
            default: ["red", "blue"],
            type: "array",
            items: {
              type: "string",
            },
          },
          use_jokers: {
            default: false,
            description: "Add jokers (2 per pack, or 1 in total with lucky_swing)",
            type: "boolean",
          },
          lucky_swing: {
            default: false,
            description: "A single joker worth -5",
            type: "boolean",
          },
          eagle_eye: {
            default: false,
            description: "Jokers worth +2 unpaired, a joker pair scores -4",
            type: "boolean",
          },
          super_kings: {
            default: false,
            description: "Kings worth -2",
            type: "boolean",
          },
          ten_penny: {
            default: false,
            description: "Tens worth 1",
            type: "boolean",
          },
          one_eyed_jacks: {
            default: false,
            description: "J♥ and J♠ worth 0",
            type: "boolean",
          },
          negative_pairs_keep_value: {
            default: false,
            description: "A pair with a negative card scores the sum of both values instead of 0",
            type: "boolean",
          },
          knock_penalty: {
            default: false,
            description: "Finisher +10 when not strictly lowest",
            type: "boolean",
          },
          knock_bonus: {
            default: false,
            description: "Finisher -5",
            type: "boolean",
          },
          underdog_bonus: {
            default: false,
            description: "Lowest round score -3",
            type: "boolean",
          },
          tied_shame: {
            default: false,
            description: "Round scores shared with another player +5",
            type: "boolean",
          },
          blackjack: {
            default: false,
            description: "A round score of exactly 21 becomes 0",
            type: "boolean",
          },
          wolfpack: {
            default: false,
            description: "Two or more jack pairs -20",
            type: "boolean",
          },
          four_of_a_kind: {
            default: false,
            description: "-20 for each rank paired in two or more columns",
            type: "boolean",
          },
          flip_as_action: {
            default: false,
            description: "A turn may be spent flipping a face-down card",
            type: "boolean",
          },
          knock_early: {
            default: false,
            description: "With 1-2 face-down cards, a turn may be spent revealing them all",
            type: "boolean",
          },
        },
      },
    },
    {
      id: "counter",
      title: "Counter",
      minPlayers: 1,
      maxPlayers: 6,
      cpuProfiles: ["Counter"],
      optionsSchema: {
        $schema: "https://json-schema.org/draft/2020-12/schema",
        type: "object",
        properties: {
          target: {
            default: 100,
            description: "The game ends once the total reaches this",
            type: "integer",
            minimum: 1,
            maximum: 10000,
          },
          max_turns: {
            default: 60,
            description: "The game also ends after this many turns",
            type: "integer",
            minimum: 1,
            maximum: 1000,
          },
        },
      },
    },
  ],
} satisfies z.input<typeof GameListResponse>;

/** The host's seat of a waiting room */
const hostSeat = {
  seat: 0,
  userId: "a686fc54-97dc-425f-b07d-126d47283f67",
  name: "ada",
  kind: "human",
  profile: null,
  control: "human",
  cpuReason: null,
  out: null,
  connected: false,
  ready: false,
  host: true,
} satisfies z.input<typeof RoomResponse>["seats"][number];

/** A waiting room, as anyone sees it */
const waitingRoom = {
  id: "ea2451a41c98beaac5d87545d007d537b70b93a8a024eaa837c70523e2827ed4",
  code: "CKTA",
  game: "golf",
  visibility: "public",
  status: "waiting",
  hostUserId: hostSeat.userId,
  options: golfOptionsExample,
  config: DEFAULT_ROOM_CONFIG,
  minPlayers: 2,
  maxPlayers: 6,
  seats: [hostSeat],
  spectators: 0,
  seq: 0,
  turns: [],
  createdAt: 1796032469223,
  startedAt: null,
  endedAt: null,
  closeReason: null,
  result: null,
  autoStartAt: null,
} satisfies z.input<typeof ResignResponse>["room"];

/** A waiting room, as its host sees it */
export const roomExample = {
  ...waitingRoom,
  you: {
    userId: hostSeat.userId,
    seat: 0,
  },
} satisfies z.input<typeof RoomResponse>;

/** Public rooms waiting for players */
export const roomListExample = {
  rooms: [
    {
      id: "ea2451a41c98beaac5d87545d007d537b70b93a8a024eaa837c70523e2827ed4",
      code: "CKTA",
      game: "golf",
      visibility: "public",
      status: "waiting",
      hostUserId: "cf666cf7-f1e0-4830-9c50-2b6302c06042",
      seatsTaken: 1,
      seatsMax: 6,
      spectators: 0,
      options: golfSummaryExample,
      createdAt: 1796032469190,
      updatedAt: 1796032470624,
      startedAt: null,
      endedAt: null,
    },
  ],
} satisfies z.input<typeof RoomListResponse>;

/** The answer to leave or resign: the same room, now held by grace */
export const roomCommandExample = {
  ok: true,
  room: {
    ...waitingRoom,
    hostUserId: "cf666cf7-f1e0-4830-9c50-2b6302c06042",
    seats: [{ ...hostSeat, userId: "cf666cf7-f1e0-4830-9c50-2b6302c06042", name: "grace" }],
  },
} satisfies z.input<typeof ResignResponse>;
