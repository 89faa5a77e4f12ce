/**
 * The world's D1 side (spec §10.1, §11.2, §12): the character directory, presence (one character
 * per account in the world) and roles, and the stub of an area's object. Area objects and routes both use it.
 */
import { and, asc, eq, lt } from "drizzle-orm";
import { type Db, db } from "../db/client";
import { type WorldCharacterRow, worldCharacters, worldPresence, worldRoles } from "../db/schema/index";
import type { Role } from "./commands/table";
import { objectByName } from "../lib/objects";

/** The object of area `area` (named by the area id). */
export function areaStub(env: Pick<Env, "WORLD_AREAS">, area: string) {
  return objectByName(env.WORLD_AREAS, area);
}

export async function charactersOf(d: Db, accountId: string): Promise<WorldCharacterRow[]> {
  return d.select().from(worldCharacters).where(eq(worldCharacters.accountId, accountId)).orderBy(asc(worldCharacters.createdAt));
}

export async function characterById(d: Db, id: string): Promise<WorldCharacterRow | undefined> {
  return d.select().from(worldCharacters).where(eq(worldCharacters.id, id)).get();
}

export async function characterByName(d: Db, name: string): Promise<WorldCharacterRow | undefined> {
  return d.select().from(worldCharacters).where(eq(worldCharacters.nameKey, name.toLowerCase())).get();
}

export async function presenceOf(d: Db, accountId: string) {
  return d.select().from(worldPresence).where(eq(worldPresence.accountId, accountId)).get();
}

/**
 * A character by name and, when it is in the world (online, stasis or arriving), the area its
 * presence row names; `area` is null for a character offline. Null for an unknown name.
 */
export async function locateByName(d: Db, name: string): Promise<{ id: string; name: string; account: string; area: string | null } | null> {
  const row = await characterByName(d, name);
  if (!row) return null;
  const presence = await presenceOf(d, row.accountId);
  return { id: row.id, name: row.name, account: row.accountId, area: presence?.characterId === row.id ? presence.area : null };
}

/** Claims the account's presence row for `characterId`; false when another character of the account holds it. */
export async function claimPresence(d: Db, accountId: string, characterId: string, area: string, now: number): Promise<boolean> {
  await d.insert(worldPresence).values({ accountId, characterId, area, since: now }).onConflictDoNothing();
  const row = await presenceOf(d, accountId);
  return row?.characterId === characterId;
}

export async function freePresence(env: Pick<Env, "DB">, characterId: string): Promise<void> {
  await db(env).delete(worldPresence).where(eq(worldPresence.characterId, characterId));
}

/** §12 step 3: the directory and presence follow the character to `area`, unless a later move already did. */
export async function moveDirectory(env: Pick<Env, "DB">, characterId: string, area: string, locVersion: number): Promise<void> {
  const d = db(env);
  await d
    .update(worldCharacters)
    .set({ area, locVersion })
    .where(and(eq(worldCharacters.id, characterId), lt(worldCharacters.locVersion, locVersion)));
  await d.update(worldPresence).set({ area }).where(eq(worldPresence.characterId, characterId));
}

export async function recordLevel(env: Pick<Env, "DB">, characterId: string, level: number): Promise<void> {
  await db(env).update(worldCharacters).set({ level }).where(eq(worldCharacters.id, characterId));
}

/** World role of an account: platform admins are world admins (§9). */
export async function worldRole(d: Db, accountId: string, platformRole: string): Promise<Role> {
  if (platformRole === "admin") return "admin";
  const row = await d.select().from(worldRoles).where(eq(worldRoles.accountId, accountId)).get();
  return row?.role ?? "player";
}

export async function setWorldRole(env: Pick<Env, "DB">, accountId: string, role: Role): Promise<void> {
  await db(env).insert(worldRoles).values({ accountId, role }).onConflictDoUpdate({ target: worldRoles.accountId, set: { role } });
}

export async function onlineEverywhere(env: Pick<Env, "DB">) {
  const d = db(env);
  return d
    .select({
      id: worldCharacters.id,
      name: worldCharacters.name,
      level: worldCharacters.level,
      area: worldPresence.area,
      account: worldPresence.accountId,
    })
    .from(worldPresence)
    .innerJoin(worldCharacters, eq(worldCharacters.id, worldPresence.characterId));
}
