import { errors as joseErrors, jwtVerify, SignJWT } from "jose";
import type { Config } from "../config";
import type { Role } from "../http/app-env";

export interface AccessClaims {
  sub: string;
  role: Role;
  sid: string;
  name: string;
}

const encoder = new TextEncoder();

/*
 * Two isolate caches on the authenticated path (bench:profile showed the key import and the
 * signature check among its largest costs): the HMAC key, imported once per secret, and tokens
 * already verified, kept until they expire. A cached token passed every check below once; the
 * session (revocation, bans) is still checked per request by the caller.
 */
// The key itself, not the import's promise: a promise is tied to the request that made it.
const keys = new Map<string, CryptoKey>();
async function hmacKey(secret: string): Promise<CryptoKey> {
  let key = keys.get(secret);
  if (!key) {
    key = await crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign", "verify"]);
    keys.set(secret, key);
  }
  return key;
}

const VERIFIED_MAX = 4096;
const verified = new WeakMap<Config, Map<string, { claims: AccessClaims; expiresAt: number }>>();

function verifiedTokens(config: Config) {
  let tokens = verified.get(config);
  if (!tokens) {
    tokens = new Map();
    verified.set(config, tokens);
  }
  return tokens;
}

export async function signAccessToken(config: Config, claims: AccessClaims, now = Date.now()): Promise<string> {
  const iat = Math.floor(now / 1000);
  return new SignJWT({ role: claims.role, sid: claims.sid, name: claims.name })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setIssuer(config.JWT_ISSUER)
    .setAudience(config.JWT_AUDIENCE)
    .setSubject(claims.sub)
    .setIssuedAt(iat)
    .setExpirationTime(iat + config.ACCESS_TOKEN_TTL_SECONDS)
    .setJti(crypto.randomUUID())
    .sign(await hmacKey(config.jwtSecret));
}

export type VerifyFailure = "expired" | "invalid";

/** Only HS256 with our issuer and audience is accepted; `alg: none` and every other algorithm fail. */
export async function verifyAccessToken(
  config: Config,
  token: string,
): Promise<{ ok: true; claims: AccessClaims } | { ok: false; reason: VerifyFailure }> {
  const tokens = verifiedTokens(config);
  const hit = tokens.get(token);
  if (hit) {
    if (hit.expiresAt > Date.now()) return { ok: true, claims: hit.claims };
    tokens.delete(token);
    return { ok: false, reason: "expired" };
  }
  try {
    const { payload } = await jwtVerify(token, await hmacKey(config.jwtSecret), {
      algorithms: ["HS256"],
      issuer: config.JWT_ISSUER,
      audience: config.JWT_AUDIENCE,
      requiredClaims: ["sub", "exp", "iat", "jti"],
    });
    const { sub, role, sid, name } = payload;
    if (typeof sub !== "string" || (role !== "player" && role !== "admin") || typeof sid !== "string" || typeof name !== "string") {
      return { ok: false, reason: "invalid" };
    }
    const claims: AccessClaims = { sub, role, sid, name };
    // The oldest entry makes room: a Map iterates in insertion order.
    if (tokens.size >= VERIFIED_MAX) tokens.delete(tokens.keys().next().value as string);
    tokens.set(token, { claims, expiresAt: (payload.exp as number) * 1000 });
    return { ok: true, claims };
  } catch (e) {
    return { ok: false, reason: e instanceof joseErrors.JWTExpired ? "expired" : "invalid" };
  }
}
