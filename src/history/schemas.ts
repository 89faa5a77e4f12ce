/**
 * Shapes of game history: what the room hands to `recordGame`, the export document, and the
 * HTTP responses. `GameRecordSchema` is the contract with the room; see `record.ts`.
 */
import { z } from "@hono/zod-openapi";

export const GAME_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
export const SHARE_CODE_PATTERN = /^[A-Za-z0-9_-]{12}$/;

const seatNumber = z.number().int().min(0).max(63);
const epochMs = z.number().int().min(0);

export const RecordedSeatSchema = z
  .object({
    seat: seatNumber,
    userId: z.string().min(1).max(64).nullable().openapi({ description: "The human who owned the seat; null for a CPU seat" }),
    name: z.string().min(1).max(64),
    cpu: z.string().max(64).nullable().openapi({ description: "CPU profile of a CPU seat; null for a human seat" }),
  })
  .openapi("RecordedSeat", { example: { seat: 0, userId: "3f1c0a52-8c1e-4c55-9d83-0d9ad1a6b0f4", name: "ada", cpu: null } });

export const ActionSourceSchema = z.enum(["human", "cpu", "timeout"]);

export const RecordedActionSchema = z
  .object({
    seat: seatNumber,
    action: z.unknown().openapi({ description: "The action as the game's action schema accepted it" }),
    source: ActionSourceSchema,
    at: epochMs.openapi({ description: "When the action was applied (epoch ms)" }),
  })
  .openapi("RecordedAction", {
    example: { seat: 0, action: { type: "flip_initial", positions: [0, 4] }, source: "human", at: 1767225600000 },
  });

export const RecordedResultSchema = z
  .object({
    scores: z.array(z.number()).openapi({ description: "Final score by seat, in the game's unit (Golf: total points, lower is better)" }),
    ranks: z.array(z.number().int().min(1)).openapi({ description: "Competition rank by seat (1 = best)" }),
    winnerSeat: seatNumber.nullable().openapi({ description: "Null on a tie for first" }),
    extra: z.record(z.string(), z.unknown()).optional().openapi({ description: "Game-specific figures, e.g. Golf's `holesWon`" }),
    reason: z
      .enum(["completed", "forfeit"])
      .default("completed")
      .openapi({ description: "`forfeit`: the game stopped early because too few players were left" }),
    forfeited: z.array(seatNumber).default([]).openapi({ description: "Seats that resigned, forfeited or left; they rank last" }),
  })
  .openapi("RecordedResult", {
    example: { scores: [12, 31], ranks: [1, 2], winnerSeat: 0, extra: { holesWon: [6, 3] }, reason: "completed", forfeited: [] },
  });

/**
 * What a room passes to `recordGame` when its game ends or is abandoned. Seats are numbered
 * 0..n-1 in order (as `setup` saw them) and `options` are the parsed options `setup` got, so
 * `setup({seats, options, rng: createRng(seed)})` followed by `apply` for each action rebuilds
 * the game. `result` is required for finished games and null for abandoned ones.
 */
export const GameRecordSchema = z
  .object({
    id: z.string().regex(GAME_ID_PATTERN).openapi({ description: "Unique game id; the room id for room games" }),
    game: z.string().min(1).max(32),
    options: z.record(z.string(), z.unknown()),
    status: z.enum(["finished", "abandoned"]),
    /** `false`: never ranked, whatever the options say (a quick match filled with CPUs). Absent: the game's own rule. */
    ranked: z.literal(false).optional(),
    /** A host who watched without a seat (e.g. an exhibition of CPUs): may read the game like its players. */
    host: z.string().min(1).max(64).optional(),
    seed: z.number().int().min(Number.MIN_SAFE_INTEGER).max(Number.MAX_SAFE_INTEGER),
    seats: z.array(RecordedSeatSchema).min(1).max(64),
    result: RecordedResultSchema.nullable(),
    startedAt: epochMs,
    endedAt: epochMs,
    actions: z.array(RecordedActionSchema).max(100_000),
  })
  .superRefine((r, ctx) => {
    r.seats.forEach((s, i) => {
      if (s.seat !== i) ctx.addIssue({ code: "custom", path: ["seats", i, "seat"], message: "seats must be numbered 0..n-1 in order" });
    });
    if (r.endedAt < r.startedAt) ctx.addIssue({ code: "custom", path: ["endedAt"], message: "endedAt is before startedAt" });
    if (r.status === "finished" && r.result === null) {
      ctx.addIssue({ code: "custom", path: ["result"], message: "a finished game needs a result" });
    }
    if (r.status === "abandoned" && r.result !== null) {
      ctx.addIssue({ code: "custom", path: ["result"], message: "an abandoned game has no result" });
    }
    if (r.result) {
      const n = r.seats.length;
      if (r.result.scores.length !== n) ctx.addIssue({ code: "custom", path: ["result", "scores"], message: "one score per seat" });
      if (r.result.ranks.length !== n) ctx.addIssue({ code: "custom", path: ["result", "ranks"], message: "one rank per seat" });
      if (r.result.winnerSeat !== null && r.result.winnerSeat >= n) {
        ctx.addIssue({ code: "custom", path: ["result", "winnerSeat"], message: "no such seat" });
      }
    }
    r.actions.forEach((a, i) => {
      if (a.seat >= r.seats.length) ctx.addIssue({ code: "custom", path: ["actions", i, "seat"], message: "no such seat" });
    });
  });

export type GameRecordInput = z.input<typeof GameRecordSchema>;
export type GameRecord = z.output<typeof GameRecordSchema>;

// ---------------------------------------------------------------------------------------------
// Export document (format "orrery-replay", version 1)

export const REPLAY_FORMAT = "orrery-replay";
export const REPLAY_VERSION = 1;

export const ExportSeatSchema = z.object({ seat: seatNumber, name: z.string().min(1).max(64), cpu: z.string().max(64).nullable() });

export const ExportActionSchema = z.object({
  seat: seatNumber,
  source: ActionSourceSchema,
  action: z.unknown(),
  at: epochMs,
});

const exampleExport = {
  format: REPLAY_FORMAT,
  version: REPLAY_VERSION,
  exportedAt: 1767226800000,
  game: {
    id: "5d0e7c1a9b3f4e2d8c6a1b0f9e8d7c6b",
    game: "golf",
    options: { rounds: 1 },
    seed: 1234,
    seats: [
      { seat: 0, name: "ada", cpu: null },
      { seat: 1, name: "Sofia", cpu: "Sofia" },
    ],
    status: "finished",
    startedAt: 1767225600000,
    endedAt: 1767225900000,
    result: { scores: [4, 11], ranks: [1, 2], winnerSeat: 0, extra: { holesWon: [1, 0] }, reason: "completed", forfeited: [] },
  },
  actions: [{ seat: 0, source: "human", action: { type: "flip_initial", positions: [0, 4] }, at: 1767225601000 }],
};

/** Version 1 of the export document; anything else is refused with `unsupported_replay_version`. */
export const ReplayDocumentSchema = z
  .object({
    format: z.literal(REPLAY_FORMAT),
    version: z.literal(REPLAY_VERSION),
    exportedAt: epochMs.optional(),
    game: z.object({
      id: z.string().min(1).max(64),
      game: z.string().min(1).max(32),
      options: z.record(z.string(), z.unknown()),
      seed: z.number().int().min(Number.MIN_SAFE_INTEGER).max(Number.MAX_SAFE_INTEGER),
      seats: z.array(ExportSeatSchema).min(1).max(64),
      status: z.enum(["finished", "abandoned"]).optional(),
      startedAt: epochMs,
      endedAt: epochMs,
      result: RecordedResultSchema.nullable(),
    }),
    actions: z.array(ExportActionSchema).max(100_000),
  })
  .openapi("ReplayDocument", { example: exampleExport });

export type ReplayDocument = z.output<typeof ReplayDocumentSchema>;

/** The import route only checks the envelope; the handler checks format and version first, then the rest. */
export const ReplayImportBody = z
  .looseObject({
    format: z.string().optional().openapi({ example: REPLAY_FORMAT }),
    version: z.number().optional().openapi({ example: REPLAY_VERSION }),
  })
  .openapi("ReplayImportRequest", { example: exampleExport });

// ---------------------------------------------------------------------------------------------
// HTTP responses

const exampleSeats = [
  { seat: 0, userId: "3f1c0a52-8c1e-4c55-9d83-0d9ad1a6b0f4", name: "ada", cpu: null },
  { seat: 1, userId: null, name: "Sofia", cpu: "Sofia" },
];

const exampleResult = {
  scores: [12, 31],
  ranks: [1, 2],
  winnerSeat: 0,
  extra: { holesWon: [6, 3] },
  reason: "completed" as const,
  forfeited: [],
};

const exampleSummary = {
  id: "5d0e7c1a9b3f4e2d8c6a1b0f9e8d7c6b",
  game: "golf",
  status: "finished" as const,
  ranked: true,
  imported: false,
  seats: exampleSeats,
  result: exampleResult,
  winnerSeat: 0,
  winnerUserId: "3f1c0a52-8c1e-4c55-9d83-0d9ad1a6b0f4",
  holesWon: [6, 3],
  startedAt: 1767225600000,
  endedAt: 1767227400000,
  durationSeconds: 1800,
  actionCount: 412,
};

export const GameSummarySchema = z
  .object({
    id: z.string(),
    game: z.string(),
    status: z.enum(["finished", "abandoned"]),
    ranked: z.boolean(),
    imported: z.boolean(),
    seats: z.array(RecordedSeatSchema),
    result: RecordedResultSchema.nullable(),
    winnerSeat: z.number().int().nullable(),
    winnerUserId: z.string().nullable(),
    holesWon: z.array(z.number()).nullable(),
    startedAt: z.number().int(),
    endedAt: z.number().int(),
    durationSeconds: z.number(),
    actionCount: z.number().int(),
    mySeat: z.number().int().nullable().openapi({ description: "Your seat; null when you imported the game rather than played it" }),
  })
  .openapi("GameSummary", { example: { ...exampleSummary, mySeat: 0 } });

export const GamePageSchema = z
  .object({
    games: z.array(GameSummarySchema),
    nextCursor: z.string().nullable().openapi({ description: "Pass as `before` for the next (older) page; null on the last page" }),
  })
  .openapi("GamePage", {
    example: { games: [{ ...exampleSummary, mySeat: 0 }], nextCursor: "1767227400000.5d0e7c1a9b3f4e2d8c6a1b0f9e8d7c6b" },
  });

export const GameDetailSchema = GameSummarySchema.omit({ mySeat: true })
  .extend({
    options: z.record(z.string(), z.unknown()),
    seed: z.number().int(),
    importedFrom: z.string().nullable(),
    counted: z.boolean().openapi({ description: "Whether the game counted for stats and ratings" }),
    replayable: z.boolean().openapi({ description: "Whether the log replays through the engine" }),
  })
  .openapi("GameDetail", {
    example: {
      ...exampleSummary,
      options: { rounds: 9, decks: 1, initial_flips: 2, flip_mode: "never" },
      seed: 1234,
      importedFrom: null,
      counted: true,
      replayable: true,
    },
  });

export const ReplayFrameSchema = z
  .object({
    index: z.number().int().openapi({ description: "0 is the setup; frame i > 0 is the i-th logged action" }),
    seat: z.number().int().nullable(),
    source: z.enum(["setup", "human", "cpu", "timeout"]),
    action: z.unknown().nullable(),
    elapsed: z.number().openapi({ description: "Seconds since the game started" }),
    events: z.array(z.object({ type: z.string(), data: z.record(z.string(), z.unknown()) })),
    state: z.unknown().openapi({ description: "The omniscient view of the state after this frame's events" }),
  })
  .openapi("ReplayFrame", {
    example: {
      index: 1,
      seat: 0,
      source: "human",
      action: { type: "flip_initial", positions: [0, 4] },
      elapsed: 1.5,
      events: [{ type: "revealed", data: { seat: 0, positions: [0, 4], cards: [], cause: "initial_flip" } }],
      state: { phase: "initial_flip" },
    },
  });

export const ReplaySchema = z
  .object({
    gameId: z.string(),
    game: z.string(),
    status: z.enum(["finished", "abandoned"]),
    seats: z.array(ExportSeatSchema),
    result: RecordedResultSchema.nullable(),
    startedAt: z.number().int(),
    endedAt: z.number().int(),
    durationSeconds: z.number(),
    totalFrames: z.number().int(),
    from: z.number().int(),
    frames: z.array(ReplayFrameSchema),
  })
  .openapi("Replay", {
    example: {
      gameId: "5d0e7c1a9b3f4e2d8c6a1b0f9e8d7c6b",
      game: "golf",
      status: "finished",
      seats: [
        { seat: 0, name: "ada", cpu: null },
        { seat: 1, name: "Sofia", cpu: "Sofia" },
      ],
      result: exampleResult,
      startedAt: 1767225600000,
      endedAt: 1767227400000,
      durationSeconds: 1800,
      totalFrames: 413,
      from: 0,
      frames: [
        {
          index: 0,
          seat: null,
          source: "setup",
          action: null,
          elapsed: 0,
          events: [{ type: "round_started", data: { round: 1 } }],
          state: {},
        },
      ],
    },
  });

export const ReplayQuery = z.object({
  share: z.string().max(64).optional().openapi({ description: "A share code of this game grants access without an account" }),
  from: z.coerce.number().int().min(0).default(0).openapi({ description: "First frame to return" }),
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(500)
    .default(100)
    .openapi({ description: "Frames to return (1–500, default 100); a Golf frame is about 3–4 KB" }),
});

export const ShareRequest = z
  .object({
    expiresInDays: z.number().int().min(1).max(365).optional().openapi({ description: "Omit for a link that lasts until revoked" }),
    title: z.string().trim().min(1).max(100).optional(),
    description: z.string().trim().max(1000).optional(),
  })
  .openapi("ShareRequest", { example: { expiresInDays: 30, title: "Comeback on the last hole" } });

export const ShareSchema = z
  .object({
    code: z.string(),
    gameId: z.string(),
    title: z.string().nullable(),
    description: z.string().nullable(),
    views: z.number().int(),
    createdAt: z.number().int(),
    expiresAt: z.number().int().nullable(),
    url: z.string().openapi({ description: "Path of the public replay" }),
  })
  .openapi("ReplayShare", {
    example: {
      code: "q3VZ0-x8Lm_a",
      gameId: "5d0e7c1a9b3f4e2d8c6a1b0f9e8d7c6b",
      title: "Comeback on the last hole",
      description: null,
      views: 3,
      createdAt: 1767227400000,
      expiresAt: 1769819400000,
      url: "/v1/replays/q3VZ0-x8Lm_a",
    },
  });

export const SharedReplaySchema = z.object({ share: ShareSchema, replay: ReplaySchema }).openapi("SharedReplay");

export const ImportResponse = z.object({ game: GameDetailSchema }).openapi("ReplayImportResponse", {
  example: {
    game: {
      ...exampleSummary,
      id: "0b7f6e1c-2d4a-4c8e-9f10-3a5b7c9d1e2f",
      imported: true,
      seats: exampleSeats.map((seat) => ({ ...seat, userId: null })),
      winnerUserId: null,
      options: { rounds: 9 },
      seed: 1234,
      importedFrom: "5d0e7c1a9b3f4e2d8c6a1b0f9e8d7c6b",
      counted: false,
      replayable: true,
    },
  },
});
