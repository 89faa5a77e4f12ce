/**
 * The append-only event log: every accepted action (seat, action, source) with its raw events,
 * numbered by `seq`. It is written in the same transaction as the new game state, before anyone is
 * told, so a replay from the seed always reaches the stored state.
 */
import { createRng } from "../../src/lib/rng";
import { bySize } from "../kit";
import type { AnyGameDefinition, GameEvent } from "../../src/rooms/game";
import type { ActionSource, LogEntry, SetupAction } from "../../src/rooms/runtime/machine";

type ActionRow = { n: number; seat: number | null; source: string; action: string; at: number; first_seq: number; event_count: number };
type EventRow = { seq: number; type: string; data: string };

const EVENTS_PER_STATEMENT = 20;
const insertEvents = bySize((rows) => `INSERT INTO events (seq, action_n, type, data) VALUES ${Array(rows).fill("(?, ?, ?, ?)").join(", ")}`);

export function appendLog(sql: SqlStorage, entries: readonly LogEntry[]): void {
  for (const e of entries) {
    sql.exec(
      "INSERT INTO actions (n, seat, source, action, at, first_seq, event_count) VALUES (?, ?, ?, ?, ?, ?, ?)",
      e.n,
      e.seat,
      e.source,
      JSON.stringify(e.action),
      e.at,
      e.firstSeq,
      e.events.length,
    );
    // An action's events in one statement (a Golf move has two or three), chunked under SQLite's parameter limit.
    for (let i = 0; i < e.events.length; i += EVENTS_PER_STATEMENT) {
      const chunk = e.events.slice(i, i + EVENTS_PER_STATEMENT);
      sql.exec(insertEvents(chunk.length), ...chunk.flatMap((ev, j) => [e.firstSeq + i + j, e.n, ev.type, JSON.stringify(ev.data)]));
    }
  }
}

/** Raw events with `fromSeq <= seq <= toSeq`, in order. */
export function eventsBetween(sql: SqlStorage, fromSeq: number, toSeq: number): { seq: number; event: GameEvent }[] {
  return sql
    .exec<EventRow>("SELECT seq, type, data FROM events WHERE seq BETWEEN ? AND ? ORDER BY seq", fromSeq, toSeq)
    .toArray()
    .map((r) => ({ seq: r.seq, event: { type: r.type, data: JSON.parse(r.data) } }));
}

export function readLog(sql: SqlStorage): LogEntry[] {
  const actions = sql.exec<ActionRow>("SELECT n, seat, source, action, at, first_seq, event_count FROM actions ORDER BY n").toArray();
  const events = sql.exec<EventRow>("SELECT seq, type, data FROM events ORDER BY seq").toArray();
  const bySeq = new Map(events.map((e) => [e.seq, { type: e.type, data: JSON.parse(e.data) as Record<string, unknown> }]));
  return actions.map((a) => ({
    n: a.n,
    seat: a.seat,
    source: a.source as ActionSource,
    action: JSON.parse(a.action),
    at: a.at,
    firstSeq: a.first_seq,
    events: Array.from({ length: a.event_count }, (_, i) => bySeq.get(a.first_seq + i) as GameEvent),
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
  for (const entry of rest) {
    const res = game.apply(state, entry.seat as number, entry.action, rng);
    if (!res.ok) return { ...report, error: `action ${entry.n} was rejected on replay: ${res.code}` };
    state = res.state;
    report.events += res.events.length;
    if (canonical(res.events) !== canonical(entry.events)) report.eventsMatch = false;
  }
  report.stateMatches = canonical(state) === canonical(stored.state);
  report.rngMatches = canonical(rng.save()) === canonical(stored.rng);
  return report;
}
