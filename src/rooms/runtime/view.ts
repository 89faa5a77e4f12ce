/**
 * What everyone may know about a room (no game secrets), and which notifications a change calls
 * for. The Room object compares the document before and after each change and fans out what this
 * module reports, so no handler has to remember to announce anything.
 */
import type { CpuReason, OutReason, RoomConfig, RoomDoc, RoomResult, RoomStatus, TurnClock, Visibility } from "./model";
import { startedClocks } from "./turns";

export interface SeatView {
  seat: number;
  userId: string | null;
  name: string;
  kind: "human" | "cpu";
  /** CPU personality of a CPU seat. */
  profile: string | null;
  /** Who moves for the seat now. */
  control: "human" | "cpu";
  cpuReason: CpuReason | null;
  out: OutReason | null;
  connected: boolean;
  ready: boolean;
  host: boolean;
}

export interface TurnView {
  seat: number;
  turnId: number;
  startedAt: number;
  deadline: number;
  extended: boolean;
}

export interface RoomInfo {
  id: string;
  code: string;
  game: string;
  visibility: Visibility;
  status: RoomStatus;
  hostUserId: string | null;
  options: unknown;
  config: RoomConfig;
  minPlayers: number;
  maxPlayers: number;
  seats: SeatView[];
  spectators: number;
  /** Sequence number of the last game event. */
  seq: number;
  turns: TurnView[];
  createdAt: number;
  startedAt: number | null;
  endedAt: number | null;
  closeReason: string | null;
  result: RoomResult | null;
  /** Quick-match rooms: when the room starts itself (null otherwise). */
  autoStartAt: number | null;
}

export function turnView(t: TurnClock): TurnView {
  return { seat: t.seat, turnId: t.turnId, startedAt: t.startedAt, deadline: t.deadline, extended: t.extended };
}

export function roomInfo(
  doc: RoomDoc,
  game: { minPlayers: number; maxPlayers: number; publicOptions?(options: unknown): unknown },
  spectators: number,
): RoomInfo {
  return {
    id: doc.id,
    code: doc.code,
    game: doc.game,
    visibility: doc.visibility,
    status: doc.status,
    hostUserId: doc.hostUserId,
    options: game.publicOptions ? game.publicOptions(doc.options) : doc.options,
    config: doc.config,
    minPlayers: game.minPlayers,
    maxPlayers: game.maxPlayers,
    seats: doc.seats.map((s) => ({
      seat: s.seat,
      userId: s.userId,
      name: s.name,
      kind: s.userId === null ? "cpu" : "human",
      profile: s.userId === null ? s.profile : null,
      control: s.control,
      cpuReason: s.cpuReason,
      out: s.out,
      connected: s.userId === null ? true : s.connected,
      ready: s.ready,
      host: s.userId !== null && s.userId === doc.hostUserId,
    })),
    spectators,
    seq: doc.seq,
    turns: doc.turns.map(turnView),
    createdAt: doc.createdAt,
    startedAt: doc.startedAt,
    endedAt: doc.endedAt,
    closeReason: doc.closeReason,
    result: doc.result,
    autoStartAt: doc.autoStartAt ?? null,
  };
}

export interface PresenceEntry {
  seat: number;
  userId: string;
  name: string;
  connected: boolean;
  awaySince: number | null;
}

export function presenceOf(doc: RoomDoc): PresenceEntry[] {
  return doc.seats
    .filter((s) => s.userId !== null && s.out !== "left")
    .map((s) => ({ seat: s.seat, userId: s.userId as string, name: s.name, connected: s.connected, awaySince: s.awaySince }));
}

/** The parts of a room that a `room` message announces (seats, host, status, control). */
function structure(doc: RoomDoc): string {
  return JSON.stringify({
    status: doc.status,
    host: doc.hostUserId,
    seats: doc.seats.map((s) => [s.seat, s.userId, s.name, s.profile, s.control, s.cpuReason, s.out, s.ready]),
  });
}

export interface Notifications {
  room: boolean;
  presence: boolean;
  turnStarts: TurnClock[];
  gameOver: boolean;
  closed: boolean;
}

export function notifications(before: RoomDoc, after: RoomDoc): Notifications {
  const presence = (d: RoomDoc) => JSON.stringify(presenceOf(d).map((p) => [p.userId, p.connected]));
  // Documents are never changed in place: the same seat list means no seat changed.
  const sameSeats = before.seats === after.seats;
  return {
    room: !(sameSeats && before.status === after.status && before.hostUserId === after.hostUserId) && structure(before) !== structure(after),
    presence: !sameSeats && presence(before) !== presence(after),
    turnStarts: after.status === "playing" ? startedClocks(before, after) : [],
    gameOver: before.status !== "finished" && after.status === "finished",
    closed: before.status !== "closed" && after.status === "closed",
  };
}
