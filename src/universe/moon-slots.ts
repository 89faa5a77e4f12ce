import { and, eq } from "drizzle-orm";
import type { Db } from "../db/client";
import { moonSlots } from "../db/schema/index";
import type { Coordinates } from "./engine/index";

/*
 * The D1 copy of the moons (migration 0015), for the galaxy view and for launches at a moon. The
 * owner's shard decides; these writes only follow it, so each is idempotent: a retry after a
 * lost answer, or a replay of the same intent, leaves the same row.
 */

export interface MoonSlot extends Coordinates {
  moonId: string;
  ownerId: string;
  name: string;
  diameter: number;
}

/** Records (or renames) the moon at its coordinates; a newer moon at the same place replaces an older one. */
export async function recordMoon(d: Db, universeId: string, moon: MoonSlot): Promise<void> {
  const { galaxy, system, position, moonId, ownerId, name, diameter } = moon;
  await d
    .insert(moonSlots)
    .values({ universeId, galaxy, system, position, moonId, ownerId, moonName: name, diameter, createdAt: Date.now() })
    .onConflictDoUpdate({
      target: [moonSlots.universeId, moonSlots.galaxy, moonSlots.system, moonSlots.position],
      set: { moonId, ownerId, moonName: name, diameter },
    });
}

/** Forgets a moon, by id: a later moon at the same coordinates is never removed. */
export async function forgetMoon(d: Db, universeId: string, moonId: string): Promise<void> {
  await d.delete(moonSlots).where(and(eq(moonSlots.universeId, universeId), eq(moonSlots.moonId, moonId)));
}

export async function moonAt(d: Db, universeId: string, c: Coordinates) {
  return d.query.moonSlots.findFirst({
    where: and(
      eq(moonSlots.universeId, universeId),
      eq(moonSlots.galaxy, c.galaxy),
      eq(moonSlots.system, c.system),
      eq(moonSlots.position, c.position),
    ),
  });
}

/** The moons of one system, by position, for the galaxy view. */
export async function moonsOfSystem(d: Db, universeId: string, galaxy: number, system: number) {
  const rows = await d
    .select()
    .from(moonSlots)
    .where(and(eq(moonSlots.universeId, universeId), eq(moonSlots.galaxy, galaxy), eq(moonSlots.system, system)));
  return new Map(rows.map((r) => [r.position, { id: r.moonId, name: r.moonName, diameter: r.diameter }]));
}
