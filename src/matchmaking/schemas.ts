/** Quick-match status: what `GET|POST|DELETE /v1/matchmaking/{game}` answer (and the Matchmaker object returns). */
import { z } from "@hono/zod-openapi";

export const GameParam = z.object({ game: z.string().min(1).max(32).openapi({ example: "golf" }) });

const serverTime = z.number().describe("Server clock, ms since the epoch (use it to correct countdowns)");

export const RatingWindowSchema = z
  .object({
    delta: z.int().describe("± rating points accepted now: 100 at first, +50 every 15 s, at most 500").openapi({ example: 150 }),
    min: z.number().openapi({ example: 1350 }),
    max: z.number().openapi({ example: 1650 }),
    widensAt: z.number().nullable().describe("When the window next grows; null at its maximum"),
  })
  .openapi("RatingWindow");

const IdleStatus = z
  .object({
    state: z.literal("idle"),
    game: z.string(),
    serverTime,
    notice: z
      .object({ code: z.string(), message: z.string() })
      .nullable()
      .describe("Why your last match did not go ahead (e.g. `too_many_rooms`); null otherwise"),
  })
  .openapi("MatchmakingIdle", { example: { state: "idle", game: "golf", serverTime: 1763780000000, notice: null } });

const QueuedStatus = z
  .object({
    state: z.literal("queued"),
    game: z.string(),
    serverTime,
    position: z.int().min(1).describe("1 = the longest-waiting player of this queue"),
    queueSize: z.int().min(1),
    enqueuedAt: z.number(),
    waitMs: z.number(),
    rating: z.number(),
    window: RatingWindowSchema,
    nextCheckAt: z.number().nullable().describe("When the matchmaker next forms groups (every 3 s while two or more wait)"),
    cpuFillAt: z
      .number()
      .nullable()
      .describe("When you get a table with CPU opponents (unranked) if nobody has matched you by then; null when CPU fill is off"),
  })
  .openapi("MatchmakingQueued", {
    example: {
      state: "queued",
      game: "golf",
      serverTime: 1763780016000,
      position: 1,
      queueSize: 3,
      enqueuedAt: 1763780000000,
      waitMs: 16000,
      rating: 1500,
      window: { delta: 150, min: 1350, max: 1650, widensAt: 1763780030000 },
      nextCheckAt: 1763780018000,
      cpuFillAt: 1763780030000,
    },
  });

const MatchedStatus = z
  .object({
    state: z.literal("matched"),
    game: z.string(),
    serverTime,
    roomId: z.string(),
    code: z.string().nullable().describe("The room's code; null for the few ms until the room exists"),
    startsAt: z.number().describe("End of the countdown: the room starts itself then"),
    countdownMs: z.number().describe("Time left until `startsAt` (0 once started)"),
    roomReady: z.boolean().describe("Whether the room exists yet (connect to `/v1/rooms/{roomId}/ws` once it does)"),
    players: z.array(z.object({ userId: z.string(), name: z.string(), rating: z.number() })),
    cpus: z.array(z.string()).describe("CPU personalities seated with you (a table filled with CPUs); empty for a match of players"),
    ranked: z.boolean().describe("False for a table filled with CPUs: that game never counts for ratings and stats"),
  })
  .openapi("MatchmakingMatched", {
    example: {
      state: "matched",
      game: "golf",
      serverTime: 1763780019000,
      roomId: "3f0c…",
      code: "QRTX",
      startsAt: 1763780023000,
      countdownMs: 4000,
      roomReady: true,
      players: [
        { userId: "u-1", name: "ada", rating: 1500 },
        { userId: "u-2", name: "grace", rating: 1560 },
      ],
      cpus: [],
      ranked: true,
    },
  });

export const MatchmakingStatusSchema = z
  .discriminatedUnion("state", [IdleStatus, QueuedStatus, MatchedStatus])
  .openapi("MatchmakingStatus");

export type MatchmakingStatus = z.infer<typeof MatchmakingStatusSchema>;
export type QueuedMatchmakingStatus = z.infer<typeof QueuedStatus>;
export type MatchedMatchmakingStatus = z.infer<typeof MatchedStatus>;
