/**
 * `recordGame`: the room's entry point when a game ends or is abandoned. It stores the game
 * record and, for games that count, updates stats, ratings and achievements in the same D1 batch.
 *
 * Idempotent: the game id is the primary key and the insert does nothing on conflict; every stats
 * statement of the batch only runs if this very call inserted the row (a per-call nonce stored in
 * the row). Concurrency: stats are read, computed in JS and written as absolute values, so the
 * record insert is also conditional on every player's stats `version` being the one read; when a
 * concurrent game got there first, nothing is written and the call recomputes (a few times).
 *
 * It never throws for business reasons (unknown game, a log that does not replay, unknown users:
 * the game is stored and simply does not count). It throws `InvalidGameRecordError` for input that
 * breaks the schema (a bug in the caller: retrying cannot help) and lets D1 errors propagate, so
 * the room can retry from its alarm.
 */
import { and, eq, inArray, type SQL, sql } from "drizzle-orm";
import { type Db, db } from "../db/client";
import {
  type GameRecordInsert,
  gameLogChunks,
  gamePlayers,
  gameRecords,
  playerAchievements,
  playerStats,
  type RecordedSeat,
} from "../db/schema/index";
import type { RoundFact } from "../stats/adapters";
import { statsAdapter } from "../stats/adapters";
import { planGame, type StatsTotals } from "../stats/compute";
import { absentSeats, keepPlayedRounds, roundsPlayed } from "../stats/participation";
import type { GameEvent } from "../rooms/game";
import { isRankedGame } from "../rooms/games";
import { type GameRecord, type GameRecordInput, GameRecordSchema } from "./schemas";
import { encodeLog } from "./log-codec";
import { type Simulation, simulate } from "./simulate";
import { insertManyWhere, insertWhere, runBatch, setExcluded } from "./sql";

export class InvalidGameRecordError extends Error {
  constructor(readonly issues: { path: string; message: string }[]) {
    super(`invalid game record: ${issues.map((i) => `${i.path}: ${i.message}`).join("; ")}`);
  }
}

/**
 * Why recording can never succeed, or null when a retry may: a record the schema rejects, or a
 * statement D1 refuses for its size or a constraint (the same input fails the same way again).
 */
export function permanentRecordFailure(e: unknown): "invalid" | "rejected_by_d1" | null {
  if (e instanceof InvalidGameRecordError) return "invalid";
  const text = e instanceof Error ? `${e.message} ${String((e as { cause?: unknown }).cause ?? "")}` : String(e);
  return /SQLITE_TOOBIG|too big|too long|SQLITE_CONSTRAINT|SQLITE_MISMATCH/i.test(text) ? "rejected_by_d1" : null;
}

const MAX_ATTEMPTS = 10;

export type Origin = { imported: false } | { imported: true; importedBy: string; importedFrom: string };

/** A game ready to write: its row, who may see it, and what it means for stats. */
export interface PreparedGame {
  row: Omit<GameRecordInsert, "recordToken">;
  /** game_players rows: human seats, or the importer with a null seat. */
  members: { userId: string; seat: number | null }[];
  /** Pieces of a long log for `game_log_chunks` (empty when the log fits in its row). */
  logChunks: string[];
  countable: boolean;
  /** Per seat, the rounds its owner played (rounds a CPU played for them are left out). */
  rounds: RoundFact[][];
  /** Human seats whose owner never moved (see `planGame`). */
  absent: number[];
  simulation: Simulation;
}

function holesWonOf(extra: Record<string, unknown> | undefined): number[] | null {
  const h = extra?.holesWon;
  return Array.isArray(h) && h.every((n) => typeof n === "number") ? (h as number[]) : null;
}

/** Pure: re-simulates the log and derives the row and the stats facts. */
export function prepareGame(record: GameRecord, origin: Origin, now: number, simulation?: Simulation): PreparedGame {
  const seats: RecordedSeat[] = origin.imported ? record.seats.map((s) => ({ ...s, userId: null })) : record.seats;
  const stepEvents: GameEvent[][] = [];
  const sim =
    simulation ??
    simulate({ game: record.game, seed: record.seed, seats, options: record.options, actions: record.actions }, ({ index, events }) => {
      if (index > 0) stepEvents[index - 1] = events;
    });
  let ranked = false;
  if (sim.ok && record.ranked !== false) {
    try {
      ranked = isRankedGame(sim.game, sim.options);
    } catch {
      ranked = false;
    }
  }
  const result = record.result;
  const members: { userId: string; seat: number | null }[] = origin.imported
    ? [{ userId: origin.importedBy, seat: null }]
    : seats.flatMap((s) => (s.userId === null ? [] : [{ userId: s.userId, seat: s.seat }]));
  // A watching host reads the game like a player; holding no seat, they count in no stats.
  if (!origin.imported && record.host !== undefined) members.push({ userId: record.host, seat: null });
  const countable = record.status === "finished" && !origin.imported && ranked && sim.ok && result !== null && members.some((m) => m.seat !== null);
  const adapter = statsAdapter(record.game);
  const rounds =
    countable && result
      ? keepPlayedRounds(
          adapter.rounds({ seats: seats.length, events: sim.ok ? sim.events : [], result }),
          roundsPlayed(record.actions, stepEvents, seats.length, adapter.endsRound),
        )
      : [];
  const winnerSeat = result?.winnerSeat ?? null;
  const log = encodeLog(record.actions, record.startedAt);
  return {
    row: {
      id: record.id,
      game: record.game,
      options: record.options,
      ranked,
      status: record.status,
      imported: origin.imported,
      importedFrom: origin.imported ? origin.importedFrom : null,
      importedBy: origin.imported ? origin.importedBy : null,
      seed: record.seed,
      seats,
      result,
      winnerSeat,
      winnerUserId: winnerSeat === null ? null : (seats[winnerSeat]?.userId ?? null),
      holesWon: holesWonOf(result?.extra),
      startedAt: record.startedAt,
      endedAt: record.endedAt,
      durationMs: record.endedAt - record.startedAt,
      actionCount: record.actions.length,
      log: log.inline,
      logBytes: log.bytes,
      replayError: sim.ok ? null : `${sim.code}${sim.index === null ? "" : ` at action ${sim.index}`}: ${sim.message}`,
      counted: countable,
      recordedAt: now,
    },
    members: dedupeMembers(members),
    logChunks: log.chunks,
    countable,
    rounds,
    absent: countable && result ? absentSeats(seats, record.actions, result.forfeited) : [],
    simulation: sim,
  };
}

function dedupeMembers(members: { userId: string; seat: number | null }[]) {
  const seen = new Set<string>();
  return members.filter((m) => !seen.has(m.userId) && seen.add(m.userId));
}

type Current = Map<string, { totals: StatsTotals; version: number }>;

async function readStats(d: Db, game: string, userIds: string[]): Promise<Current> {
  const rows = await d
    .select()
    .from(playerStats)
    .where(and(eq(playerStats.game, game), inArray(playerStats.userId, userIds)));
  return new Map(
    rows.map((r) => {
      const { userId, game: _game, version, updatedAt: _updatedAt, ...totals } = r;
      return [userId, { totals, version }];
    }),
  );
}

/**
 * The write: the record row (only if `guard` holds), its members and the stats statements, all
 * conditional on the row carrying this call's token. One batch, so one transaction.
 */
async function writeGame(d: Db, prepared: PreparedGame, token: string, guard: SQL, extra: (insertedByMe: SQL) => SQL[]): Promise<boolean> {
  const id = prepared.row.id;
  const mine = sql`EXISTS (SELECT 1 FROM ${gameRecords} WHERE ${gameRecords.id} = ${id} AND ${gameRecords.recordToken} = ${token})`;
  const statements: SQL[] = [insertWhere(gameRecords, { ...prepared.row, recordToken: token }, guard, sql`ON CONFLICT (id) DO NOTHING`)];
  if (prepared.members.length > 0) {
    statements.push(
      insertManyWhere(
        gamePlayers,
        prepared.members.map((m) => ({ gameId: id, userId: m.userId, seat: m.seat, endedAt: prepared.row.endedAt })),
        mine,
        sql`ON CONFLICT DO NOTHING`,
      ),
    );
  }
  if (prepared.logChunks.length > 0) {
    // One statement per chunk: a multi-row insert would put several chunks in one statement.
    for (const [idx, data] of prepared.logChunks.entries()) {
      statements.push(insertWhere(gameLogChunks, { gameId: id, idx, data }, mine, sql`ON CONFLICT DO NOTHING`));
    }
  }
  statements.push(...extra(mine));
  await runBatch(d, statements);
  const stored = await d.select({ token: gameRecords.recordToken }).from(gameRecords).where(eq(gameRecords.id, id)).limit(1);
  if (stored.length === 0) return false;
  return stored[0]?.token === token;
}

/**
 * Stores a game that does not count for stats (abandoned, unranked, imported, not replayable).
 * `guard` makes the insert conditional (e.g. an importer's quota); false when nothing was written.
 */
export async function storeUncounted(d: Db, prepared: PreparedGame, guard: SQL = sql`1`): Promise<boolean> {
  return writeGame(d, prepared, crypto.randomUUID(), guard, () => []);
}

async function storeCounted(d: Db, prepared: PreparedGame, record: GameRecord): Promise<boolean> {
  const game = record.game;
  // A watching host is a member without a seat: the game changes no stats of theirs.
  const userIds = prepared.members.filter((m) => m.seat !== null).map((m) => m.userId);
  const adapter = statsAdapter(game);
  const result = record.result as NonNullable<GameRecord["result"]>;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const current = await readStats(d, game, userIds);
    const totals = new Map([...current].map(([u, c]) => [u, c.totals]));
    const plan = planGame(
      totals,
      { seats: prepared.row.seats, result, endedAt: record.endedAt },
      prepared.rounds,
      adapter,
      prepared.absent,
    );
    const now = Date.now();
    const guard = sql.join(
      userIds.map(
        (u) =>
          sql`(SELECT ${playerStats.version} FROM ${playerStats} WHERE ${playerStats.userId} = ${u} AND ${playerStats.game} = ${game}) IS ${current.get(u)?.version ?? null}`,
      ),
      sql` AND `,
    );
    const token = crypto.randomUUID();
    const inserted = await writeGame(d, prepared, token, guard, (mine) =>
      plan.flatMap((p) => {
        const values = { userId: p.userId, game, version: (current.get(p.userId)?.version ?? 0) + 1, ...p.after, updatedAt: now };
        const statements = [
          insertWhere(
            playerStats,
            values,
            mine,
            sql`ON CONFLICT (user_id, game) DO UPDATE SET ${setExcluded(playerStats, values, ["user_id", "game"])}`,
          ),
        ];
        if (p.achievements.length > 0) {
          statements.push(
            insertManyWhere(
              playerAchievements,
              p.achievements.map((achievement) => ({ userId: p.userId, game, achievement, gameId: record.id, unlockedAt: record.endedAt })),
              mine,
              sql`ON CONFLICT DO NOTHING`,
            ),
          );
        }
        return statements;
      }),
    );
    if (inserted) return true;
    // Not inserted: either the game was already recorded, or a player's stats changed under us.
    const exists = await d.select({ id: gameRecords.id }).from(gameRecords).where(eq(gameRecords.id, record.id)).limit(1);
    if (exists.length > 0) return false;
    await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * (attempt + 1)));
  }
  throw new Error(`recordGame ${record.id}: player stats kept changing during ${MAX_ATTEMPTS} attempts; retry later`);
}

export function parseGameRecord(input: unknown): GameRecord {
  const parsed = GameRecordSchema.safeParse(input);
  if (!parsed.success) {
    throw new InvalidGameRecordError(parsed.error.issues.map((i) => ({ path: i.path.map(String).join("."), message: i.message })));
  }
  return parsed.data;
}

/**
 * Records a finished or abandoned game (see the module comment). `recorded` is false when a game
 * with this id was already recorded, in which case nothing changed.
 */
export async function recordGame(env: Pick<Env, "DB">, input: GameRecordInput): Promise<{ recorded: boolean }> {
  const record = parseGameRecord(input);
  const d = db(env);
  const existing = await d.select({ id: gameRecords.id }).from(gameRecords).where(eq(gameRecords.id, record.id)).limit(1);
  if (existing.length > 0) return { recorded: false };
  const prepared = prepareGame(record, { imported: false }, Date.now());
  if (!prepared.simulation.ok) {
    console.log(
      JSON.stringify({
        level: "warn",
        msg: "recorded game does not replay; it will not count",
        gameId: record.id,
        reason: prepared.row.replayError,
      }),
    );
  }
  const recorded = prepared.countable ? await storeCounted(d, prepared, record) : await storeUncounted(d, prepared);
  return { recorded };
}
