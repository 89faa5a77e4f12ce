import type { Context } from "hono";
import { currentUser } from "../../auth/middleware";
import { db } from "../../db/client";
import type { AppEnv } from "../../http/app-env";
import { getUniverse } from "../registry";
import { shardFor } from "../shard-client";

export const tag = "Universes";

/** The universe, the caller and the shard that holds the caller's empire. */
export async function playerShard(c: Context<AppEnv>, universeId: string) {
  const user = currentUser(c);
  const u = await getUniverse(db(c.env), universeId);
  return { user, u, ...shardFor(c.env, u, user.id) };
}
