/**
 * The room WebSocket protocol (`orrery.v1`): one JSON object per text frame, discriminated by
 * `type` (a client that joins with `batch: true` may also get a `batch` of them in one frame). Every client message carries a `messageId`; every server message carries `serverTime`.
 * docs/rooms-protocol.md describes it with examples.
 */
import { z } from "zod";
import { DEFAULT_ROOM_CONFIG } from "./runtime/model";

const messageId = z.string().min(1).max(64).describe("Client-chosen id; a repeated id is answered again and never applied twice");

export const ClientMessageSchema = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("join"),
    messageId,
    /** The last event sequence number the client has; it then receives exactly the events after it. */
    lastSeq: z.int().min(0).optional(),
    mode: z.enum(["play", "watch"]).default("play"),
    /** The client reads `batch` frames: everything one change sends this connection arrives as one frame. */
    batch: z.boolean().optional(),
  }),
  /** `action` is validated by the game's action schema. */
  z.object({ type: z.literal("action"), messageId, action: z.unknown() }),
  /** `choice`: a game's private pick (Familiars: `{ starter }` or `{ deck: savedDeckId }`), kept from everyone else. */
  z.object({ type: z.literal("ready"), messageId, ready: z.boolean().default(true), choice: z.unknown().optional() }),
  z.object({ type: z.literal("leave"), messageId }),
  z.object({ type: z.literal("resign"), messageId }),
  z.object({ type: z.literal("ping"), messageId }),
  /** Asks for a fresh `state` (the current view, projected for you) without joining again. */
  z.object({ type: z.literal("sync"), messageId }),
  z.object({ type: z.literal("start"), messageId }),
  z.object({ type: z.literal("add_cpu"), messageId, profile: z.string().min(1).max(64).optional() }),
  z.object({ type: z.literal("remove_cpu"), messageId, profile: z.string().min(1).max(64) }),
  z.object({ type: z.literal("kick"), messageId, userId: z.string().min(1).max(64) }),
]);

export type ClientMessage = z.output<typeof ClientMessageSchema>;
export type ClientMessageType = ClientMessage["type"];

/** Commands that change the room; their answers are stored per (user, messageId). */
export const MUTATING: ReadonlySet<ClientMessageType> = new Set([
  "action",
  "ready",
  "leave",
  "resign",
  "start",
  "add_cpu",
  "remove_cpu",
  "kick",
]);

// ---- server → client ---------------------------------------------------------------------------

const serverTime = z.number().describe("Server clock, ms since the epoch");
const seat = z.int().min(0);

const SeatViewSchema = z.object({
  seat,
  userId: z.string().nullable(),
  name: z.string(),
  kind: z.enum(["human", "cpu"]),
  profile: z.string().nullable(),
  control: z.enum(["human", "cpu"]),
  cpuReason: z.enum(["disconnected", "timeouts", "left", "resigned", "forfeit"]).nullable(),
  out: z.enum(["resigned", "forfeit", "left"]).nullable(),
  connected: z.boolean(),
  ready: z.boolean(),
  host: z.boolean(),
});

export const TurnViewSchema = z.object({
  seat,
  turnId: z.int(),
  startedAt: z.number(),
  deadline: z.number(),
  extended: z.boolean(),
});

const GameResultShape = {
  scores: z.array(z.number()),
  winnerSeat: seat.nullable(),
  ranks: z.array(z.int()),
  extra: z.record(z.string(), z.unknown()).optional(),
};

export const RoomResultSchema = z.object({
  ...GameResultShape,
  reason: z.enum(["completed", "forfeit"]),
  forfeited: z.array(seat),
  game: z.object(GameResultShape).nullable(),
});

export const RoomConfigSchema = z.object({
  turnSeconds: z.int().min(5).max(3600).default(DEFAULT_ROOM_CONFIG.turnSeconds).describe("Seconds per turn"),
  timeoutPolicy: z
    .enum(["cpu", "forfeit"])
    .default(DEFAULT_ROOM_CONFIG.timeoutPolicy)
    .describe("After 3 timeouts in a row: a CPU takes the seat, or the player forfeits"),
  graceSeconds: z.int().min(5).max(3600).default(DEFAULT_ROOM_CONFIG.graceSeconds).describe("How long a disconnected player's seat is held"),
  maxSpectators: z.int().min(0).max(500).default(DEFAULT_ROOM_CONFIG.maxSpectators),
  idleSeconds: z.int().min(30).max(86_400).default(DEFAULT_ROOM_CONFIG.idleSeconds).describe("A room with no human activity for this long closes"),
  messagesPer10s: z.int().min(5).max(10_000).default(DEFAULT_ROOM_CONFIG.messagesPer10s).describe("Message limit per 10 seconds, per user over all their connections to the room"),
});

/** Fields shared by the room as its object reports it and as the D1 index lists it. */
export const RoomIdentitySchema = z.object({
  id: z.string(),
  code: z.string(),
  game: z.string(),
  visibility: z.enum(["public", "private"]),
  status: z.enum(["waiting", "playing", "finished", "closed"]),
  hostUserId: z.string().nullable(),
});

export const RoomInfoSchema = RoomIdentitySchema.extend({
  options: z.unknown(),
  config: RoomConfigSchema,
  minPlayers: z.int(),
  maxPlayers: z.int(),
  seats: z.array(SeatViewSchema),
  spectators: z.int(),
  seq: z.int(),
  turns: z.array(TurnViewSchema),
  createdAt: z.number(),
  startedAt: z.number().nullable(),
  endedAt: z.number().nullable(),
  closeReason: z.string().nullable(),
  result: RoomResultSchema.nullable(),
  /** Quick-match rooms start on their own at this time (ms since the epoch); null for rooms a host starts. */
  autoStartAt: z.number().nullable(),
});

const YouSchema = z.object({
  userId: z.string(),
  seat: seat.nullable(),
  mode: z.enum(["play", "watch"]),
  /** False for spectators and for seats that are out of the game. */
  canAct: z.boolean(),
});

export const ServerMessageSchema = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("state"),
    serverTime,
    seq: z.int(),
    room: RoomInfoSchema,
    you: YouSchema,
    /** The game's projection for you (your seat, or the spectator view); null before the game starts. */
    view: z.unknown(),
  }),
  /** A game event, projected for you (`projectEvent`); events you may not learn of are skipped. */
  z.object({
    type: z.literal("event"),
    serverTime,
    seq: z.int(),
    event: z.object({ type: z.string(), data: z.record(z.string(), z.unknown()) }),
  }),
  z.object({
    type: z.literal("action_result"),
    serverTime,
    messageId: z.string(),
    command: z.string(),
    ok: z.literal(true),
    result: z.record(z.string(), z.unknown()).optional(),
    /** True when this answers a repeated messageId. */
    replayed: z.boolean().optional(),
  }),
  z.object({
    type: z.literal("error"),
    serverTime,
    messageId: z.string().nullable(),
    code: z.string(),
    message: z.string(),
    details: z.unknown().optional(),
    replayed: z.boolean().optional(),
  }),
  z.object({ type: z.literal("turn_start"), serverTime, ...TurnViewSchema.shape, userId: z.string().nullable(), turnSeconds: z.int() }),
  z.object({
    type: z.literal("timer_warning"),
    serverTime,
    seat,
    turnId: z.int(),
    deadline: z.number(),
    remainingMs: z.number(),
    fraction: z.number(),
  }),
  z.object({ type: z.literal("game_over"), serverTime, seq: z.int(), result: RoomResultSchema }),
  z.object({
    type: z.literal("presence"),
    serverTime,
    players: z.array(z.object({ seat, userId: z.string(), name: z.string(), connected: z.boolean(), awaySince: z.number().nullable() })),
  }),
  z.object({ type: z.literal("spectators"), serverTime, count: z.int() }),
  z.object({ type: z.literal("room"), serverTime, room: RoomInfoSchema }),
  z.object({ type: z.literal("room_closed"), serverTime, reason: z.string() }),
  z.object({ type: z.literal("pong"), serverTime, messageId: z.string() }),
]);

export type ServerMessage = z.output<typeof ServerMessageSchema>;
export type ServerMessageType = ServerMessage["type"];

/**
 * What a connection that joined with `batch: true` may receive besides single messages: the
 * messages of one change, in order, in one frame (a send per socket per change, not per message).
 */
export const BatchFrameSchema = z.object({ type: z.literal("batch"), serverTime, messages: z.array(ServerMessageSchema).min(2) });
export const ServerFrameSchema = z.union([ServerMessageSchema, BatchFrameSchema]);
export type ServerFrame = z.output<typeof ServerFrameSchema>;

/** WebSocket close codes the room uses. */
export const CLOSE = {
  roomClosed: 4001,
  roomExpired: 4002,
  spectatorsFull: 4003,
  kicked: 4004,
  left: 4005,
} as const;
