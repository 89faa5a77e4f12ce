import { sql } from "drizzle-orm";
import type { Db } from "../db/client";
import {
  gamePlayers,
  gameRecords,
  tcgCollections,
  tcgDecks,
  universePlayers,
  type UserRow,
  usernameTombstones,
  users,
} from "../db/schema/index";
import { runBatch } from "../history/sql";
import { eraseUniverseNames } from "../universe/accounts";
import { deleteWorldRows, eraseAccountCharacters } from "../world/accounts";
import { endAllSessions } from "./revocation";

/** How long a deleted account's name stays reserved, so nobody takes it over while it is still recognised. */
export const NAME_HOLD_MS = 30 * 86_400_000;

/** The seat name games, replays and universe rankings show for a deleted account. */
export function anonymisedName(userId: string): string {
  return `deleted_${userId.replace(/-/g, "").slice(0, 8)}`;
}

/**
 * Deletes an account, keeping its row anonymised: game seats and replays point at user ids, so
 * the row stays to answer them with an anonymised name, while everything that identifies the
 * person (name, email, password) goes. Sessions end first, closing open sockets; then the
 * account's text-world characters leave the world (kicked if they are in it) and their areas
 * (src/world/accounts.ts), and every shard and system object of its universes renames it in what
 * it stores (src/universe/accounts.ts); then one batch reserves the name, scrubs the row, renames
 * the account in games, universe memberships (the market shows a seller's membership name, never
 * a copy: src/universe/market/projection.ts) and shared battle reports, removes its Familiars
 * decks and cards (the row stays, so its foreign keys' cascade never fires) and its world
 * directory, presence and role rows. Leaderboards skip rows with `deleted_at`
 * (src/stats/store.ts). If an area or a universe object cannot be reached the deletion stops with
 * 503 `world_unavailable` or `universe_unavailable` before the batch, and a retry finishes it.
 */
export async function deleteAccount(env: Env, d: Db, user: UserRow, now = Date.now()): Promise<{ usernameFreesAt: number }> {
  await endAllSessions(env, d, user.id, "account_deleted");
  await eraseAccountCharacters(env, d, user.id);
  const name = anonymisedName(user.id);
  const sharedReports = await eraseUniverseNames(env, d, user, name);
  const freesAt = now + NAME_HOLD_MS;
  await runBatch(d, [
    sql`INSERT INTO ${usernameTombstones} (username_key, user_id, deleted_at, frees_at) VALUES (${user.usernameKey}, ${user.id}, ${now}, ${freesAt})
      ON CONFLICT (username_key) DO UPDATE SET user_id = excluded.user_id, deleted_at = excluded.deleted_at, frees_at = excluded.frees_at`,
    // The key cannot collide with a real name: `~` and `:` are outside the username alphabet.
    sql`UPDATE ${users} SET username = ${name}, username_key = ${`~deleted:${user.id}`}, email = NULL, email_verified_at = NULL,
      password_hash = '!', deleted_at = ${now} WHERE id = ${user.id}`,
    sql`UPDATE ${gameRecords} SET seats = (
        SELECT json_group_array(CASE WHEN json_extract(s.value, '$.userId') = ${user.id} THEN json_set(s.value, '$.name', ${name}) ELSE json(s.value) END)
        FROM json_each(${gameRecords}.seats) AS s)
      WHERE id IN (SELECT ${gamePlayers.gameId} FROM ${gamePlayers} WHERE ${gamePlayers.userId} = ${user.id})`,
    sql`UPDATE ${universePlayers} SET username = ${name} WHERE user_id = ${user.id}`,
    ...sharedReports,
    sql`DELETE FROM ${tcgDecks} WHERE user_id = ${user.id}`,
    sql`DELETE FROM ${tcgCollections} WHERE user_id = ${user.id}`,
    ...deleteWorldRows(user.id),
  ]);
  return { usernameFreesAt: freesAt };
}

export async function purgeFreedNames(d: Db, now = Date.now()): Promise<number> {
  return (await d.run(sql`DELETE FROM ${usernameTombstones} WHERE frees_at <= ${now}`)).meta.changes;
}
