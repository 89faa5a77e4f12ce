/**
 * Which timed events a room needs, derived from its document. The Room object keeps its timer
 * table in line with this after every change, so no code path has to remember to start or cancel
 * a turn timer, a warning or a CPU move. Grace, idle and index-retry timers are event-driven and
 * are scheduled where those events happen.
 */
import type { RoomDoc } from "./model";
import { nextWarning } from "./turns";

export const TIMER = {
  turn: "turn_timeout",
  warning: "timer_warning",
  cpu: "cpu_move",
  grace: "grace_expired",
  idle: "idle_expired",
  index: "index_sync",
  /** A quick-match room's countdown ran out: the room starts itself. */
  autoStart: "auto_start",
  /** The ended game still has to reach the game history in D1 (retried until it does). */
  record: "history_record",
} as const;

export interface TimerSpec {
  key: string;
  at: number;
  kind: string;
  payload: unknown;
}

export interface TurnPayload {
  seat: number;
  turnId: number;
}
export interface WarningPayload extends TurnPayload {
  fraction: number;
}
export interface CpuPayload {
  seat: number;
}

/**
 * Timers owned by this derivation; anything else (grace, idle, index) is left alone. (A clock's
 * warnings once had `warn:` timers of their own; room migration 108 deleted the stored ones.)
 */
export const DERIVED_PREFIXES = ["turn:", "cpu:"] as const;

export function isDerivedKey(key: string): boolean {
  return DERIVED_PREFIXES.some((p) => key.startsWith(p));
}

/** Every timer the document calls for: its clocks' and its CPU moves' (`cpuTimers` for the arguments). */
export function desiredTimers(...args: Parameters<typeof cpuTimers>): TimerSpec[] {
  return [...clockTimers(args[0]), ...cpuTimers(...args)];
}

/**
 * The clocks' timers: they follow from the document alone (each clock's deadline and the warnings
 * sent), so the room never stores them; its Timers derive them (kit `TimerMode.derived`).
 */
export function clockTimers(doc: RoomDoc): TimerSpec[] {
  if (doc.status !== "playing") return [];
  const out: TimerSpec[] = [];
  // One timer per clock, keyed by the clock's slot, not its seat: it stands for the clock's next
  // step (the next warning not yet sent, else the timeout), so when the turn passes the next seat's
  // clock rewrites the same row. The handlers read the seat and turn from the payload.
  for (const [slot, clock] of doc.turns.entries()) {
    const key = `turn:${slot}`;
    const turn: TurnPayload = { seat: clock.seat, turnId: clock.turnId };
    const warning = nextWarning(clock, doc.config.turnSeconds);
    if (warning) {
      const payload: WarningPayload = { ...turn, fraction: warning.fraction };
      out.push({ key, at: warning.at, kind: TIMER.warning, payload });
    } else {
      out.push({ key, at: clock.deadline, kind: TIMER.turn, payload: turn });
    }
  }
  return out;
}

/**
 * The CPU moves' timers: stored, since a move's time is drawn when it is scheduled.
 * @param awaiting seats the game awaits now (empty unless playing)
 * @param existing current derived timers, so a pending CPU move keeps its time
 * @param thinkDelayMs the delay for a newly scheduled CPU move of a seat
 */
export function cpuTimers(
  doc: RoomDoc,
  awaiting: readonly number[],
  existing: readonly TimerSpec[],
  now: number,
  thinkDelayMs: (seat: number) => number,
): TimerSpec[] {
  if (doc.status !== "playing") return [];
  const out: TimerSpec[] = [];
  for (const seat of awaiting) {
    const record = doc.seats[seat];
    if (record?.control !== "cpu") continue;
    const key = `cpu:${seat}`;
    const pending = existing.find((t) => t.key === key);
    const payload: CpuPayload = { seat };
    out.push({ key, at: pending?.at ?? now + thinkDelayMs(seat), kind: TIMER.cpu, payload });
  }
  return out;
}

/** The schedule/cancel operations that turn the `existing` derived timers into `desired`. */
export function reconcile(desired: readonly TimerSpec[], existing: readonly TimerSpec[]): { schedule: TimerSpec[]; cancel: string[] } {
  const want = new Map(desired.map((t) => [t.key, t]));
  const have = new Map(existing.filter((t) => isDerivedKey(t.key)).map((t) => [t.key, t]));
  const schedule: TimerSpec[] = [];
  const cancel: string[] = [];
  for (const [key, t] of want) {
    const cur = have.get(key);
    if (!cur || cur.at !== t.at || cur.kind !== t.kind || JSON.stringify(cur.payload) !== JSON.stringify(t.payload)) schedule.push(t);
  }
  for (const key of have.keys()) if (!want.has(key)) cancel.push(key);
  return { schedule, cancel };
}
