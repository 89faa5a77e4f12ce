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
    .sign(encoder.encode(config.jwtSecret));
}

export type VerifyFailure = "expired" | "invalid";

/** Only HS256 with our issuer and audience is accepted; `alg: none` and every other algorithm fail. */
export async function verifyAccessToken(
  config: Config,
  token: string,
): Promise<{ ok: true; claims: AccessClaims } | { ok: false; reason: VerifyFailure }> {
  try {
    const { payload } = await jwtVerify(token, encoder.encode(config.jwtSecret), {
      algorithms: ["HS256"],
      issuer: config.JWT_ISSUER,
      audience: config.JWT_AUDIENCE,
      requiredClaims: ["sub", "exp", "iat", "jti"],
    });
    const { sub, role, sid, name } = payload;
    if (typeof sub !== "string" || (role !== "player" && role !== "admin") || typeof sid !== "string" || typeof name !== "string") {
      return { ok: false, reason: "invalid" };
    }
    return { ok: true, claims: { sub, role, sid, name } };
  } catch (e) {
    return { ok: false, reason: e instanceof joseErrors.JWTExpired ? "expired" : "invalid" };
  }
}
