/**
 * The append-only event log: one row per accepted action (seat, action, source) holding its raw
 * events, numbered by `seq` from the row's `first_seq`. It is written in the same transaction as
 * the new game state, before anyone is told, so a replay from the seed always reaches the stored
 * state.
 */
import { createRng, type Rng } from "../../src/lib/rng";
import { bySize } from "../kit/sql-text";
import type { Answered } from "./message-ids";
import type { AnyGameDefinition, GameEvent } from "../../src/rooms/game";
import type { ActionSource, LogEntry, SetupAction } from "../../src/rooms/runtime/machine";

type ActionRow = { n: number; seat: number | null; source: string; action: string; at: number; first_seq: number; events: string };

/** 11 parameters a row, under the statement's limit of 100. */
const ROWS_PER_STATEMENT = 9;
const insertActions = bySize(
  (rows) =>
    `INSERT INTO actions (n, seat, source, action, at, first_seq, event_count, events, hot, msg_key, msg_answer) VALUES ${Array(rows).fill("(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)").join(", ")}`,
);

/** What a change's last action row carries besides its action. */
export interface LastRow {
  /** The room document's hot fields after the change (store.ts). */
  hot: string;
  /** The client message that made the change, and its answer (message-ids.ts). */
  message?: Answered | undefined;
}

/**
 * One row per action, its events inside it: a change's whole log is one statement. `last` goes in
 * the last row.
 */
export function appendLog(sql: SqlStorage, entries: readonly LogEntry[], last: LastRow | null = null): void {
  for (let i = 0; i < entries.length; i += ROWS_PER_STATEMENT) {
    const chunk = entries.slice(i, i + ROWS_PER_STATEMENT);
    sql.exec(
      insertActions(chunk.length),
      ...chunk.flatMap((e, j) => [
        e.n,
        e.seat,
        e.source,
        JSON.stringify(e.action),
        e.at,
        e.firstSeq,
        e.events.length,
        JSON.stringify(e.events),
        ...(i + j === entries.length - 1 && last ? [last.hot, last.message?.key ?? null, last.message?.answer ?? null] : [null, null, null]),
      ]),
    );
  }
}

/** Raw events with `fromSeq <= seq <= toSeq`, in order. */
export function eventsBetween(sql: SqlStorage, fromSeq: number, toSeq: number): { seq: number; event: GameEvent }[] {
  const rows = sql
    .exec<{ first_seq: number; events: string }>(
      "SELECT first_seq, events FROM actions WHERE first_seq <= ? AND first_seq + event_count > ? ORDER BY n",
      toSeq,
      fromSeq,
    )
    .toArray();
  const out: { seq: number; event: GameEvent }[] = [];
  for (const r of rows) {
    const events = JSON.parse(r.events) as GameEvent[];
    events.forEach((event, i) => {
      const seq = r.first_seq + i;
      if (seq >= fromSeq && seq <= toSeq) out.push({ seq, event });
    });
  }
  return out;
}

export function readLog(sql: SqlStorage): LogEntry[] {
  return sql
    .exec<ActionRow>("SELECT n, seat, source, action, at, first_seq, events FROM actions ORDER BY n")
    .toArray()
    .map((a) => ({
      n: a.n,
      seat: a.seat,
      source: a.source as ActionSource,
      action: JSON.parse(a.action),
      at: a.at,
      firstSeq: a.first_seq,
      events: JSON.parse(a.events) as GameEvent[],
    }));
}

/** JSON with sorted keys, so two equal states compare equal whatever their key order. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(
          Object.keys(v)
            .sort()
            .map((k) => [k, v[k]]),
        )
      : v,
  );
}

export interface ReplayReport {
  actions: number;
  events: number;
  /** The replayed state and RNG position equal the stored ones. */
  stateMatches: boolean;
  rngMatches: boolean;
  /** Every replayed action produced exactly the logged events. */
  eventsMatch: boolean;
  error: string | null;
}

/**
 * Rebuilds the game from the seed and the log: `setup` with `createRng(seed)`, then `apply` for
 * every logged action with the same RNG threaded through, and compares with what is stored.
 */
export function replay(
  game: AnyGameDefinition,
  seed: number,
  log: readonly LogEntry[],
  stored: { state: unknown; rng: unknown },
): ReplayReport {
  const report: ReplayReport = { actions: log.length, events: 0, stateMatches: false, rngMatches: false, eventsMatch: true, error: null };
  const [first, ...rest] = log;
  if (first?.source !== "setup") return { ...report, error: "the log does not start with the setup" };
  const rng = createRng(seed);
  const setup = first.action as SetupAction;
  const init = game.setup({ seats: setup.seats, options: setup.options, rng });
  let state = init.state;
  report.events += init.events.length;
  if (canonical(init.events) !== canonical(first.events)) report.eventsMatch = false;
  const replayed = applyLogged(game, state, rng, rest, (entry, events) => {
    report.events += events.length;
    if (canonical(events) !== canonical(entry.events)) report.eventsMatch = false;
  });
  if (!replayed.ok) return { ...report, error: `action ${replayed.n} was rejected on replay: ${replayed.code}` };
  state = replayed.state;
  report.stateMatches = canonical(state) === canonical(stored.state);
  report.rngMatches = canonical(rng.save()) === canonical(stored.rng);
  return report;
}

/**
 * Applies logged actions to `state` in order, with `rng` threaded through as the room applied
 * them, telling `each` what every action produced. Stops at the first the engine rejects.
 */
export function applyLogged<E extends { n: number; seat: number | null; action: unknown }>(
  game: AnyGameDefinition,
  state: unknown,
  rng: Rng,
  entries: readonly E[],
  each?: (entry: E, events: GameEvent[]) => void,
): { ok: true; state: unknown } | { ok: false; n: number; code: string } {
  let current = state;
  for (const entry of entries) {
    const res = game.apply(current, entry.seat as number, entry.action, rng);
    if (!res.ok) return { ok: false, n: entry.n, code: res.code };
    current = res.state;
    each?.(entry, res.events);
  }
  return { ok: true, state: current };
}
