/**
 * What a revoked session or a ban means to open sockets. The Worker records the revocation with
 * the user's registry (`UserSockets`), which delivers it to every object where the user has
 * sockets; each object closes the matching ones with one of these codes and refuses any frame
 * they still send.
 */
export const REVOKED_CLOSE = {
  /** The session that opened the socket was logged out, revoked, or caught reusing a refresh token. */
  session_revoked: 4401,
  /** The account was banned: every socket of the user closes. */
  banned: 4403,
} as const;

export type RevocationReason = keyof typeof REVOKED_CLOSE;

export interface Revocation {
  userId: string;
  /** Sessions that ended: their sockets close, and a socket still on its way in for one of them is refused. */
  sessions: string[];
  /** Close every socket of the user, whatever its session (a ban). */
  all: boolean;
  reason: RevocationReason;
}

/** Objects that accept user sockets, by binding name, so the registry can reach them again later. */
export type SocketBinding = "ROOMS" | "UNIVERSE_SHARDS" | "SENTINEL" | "WORLD_AREAS";

/** One place where a user holds sockets: an object, and the session those sockets belong to. */
export interface SocketPlace {
  binding: SocketBinding;
  objectId: string;
  sessionId: string;
  /** The object's clock when the socket entered or the last one left; orders a late `leave` after a new `enter`. */
  at: number;
}

export function revokes(r: Revocation, sessionId: string | undefined): boolean {
  // A socket accepted before sockets carried their session cannot be told apart: it closes too.
  return r.all || sessionId === undefined || r.sessions.includes(sessionId);
}
