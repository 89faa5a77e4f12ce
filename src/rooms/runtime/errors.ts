/**
 * Failures of room commands. The same stable code reaches a WebSocket client (`error` message) and
 * an HTTP client (`{error: {code, ...}}` with `status`).
 */
export interface Failure {
  ok: false;
  status: 400 | 403 | 404 | 409 | 410 | 429;
  code: string;
  message: string;
  details?: unknown;
}

export type Outcome<T> = ({ ok: true } & T) | Failure;

export function fail(status: Failure["status"], code: string, message: string, details?: unknown): Failure {
  return details === undefined ? { ok: false, status, code, message } : { ok: false, status, code, message, details };
}

/** Runtime codes (games add their own rejection codes, passed through unchanged). */
export const RoomErrors = {
  notFound: () => fail(404, "room_not_found", "no such room"),
  closed: () => fail(410, "room_closed", "the room is closed"),
  notWaiting: () => fail(409, "room_not_waiting", "the game has already started"),
  notPlaying: () => fail(409, "room_not_playing", "no game is being played in this room"),
  full: () => fail(409, "room_full", "every seat is taken"),
  kicked: () => fail(403, "kicked_from_room", "the host removed you from this room"),
  notHost: () => fail(403, "not_host", "only the host can do that"),
  notSeated: () => fail(403, "not_seated", "you have no seat in this room"),
  spectatorsCannotAct: () => fail(403, "spectators_cannot_act", "spectators cannot act"),
  invalidChoice: (message: string) => fail(400, "invalid_choice", message),
  notEnoughPlayers: (min: number) => fail(409, "not_enough_players", `the game needs at least ${min} players`, { minPlayers: min }),
  unknownProfile: (profiles: readonly string[]) =>
    fail(400, "unknown_cpu_profile", "no such CPU personality in this game", { profiles: [...profiles] }),
  profileTaken: () => fail(409, "cpu_profile_taken", "that CPU personality is already seated"),
  noProfilesLeft: () => fail(409, "no_cpu_profiles_left", "every CPU personality is already seated"),
  cpuNotFound: () => fail(404, "cpu_not_found", "no CPU with that personality is seated"),
  playerNotFound: () => fail(404, "player_not_found", "that user has no seat in this room"),
  cannotKickSelf: () => fail(409, "cannot_kick_self", "the host cannot kick themselves; leave instead"),
  alreadyOut: () => fail(409, "already_out", "you have already left this game"),
  matchedRoom: () => fail(409, "matched_room", "a quick-match room seats only its matched players and starts on its own"),
  spectatorsFull: (max: number) => fail(409, "spectators_full", `this room already has ${max} spectators`, { maxSpectators: max }),
} as const;
