import { z } from "zod";
import { CONTENT_PACKS } from "./world/content/pack-names";

/** Dev-only signing key: used solely when ENVIRONMENT=development and no JWT_SECRET is set. */
export const DEV_ONLY_JWT_SECRET = "dev-only-insecure-jwt-secret--never-use-in-production";

const int = (def: number, min = 0) => z.coerce.number().int().min(min).default(def);
const optionalText = z
  .string()
  .optional()
  .transform((v) => (v && v.trim() !== "" ? v : undefined));

export const ConfigSchema = z.object({
  ENVIRONMENT: z.enum(["development", "production"]).default("production"),
  JWT_SECRET: optionalText,
  JWT_ISSUER: z.string().default("orrery"),
  JWT_AUDIENCE: z.string().default("orrery-api"),
  ACCESS_TOKEN_TTL_SECONDS: int(900, 30),
  REFRESH_TOKEN_TTL_DAYS: int(30, 1),
  // Workers' PBKDF2 refuses more than 100k iterations; the stored hash records the count used.
  PASSWORD_ITERATIONS: int(100_000, 1000).pipe(z.number().max(100_000)),
  RATE_LIMIT_AUTH_PER_MINUTE: int(10, 1),
  RATE_LIMIT_API_PER_MINUTE: int(100, 1),
  /**
   * Which requests get the Worker's own log line: `errors` (status 400 and up, or slower than
   * SLOW_REQUEST_MS) or `all`. Workers Logs already records every invocation (wrangler.toml
   * `[observability]`); the line adds the request id, route and user to those that need a look.
   */
  REQUEST_LOG: z.enum(["errors", "all"]).default("errors"),
  /** How long an isolate trusts its cached account check (src/auth/account-cache.ts); 0 reads D1 on every request. */
  SESSION_CACHE_MS: int(2000, 0).pipe(z.number().max(60_000)),
  LOGIN_MAX_FAILURES_PER_ACCOUNT: int(5, 1),
  LOGIN_MAX_FAILURES_PER_IP: int(20, 1),
  LOGIN_FAILURE_WINDOW_SECONDS: int(900, 1),
  MAX_BODY_BYTES: int(64 * 1024, 1024),
  CORS_ORIGINS: z
    .string()
    .default("")
    .transform((s) =>
      s
        .split(",")
        .map((o) => o.trim())
        .filter(Boolean),
    ),
  /** Lists the Counter game (a runtime test and benchmark fixture) in `/v1/games` and room creation. */
  ENABLE_COUNTER_GAME: z
    .string()
    .default("false")
    .transform((v) => v.trim().toLowerCase() === "true"),
  ADMIN_USERNAME: optionalText,
  ADMIN_PASSWORD: optionalText,
  /**
   * How mail leaves: `dev` keeps it in D1 and the log (readable at `GET /v1/dev/mail`), `cloudflare`
   * uses the `SEND_EMAIL` binding, `http` posts JSON to MAIL_HTTP_URL. Unset means `dev` in
   * development only; a production Worker without it answers mail-sending routes with 500
   * `misconfigured` rather than fall back to a sender that keeps reset links readable.
   */
  MAIL_SENDER: optionalText.pipe(z.enum(["dev", "cloudflare", "http"]).optional()),
  MAIL_FROM: z.string().default("orrery <no-reply@orrery.invalid>"),
  MAIL_HTTP_URL: optionalText,
  /** Secret: sent as `Authorization: Bearer` to MAIL_HTTP_URL. */
  MAIL_HTTP_TOKEN: optionalText,
  /** Origin the links in mail point at; unset, the origin of the request that caused the mail. */
  PUBLIC_BASE_URL: optionalText,
  /** What needs a verified email: `ranked_rooms` (seats in ranked games), `universes` (joining one). */
  REQUIRE_VERIFIED_EMAIL: z
    .string()
    .default("")
    .transform((s) =>
      s
        .split(",")
        .map((v) => v.trim())
        .filter((v): v is "ranked_rooms" | "universes" => v === "ranked_rooms" || v === "universes"),
    ),
  VERIFY_EMAIL_RESENDS_PER_HOUR: int(3, 1),
  PASSWORD_RESETS_PER_HOUR: int(3, 1),
  /** Bearer token `/metrics` requires in production; unset there, `/metrics` answers 500 `misconfigured`. */
  METRICS_TOKEN: optionalText,
  /** The text world's built-in content pack (src/world/content/packs.ts): `starter`, or `bench` (8 areas, for `npm run bench:world`). */
  WORLD_CONTENT: z.enum(CONTENT_PACKS).default("starter"),
});

export type Config = z.infer<typeof ConfigSchema> & { jwtSecret: string };

export class MisconfiguredError extends Error {}

const cache = new WeakMap<object, Config>();

/**
 * Parses vars once per env object. A production Worker without JWT_SECRET must refuse to serve
 * rather than sign tokens with a key that is public in this repository.
 */
export function loadConfig(env: Env): Config {
  const hit = cache.get(env);
  if (hit) return hit;
  const parsed = ConfigSchema.safeParse(env);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => `${i.path.join(".")} (${i.message})`).join(", ");
    throw new MisconfiguredError(`invalid configuration: ${fields}`);
  }
  const raw = parsed.data;
  let jwtSecret = raw.JWT_SECRET;
  if (!jwtSecret) {
    if (raw.ENVIRONMENT !== "development") {
      throw new MisconfiguredError("JWT_SECRET is not set; refusing requests");
    }
    jwtSecret = DEV_ONLY_JWT_SECRET;
  }
  const config = { ...raw, jwtSecret };
  cache.set(env, config);
  return config;
}
