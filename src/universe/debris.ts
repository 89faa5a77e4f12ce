import { and, eq, gt, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { debrisFields } from "../db/schema/index";
import type { Coordinates, Resources } from "./engine/index";

/**
 * Writes a field's amounts to the galaxy view's copy. Versions come from the system object and
 * only grow, so overlapping or retried writes settle on the newest.
 */
export async function projectDebris(d: Db, universeId: string, coords: Coordinates, field: Resources, version: number): Promise<void> {
  const row = { universeId, ...coords, ...field, version, updatedAt: Date.now() };
  await d
    .insert(debrisFields)
    .values(row)
    .onConflictDoUpdate({
      target: [debrisFields.universeId, debrisFields.galaxy, debrisFields.system, debrisFields.position],
      set: { metal: row.metal, crystal: row.crystal, deuterium: row.deuterium, version, updatedAt: row.updatedAt },
      setWhere: sql`${debrisFields.version} < excluded.version`,
    });
}

/** Non-empty fields of one system, by position, for the galaxy view. */
export async function debrisOfSystem(d: Db, universeId: string, galaxy: number, system: number): Promise<Map<number, Resources>> {
  const rows = await d
    .select()
    .from(debrisFields)
    .where(
      and(
        eq(debrisFields.universeId, universeId),
        eq(debrisFields.galaxy, galaxy),
        eq(debrisFields.system, system),
        gt(sql`${debrisFields.metal} + ${debrisFields.crystal} + ${debrisFields.deuterium}`, 0),
      ),
    );
  return new Map(rows.map((r) => [r.position, { metal: r.metal, crystal: r.crystal, deuterium: r.deuterium }]));
}
