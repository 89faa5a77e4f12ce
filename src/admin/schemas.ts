import { z } from "@hono/zod-openapi";
import { UserSchema } from "../auth/schemas";
import { AUDIT_ACTIONS } from "../audit/log";

const USER_ID = "7d6f2c8e-3b1a-4c55-9d0e-2f4b8a1c6e90";
const ADMIN_ID = "0c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f";
const AT = 1764460800000;

const userExample = {
  id: USER_ID,
  username: "stellar_cartographer",
  email: "ada@example.com",
  role: "player",
  banned: false,
  guest: false,
  createdAt: AT,
  lastLoginAt: AT,
} as const;

export const UserParam = z.object({ id: z.string().min(1).max(64).openapi({ example: USER_ID }) });

export const AdminUserSchema = UserSchema.extend({
  banReason: z.string().nullable(),
  banExpiresAt: z.number().int().nullable().openapi({ description: "When a timed ban lifts itself (epoch ms); null for a permanent ban" }),
  mutedUntil: z.number().int().nullable().openapi({ description: "While in the future the account cannot create rooms" }),
}).openapi("AdminUser", { example: { ...userExample, banReason: null, banExpiresAt: null, mutedUntil: null } });

export const UserSearchQuery = z.object({
  q: z
    .string()
    .min(1)
    .max(254)
    .optional()
    .openapi({ description: "Case-insensitive substring of the username or email", example: "stellar" }),
  role: z.enum(["player", "moderator", "admin"]).optional().openapi({ example: "moderator" }),
  guest: z
    .enum(["true", "false"])
    .optional()
    .openapi({ example: "false", description: "Only guests (`true`) or only full accounts (`false`)" }),
  limit: z.coerce.number().int().min(1).max(100).default(25).openapi({ example: 25 }),
  offset: z.coerce.number().int().min(0).max(100_000).default(0).openapi({ example: 0 }),
});

export const UserSearchResponse = z
  .object({ users: z.array(AdminUserSchema), nextOffset: z.number().int().nullable() })
  .openapi("AdminUserSearch", {
    example: { users: [{ ...userExample, banReason: null, banExpiresAt: null, mutedUntil: null }], nextOffset: null },
  });

export const AuditEntrySchema = z
  .object({
    id: z.number().int(),
    at: z.number().int().openapi({ description: "Epoch milliseconds" }),
    actorId: z.string().nullable().openapi({ description: "The acting account; null for security events with no signed-in actor" }),
    action: z.enum(AUDIT_ACTIONS),
    targetType: z.string().nullable(),
    targetId: z.string().nullable(),
    reason: z.string().nullable(),
    requestId: z.string().nullable(),
    details: z.record(z.string(), z.unknown()).nullable(),
  })
  .openapi("AuditEntry");

const auditExample = {
  id: 42,
  at: AT,
  actorId: ADMIN_ID,
  action: "user.ban",
  targetType: "user",
  targetId: USER_ID,
  reason: "cheating",
  requestId: "4f1c2a9e-8d7b-4e6a-b5c4-3d2e1f0a9b8c",
  details: { expiresAt: null },
} as const;

export const AdminUserDetail = z
  .object({
    user: AdminUserSchema,
    sessions: z.array(
      z.object({
        id: z.string(),
        createdAt: z.number().int(),
        lastUsedAt: z.number().int(),
        expiresAt: z.number().int(),
        userAgent: z.string().nullable(),
      }),
    ),
    games: z.array(z.object({ id: z.string(), seat: z.number().int().nullable(), endedAt: z.number().int() })),
    universes: z.array(z.object({ universeId: z.string(), shard: z.number().int(), points: z.number().int(), joinedAt: z.number().int() })),
    sanctions: z.array(AuditEntrySchema).openapi({ description: "Bans, unbans, mutes and role changes of the account, newest first" }),
  })
  .openapi("AdminUserDetail", {
    example: {
      user: { ...userExample, banReason: null, banExpiresAt: null, mutedUntil: null },
      sessions: [
        {
          id: "0b8e1d8a-4f0e-4d8e-a3a4-6f1f2a9c7b11",
          createdAt: AT,
          lastUsedAt: AT,
          expiresAt: AT + 30 * 86_400_000,
          userAgent: "curl/8.5",
        },
      ],
      games: [{ id: "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d", seat: 0, endedAt: AT }],
      universes: [{ universeId: "milky-way", shard: 2, points: 1250, joinedAt: AT }],
      sanctions: [auditExample],
    },
  });

export const BanRequest = z
  .object({
    reason: z.string().min(1).max(500),
    expiresAt: z
      .number()
      .int()
      .positive()
      .optional()
      .openapi({ description: "When the ban lifts itself (epoch ms, in the future); omit for a permanent ban" }),
  })
  .openapi("BanRequest", { example: { reason: "cheating", expiresAt: AT + 7 * 86_400_000 } });

export const ReasonRequest = z
  .object({ reason: z.string().min(1).max(500).optional() })
  .openapi("AdminReason", { example: { reason: "appeal accepted" } });

export const MuteRequest = z
  .object({
    reason: z.string().min(1).max(500),
    until: z.number().int().positive().openapi({ description: "When the mute ends (epoch ms, in the future)" }),
  })
  .openapi("MuteRequest", { example: { reason: "spam room names", until: AT + 86_400_000 } });

export const RoleRequest = z
  .object({ role: z.enum(["player", "moderator", "admin"]), reason: z.string().min(1).max(500).optional() })
  .openapi("RoleRequest", { example: { role: "moderator", reason: "community volunteer" } });

export const PasswordResetSent = z.object({ sent: z.literal(true) }).openapi("AdminPasswordResetSent");

export const LogoutResponse = z
  .object({ revoked: z.number().int().openapi({ description: "Sessions ended" }) })
  .openapi("AdminLogout", { example: { revoked: 2 } });

export const AuditQuery = z.object({
  action: z.enum(AUDIT_ACTIONS).optional().openapi({ example: "user.ban" }),
  actor: z
    .string()
    .min(1)
    .max(64)
    .optional()
    .openapi({ example: "0c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f", description: "Acting account id" }),
  target: z
    .string()
    .min(1)
    .max(128)
    .optional()
    .openapi({ example: "7d6f2c8e-3b1a-4c55-9d0e-2f4b8a1c6e90", description: "Target id (user, room or universe)" }),
  before: z.coerce.number().int().positive().optional().openapi({ example: 42, description: "Cursor: `nextBefore` of the previous page" }),
  limit: z.coerce.number().int().min(1).max(200).default(50).openapi({ example: 50 }),
});

export const AuditPage = z
  .object({ entries: z.array(AuditEntrySchema), nextBefore: z.number().int().nullable() })
  .openapi("AuditPage", { example: { entries: [auditExample], nextBefore: null } });

const roomExample = {
  id: "2f0c6c1b9d6e4a0f8b7a6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f",
  code: "QRTX",
  game: "golf",
  visibility: "public",
  status: "playing",
  hostUserId: USER_ID,
  seatsTaken: 2,
  seatsMax: 4,
  spectators: 1,
  createdAt: AT,
  startedAt: AT + 60_000,
} as const;

export const AdminRoomSummary = z
  .object({
    id: z.string(),
    code: z.string(),
    game: z.string(),
    visibility: z.enum(["public", "private"]),
    status: z.enum(["waiting", "playing", "finished", "closed"]),
    hostUserId: z.string().nullable(),
    seatsTaken: z.number().int(),
    seatsMax: z.number().int(),
    spectators: z.number().int(),
    createdAt: z.number().int(),
    startedAt: z.number().int().nullable(),
  })
  .openapi("AdminRoomSummary", { example: roomExample });

export const AdminRoomList = z
  .object({ rooms: z.array(AdminRoomSummary), nextOffset: z.number().int().nullable() })
  .openapi("AdminRoomList", { example: { rooms: [roomExample], nextOffset: null } });

export const AdminRoomQuery = z.object({
  game: z.string().min(1).max(32).optional().openapi({ example: "golf" }),
  status: z.enum(["waiting", "playing"]).optional().openapi({ example: "playing" }),
  limit: z.coerce.number().int().min(1).max(100).default(25).openapi({ example: 25 }),
  offset: z.coerce.number().int().min(0).max(100_000).default(0).openapi({ example: 0 }),
});

export const RoomIdParam = z.object({ id: z.string().min(1).max(128).openapi({ example: roomExample.id }) });

export const AdminRoomDetail = z
  .object({
    room: z.record(z.string(), z.unknown()).openapi({ description: "The room as players see it: seats, host, status, clocks" }),
    view: z
      .unknown()
      .openapi({ description: "The game state as an omniscient viewer sees it (hands and deck included); null before the start" }),
    logLength: z.number().int().openapi({ description: "Actions in the room's log" }),
    timers: z.number().int().openapi({ description: "Pending timers of the room object" }),
  })
  .openapi("AdminRoomDetail", {
    example: {
      room: {
        id: roomExample.id,
        code: "QRTX",
        game: "golf",
        status: "playing",
        seats: [{ seat: 0, userId: USER_ID, name: "stellar_cartographer" }],
      },
      view: { phase: "play", deck: [{ rank: "K", suit: "S" }] },
      logLength: 14,
      timers: 2,
    },
  });

export const ClosedRoomResponse = z
  .object({ room: z.record(z.string(), z.unknown()) })
  .openapi("AdminClosedRoom", { example: { room: { id: roomExample.id, status: "closed", closeReason: "closed_by_admin" } } });

const shardExample = { shard: 0, players: 12, empires: 12, pendingTimers: 30, sockets: 3, paused: false, outbox: { pending: 0, oldestAgeMs: 0 } };

export const AdminUniverse = z
  .object({
    id: z.string(),
    name: z.string(),
    isDefault: z.boolean(),
    createdAt: z.number().int(),
    settings: z.record(z.string(), z.unknown()),
    pausedAt: z.number().int().nullable().openapi({ description: "Set while the universe is paused for maintenance" }),
    players: z.number().int().openapi({ description: "Joined players" }),
  })
  .openapi("AdminUniverse", {
    example: {
      id: "milky-way",
      name: "Milky Way",
      isDefault: true,
      createdAt: AT,
      settings: { economySpeed: 1, shardCount: 4 },
      pausedAt: null,
      players: 48,
    },
  });

export const AdminUniverseList = z.object({ universes: z.array(AdminUniverse) }).openapi("AdminUniverseList", {
  example: {
    universes: [
      { id: "milky-way", name: "Milky Way", isDefault: true, createdAt: AT, settings: { shardCount: 4 }, pausedAt: null, players: 48 },
    ],
  },
});

export const ShardLoadSchema = z
  .object({
    shard: z.number().int(),
    players: z.number().int().openapi({ description: "Joined players hashed to the shard (from D1)" }),
    empires: z.number().int().openapi({ description: "Empires the shard holds" }),
    pendingTimers: z.number().int().openapi({ description: "Queue completions and score retries waiting" }),
    sockets: z.number().int().openapi({ description: "Open WebSockets" }),
    paused: z.boolean(),
    outbox: z
      .object({ pending: z.number().int(), oldestAgeMs: z.number() })
      .openapi({ description: "Effects (fleet steps) waiting for another object, and the oldest one's age; they are retried, never dropped" }),
  })
  .openapi("ShardLoad", { example: shardExample });

export const AdminUniverseDetail = z.object({ universe: AdminUniverse, shards: z.array(ShardLoadSchema) }).openapi("AdminUniverseDetail", {
  example: {
    universe: {
      id: "milky-way",
      name: "Milky Way",
      isDefault: true,
      createdAt: AT,
      settings: { shardCount: 1 },
      pausedAt: null,
      players: 12,
    },
    shards: [shardExample],
  },
});

export const UniverseIdParam = z.object({ u: z.string().min(1).max(64).openapi({ example: "milky-way" }) });
