/**
 * Game progress: starting the game, applying human, CPU and timeout moves, timeout escalation and
 * the end of the game. Pure: the game state and the RNG position go in and come out as data, and
 * every accepted action comes back as a log entry for the Room object to append.
 */
import { createRng, deriveSeed, type Rng, type RngState } from "../../lib/rng";
import type { AnyGameDefinition, GameEvent, SeatInfo } from "../game";
import { fail, type Failure, type Outcome, RoomErrors } from "./errors";
import { isExhibition, LIMITS, type RoomDoc, type RoomResult, type SeatRecord, seatOf } from "./model";
import { completedResult, forfeitResult } from "./result";
import { forfeit, shouldEndByForfeit } from "./seats";
import { type AwaitDiff, diffAwaiting, keepTimingOut, timeoutVerdict, updateClocks } from "./turns";

export interface Session {
  state: unknown;
  rng: RngState;
}

export type ActionSource = "setup" | "human" | "cpu" | "timeout";

/** One line of the event log. Action 0 is the setup; its `action` holds the seats and options. */
export interface LogEntry {
  n: number;
  seat: number | null;
  source: ActionSource;
  action: unknown;
  at: number;
  events: GameEvent[];
  /** Sequence number of the first event (events are numbered consecutively across the log). */
  firstSeq: number;
}

export interface SetupAction {
  seats: SeatInfo[];
  options: unknown;
}

export interface Step {
  doc: RoomDoc;
  session: Session;
  log: LogEntry[];
}

/** Close reason of a game that used up `LIMITS.maxActionsPerGame` (it is recorded as abandoned). */
const ACTION_LIMIT_REACHED = "action_limit_reached";

function finish(doc: RoomDoc, result: RoomResult, now: number): RoomDoc {
  return { ...doc, status: "finished", endedAt: now, result, turns: [], indexVersion: doc.indexVersion + 1 };
}

/** Ends the game by forfeit when too few players are left in the running. */
export function endIfForfeited(doc: RoomDoc, now: number): RoomDoc {
  return shouldEndByForfeit(doc) ? finish(doc, forfeitResult(doc), now) : doc;
}

export function startGame(game: AnyGameDefinition, doc: RoomDoc, seed: number, now: number): Outcome<Step> {
  if (doc.status !== "waiting") return RoomErrors.notWaiting();
  if (doc.seats.length < game.minPlayers) return RoomErrors.notEnoughPlayers(game.minPlayers);
  const seats: SeatInfo[] = doc.seats.map((s) => ({ seat: s.seat, name: s.name, cpu: s.profile }));
  const rng = createRng(seed);
  const options = game.withSeatChoices
    ? game.withSeatChoices(
        doc.options,
        doc.seats.map((s) => s.choice ?? null),
      )
    : doc.options;
  const { state, events } = game.setup({ seats, options, rng });
  const setup: SetupAction = { seats, options };
  const entry: LogEntry = { n: 0, seat: null, source: "setup", action: setup, at: now, events, firstSeq: 1 };
  let next: RoomDoc = {
    ...doc,
    // Seated humans with no connection are away from the start (the room gives them a grace period).
    seats: doc.seats.map((s) => (s.userId !== null && !s.connected && s.awaySince === null ? { ...s, awaySince: now } : s)),
    status: "playing",
    startedAt: now,
    seed,
    seq: events.length,
    actions: 1,
    indexVersion: doc.indexVersion + 1,
    // CPUs against CPUs rate nobody: an exhibition never counts for ratings or stats.
    ...(isExhibition(doc) ? { unranked: true } : {}),
  };
  const awaiting = game.awaiting(state);
  next = updateClocks(next, awaiting, diffAwaiting([], awaiting, null), now);
  if (game.isOver(state)) next = finish(next, completedResult(next, game.result(state)!), now);
  return { ok: true, doc: next, session: { state, rng: rng.save() }, log: [entry] };
}

interface Applied extends Step {
  diff: AwaitDiff;
}

/** Applies one already-validated action and brings clocks and the game-over state up to date. */
export function applyOne(
  game: AnyGameDefinition,
  doc: RoomDoc,
  session: Session,
  seat: number,
  action: unknown,
  source: Exclude<ActionSource, "setup">,
  now: number,
): Outcome<Applied> {
  const rng = createRng(session.rng);
  const res = game.apply(session.state, seat, action, rng);
  if (!res.ok) return fail(409, res.code, res.message, { rejectedBy: "game" });
  const entry: LogEntry = { n: doc.actions, seat, source, action, at: now, events: res.events, firstSeq: doc.seq + 1 };
  let next: RoomDoc = { ...doc, seq: doc.seq + res.events.length, actions: doc.actions + 1 };
  // Only when there is a count to reset: an unchanged seat list keeps its identity, which tells the
  // announcement and the store that no seat changed.
  if (source === "human" && game.timeoutCounting !== "game" && next.seats.some((s) => s.seat === seat && s.timeouts !== 0)) {
    next = { ...next, seats: next.seats.map((s) => (s.seat === seat ? { ...s, timeouts: 0 } : s)) };
  }
  const turn = game.turnKey ? (game.turnKey(session.state) === game.turnKey(res.state) ? "same" : "new") : undefined;
  const awaiting = game.awaiting(res.state);
  const diff = diffAwaiting(game.awaiting(session.state), awaiting, seat, turn);
  next = updateClocks(next, awaiting, diff, now);
  if (game.isOver(res.state)) next = finish(next, completedResult(next, game.result(res.state)!), now);
  else if (next.actions >= LIMITS.maxActionsPerGame) next = closeRoom(next, ACTION_LIMIT_REACHED, now);
  return { ok: true, doc: next, session: { state: res.state, rng: rng.save() }, log: [entry], diff };
}

/** A human's action. A seat a CPU played while its owner was away is the owner's again. */
export function humanAction(
  game: AnyGameDefinition,
  doc: RoomDoc,
  session: Session,
  userId: string,
  raw: unknown,
  now: number,
): Outcome<Step> {
  if (doc.status !== "playing") return RoomErrors.notPlaying();
  const mine = seatOf(doc, userId);
  if (!mine || mine.out === "left") return RoomErrors.notSeated();
  if (mine.out !== null) return RoomErrors.alreadyOut();
  const parsed = game.actionSchema.safeParse(raw);
  if (!parsed.success) {
    const details = parsed.error.issues.map((i) => ({ path: i.path.map(String).join("."), code: i.code, message: i.message }));
    return fail(400, "invalid_action", "the action does not match this game's actions", details);
  }
  let d = doc;
  if (mine.control === "cpu") {
    d = {
      ...doc,
      seats: doc.seats.map((s) =>
        s.seat === mine.seat ? { ...s, control: "human", cpuReason: null, timeouts: game.timeoutCounting === "game" ? s.timeouts : 0 } : s,
      ),
    };
  }
  const applied = applyOne(game, d, session, mine.seat, parsed.data, "human", now);
  if (!applied.ok) return applied;
  return { ok: true, doc: applied.doc, session: applied.session, log: applied.log };
}

/** The stream for the n-th CPU or timeout decision: independent of the game's own stream. */
export function decisionRng(seed: number, n: number): Rng {
  return createRng(deriveSeed(seed, "cpu", n));
}

/** Asks `decide` for a move and falls back to the timeout move, then to any legal move. */
function decideAndApply(
  game: AnyGameDefinition,
  doc: RoomDoc,
  session: Session,
  seat: number,
  source: "cpu" | "timeout",
  now: number,
  decide: (rng: Rng) => unknown,
): Outcome<Applied> {
  const n = doc.decisions;
  const counted: RoomDoc = { ...doc, decisions: n + 1 };
  const rng = decisionRng(doc.seed ?? 0, n);
  const candidates: (() => unknown)[] = [
    () => decide(rng),
    () => game.timeoutMove(session.state, seat, rng),
    () => game.legalActions(session.state, seat)[0],
  ];
  let last: Failure = fail(409, "no_legal_move", "no legal move was found");
  for (const candidate of candidates) {
    let action: unknown;
    try {
      action = candidate();
    } catch {
      continue;
    }
    if (action === undefined) continue;
    const applied = applyOne(game, counted, session, seat, action, source, now);
    if (applied.ok) return applied;
    last = applied;
  }
  return last;
}

export function cpuTurn(game: AnyGameDefinition, doc: RoomDoc, session: Session, seat: number, now: number): Step | null {
  const record = doc.seats[seat];
  if (doc.status !== "playing" || !record || record.control !== "cpu") return null;
  if (!game.awaiting(session.state).includes(seat)) return null;
  const profile = record.profile ?? "";
  const applied = decideAndApply(game, doc, session, seat, "cpu", now, (rng) => game.cpuMove(session.state, seat, profile, rng));
  return applied.ok ? { doc: applied.doc, session: applied.session, log: applied.log } : null;
}

export interface TimeoutStep extends Step {
  /** What the escalation did after the timeout moves. */
  verdict: "continue" | "cpu" | "forfeit";
}

/**
 * A human's turn ran out: apply the game's timeout move, repeated while the same turn still
 * awaits the seat (bounded), then count the timeout and escalate after too many in a row.
 */
export function turnTimeout(
  game: AnyGameDefinition,
  doc: RoomDoc,
  session: Session,
  seat: number,
  turnId: number,
  now: number,
): TimeoutStep | null {
  const clock = doc.turns.find((t) => t.seat === seat && t.turnId === turnId);
  const record = doc.seats[seat];
  if (doc.status !== "playing" || !clock || !record || record.control !== "human") return null;
  let d = doc;
  let s = session;
  const log: LogEntry[] = [];
  for (let moves = 0; d.status === "playing" && game.awaiting(s.state).includes(seat); ) {
    const applied = decideAndApply(game, d, s, seat, "timeout", now, (rng) => game.timeoutMove(s.state, seat, rng));
    if (!applied.ok) break;
    d = applied.doc;
    s = applied.session;
    log.push(...applied.log);
    moves += 1;
    if (!keepTimingOut(applied.diff, seat, moves)) break;
  }
  // Whatever the seat does next is a new turn: drop the expired clock.
  if (d.status === "playing") {
    d = { ...d, turns: d.turns.filter((t) => !(t.seat === seat && t.turnId === turnId)) };
    const awaiting = game.awaiting(s.state);
    d = updateClocks(d, awaiting, { started: awaiting.includes(seat) ? [seat] : [], continued: awaiting, stopped: [] }, now);
  }
  const timeouts = (d.seats[seat] as SeatRecord).timeouts + 1;
  d = { ...d, seats: d.seats.map((r) => (r.seat === seat ? { ...r, timeouts } : r)) };
  const verdict = d.status === "playing" ? timeoutVerdict(timeouts, d.config.timeoutPolicy) : "continue";
  if (verdict === "cpu") {
    d = {
      ...d,
      seats: d.seats.map((r) => (r.seat === seat ? { ...r, control: "cpu", cpuReason: "timeouts" } : r)),
      turns: d.turns.filter((t) => t.seat !== seat),
    };
  } else if (verdict === "forfeit") {
    d = endIfForfeited(forfeit(d, seat), now);
  }
  return { doc: d, session: s, log, verdict };
}

/**
 * Closes a room. A live room becomes `closed`; a finished one keeps its status and result (the
 * reason is still recorded, e.g. when idle expiry ends the after-game lobby).
 */
export function closeRoom(doc: RoomDoc, reason: string, now: number): RoomDoc {
  if (doc.status === "closed") return doc;
  const live = doc.status === "waiting" || doc.status === "playing";
  return {
    ...doc,
    status: live ? "closed" : doc.status,
    closeReason: reason,
    endedAt: doc.endedAt ?? now,
    turns: [],
    indexVersion: doc.indexVersion + 1,
  };
}
