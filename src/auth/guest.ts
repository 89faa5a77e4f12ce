import { and, eq, lt, sql } from "drizzle-orm";
import type { MiddlewareHandler } from "hono";
import type { Db } from "../db/client";
import { isUniqueViolation } from "../db/errors";
import { sessions, type UserRow, users } from "../db/schema/index";
import type { AppEnv } from "../http/app-env";
import { ApiError } from "../http/errors";
import { randomToken } from "../lib/encoding";
import { accountChanged } from "./account-cache";
import { hashPassword } from "./password";
import { createUser, findUserById } from "./users";

const DAY_MS = 86_400_000;
/** Guests whose account and sessions have not been used for this long are purged by the cron. */
export const GUEST_IDLE_DAYS = 30;

/** A generated name in the username alphabet; the `guest-` prefix cannot be registered (schemas.ts). */
function guestName(): string {
  return `guest-${randomToken(6)
    .replace(/[^A-Za-z0-9]/g, "x")
    .slice(0, 8)
    .toLowerCase()}`;
}

/**
 * Guests get a random password nobody knows, so they can only come back through their refresh
 * token; a name clash (one in 36^8) is retried with a new name.
 */
export async function createGuest(d: Db, iterations: number): Promise<UserRow> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await createUser(d, { username: guestName(), password: randomToken(24), guest: true }, iterations);
    } catch (e) {
      if (attempt >= 2 || !(e instanceof ApiError) || e.code !== "conflict") throw e;
    }
  }
}

/**
 * Turns a guest into a full account in place: the user id stays, so rooms, games, stats and the
 * live session all carry over.
 */
export async function upgradeGuest(
  d: Db,
  userId: string,
  input: { username: string; password: string; email?: string | undefined },
  iterations: number,
): Promise<UserRow> {
  const guest = await findUserById(d, userId);
  if (!guest) throw ApiError.of("unauthorized", "account no longer exists");
  if (!guest.isGuest) throw new ApiError(409, "not_a_guest", "this account is already a full account");
  const update = {
    username: input.username,
    usernameKey: input.username.toLowerCase(),
    email: input.email?.toLowerCase() ?? null,
    passwordHash: await hashPassword(input.password, iterations),
    isGuest: false,
  };
  try {
    // Conditional on still being a guest, so two parallel upgrades cannot both apply.
    const res = await d
      .update(users)
      .set(update)
      .where(and(eq(users.id, userId), eq(users.isGuest, true)));
    if (res.meta.changes !== 1) throw new ApiError(409, "not_a_guest", "this account is already a full account");
    accountChanged();
  } catch (e) {
    if (isUniqueViolation(e)) {
      const field = (await d.query.users.findFirst({ where: eq(users.usernameKey, update.usernameKey) })) ? "username" : "email";
      throw ApiError.of("conflict", `${field} is already taken`, { field });
    }
    throw e;
  }
  return { ...guest, ...update };
}

/** Guests play unranked rooms and spectate; universes and ranked play are refused with 403 `guest_not_allowed`. */
export const refuseGuests: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (c.get("user")?.guest) {
    throw new ApiError(403, "guest_not_allowed", "guest accounts cannot do this; upgrade the account first (POST /v1/auth/guest/upgrade)");
  }
  await next();
};

/** Deletes guests created and last used more than GUEST_IDLE_DAYS ago (sessions go with them). */
export async function purgeIdleGuests(d: Db, now = Date.now()): Promise<number> {
  const cutoff = now - GUEST_IDLE_DAYS * DAY_MS;
  const purged = await d
    .delete(users)
    .where(
      and(
        eq(users.isGuest, true),
        lt(users.createdAt, cutoff),
        sql`not exists (select 1 from ${sessions} where ${sessions.userId} = ${users.id} and ${sessions.lastUsedAt} >= ${cutoff})`,
      ),
    )
    .returning({ id: users.id });
  if (purged.length > 0) accountChanged();
  // Counted from the rows, not `meta.changes`, which also counts the sessions the cascade removed.
  return purged.length;
}
