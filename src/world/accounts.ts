/**
 * An account's text-world characters as account deletion and the data export see them. Each
 * character's record lives in the area object holding it (§11.2), found through the directory and,
 * after a handover, the area's tombstone.
 */
import { eq, type SQL, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { users, worldCharacters, worldPresence, worldRoles } from "../db/schema/index";
import { runBatch } from "../history/sql";
import { ApiError } from "../http/errors";
import { areaStub, characterById, charactersOf, presenceOf } from "./directory";

/** A handover between its steps is retried this often (it settles within a delivery: milliseconds, or a retry at 1 s). */
const ERASE_ATTEMPTS = 20;
const ERASE_WAIT_MS = 250;
/** Tombstones forward at most this many times (§12). */
const MAX_HOPS = 4;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Removes every character of the account from the world: one in the world (online or in stasis)
 * leaves it first as if kicked, then its record and items leave its area, as
 * `DELETE /v1/world/characters/{id}` does for an offline one. The D1 rows (directory, presence,
 * role) go with the rest of the account afterwards. A character between two areas is waited for;
 * if an area cannot be reached, this throws `503 world_unavailable` and deletion can be retried.
 */
export async function eraseAccountCharacters(env: Env, d: Db, accountId: string): Promise<number> {
  const rows = await charactersOf(d, accountId);
  for (const row of rows) await eraseCharacter(env, d, row.id, row.area);
  return rows.length;
}

async function eraseCharacter(env: Env, d: Db, id: string, firstArea: string): Promise<void> {
  let area = firstArea;
  let hops = 0;
  for (let attempt = 0; attempt < ERASE_ATTEMPTS; attempt++) {
    const r = await areaStub(env, area).erase(area, id);
    if ("removed" in r) return;
    if ("moved" in r && hops < MAX_HOPS) {
      hops += 1;
      area = r.moved;
      continue;
    }
    await sleep(ERASE_WAIT_MS);
    area = (await characterById(d, id))?.area ?? area;
    hops = 0;
  }
  throw new ApiError(503, "world_unavailable", "a character of the account could not be removed from the world; try again");
}

/** The statements that remove the account's world rows, for the deletion batch (after `eraseAccountCharacters`). */
export function deleteWorldRows(accountId: string): SQL[] {
  return [
    sql`DELETE FROM ${worldCharacters} WHERE ${worldCharacters.accountId} = ${accountId}`,
    sql`DELETE FROM ${worldPresence} WHERE ${worldPresence.accountId} = ${accountId}`,
    sql`DELETE FROM ${worldRoles} WHERE ${worldRoles.accountId} = ${accountId}`,
  ];
}

/** The account's characters for its data export: the directory row and the record its area holds (null before its first entry). */
export async function exportAccountCharacters(env: Env, d: Db, accountId: string) {
  const [rows, presence, role] = await Promise.all([
    charactersOf(d, accountId),
    presenceOf(d, accountId),
    d.select().from(worldRoles).where(eq(worldRoles.accountId, accountId)).get(),
  ]);
  const characters = await Promise.all(
    rows.map(async (row) => {
      let area = row.area;
      let record = null;
      for (let hop = 0; hop <= MAX_HOPS; hop++) {
        const found = await areaStub(env, area).describe(area, row.id);
        if (found?.moved) {
          area = found.moved;
          continue;
        }
        record = found?.record ?? null;
        break;
      }
      return {
        id: row.id,
        name: row.name,
        area,
        level: row.level,
        stats: row.stats,
        createdAt: row.createdAt,
        inWorld: presence?.characterId === row.id,
        record,
      };
    }),
  );
  return { role: role?.role ?? null, characters };
}

/** Accounts swept per cron run; the rest wait for the next day. */
const ORPHAN_BATCH = 50;

/**
 * The daily sweep for characters whose account row is gone: guests purged after 30 idle days
 * (src/auth/guest.ts deletes their rows outright), or a deletion whose world step failed after
 * the row went. Each is erased from its area and its D1 rows removed, as account deletion does.
 */
export async function purgeOrphanCharacters(env: Env, d: Db): Promise<number> {
  const orphans = await d
    .selectDistinct({ accountId: worldCharacters.accountId })
    .from(worldCharacters)
    .where(sql`NOT EXISTS (SELECT 1 FROM ${users} WHERE ${users.id} = ${worldCharacters.accountId})`)
    .limit(ORPHAN_BATCH);
  let erased = 0;
  for (const { accountId } of orphans) {
    try {
      erased += await eraseAccountCharacters(env, d, accountId);
      await runBatch(d, deleteWorldRows(accountId));
    } catch (error) {
      console.warn(JSON.stringify({ level: "warn", msg: "orphan world characters not purged; next run retries", accountId, error: String(error) }));
    }
  }
  return erased;
}
