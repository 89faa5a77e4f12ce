import { type Revocation, socketRegistry } from "../../durable-objects/kit";
import type { Db } from "../db/client";
import { type EndAllReason, listLiveSessions, revokeAllForUser, revokeFamily } from "./sessions";

/**
 * Ending sessions reaches open WebSockets too: the user's socket registry closes every socket a
 * revocation covers (4401 `session_revoked`, 4403 `banned`) before the caller answers, so no frame
 * sent after the response acts. Sockets are closed before D1 records the revocation: if either
 * step fails the session is still live, so the caller can simply repeat the request (both steps
 * are idempotent), and meanwhile the registry's tombstone refuses new sockets of the session.
 */
export function closeSockets(env: Env, revocation: Revocation): Promise<unknown> {
  return socketRegistry(env, revocation.userId).revoke(revocation);
}

export async function endSession(env: Env, d: Db, userId: string, familyId: string, reason: "logout" | "revoked"): Promise<void> {
  await closeSockets(env, { userId, sessions: [familyId], all: false, reason: "session_revoked" });
  await revokeFamily(d, familyId, reason);
}

/** Logout everywhere, or a ban (which also closes sockets whose session ended some other way). Returns the sessions ended. */
export async function endAllSessions(env: Env, d: Db, userId: string, reason: EndAllReason): Promise<number> {
  const banned = reason === "banned";
  const close = (sessions: string[]) => closeSockets(env, { userId, sessions, all: banned, reason: banned ? "banned" : "session_revoked" });
  const live = (await listLiveSessions(d, userId)).map((s) => s.familyId);
  await close(live);
  const ended = await revokeAllForUser(d, userId, reason);
  // A session started between the two reads ended too; its sockets close as well.
  const late = ended.filter((f) => !live.includes(f));
  if (late.length > 0) await close(late);
  return ended.length;
}

/** A password change keeps the session that made it and ends every other one. Returns the sessions ended. */
export async function endOtherSessions(env: Env, d: Db, userId: string, keep: string): Promise<number> {
  const others = (await listLiveSessions(d, userId)).map((s) => s.familyId).filter((f) => f !== keep);
  if (others.length === 0) return 0;
  await closeSockets(env, { userId, sessions: others, all: false, reason: "session_revoked" });
  for (const familyId of others) await revokeFamily(d, familyId, "password_changed");
  return others.length;
}
