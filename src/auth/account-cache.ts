/**
 * The per-request account check (role, ban, mute, guest, whether the session lives, and the public
 * profile `GET /v1/auth/me` answers with) cached in the isolate for `SESSION_CACHE_MS`, so a client
 * making many requests reads D1 about once per TTL.
 *
 * Every change to what the check reads goes through `accountChanged`, which bumps the revocation
 * epoch and empties the cache: a logout, a ban or a revoked session made through this isolate is
 * refused on the very next request. The epoch also guards the race where a D1 read that started
 * before a revocation finishes after it: its answer is dropped rather than cached. Another isolate
 * (another colo, or a second isolate of the same Worker) may honour an ended session for at most
 * the TTL; its sockets close at once regardless (src/auth/revocation.ts).
 */
import type { Db } from "../db/client";
import { accountState } from "./sessions";

type AccountState = Awaited<ReturnType<typeof accountState>>;

/** Bounds memory when many users are active in one isolate; the oldest entries go first. */
const MAX_ENTRIES = 10_000;

const entries = new Map<string, { state: AccountState; until: number }>();
let epoch = 0;

/** Call after any write to a user's role, ban, mute or guest flag, or to any session's revocation. */
export function accountChanged(): void {
  epoch++;
  entries.clear();
}

/**
 * Call after a write to a user's public profile alone (email, its verification, last login): only
 * that user's entries go, so a login does not empty everyone's. The epoch still moves, so a read
 * racing the write is not cached.
 */
export function profileChanged(userId: string): void {
  epoch++;
  const prefix = `${userId}:`;
  for (const key of entries.keys()) if (key.startsWith(prefix)) entries.delete(key);
}

export async function cachedAccountState(d: Db, userId: string, familyId: string, ttlMs: number): Promise<AccountState> {
  if (ttlMs <= 0) return accountState(d, userId, familyId);
  const key = `${userId}:${familyId}`;
  const now = Date.now();
  const hit = entries.get(key);
  if (hit && hit.until > now) return hit.state;
  const seen = epoch;
  const state = await accountState(d, userId, familyId);
  if (seen === epoch && state) {
    entries.delete(key);
    if (entries.size >= MAX_ENTRIES) entries.delete(entries.keys().next().value as string);
    entries.set(key, { state, until: now + ttlMs });
  }
  return state;
}
