/**
 * ACS attack unions (§13) as the Worker sees them: who may be invited, and where a union lives.
 * The union itself is kept by its target's shard (durable-objects/universe-shard/unions.ts).
 */
import { and, eq, inArray, or } from "drizzle-orm";
import type { Db } from "../db/client";
import { universePlayers } from "../db/schema/index";
import { ApiError } from "../http/errors";
import { arrivalOwnerFor } from "./addressing";
import type { FleetTarget } from "./engine/index";
import type { Universe } from "./registry";
import { objectByName } from "../lib/objects";

/**
 * The ids of the joined members named by `names` (usernames or user ids), in order and without
 * repeats; 404 `not_found` naming the first that is no member of the universe.
 */
export async function invitedMembers(d: Db, universeId: string, names: readonly string[]): Promise<string[]> {
  if (names.length === 0) return [];
  const rows = await d
    .select({ userId: universePlayers.userId, username: universePlayers.username })
    .from(universePlayers)
    .where(
      and(
        eq(universePlayers.universeId, universeId),
        eq(universePlayers.status, "joined"),
        or(inArray(universePlayers.username, [...names]), inArray(universePlayers.userId, [...names])),
      ),
    );
  const ids: string[] = [];
  for (const name of names) {
    const m = rows.find((r) => r.userId === name || r.username === name);
    if (!m) throw ApiError.of("not_found", `no player ${name} in this universe`);
    if (!ids.includes(m.userId)) ids.push(m.userId);
  }
  return ids;
}

/** The shard that keeps a union attacking `to` (its planet's owner's), or null when nobody owns the position. */
export function unionKeeper(env: Env, u: Universe, to: FleetTarget, ownerId: string | null) {
  if (to.kind === "debris" || ownerId === null) return null;
  const name = arrivalOwnerFor(u.id, u.settings.shardCount, { ...to, ownerId });
  return objectByName(env.UNIVERSE_SHARDS, name);
}
