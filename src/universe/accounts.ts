/**
 * Account deletion in the universes (src/auth/deletion.ts): the player's name leaves every object
 * that may hold a copy, not only the membership row. Reports, notices and arrivals naming a
 * player sit in the shards of the players they met, whichever those are, so every shard of each
 * universe the account joined is asked, and the system objects its fleets fly to.
 */
import { and, eq, inArray, type SQL, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { battleReports, universePlayers } from "../db/schema/index";
import { ApiError } from "../http/errors";
import { objectByName } from "../lib/objects";
import { type NameChange, renamedJson } from "./name-change";
import { getUniverse, shardName } from "./registry";

/**
 * Renames the account to `to` in every shard and system object of its universes, and answers the
 * statements that rename it in D1's shared report copies, for the deletion batch (the membership
 * row itself is renamed there). Each object renames idempotently and before the batch, so if one
 * cannot be reached this throws `503 universe_unavailable` with the account untouched, and a
 * retry (the old name still on the membership) finishes it.
 */
export async function eraseUniverseNames(env: Env, d: Db, user: { id: string; username: string }, to: string): Promise<SQL[]> {
  // A membership carries the account's name (joining copies it; guests, whose names change, cannot join).
  const memberships = await d.select({ universeId: universePlayers.universeId }).from(universePlayers).where(eq(universePlayers.userId, user.id));
  if (memberships.length === 0 || user.username === to) return [];
  const universeIds = memberships.map((m) => m.universeId);
  const change: NameChange = { playerId: user.id, from: user.username, to };
  try {
    await Promise.all(universeIds.map((universeId) => renameInObjects(env, d, universeId, change)));
  } catch (error) {
    console.warn(
      JSON.stringify({ level: "warn", msg: "a universe object did not rename a deleted account", userId: user.id, error: String(error) }),
    );
    throw new ApiError(503, "universe_unavailable", "a universe of the account could not be reached; try again");
  }
  return sharedReportRenames(d, universeIds, change);
}

async function renameInObjects(env: Env, d: Db, universeId: string, change: NameChange): Promise<void> {
  const { shardCount } = (await getUniverse(d, universeId)).settings;
  const answers = await Promise.all(
    Array.from({ length: shardCount }, (_, shard) => objectByName(env.UNIVERSE_SHARDS, shardName(universeId, shard)).forgetName(change)),
  );
  const systems = new Set(answers.flatMap((a) => a.systems));
  await Promise.all([...systems].map((name) => objectByName(env.UNIVERSE_SYSTEMS, name).forgetName(change)));
}

/** Shared reports are frozen copies (src/universe/report-shares.ts): each naming the account gets the new name. */
async function sharedReportRenames(d: Db, universeIds: string[], change: NameChange): Promise<SQL[]> {
  const rows = await d
    .select({ key: battleReports.key, report: battleReports.report })
    .from(battleReports)
    .where(and(inArray(battleReports.universeId, universeIds), sql`instr(${battleReports.report}, ${change.from}) > 0`));
  return rows.flatMap((row) => {
    const report = renamedJson(row.report, change);
    return report === null ? [] : [sql`UPDATE ${battleReports} SET report = ${JSON.stringify(report)} WHERE key = ${row.key}`];
  });
}
