import type { Context } from "hono";
import { currentUser } from "../../auth/middleware";
import { type Db, db } from "../../db/client";
import type { AppEnv } from "../../http/app-env";
import { ApiError } from "../../http/errors";
import { getUniverse, membership } from "../registry";
import { shardFor } from "../shard-client";

export const tag = "Universes";

/** The universe, the caller and the shard that holds the caller's empire. */
export async function playerShard(c: Context<AppEnv>, universeId: string) {
  const user = currentUser(c);
  const u = await getUniverse(db(c.env), universeId);
  return { user, u, ...shardFor(c.env, u, user.id) };
}

/** 404 `not_joined` unless the user holds a joined membership of the universe. */
export async function requireJoined(d: Db, universeId: string, userId: string): Promise<void> {
  if (!(await membership(d, universeId, userId))) throw new ApiError(404, "not_joined", "you have not joined this universe");
}

/** `playerShard` for a caller who has joined the universe. */
export async function joinedShard(c: Context<AppEnv>, universeId: string) {
  const ctx = await playerShard(c, universeId);
  await requireJoined(db(c.env), ctx.u.id, ctx.user.id);
  return ctx;
}
