/**
 * Replays, exports and import validation, all by re-simulating the log through the engine.
 * Pure apart from the clock passed in; the routes do the I/O.
 */
import type { RecordedResult } from "../db/schema/history";
import { ApiError, issuesToDetails } from "../http/errors";
import type { GameEvent, GameResult, Viewer } from "../rooms/game";
import { type GameRecord, REPLAY_FORMAT, REPLAY_VERSION, type ReplayDocument, ReplayDocumentSchema } from "./schemas";
import { findGame, type Simulation, simulate } from "./simulate";
import type { GameWithLog } from "./store";
import { rankWithForfeits } from "../stats/ranks";

const OMNISCIENT: Viewer = { kind: "omniscient" };

export interface ReplayFrame {
  index: number;
  seat: number | null;
  source: "setup" | "human" | "cpu" | "timeout";
  action: unknown;
  elapsed: number;
  events: GameEvent[];
  state: unknown;
}

const seatsForExport = (row: Pick<GameWithLog, "seats">) => row.seats.map(({ seat, name, cpu }) => ({ seat, name, cpu }));
const seconds = (ms: number) => Math.round(ms) / 1000;

function unavailable(row: GameWithLog): ApiError {
  return new ApiError(409, "replay_unavailable", "this game's log does not replay through the engine", { reason: row.replayError });
}

/**
 * Frames `from`..`from + limit - 1`: frame 0 is the setup, frame i the i-th logged action; each has
 * that step's events and the omniscient view of the state after them (the game is over, so
 * nothing is hidden). Every frame needs the whole prefix simulated, so a page costs the full log.
 */
export function buildReplay(row: GameWithLog, from: number, limit: number) {
  if (row.replayError) throw unavailable(row);
  const frames: ReplayFrame[] = [];
  const end = from + limit;
  const sim = simulate(
    { game: row.game, seed: row.seed, seats: row.seats, options: row.options, actions: row.log },
    ({ index, events, state }, game) => {
      if (index < from || index >= end) return;
      const entry = index === 0 ? null : row.log[index - 1];
      frames.push({
        index,
        seat: entry ? entry.seat : null,
        source: entry ? entry.source : "setup",
        action: entry ? entry.action : null,
        elapsed: seconds(Math.max(0, (entry ? entry.at : row.startedAt) - row.startedAt)),
        events: events.map((e) => game.projectEvent(e, OMNISCIENT)).filter((e): e is GameEvent => e !== null),
        state: game.view(state, OMNISCIENT),
      });
    },
  );
  if (!sim.ok) throw unavailable({ ...row, replayError: sim.message });
  return {
    gameId: row.id,
    game: row.game,
    status: row.status,
    seats: seatsForExport(row),
    result: row.result ?? null,
    startedAt: row.startedAt,
    endedAt: row.endedAt,
    durationSeconds: seconds(row.durationMs),
    totalFrames: row.log.length + 1,
    from,
    frames,
  };
}

/** The portable document of `docs/replays.md`. */
export function exportDocument(row: GameWithLog, now: number): ReplayDocument {
  return {
    format: REPLAY_FORMAT,
    version: REPLAY_VERSION,
    exportedAt: now,
    game: {
      id: row.id,
      game: row.game,
      options: row.options,
      seed: row.seed,
      seats: seatsForExport(row),
      status: row.status,
      startedAt: row.startedAt,
      endedAt: row.endedAt,
      result: row.result ?? null,
    },
    actions: row.log.map(({ seat, source, action, at }) => ({ seat, source, action, at })),
  };
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

function mismatch(field: string, claimed: unknown, actual: unknown): ApiError {
  return new ApiError(422, "replay_mismatch", `the log does not reproduce the claimed ${field}`, { field, claimed, actual });
}

/**
 * The result the log proves, checked against the claim. A game the log finishes must claim the
 * engine's scores, ranks, winner (after moving forfeited seats last) and, when given, holes won. A
 * game the log leaves unfinished must be abandoned (no result) or ended by forfeit (scores all 0,
 * everyone in the running shares first place).
 */
export function verifiedResult(
  sim: Extract<Simulation, { ok: true }>,
  claimed: RecordedResult | null,
  seats: number,
): RecordedResult | null {
  if (sim.over) {
    const engine = sim.result as GameResult;
    if (claimed === null) throw mismatch("result", null, engine);
    if (claimed.reason !== "completed") throw mismatch("reason", claimed.reason, "completed");
    const { ranks, winnerSeat } = rankWithForfeits(engine.ranks, claimed.forfeited);
    if (!same(claimed.scores, engine.scores)) throw mismatch("scores", claimed.scores, engine.scores);
    if (!same(claimed.ranks, ranks)) throw mismatch("ranks", claimed.ranks, ranks);
    if (claimed.winnerSeat !== winnerSeat) throw mismatch("winnerSeat", claimed.winnerSeat, winnerSeat);
    for (const [key, value] of Object.entries(claimed.extra ?? {})) {
      if (engine.extra && key in engine.extra && !same(value, engine.extra[key])) throw mismatch(`extra.${key}`, value, engine.extra[key]);
    }
    return {
      scores: engine.scores,
      ranks,
      winnerSeat,
      ...(engine.extra ? { extra: engine.extra } : {}),
      reason: "completed",
      forfeited: claimed.forfeited,
    };
  }
  if (claimed === null) return null;
  if (claimed.reason !== "forfeit") throw mismatch("result", claimed, null);
  const zeros = Array.from({ length: seats }, () => 0);
  if (!same(claimed.scores, zeros)) throw mismatch("scores", claimed.scores, zeros);
  const { ranks, winnerSeat } = rankWithForfeits(zeros, claimed.forfeited);
  if (!same(claimed.ranks, ranks)) throw mismatch("ranks", claimed.ranks, ranks);
  if (claimed.winnerSeat !== winnerSeat) throw mismatch("winnerSeat", claimed.winnerSeat, winnerSeat);
  return { scores: zeros, ranks, winnerSeat, reason: "forfeit", forfeited: claimed.forfeited };
}

/**
 * Validates an uploaded document (see `docs/replays.md`) and returns the game record to store under
 * `newId`, with the simulation that proved it. Throws the ApiError to answer with.
 */
export function validateImport(raw: unknown, newId: string): { record: GameRecord; simulation: Simulation; originalId: string } {
  const envelope = (raw ?? {}) as { format?: unknown; version?: unknown };
  if (envelope.format !== REPLAY_FORMAT || envelope.version !== REPLAY_VERSION) {
    throw new ApiError(422, "unsupported_replay_version", `only ${REPLAY_FORMAT} version ${REPLAY_VERSION} documents can be imported`, {
      format: envelope.format ?? null,
      version: envelope.version ?? null,
      supported: [{ format: REPLAY_FORMAT, version: REPLAY_VERSION }],
    });
  }
  const parsed = ReplayDocumentSchema.safeParse(raw);
  if (!parsed.success) throw ApiError.of("invalid_request", "malformed replay document", issuesToDetails(parsed.error.issues, "json"));
  const doc = parsed.data;
  const g = doc.game;
  if (g.endedAt < g.startedAt) {
    throw ApiError.of("invalid_request", "malformed replay document", [
      { path: "json.game.endedAt", code: "custom", message: "before startedAt" },
    ]);
  }
  if (!findGame(g.game)) throw new ApiError(422, "unknown_game", `no game ${JSON.stringify(g.game)} is known here`, { game: g.game });
  const status = g.status ?? (g.result ? "finished" : "abandoned");
  if ((status === "finished") !== (g.result !== null)) {
    throw mismatch("status", status, g.result ? "finished" : "abandoned");
  }
  const seats = g.seats.map((s) => ({ ...s, userId: null }));
  const sim = simulate({ game: g.game, seed: g.seed, seats, options: g.options, actions: doc.actions });
  if (!sim.ok) {
    throw new ApiError(422, "replay_invalid", sim.message, { index: sim.index, reason: sim.code });
  }
  const result = verifiedResult(sim, g.result, seats.length);
  return {
    record: {
      id: newId,
      game: g.game,
      options: sim.options as Record<string, unknown>,
      status,
      seed: g.seed,
      seats,
      result,
      startedAt: g.startedAt,
      endedAt: g.endedAt,
      actions: doc.actions,
    },
    simulation: sim,
    originalId: g.id,
  };
}
