import { fromBase64Url, toBase64Url } from "../lib/encoding";

/**
 * Stored as `pbkdf2-sha256$<iterations>$<salt>$<hash>` so the iteration count can be raised
 * later: old hashes still verify with their own count and are upgraded on the next login.
 */
const ALGORITHM = "pbkdf2-sha256";
const HASH_BYTES = 32;

async function derive(password: string, salt: Uint8Array<ArrayBuffer>, iterations: number): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey("raw", new TextEncoder().encode(password), "PBKDF2", false, ["deriveBits"]);
  const bits = await crypto.subtle.deriveBits({ name: "PBKDF2", hash: "SHA-256", salt, iterations }, key, HASH_BYTES * 8);
  return new Uint8Array(bits);
}

export async function hashPassword(password: string, iterations: number): Promise<string> {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const hash = await derive(password, salt, iterations);
  return `${ALGORITHM}$${iterations}$${toBase64Url(salt)}$${toBase64Url(hash)}`;
}

export interface Verification {
  ok: boolean;
  /** True when the stored hash used fewer iterations than configured now. */
  needsRehash: boolean;
}

export async function verifyPassword(password: string, stored: string, currentIterations: number): Promise<Verification> {
  const [algorithm, iterText, saltText, hashText] = stored.split("$");
  const iterations = Number(iterText);
  if (algorithm !== ALGORITHM || !Number.isInteger(iterations) || !saltText || !hashText) {
    return { ok: false, needsRehash: false };
  }
  const expected = fromBase64Url(hashText);
  const actual = await derive(password, fromBase64Url(saltText), iterations);
  const ok = expected.byteLength === actual.byteLength && crypto.subtle.timingSafeEqual(expected, actual);
  return { ok, needsRehash: ok && iterations < currentIterations };
}

/** A hash of a random password, verified against when the account does not exist, so timing does not reveal which usernames are taken. */
let decoy: Promise<string> | undefined;
export function decoyHash(iterations: number): Promise<string> {
  decoy ??= hashPassword(crypto.randomUUID(), iterations);
  return decoy;
}
