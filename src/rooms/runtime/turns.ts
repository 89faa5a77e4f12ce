/**
 * Turn clocks and timeout escalation. A turn is the stretch during which the game keeps awaiting a
 * seat, so a multi-action turn (draw, then discard) runs on one clock. Without a turn key, the only
 * exception is a phase change: when the actor stays awaited among other awaited seats (e.g. Golf's
 * `next_round` starts the next deal, where everyone flips), every awaited seat starts afresh. With
 * a turn key (`GameDefinition.turnKey`), only the key says when a turn begins, and a seat that
 * stops being awaited within a turn (another seat's forced choice) keeps its clock paused.
 */
import { LIMITS, type PausedClock, type RoomDoc, type TimeoutPolicy, type TurnClock } from "./model";

export interface AwaitDiff {
  /** Seats whose turn starts now (newly awaited, or restarted by a phase change). */
  started: number[];
  /** Seats still in the same turn. */
  continued: number[];
  /** Seats no longer awaited. */
  stopped: number[];
  /**
   * From the game's turn key: `same` while it stays equal (stopped seats pause their clocks and
   * started ones resume theirs), `new` when it changed (paused clocks are dropped). Absent for games
   * without a key and for re-derivations that are no game step (takeover, reclaim, timeout).
   */
  turn?: "same" | "new";
}

export function diffAwaiting(prev: readonly number[], next: readonly number[], actor: number | null, turn?: "same" | "new"): AwaitDiff {
  const before = new Set(prev);
  const after = new Set(next);
  const both = next.filter((s) => before.has(s));
  const phaseChange = turn === undefined ? actor !== null && before.has(actor) && after.has(actor) && both.length > 1 : turn === "new";
  return {
    started: phaseChange ? [...next] : next.filter((s) => !before.has(s)),
    continued: phaseChange ? [] : both,
    stopped: prev.filter((s) => !after.has(s)),
    ...(turn === undefined ? {} : { turn }),
  };
}

/**
 * The clocks after a state change: started turns of human-controlled seats get a fresh clock (or,
 * within the same keyed turn, the paused one back with the time it had left), continued ones keep
 * theirs (or get one if they had none, e.g. a seat just reclaimed), and seats that are no longer
 * awaited or are played by a CPU lose theirs (paused instead while a keyed turn goes on).
 */
export function updateClocks(doc: RoomDoc, awaiting: readonly number[], diff: AwaitDiff, now: number): RoomDoc {
  if (doc.status !== "playing") return doc.turns.length ? { ...doc, turns: [] } : doc;
  const started = new Set(diff.started);
  const paused = diff.turn === "new" ? [] : [...(doc.pausedTurns ?? [])];
  let counter = doc.turnCounter;
  const turns: TurnClock[] = [];
  for (const seat of awaiting) {
    const record = doc.seats[seat];
    if (record?.control !== "human") continue;
    const existing = doc.turns.find((t) => t.seat === seat);
    if (existing && !started.has(seat)) {
      turns.push(existing);
      continue;
    }
    const held = diff.turn === "same" ? paused.find((p) => p.seat === seat) : undefined;
    if (held) {
      turns.push(resumeClock(held, now));
      continue;
    }
    counter += 1;
    turns.push(newClock(seat, counter, now, doc.config.turnSeconds));
  }
  if (diff.turn === "same") {
    for (const t of doc.turns) {
      // An expired clock (its timeout move is what moved play on) has nothing left to keep.
      if (!awaiting.includes(t.seat) && doc.seats[t.seat]?.control === "human" && t.deadline > now) paused.push(pauseClock(t, now));
    }
  }
  const pausedTurns = paused.filter((p) => !turns.some((t) => t.seat === p.seat));
  if (pausedTurns.length === 0 && !doc.pausedTurns?.length) return { ...doc, turns, turnCounter: counter };
  return { ...doc, turns, turnCounter: counter, pausedTurns };
}

/** Sets a running clock aside: only the time it had left is kept. */
function pauseClock(t: TurnClock, now: number): PausedClock {
  const { deadline, ...rest } = t;
  return { ...rest, remainingMs: Math.max(0, deadline - now) };
}

/** Runs a paused clock again: same turn id (so its warnings sent stay sent), the time left from now. */
function resumeClock(p: PausedClock, now: number): TurnClock {
  const { remainingMs, ...rest } = p;
  return { ...rest, deadline: now + remainingMs };
}

export function newClock(seat: number, turnId: number, now: number, turnSeconds: number): TurnClock {
  return { seat, turnId, startedAt: now, deadline: now + turnSeconds * 1000, extended: false, warned: [] };
}

/** Clocks whose turn id is new in `after` (to announce with `turn_start`). */
export function startedClocks(before: RoomDoc, after: RoomDoc): TurnClock[] {
  const known = new Set(before.turns.map((t) => `${t.turnId}:${t.deadline}`));
  return after.turns.filter((t) => !known.has(`${t.turnId}:${t.deadline}`));
}

/** A reconnect extends the seat's running turn once. */
export function extendTurn(doc: RoomDoc, seat: number, byMs: number = LIMITS.reconnectExtensionMs): RoomDoc {
  const clock = doc.turns.find((t) => t.seat === seat);
  if (!clock || clock.extended) return doc;
  return {
    ...doc,
    turns: doc.turns.map((t) => (t === clock ? { ...t, deadline: t.deadline + byMs, extended: true } : t)),
  };
}

/** Records that a warning went out, so it is not scheduled again. */
export function markWarned(doc: RoomDoc, seat: number, turnId: number, fraction: number): RoomDoc {
  return {
    ...doc,
    turns: doc.turns.map((t) => (t.seat === seat && t.turnId === turnId ? { ...t, warned: [...t.warned, fraction] } : t)),
  };
}

/** Warning points, in the order they fall due: when 50 % and then 25 % of the turn time is left. */
export const WARNING_FRACTIONS = [0.5, 0.25] as const;

/** The clock's next warning not yet sent, and when it falls due; null once all went out. */
export function nextWarning(clock: TurnClock, turnSeconds: number): { fraction: number; at: number } | null {
  const fraction = WARNING_FRACTIONS.find((f) => !clock.warned.includes(f));
  return fraction === undefined ? null : { fraction, at: clock.deadline - turnSeconds * 1000 * fraction };
}

export type TimeoutVerdict = "continue" | "cpu" | "forfeit";

/** After a timed-out turn: keep going, or apply the room's policy once the limit is reached. */
export function timeoutVerdict(consecutive: number, policy: TimeoutPolicy): TimeoutVerdict {
  if (consecutive < LIMITS.maxConsecutiveTimeouts) return "continue";
  return policy === "forfeit" ? "forfeit" : "cpu";
}

/** Whether one more timeout move should be applied for the same expiry. */
export function keepTimingOut(diff: AwaitDiff, seat: number, movesSoFar: number): boolean {
  return movesSoFar < LIMITS.maxTimeoutMovesPerExpiry && diff.continued.includes(seat);
}
