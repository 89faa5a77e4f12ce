/**
 * Seat management, host hand-over and presence: pure functions from a room document to a new one
 * (the input is never mutated). The Room object persists what they return.
 */
import type { AnyGameDefinition } from "../game";
import { type Failure, type Outcome, RoomErrors } from "./errors";
import {
  type CpuReason,
  isExhibition,
  isLive,
  isWatchingHost,
  memberSeats,
  type OutReason,
  type RoomConfig,
  type RoomDoc,
  type SeatRecord,
  seatOf,
  type Visibility,
} from "./model";

export interface NewRoomInput {
  id: string;
  code: string;
  game: string;
  visibility: Visibility;
  options: unknown;
  config: RoomConfig;
  creator: { userId: string; name: string };
  /** False: the creator hosts without a seat and watches (see `RoomDoc.hostWatches`). Default true. */
  seat?: boolean;
  now: number;
}

export function newRoom(input: NewRoomInput): RoomDoc {
  const { creator, now } = input;
  const watches = input.seat === false;
  return {
    id: input.id,
    code: input.code,
    game: input.game,
    visibility: input.visibility,
    options: input.options,
    config: input.config,
    status: "waiting",
    hostUserId: creator.userId,
    seats: watches ? [] : [humanSeat(0, creator.userId, creator.name, now)],
    kicked: [],
    createdBy: creator.userId,
    createdAt: now,
    startedAt: null,
    endedAt: null,
    closeReason: null,
    seed: null,
    seq: 0,
    actions: 0,
    decisions: 0,
    turns: [],
    turnCounter: 0,
    lastActivityAt: now,
    result: null,
    indexVersion: 1,
    ...(watches ? { hostWatches: true } : {}),
  };
}

function humanSeat(seat: number, userId: string, name: string, now: number): SeatRecord {
  return {
    seat,
    userId,
    name,
    profile: null,
    joinedAt: now,
    control: "human",
    cpuReason: null,
    out: null,
    timeouts: 0,
    connected: false,
    awaySince: null,
    ready: false,
  };
}

function cpuSeat(seat: number, profile: string, now: number): SeatRecord {
  return { ...humanSeat(seat, "", profile, now), userId: null, profile, control: "cpu", ready: true };
}

function draft(doc: RoomDoc): RoomDoc {
  return structuredClone(doc);
}

function renumber(seats: SeatRecord[]): SeatRecord[] {
  return seats.map((s, seat) => ({ ...s, seat }));
}

function touchIndex(doc: RoomDoc): void {
  doc.indexVersion += 1;
}

/**
 * The next host: the human member present longest (earliest joined), preferring one who is
 * connected now. Never a CPU. Null when no human is left.
 */
export function nextHost(doc: RoomDoc, excluding?: string): string | null {
  const candidates = memberSeats(doc)
    .filter((s) => s.userId !== excluding && s.out === null)
    .sort((a, b) => a.joinedAt - b.joinedAt || a.seat - b.seat);
  const connected = candidates.find((s) => s.connected);
  return (connected ?? candidates[0])?.userId ?? null;
}

/** Keeps the current host while they are an active member (or watch); otherwise hands over. */
export function ensureHost(doc: RoomDoc): RoomDoc {
  if (doc.hostWatches) return doc;
  const host = doc.hostUserId;
  const stillHere = host !== null && memberSeats(doc).some((s) => s.userId === host && s.out === null);
  if (stillHere) return doc;
  const next = nextHost(doc);
  if (next === host) return doc;
  const d = draft(doc);
  d.hostUserId = next;
  touchIndex(d);
  return d;
}

export function claimSeat(
  doc: RoomDoc,
  user: { userId: string; name: string },
  maxPlayers: number,
  now: number,
): Outcome<{ doc: RoomDoc; seat: number; already: boolean }> {
  const mine = seatOf(doc, user.userId);
  if (mine && mine.out !== "left") return { ok: true, doc, seat: mine.seat, already: true };
  if (doc.status === "closed") return RoomErrors.closed();
  if (doc.status !== "waiting") return RoomErrors.notWaiting();
  if (doc.kicked.includes(user.userId)) return RoomErrors.kicked();
  if (doc.seats.length >= maxPlayers) return RoomErrors.full();
  const d = draft(doc);
  const seat = d.seats.length;
  d.seats.push(humanSeat(seat, user.userId, user.name, now));
  if (d.hostUserId === null) d.hostUserId = user.userId;
  // A watching host who takes a seat is a seated host from now on (and can hand over like one).
  if (d.hostUserId === user.userId) delete d.hostWatches;
  touchIndex(d);
  return { ok: true, doc: ensureHost(d), seat, already: false };
}

/** Picks a CPU personality: the requested one if free, else a random unused one (`pick` chooses). */
export function addCpu(
  doc: RoomDoc,
  profiles: readonly string[],
  requested: string | undefined,
  maxPlayers: number,
  pick: (unused: string[]) => string,
  now: number,
): Outcome<{ doc: RoomDoc; seat: number; profile: string }> {
  if (doc.status !== "waiting") return RoomErrors.notWaiting();
  if (doc.seats.length >= maxPlayers) return RoomErrors.full();
  const used = new Set(doc.seats.map((s) => s.profile).filter((p): p is string => p !== null));
  let profile: string;
  if (requested !== undefined) {
    if (!profiles.includes(requested)) return RoomErrors.unknownProfile(profiles);
    if (used.has(requested)) return RoomErrors.profileTaken();
    profile = requested;
  } else {
    const unused = profiles.filter((p) => !used.has(p));
    if (unused.length === 0) return RoomErrors.noProfilesLeft();
    profile = pick(unused);
  }
  const d = draft(doc);
  const seat = d.seats.length;
  d.seats.push(cpuSeat(seat, profile, now));
  touchIndex(d);
  return { ok: true, doc: d, seat, profile };
}

export function removeCpu(doc: RoomDoc, profile: string): Outcome<{ doc: RoomDoc }> {
  if (doc.status !== "waiting") return RoomErrors.notWaiting();
  const target = doc.seats.find((s) => s.userId === null && s.profile === profile);
  if (!target) return RoomErrors.cpuNotFound();
  const d = draft(doc);
  d.seats = renumber(d.seats.filter((s) => s.seat !== target.seat));
  touchIndex(d);
  return { ok: true, doc: d };
}

export function kick(doc: RoomDoc, targetUserId: string): Outcome<{ doc: RoomDoc }> {
  if (doc.status !== "waiting") return RoomErrors.notWaiting();
  if (targetUserId === doc.hostUserId) return RoomErrors.cannotKickSelf();
  const target = seatOf(doc, targetUserId);
  if (!target) return RoomErrors.playerNotFound();
  const d = draft(doc);
  d.seats = renumber(d.seats.filter((s) => s.userId !== targetUserId));
  d.kicked.push(targetUserId);
  touchIndex(d);
  return { ok: true, doc: ensureHost(d) };
}

/**
 * Leaving: while waiting the seat is freed; while playing the seat plays on as a CPU and ranks
 * last; once the game is over it only ends the membership. The owner cannot take the seat back.
 */
export function leave(doc: RoomDoc, userId: string): Outcome<{ doc: RoomDoc }> {
  const mine = seatOf(doc, userId);
  if (!mine && isWatchingHost(doc, userId)) return unhost(doc);
  if (!mine || mine.out === "left") return RoomErrors.notSeated();
  if (doc.status === "waiting") {
    const d = draft(doc);
    d.seats = renumber(d.seats.filter((s) => s.userId !== userId));
    touchIndex(d);
    return { ok: true, doc: ensureHost(d) };
  }
  if (doc.status === "playing") return { ok: true, doc: ensureHost(markOut(doc, mine.seat, "left", "left")) };
  const d = draft(doc);
  (d.seats[mine.seat] as SeatRecord).out = "left";
  touchIndex(d);
  return { ok: true, doc: ensureHost(d) };
}

/**
 * A watching host leaves: they stop hosting and belonging to the room (its slot, its record). A
 * seated human takes over as host; with none, a waiting room closes and an exhibition plays on.
 */
function unhost(doc: RoomDoc): Outcome<{ doc: RoomDoc }> {
  const d = draft(doc);
  delete d.hostWatches;
  d.hostUserId = nextHost(d);
  touchIndex(d);
  return { ok: true, doc: d };
}

/** Resigning gives up the game (playing only): the seat plays on as a CPU and ranks last. */
export function resign(doc: RoomDoc, userId: string): Outcome<{ doc: RoomDoc; seat: number }> {
  const mine = seatOf(doc, userId);
  if (!mine || mine.out === "left") return RoomErrors.notSeated();
  if (doc.status !== "playing") return RoomErrors.notPlaying();
  if (mine.out !== null) return RoomErrors.alreadyOut();
  return { ok: true, doc: ensureHost(markOut(doc, mine.seat, "resigned", "resigned")), seat: mine.seat };
}

export function forfeit(doc: RoomDoc, seat: number): RoomDoc {
  return ensureHost(markOut(doc, seat, "forfeit", "forfeit"));
}

function markOut(doc: RoomDoc, seat: number, out: OutReason, reason: CpuReason): RoomDoc {
  const d = draft(doc);
  const s = d.seats[seat] as SeatRecord;
  s.out = out;
  s.control = "cpu";
  s.cpuReason = reason;
  d.turns = d.turns.filter((t) => t.seat !== seat);
  touchIndex(d);
  return d;
}

/** `choice` (already resolved by the room, e.g. a saved deck id into its list) is checked by the game. */
export function setReady(
  game: AnyGameDefinition,
  doc: RoomDoc,
  userId: string,
  ready: boolean,
  choice?: unknown,
): Outcome<{ doc: RoomDoc }> {
  const mine = seatOf(doc, userId);
  if (!mine || mine.out !== null) return RoomErrors.notSeated();
  if (doc.status !== "waiting") return RoomErrors.notWaiting();
  let accepted: unknown;
  if (choice !== undefined) {
    const parsed = game.parseSeatChoice?.(doc.options, choice) ?? { ok: false as const, message: "this game takes no choice" };
    if (!parsed.ok) return RoomErrors.invalidChoice(parsed.message);
    accepted = parsed.choice;
  }
  if (mine.ready === ready && choice === undefined) return { ok: true, doc };
  const d = draft(doc);
  const seat = d.seats[mine.seat] as SeatRecord;
  seat.ready = ready;
  if (choice !== undefined) seat.choice = accepted;
  return { ok: true, doc: d };
}

export function requireHost(doc: RoomDoc, userId: string): Failure | null {
  if (doc.status === "closed") return RoomErrors.closed();
  return doc.hostUserId === userId ? null : RoomErrors.notHost();
}

/**
 * A waiting room closes when no human member is left (a watching host is one); a game in progress
 * ends by forfeit instead.
 */
export function shouldClose(doc: RoomDoc): boolean {
  return doc.status === "waiting" && memberSeats(doc).length === 0 && !doc.hostWatches;
}

/**
 * Too few players left in the running: at most one seat, or no human, is still in. An exhibition
 * (CPUs only from the start) had no human to lose, so it plays on to its end.
 */
export function shouldEndByForfeit(doc: RoomDoc): boolean {
  if (doc.status !== "playing") return false;
  const active = doc.seats.filter((s) => s.out === null);
  return active.length <= 1 || (!isExhibition(doc) && !active.some((s) => s.userId !== null));
}

// ---- presence ----------------------------------------------------------------------------------

export interface PresenceChange {
  doc: RoomDoc;
  /** The seat was played by a CPU because its owner was away, and is the owner's again. */
  reclaimed: boolean;
  /** The owner came back before the grace period ran out. */
  returnedInGrace: boolean;
}

/** A playing connection of the seat owner opened (a `join` in play mode). */
/** `keepTimeouts`: the game counts timeouts over the whole game, so taking the seat back does not clear them. */
export function connect(doc: RoomDoc, userId: string, keepTimeouts = false): PresenceChange {
  const mine = seatOf(doc, userId);
  if (!mine || mine.out !== null || !isLive(doc.status)) return { doc, reclaimed: false, returnedInGrace: false };
  const d = draft(doc);
  const s = d.seats[mine.seat] as SeatRecord;
  const wasAway = !s.connected && s.awaySince !== null;
  const reclaimed = s.control === "cpu";
  s.connected = true;
  s.awaySince = null;
  if (reclaimed) {
    s.control = "human";
    s.cpuReason = null;
    if (!keepTimeouts) s.timeouts = 0;
  }
  return { doc: d, reclaimed, returnedInGrace: wasAway && !reclaimed };
}

/** The owner's last playing connection closed. */
export function disconnect(doc: RoomDoc, userId: string, now: number): RoomDoc {
  const mine = seatOf(doc, userId);
  if (!mine?.connected) return doc;
  const d = draft(doc);
  const s = d.seats[mine.seat] as SeatRecord;
  s.connected = false;
  s.awaySince = now;
  return d;
}

/**
 * The grace period of an away owner ran out: during a game a CPU takes the seat (the owner can
 * reclaim it by joining again); in any live room an away host hands over to a connected human.
 */
export function graceExpired(doc: RoomDoc, userId: string): { doc: RoomDoc; takenOver: boolean } {
  const mine = seatOf(doc, userId);
  if (!mine || mine.connected || mine.out !== null || !isLive(doc.status)) return { doc, takenOver: false };
  const d = draft(doc);
  let takenOver = false;
  const s = d.seats[mine.seat] as SeatRecord;
  if (d.status === "playing" && s.control === "human") {
    s.control = "cpu";
    s.cpuReason = "disconnected";
    d.turns = d.turns.filter((t) => t.seat !== s.seat);
    takenOver = true;
  }
  if (d.hostUserId === userId) {
    const next = nextHost(d);
    const candidate = next ? seatOf(d, next) : undefined;
    if (candidate?.connected && next !== userId) {
      d.hostUserId = next;
      touchIndex(d);
    }
  }
  return { doc: d, takenOver };
}
