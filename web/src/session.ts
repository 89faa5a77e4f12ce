/**
 * The signed-in account: tokens kept in localStorage (so a reload keeps the seat), an API client
 * whose fetch refreshes the access token shortly before it expires and retries once after a 401.
 */
import { signal } from "@preact/signals";
import { createClient, ok } from "./api/client";

type Tokens = { accessToken: string; refreshToken: string; expiresAt: number; sessionId: string };
type User = { id: string; username: string; role: string; guest: boolean };
export type Session = Tokens & { user: User };

const KEY = "orrery.session";
/** Refresh this long before the access token expires, so a request never carries a dead one. */
const EARLY_MS = 30_000;

function load(): Session | null {
  try {
    return JSON.parse(localStorage.getItem(KEY) ?? "null") as Session | null;
  } catch {
    return null;
  }
}

export const session = signal<Session | null>(load());

function save(next: Session | null): void {
  session.value = next;
  if (next) localStorage.setItem(KEY, JSON.stringify(next));
  else localStorage.removeItem(KEY);
}

type Grant = { user: User; accessToken: string; expiresIn: number; refreshToken: string; sessionId: string };

/** Keeps the answer of register, login or refresh. */
export function signIn(g: Grant): void {
  save({
    user: g.user,
    accessToken: g.accessToken,
    refreshToken: g.refreshToken,
    expiresAt: Date.now() + g.expiresIn * 1000,
    sessionId: g.sessionId,
  });
}

export const signOut = (): void => save(null);

/** Without the refreshing fetch: refresh itself must not recurse. */
const plain = createClient(location.origin);
let refreshing: Promise<void> | null = null;

function refresh(): Promise<void> {
  const current = session.value;
  if (!current) return Promise.resolve();
  refreshing ??= ok(plain.v1.auth.refresh.$post({ json: { refreshToken: current.refreshToken } }))
    .then(signIn)
    .catch(() => signOut())
    .finally(() => {
      refreshing = null;
    });
  return refreshing;
}

/** A valid access token, refreshed first when it is about to expire (sockets ask for one on every connect). */
export async function freshToken(): Promise<string | null> {
  const s = session.value;
  if (s && s.expiresAt - Date.now() < EARLY_MS) await refresh();
  return session.value?.accessToken ?? null;
}

const refreshingFetch: typeof fetch = async (input, init) => {
  const auth = new Headers(init?.headers).has("Authorization");
  if (auth) await freshToken();
  const withToken = () => {
    const headers = new Headers(init?.headers);
    if (auth && session.value) headers.set("Authorization", `Bearer ${session.value.accessToken}`);
    return fetch(input, { ...init, headers });
  };
  const res = await withToken();
  if (res.status !== 401 || !auth || !session.value) return res;
  await refresh();
  return session.value ? withToken() : res;
};

export const api = createClient(location.origin, { token: () => session.value?.accessToken, fetch: refreshingFetch });
