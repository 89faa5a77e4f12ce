import { and, eq, gt, or } from "drizzle-orm";
import type { Db } from "../db/client";
import { isUniqueViolation } from "../db/errors";
import { type UserRow, usernameTombstones, users } from "../db/schema/index";
import { ApiError } from "../http/errors";
import { accountChanged, profileChanged } from "./account-cache";
import { accountCreatedWrites } from "./account-created";
import { hashPassword } from "./password";

/**
 * What the per-request account check reads (src/auth/sessions.ts `accountState`), the public
 * profile included: every write to one of those columns calls `accountChanged` (`profileChanged`
 * for the profile alone).
 */
type AccountFlags = Partial<Pick<UserRow, "role" | "banned" | "banReason" | "banExpiresAt" | "mutedUntil">>;

/** Writes a role or a sanction, and drops the isolate's cached account checks so the next request sees it. */
export async function setAccountFlags(d: Db, userId: string, flags: AccountFlags): Promise<void> {
  await d.update(users).set(flags).where(eq(users.id, userId));
  accountChanged();
}

/** A ban with an expiry lifts itself: once `banExpiresAt` passes the account is treated as not banned. */
export function banActive(u: Pick<UserRow, "banned" | "banExpiresAt">, now = Date.now()): boolean {
  return u.banned && (u.banExpiresAt === null || u.banExpiresAt > now);
}

export function bannedError(u: Pick<UserRow, "banReason" | "banExpiresAt">): ApiError {
  return ApiError.of("forbidden", "account is banned", { reason: "banned", banReason: u.banReason, banExpiresAt: u.banExpiresAt });
}

type PublicFields = "id" | "username" | "email" | "emailVerifiedAt" | "role" | "banned" | "banExpiresAt" | "isGuest" | "createdAt" | "lastLoginAt";

export function publicUser(u: Pick<UserRow, PublicFields>) {
  return {
    id: u.id,
    username: u.username,
    email: u.email,
    emailVerified: u.emailVerifiedAt !== null,
    role: u.role,
    banned: banActive(u),
    guest: u.isGuest,
    createdAt: u.createdAt,
    lastLoginAt: u.lastLoginAt,
  };
}

export async function findUserByLogin(d: Db, login: string): Promise<UserRow | undefined> {
  const key = login.toLowerCase();
  return d.query.users.findFirst({ where: or(eq(users.usernameKey, key), eq(users.email, key)) });
}

export async function findUserById(d: Db, id: string): Promise<UserRow | undefined> {
  return d.query.users.findFirst({ where: eq(users.id, id) });
}

export async function createUser(
  d: Db,
  input: { username: string; password: string; email?: string | undefined; role?: UserRow["role"]; guest?: boolean },
  iterations: number,
): Promise<UserRow> {
  const email = input.email?.toLowerCase() ?? null;
  const clash = await d.query.users.findFirst({
    where: or(eq(users.usernameKey, input.username.toLowerCase()), email ? eq(users.email, email) : undefined),
  });
  if (clash) throw conflictFor(clash, input.username, email);
  await refuseReservedName(d, input.username);
  const row: UserRow = {
    id: crypto.randomUUID(),
    username: input.username,
    usernameKey: input.username.toLowerCase(),
    email,
    passwordHash: await hashPassword(input.password, iterations),
    role: input.role ?? "player",
    banned: false,
    banReason: null,
    banExpiresAt: null,
    mutedUntil: null,
    isGuest: input.guest ?? false,
    createdAt: Date.now(),
    lastLoginAt: null,
    emailVerifiedAt: null,
    deletedAt: null,
  };
  try {
    await d.batch([d.insert(users).values(row), ...accountCreatedWrites(d, row.id)]);
  } catch (e) {
    // Two registrations can race past the pre-check; the unique index decides.
    if (isUniqueViolation(e)) throw ApiError.of("conflict", "username or email is already taken");
    throw e;
  }
  return row;
}

export async function setPassword(d: Db, userId: string, password: string, iterations: number): Promise<void> {
  await d
    .update(users)
    .set({ passwordHash: await hashPassword(password, iterations) })
    .where(eq(users.id, userId));
}

/** A new address starts unverified; the same address (in any case) changes nothing. */
export async function changeEmail(d: Db, user: UserRow, address: string): Promise<UserRow> {
  const email = address.toLowerCase();
  if (email === user.email) return user;
  const clash = await d.query.users.findFirst({ where: eq(users.email, email) });
  if (clash) throw ApiError.of("conflict", "email is already taken", { field: "email", value: email });
  try {
    const [row] = await d.update(users).set({ email, emailVerifiedAt: null }).where(eq(users.id, user.id)).returning();
    profileChanged(user.id);
    return row ?? user;
  } catch (e) {
    if (isUniqueViolation(e)) throw ApiError.of("conflict", "email is already taken", { field: "email", value: email });
    throw e;
  }
}

function conflictFor(clash: UserRow, username: string, email: string | null): ApiError {
  const field = clash.usernameKey === username.toLowerCase() ? "username" : "email";
  return ApiError.of("conflict", `${field} is already taken`, { field, value: field === "username" ? username : email });
}

/** A deleted account's name is held by its tombstone until it frees (src/auth/deletion.ts). */
async function refuseReservedName(d: Db, username: string): Promise<void> {
  const held = await d.query.usernameTombstones.findFirst({
    where: and(eq(usernameTombstones.usernameKey, username.toLowerCase()), gt(usernameTombstones.freesAt, Date.now())),
  });
  if (held) {
    throw ApiError.of("conflict", "username belonged to a deleted account and is reserved until it frees", {
      field: "username",
      value: username,
      reservedUntil: held.freesAt,
    });
  }
}

let bootstrapped = false;

/** Whether `ensureBootstrapAdmin` has work left in this isolate, so that every request after the first skips its call. */
export function bootstrapPending<C extends { ADMIN_USERNAME?: string | undefined; ADMIN_PASSWORD?: string | undefined }>(
  cfg: C,
): cfg is C & { ADMIN_USERNAME: string; ADMIN_PASSWORD: string } {
  return !bootstrapped && !!cfg.ADMIN_USERNAME && !!cfg.ADMIN_PASSWORD;
}

/** Creates the first admin from ADMIN_USERNAME/ADMIN_PASSWORD when no admin exists yet. */
export async function ensureBootstrapAdmin(
  d: Db,
  cfg: { ADMIN_USERNAME?: string | undefined; ADMIN_PASSWORD?: string | undefined; PASSWORD_ITERATIONS: number },
) {
  if (!bootstrapPending(cfg)) return;
  const admin = await d.query.users.findFirst({ where: eq(users.role, "admin") });
  if (!admin) {
    try {
      await createUser(d, { username: cfg.ADMIN_USERNAME, password: cfg.ADMIN_PASSWORD, role: "admin" }, cfg.PASSWORD_ITERATIONS);
      console.log(JSON.stringify({ level: "info", msg: "bootstrap admin created", username: cfg.ADMIN_USERNAME }));
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      console.log(JSON.stringify({ level: "warn", msg: "bootstrap admin username is taken by a non-admin", username: cfg.ADMIN_USERNAME }));
    }
  }
  bootstrapped = true;
}
