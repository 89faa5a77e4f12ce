/**
 * Idle expiry. A room nobody uses closes after `idleSeconds`, but idleness must never end a game
 * that is still being played: a closed game is recorded as abandoned and does not count, so a host
 * who could let a losing ranked game expire mid-turn would void the loss. Pure: the Room object
 * passes in what it observes (heartbeats, pending CPU moves) and applies the verdict.
 */
import { fail, type Failure } from "./errors";
import type { RoomConfig, RoomDoc } from "./model";

export type IdleVerdict = { close: true } | { close: false; recheckAt: number };

export interface IdleSignals {
  /** The latest heartbeat (`ping` answered by the runtime) on any of the room's sockets. */
  lastHeartbeatAt: number | null;
  /** A CPU move is scheduled: the game is advancing with no human input. */
  cpuMovePending: boolean;
}

/**
 * Whether the idle timer that fired at `now` closes the room. Heartbeats count as presence (they
 * never wake the object, so the idle clock only learns of them here). A game in progress is kept
 * while anything drives it, a turn clock or a CPU move: it then ends by itself, through timeouts,
 * CPU takeover or forfeit, and is recorded with its real result.
 */
export function idleVerdict(doc: RoomDoc, now: number, signals: IdleSignals): IdleVerdict {
  const idleMs = doc.config.idleSeconds * 1000;
  if (signals.lastHeartbeatAt !== null && now - signals.lastHeartbeatAt < idleMs) {
    return { close: false, recheckAt: signals.lastHeartbeatAt + idleMs };
  }
  if (doc.status === "playing" && (doc.turns.length > 0 || signals.cpuMovePending)) return { close: false, recheckAt: now + idleMs };
  return { close: true };
}

/** A room whose idle time is shorter than a turn would expire while a player is still thinking. */
export function checkRoomConfig(config: RoomConfig): Failure | null {
  if (config.idleSeconds < config.turnSeconds) {
    return fail(400, "idle_shorter_than_turn", "config.idleSeconds must be at least config.turnSeconds", {
      idleSeconds: config.idleSeconds,
      turnSeconds: config.turnSeconds,
    });
  }
  return null;
}
