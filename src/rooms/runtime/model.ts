/**
 * The room runtime's data model: plain JSON, stored by the Room object in its SQLite storage and
 * transformed by the pure functions of this folder. Nothing here touches storage, sockets or clocks
 * (the current time is always passed in).
 */
import type { GameResult } from "../game";

export type RoomStatus = "waiting" | "playing" | "finished" | "closed";
export type Visibility = "public" | "private";
export type TimeoutPolicy = "cpu" | "forfeit";

export interface RoomConfig {
  /** Time a human has for one turn (a turn may take several actions). */
  turnSeconds: number;
  /** What happens after `MAX_CONSECUTIVE_TIMEOUTS` timeouts in a row: a CPU takes the seat, or the player forfeits. */
  timeoutPolicy: TimeoutPolicy;
  /** How long a disconnected player's seat is held before a CPU plays it. */
  graceSeconds: number;
  maxSpectators: number;
  /** A room with no human activity for this long closes (`room_expired`). */
  idleSeconds: number;
  /** Message limit per 10 s window, per user over all their connections to the room. */
  messagesPer10s: number;
}

export const DEFAULT_ROOM_CONFIG: RoomConfig = {
  turnSeconds: 60,
  timeoutPolicy: "cpu",
  graceSeconds: 60,
  maxSpectators: 50,
  idleSeconds: 300,
  messagesPer10s: 30,
};

/** Runtime limits that are not per-room settings. */
export const LIMITS = {
  /** Live rooms (waiting or playing) a user may be a member of. */
  maxLiveRoomsPerUser: 4,
  /** Consecutive timed-out turns before the timeout policy applies. */
  maxConsecutiveTimeouts: 3,
  /** Timeout moves applied for one expiry while the same turn still awaits the seat (e.g. draw, then discard). */
  maxTimeoutMovesPerExpiry: 4,
  /** A reconnect adds this much to the seat's running turn, once per turn. */
  reconnectExtensionMs: 15_000,
  /** A client further behind than this gets a fresh `state` instead of the missed events. */
  maxResumeEvents: 200,
  /** Default of `config.messagesPer10s`: messages per user per 10 s (the kit's frame window, `SOCKET_LIMITS.windowMs`). */
  rateLimitMessages: 30,
  maxMessageBytes: 8 * 1024,
  /** CPU think delay for games without their own. */
  defaultThinkDelayMs: 400,
  /**
   * Logged actions one game may hold (the setup counts). Reaching it closes the room with the
   * reason `action_limit_reached`: a game whose rules let a turn loop must still end with a log that
   * can be recorded (budget in docs/replays.md). A 6-player, 18-hole Golf game logs about 1,500.
   */
  maxActionsPerGame: 20_000,
  /** Idempotency records older than this are pruned. */
  messageIdRetentionMs: 60 * 60 * 1000,
} as const;

/** Why a seat that belongs to a human is played by a CPU. */
export type CpuReason = "disconnected" | "timeouts" | "left" | "resigned" | "forfeit";
/** Why a seat is out of the running: it still plays on (as a CPU) but ranks last. */
export type OutReason = "resigned" | "forfeit" | "left";

export interface SeatRecord {
  /** Position at the table; seats are kept compact (0..n-1), so this is also the game seat. */
  seat: number;
  /** The human who owns the seat, or null for a CPU seat. Kept after the owner left, for the record. */
  userId: string | null;
  name: string;
  /** CPU personality for CPU seats; null for human seats (their stand-in uses the game's fallback). */
  profile: string | null;
  joinedAt: number;
  /** Who moves for this seat now. */
  control: "human" | "cpu";
  cpuReason: CpuReason | null;
  out: OutReason | null;
  /** Consecutive turns that ran out of time. */
  timeouts: number;
  /** Whether the owner has at least one playing connection. */
  connected: boolean;
  /** When the owner's last playing connection dropped (null while connected or never connected). */
  awaySince: number | null;
  /** Lobby readiness; informational. */
  ready: boolean;
  /** The game's private pick made when readying (see `GameDefinition.parseSeatChoice`); never shown. */
  choice?: unknown;
}

/** The running turn of one awaited, human-controlled seat. */
export interface TurnClock {
  seat: number;
  /** Increments with every new turn of the room, so stale timer events can be told apart. */
  turnId: number;
  startedAt: number;
  deadline: number;
  /** Whether a reconnect already extended this turn. */
  extended: boolean;
  /** Warning fractions (0.5, 0.25) already sent for this turn. */
  warned: number[];
}

/**
 * The clock of a seat that stopped being awaited within a keyed turn (another seat's forced
 * choice): it resumes with the time it had left when the same turn awaits the seat again.
 */
export interface PausedClock extends Omit<TurnClock, "deadline"> {
  remainingMs: number;
}

export interface RoomResult extends GameResult {
  /** `completed`: the game ran to its end; `forfeit`: it ended because too few players remained. */
  reason: "completed" | "forfeit";
  /** Seats that resigned, forfeited or left; they rank after everyone else. */
  forfeited: number[];
  /** The game's own result (null when the game ended by forfeit before it was over). */
  game: GameResult | null;
}

export interface RoomDoc {
  id: string;
  code: string;
  game: string;
  visibility: Visibility;
  options: unknown;
  config: RoomConfig;
  status: RoomStatus;
  hostUserId: string | null;
  seats: SeatRecord[];
  /** Users kicked by the host; they cannot take a seat again. */
  kicked: string[];
  createdBy: string;
  createdAt: number;
  startedAt: number | null;
  endedAt: number | null;
  closeReason: string | null;
  /** Game seed, set at start. */
  seed: number | null;
  /** Sequence number of the last logged game event. */
  seq: number;
  /** Logged actions so far (the setup is action 0). */
  actions: number;
  /** CPU and timeout decisions so far; each draws from `deriveSeed(seed, "cpu", n)`. */
  decisions: number;
  /** Running turn clocks by seat. */
  turns: TurnClock[];
  /** Paused clocks of the current keyed turn (absent until a game with a turn key pauses one). */
  pausedTurns?: PausedClock[];
  turnCounter: number;
  lastActivityAt: number;
  result: RoomResult | null;
  /** Bumped on every change the D1 room index should reflect. */
  indexVersion: number;
  /**
   * Quick-match rooms (created by the matchmaker with every seat taken) start on their own at this
   * time; absent or null for rooms a host starts.
   */
  autoStartAt?: number | null;
  /** Quick-match rooms hold only their matched players, so no one else can take a seat. */
  matched?: boolean;
  /** The game never counts for ratings and stats, whatever its options (quick matches filled with CPUs, exhibitions). */
  unranked?: boolean;
  /**
   * The host holds no seat (created with `seat: false`): they watch, and manage the table from a
   * spectating connection. Cleared if the host takes a seat after all.
   */
  hostWatches?: boolean;
}

export function isLive(status: RoomStatus): boolean {
  return status === "waiting" || status === "playing";
}

/** Humans who still belong to the room (seated and not gone). */
export function memberSeats(doc: RoomDoc): SeatRecord[] {
  return doc.seats.filter((s) => s.userId !== null && s.out !== "left");
}

export function seatOf(doc: RoomDoc, userId: string): SeatRecord | undefined {
  return doc.seats.find((s) => s.userId === userId);
}

/** Whether this is a quick-match room (seats fixed by the matchmaker, starts on its own). */
export function isMatched(doc: RoomDoc): boolean {
  return doc.matched === true;
}

/** Seats the room offers: a quick-match room never has an open seat. */
export function seatCapacity(doc: RoomDoc, maxPlayers: number): number {
  return isMatched(doc) ? Math.min(doc.seats.length, maxPlayers) : maxPlayers;
}

export function isMember(doc: RoomDoc, userId: string): boolean {
  return memberSeats(doc).some((s) => s.userId === userId);
}

/** A host who holds no seat: they may send host commands from a spectating connection, never play. */
export function isWatchingHost(doc: RoomDoc, userId: string): boolean {
  return doc.hostWatches === true && doc.hostUserId === userId;
}

/** Users the room belongs to (its D1 memberships): seated humans who have not left, and a watching host. */
export function roomMemberIds(doc: RoomDoc): string[] {
  const seated = memberSeats(doc).map((s) => s.userId as string);
  return doc.hostWatches && doc.hostUserId !== null ? [...seated, doc.hostUserId] : seated;
}

/**
 * Every seat is a CPU's: an exhibition game. Seats are fixed once a game starts and keep their
 * owner after leaving, so a game is an exhibition from its start to its end or not at all.
 */
export function isExhibition(doc: RoomDoc): boolean {
  return doc.seats.length > 0 && doc.seats.every((s) => s.userId === null);
}
