/**
 * Keeps the timer table (kit `Timers`, one alarm for all) in line with the room: derived turn,
 * warning and CPU timers follow the document (the clocks' ones without being stored); grace, idle and index-retry timers are set here by
 * the events that need them.
 */
import { deriveSeed, createRng } from "../../src/lib/rng";
import type { AnyGameDefinition } from "../../src/rooms/game";
import { thinkDelayMs } from "../../src/rooms/games";
import type { Session } from "../../src/rooms/runtime/machine";
import type { RoomDoc } from "../../src/rooms/runtime/model";
import { cpuTimers, isDerivedKey, reconcile, TIMER } from "../../src/rooms/runtime/timers";
import type { Timers } from "../kit";

/**
 * The stored part: CPU moves. The clocks' timers follow the document by themselves
 * (`clockTimers`): the room re-arms once the changed document is current (`Room.commitDoc`).
 */
export function syncDerivedTimers(timers: Timers, game: AnyGameDefinition, doc: RoomDoc, session: Session | null, now: number): void {
  const awaiting = doc.status === "playing" && session ? game.awaiting(session.state) : [];
  const existing = timers.list().filter((t) => !t.derived && isDerivedKey(t.key));
  const delay = (seat: number): number => {
    const profile = doc.seats[seat]?.profile ?? "";
    return thinkDelayMs(doc.game, profile, createRng(deriveSeed(doc.seed ?? 0, "think", doc.actions, seat)));
  };
  const { schedule, cancel } = reconcile(cpuTimers(doc, awaiting, existing, now, delay), existing);
  if (cancel.length) timers.cancelMany(cancel);
  if (schedule.length) timers.scheduleMany(schedule);
}

export const graceKey = (userId: string): string => `grace:${userId}`;
export const IDLE_KEY = "idle";
export const INDEX_KEY = "index";
export const AUTO_START_KEY = "auto_start";
export const RECORD_KEY = "record";

export function scheduleGrace(timers: Timers, doc: RoomDoc, userId: string, now: number): void {
  timers.schedule(graceKey(userId), now + doc.config.graceSeconds * 1000, TIMER.grace, { userId });
}

/**
 * At the start of a game, every seated human with no playing connection (matched but never
 * connected, or away since the lobby) gets the grace period from now, then a CPU plays the seat;
 * without it the seat would only be taken over after three timed-out turns.
 */
export function scheduleGraceForAbsent(timers: Timers, doc: RoomDoc, now: number): void {
  for (const s of doc.seats) if (s.userId !== null && s.out === null && !s.connected) scheduleGrace(timers, doc, s.userId, now);
}

/**
 * Every message touches the idle timer. Its deadline is rounded up to a thirtieth of the idle time,
 * so the messages within one such slice find it as it is and write nothing (the room keeps its
 * timers in memory); a room closes at most that slice later than `idleSeconds` after its last
 * activity.
 */
export function touchIdle(timers: Timers, doc: RoomDoc, now: number): void {
  const idleMs = doc.config.idleSeconds * 1000;
  const slice = idleMs / IDLE_SLICES;
  timers.schedule(IDLE_KEY, Math.ceil((now + idleMs) / slice) * slice, TIMER.idle, null);
}

const IDLE_SLICES = 30;

/** A closed room needs no timer but pending D1 writes (index and history). */
export function clearRoomTimers(timers: Timers): void {
  timers.cancelMany(timers.list().flatMap((t) => (t.key === INDEX_KEY || t.key === RECORD_KEY ? [] : [t.key])));
}
