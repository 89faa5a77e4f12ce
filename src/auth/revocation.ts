import { type Revocation, socketRegistry } from "../../durable-objects/kit";
import type { Db } from "../db/client";
import { revokeAllForUser, revokeFamily } from "./sessions";

/**
 * Ending sessions reaches open WebSockets too: after D1 records the revocation, the user's socket
 * registry closes every socket it covers (4401 `session_revoked`, 4403 `banned`). Both steps
 * finish before the caller answers, so a frame sent after the response is refused; both are
 * idempotent, so a failed call can simply be repeated.
 */
export function closeSockets(env: Env, revocation: Revocation): Promise<unknown> {
  return socketRegistry(env, revocation.userId).revoke(revocation);
}

export async function endSession(env: Env, d: Db, userId: string, familyId: string, reason: "logout" | "revoked"): Promise<void> {
  await revokeFamily(d, familyId, reason);
  await closeSockets(env, { userId, sessions: [familyId], all: false, reason: "session_revoked" });
}

/** Logout everywhere, or a ban (which also closes sockets of sessions that ended earlier). */
export async function endAllSessions(env: Env, d: Db, userId: string, reason: "logout_all" | "banned"): Promise<number> {
  const families = await revokeAllForUser(d, userId, reason);
  const banned = reason === "banned";
  await closeSockets(env, { userId, sessions: families, all: banned, reason: banned ? "banned" : "session_revoked" });
  return families.length;
}
