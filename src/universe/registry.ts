import { and, asc, count, desc, eq, gt, inArray, isNull, lt, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { isUniqueViolation } from "../db/errors";
import { debrisOfSystem } from "./debris";
import { moonAt, moonsOfSystem } from "./moon-slots";
import { planetSlots, universePlayers, universes } from "../db/schema/index";
import { ApiError } from "../http/errors";
import {
  type Coordinates,
  FIRST_PLACEMENT_CURSOR,
  type PlacementCursor,
  placeHomeworld,
  seededRng,
  type UniverseSettings,
  UniverseSettingsSchema,
} from "./engine/index";

export interface Universe {
  id: string;
  name: string;
  isDefault: boolean;
  createdAt: number;
  settings: UniverseSettings;
}

function toUniverse(row: typeof universes.$inferSelect): Universe {
  return {
    id: row.id,
    name: row.name,
    isDefault: row.isDefault,
    createdAt: row.createdAt,
    settings: UniverseSettingsSchema.parse(row.settings ?? {}),
  };
}

export async function listUniverses(d: Db): Promise<Universe[]> {
  const rows = await d.select().from(universes).orderBy(desc(universes.isDefault), asc(universes.createdAt));
  return rows.map(toUniverse);
}

// Settings never change after creation, so an isolate may keep them for a while.
const CACHE_MS = 60_000;
const cache = new Map<string, { universe: Universe; at: number }>();

export async function getUniverse(d: Db, id: string): Promise<Universe> {
  const hit = cache.get(id);
  if (hit && Date.now() - hit.at < CACHE_MS) return hit.universe;
  const row = await d.query.universes.findFirst({ where: eq(universes.id, id) });
  if (!row) throw ApiError.of("not_found", `no universe ${id}`);
  const universe = toUniverse(row);
  cache.set(id, { universe, at: Date.now() });
  return universe;
}

export async function createUniverse(d: Db, input: { id: string; name: string; settings: UniverseSettings }): Promise<Universe> {
  const row = { id: input.id, name: input.name, settings: input.settings, isDefault: false, createdAt: Date.now(), placementCursor: null, pausedAt: null };
  try {
    await d.insert(universes).values(row);
  } catch (e) {
    if (isUniqueViolation(e)) throw ApiError.of("conflict", `universe ${input.id} already exists`, { field: "id" });
    throw e;
  }
  return toUniverse(row);
}

/** FNV-1a: a player's empire always lives in the same shard, with no lookup. */
export function shardOf(userId: string, shardCount: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < userId.length; i++) {
    h ^= userId.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % shardCount;
}

export function shardName(universeId: string, shard: number): string {
  return `${universeId}:${shard}`;
}

const memberOf = (universeId: string, userId: string) =>
  and(eq(universePlayers.universeId, universeId), eq(universePlayers.userId, userId));

/** A completed membership; a join still in progress does not count. */
export async function membership(d: Db, universeId: string, userId: string) {
  return d.query.universePlayers.findFirst({ where: and(memberOf(universeId, userId), eq(universePlayers.status, "joined")) });
}

export type Membership = typeof universePlayers.$inferSelect;

/**
 * Takes the player's one membership row, or returns the row a parallel or earlier attempt took.
 * It is taken before any slot and names the homeworld's planet id, so every attempt of one
 * player's join places the same planet.
 */
export async function claimMembership(
  d: Db,
  universeId: string,
  user: { id: string; username: string },
  shard: number,
): Promise<Membership> {
  const now = Date.now();
  const [taken] = await d
    .insert(universePlayers)
    .values({
      universeId,
      userId: user.id,
      username: user.username,
      shard,
      status: "joining",
      // A join begun before migration 0005 may have placed its planet with no membership row yet:
      // that planet stays the homeworld, so finishing the join adds no second slot.
      homeworldPlanetId: sql`coalesce((select planet_id from planet_slots where universe_id = ${universeId} and owner_id = ${user.id} limit 1), ${crypto.randomUUID()})`,
      joinedAt: now,
      pointsUpdatedAt: now,
    })
    .onConflictDoNothing()
    .returning();
  if (taken) return taken;
  const existing = await d.query.universePlayers.findFirst({ where: memberOf(universeId, user.id) });
  if (!existing) throw new Error(`membership of ${user.id} in ${universeId} vanished`);
  return existing;
}

/** Marks the join done; exactly one attempt wins, and only the winner answers 201. */
export async function completeMembership(d: Db, universeId: string, userId: string): Promise<boolean> {
  const res = await d
    .update(universePlayers)
    .set({ status: "joined" })
    .where(and(memberOf(universeId, userId), eq(universePlayers.status, "joining")));
  return res.meta.changes === 1;
}

async function occupiedPositions(d: Db, universeId: string, galaxy: number, system: number): Promise<number[]> {
  const rows = await d
    .select({ position: planetSlots.position })
    .from(planetSlots)
    .where(and(eq(planetSlots.universeId, universeId), eq(planetSlots.galaxy, galaxy), eq(planetSlots.system, system)));
  return rows.map((r) => r.position);
}

export async function freePositions(d: Db, u: Universe, galaxy: number, system: number): Promise<number[]> {
  const taken = new Set(await occupiedPositions(d, u.id, galaxy, system));
  return Array.from({ length: u.settings.positions }, (_, i) => i + 1).filter((p) => !taken.has(p));
}

export type Slot = typeof planetSlots.$inferSelect;

/** The slot a planet stands on. */
export async function slotOfPlanet(d: Db, universeId: string, planetId: string): Promise<Slot | undefined> {
  return d.query.planetSlots.findFirst({ where: and(eq(planetSlots.universeId, universeId), eq(planetSlots.planetId, planetId)) });
}

/**
 * Inserts the slot. The primary key decides between racing claimers of a coordinate, and the
 * unique planet id between racing placements of one planet: the answer is the slot the planet
 * now stands on, or null when the coordinate belongs to another planet.
 */
export async function claimSlot(
  d: Db,
  universeId: string,
  coords: Coordinates,
  slot: { planetId: string; ownerId: string; planetName: string },
): Promise<Slot | null> {
  const row = { universeId, ...coords, ...slot, createdAt: Date.now() };
  const res = await d.insert(planetSlots).values(row).onConflictDoNothing();
  if (res.meta.changes === 1) return row;
  return (await slotOfPlanet(d, universeId, slot.planetId)) ?? null;
}

/**
 * Walks the placement cursor (rules §10: fill systems evenly) until a slot is claimed. Racing
 * joiners may pick the same slot: the loser's insert changes nothing and it walks on.
 */
export async function claimHomeworld(
  d: Db,
  u: Universe,
  slot: { planetId: string; ownerId: string; planetName: string },
  seed: number,
): Promise<Slot> {
  const rng = seededRng(seed);
  const row = await d.query.universes.findFirst({ columns: { placementCursor: true }, where: eq(universes.id, u.id) });
  const stored = row?.placementCursor ?? null;
  let cursor: PlacementCursor = stored ? (JSON.parse(stored) as PlacementCursor) : FIRST_PLACEMENT_CURSOR;
  for (let step = 0; step < 20_000; step++) {
    const decision = placeHomeworld(cursor, await occupiedPositions(d, u.id, cursor.galaxy, cursor.system), u.settings, rng);
    if (decision.kind === "full") throw new ApiError(409, "universe_full", "this universe has no free homeworld slot left");
    if (decision.kind === "skip") {
      cursor = decision.next;
      continue;
    }
    const placed = await claimSlot(d, u.id, decision.coords, slot);
    if (placed) {
      const next = JSON.stringify(cursor);
      if (next !== stored) {
        await d
          .update(universes)
          .set({ placementCursor: next })
          .where(and(eq(universes.id, u.id), stored === null ? isNull(universes.placementCursor) : eq(universes.placementCursor, stored)));
      }
      return placed;
    }
  }
  throw ApiError.of("unavailable", "could not place a homeworld; try again");
}

/**
 * Writes the shard's score for a player. Versions come from the shard and only grow, so a delayed
 * or repeated push never overwrites a newer one; a push whose version is already there is a no-op
 * that still counts as delivered.
 */
export async function setPoints(d: Db, universeId: string, userId: string, points: number, version: number): Promise<void> {
  await d
    .update(universePlayers)
    .set({ points, pointsVersion: version, pointsUpdatedAt: Date.now() })
    .where(and(memberOf(universeId, userId), lt(universePlayers.pointsVersion, version)));
}

const joinedIn = (universeId: string) => and(eq(universePlayers.universeId, universeId), eq(universePlayers.status, "joined"));

export async function rankOf(d: Db, universeId: string, points: number): Promise<number> {
  const [row] = await d
    .select({ n: count() })
    .from(universePlayers)
    .where(and(joinedIn(universeId), gt(universePlayers.points, points)));
  return (row?.n ?? 0) + 1;
}

/** Competition rank within the universe (1 + players with more points), for the row being selected. */
// Written out with table names: drizzle leaves columns unqualified in single-table selects, which
// would bind them to the subquery's own alias.
const rankSql = sql<number>`(select count(*) + 1 from universe_players as other where other.universe_id = universe_players.universe_id and other.status = 'joined' and other.points > universe_players.points)`;

export async function highscorePage(d: Db, universeId: string, limit: number, offset: number) {
  const [total] = await d.select({ n: count() }).from(universePlayers).where(joinedIn(universeId));
  const entries = await d
    .select({ userId: universePlayers.userId, username: universePlayers.username, points: universePlayers.points, rank: rankSql })
    .from(universePlayers)
    .where(joinedIn(universeId))
    .orderBy(desc(universePlayers.points), asc(universePlayers.joinedAt))
    .limit(limit)
    .offset(offset);
  return { total: total?.n ?? 0, entries };
}

export async function systemView(d: Db, u: Universe, galaxy: number, system: number) {
  const slots = await d
    .select({ slot: planetSlots, username: universePlayers.username, rank: rankSql })
    .from(planetSlots)
    // Only slots of completed joins: a join still in progress (or abandoned midway) shows nothing.
    .innerJoin(
      universePlayers,
      and(
        eq(universePlayers.universeId, planetSlots.universeId),
        eq(universePlayers.userId, planetSlots.ownerId),
        eq(universePlayers.status, "joined"),
      ),
    )
    .where(and(eq(planetSlots.universeId, u.id), eq(planetSlots.galaxy, galaxy), eq(planetSlots.system, system)));
  const debris = await debrisOfSystem(d, u.id, galaxy, system);
  const moons = await moonsOfSystem(d, u.id, galaxy, system);
  return Array.from({ length: u.settings.positions }, (_, i) => {
    const position = i + 1;
    const row = slots.find((r) => r.slot.position === position);
    const field = debris.get(position) ?? null;
    if (!row) return { position, planet: null, debris: field, moon: null };
    const { slot } = row;
    return {
      position,
      debris: field,
      moon: moons.get(position) ?? null,
      planet: {
        id: slot.planetId,
        name: slot.planetName,
        owner: { id: slot.ownerId, username: row.username, rank: row.rank },
      },
    };
  });
}

/** The planet slot at the coordinates, if a planet stands there. */
export async function slotAt(d: Db, universeId: string, coords: Coordinates): Promise<Slot | undefined> {
  return d.query.planetSlots.findFirst({
    where: and(
      eq(planetSlots.universeId, universeId),
      eq(planetSlots.galaxy, coords.galaxy),
      eq(planetSlots.system, coords.system),
      eq(planetSlots.position, coords.position),
    ),
  });
}

/**
 * Frees a planet's slot (an abandoned colony, a colony claim its owner could not take). By planet
 * id, so a later planet at the same coordinates is never removed.
 */
export async function releaseSlot(d: Db, universeId: string, planetId: string): Promise<void> {
  await d.delete(planetSlots).where(and(eq(planetSlots.universeId, universeId), eq(planetSlots.planetId, planetId)));
}

export async function renameSlot(d: Db, universeId: string, planetId: string, name: string): Promise<void> {
  await d
    .update(planetSlots)
    .set({ planetName: name })
    .where(and(eq(planetSlots.universeId, universeId), eq(planetSlots.planetId, planetId)));
}

/**
 * What a launch needs to know of its target coordinates: the planet (or, for a moon target, the
 * moon) there and its owner (none when there is none), and the points of both players for
 * newbie protection. Read at launch only; the arrival owner checks the target again when the
 * fleet arrives.
 */
export async function launchSight(d: Db, universeId: string, launcherId: string, coords: Coordinates & { kind?: string }) {
  const slot = coords.kind === "moon" ? await moonSighted(d, universeId, coords) : await slotAt(d, universeId, coords);
  const ids = slot ? [launcherId, slot.ownerId] : [launcherId];
  const players = await d
    .select({ userId: universePlayers.userId, points: universePlayers.points })
    .from(universePlayers)
    .where(and(eq(universePlayers.universeId, universeId), inArray(universePlayers.userId, ids)));
  const pointsOf = (id: string) => players.find((p) => p.userId === id)?.points ?? 0;
  const debris = await debrisOfSystem(d, universeId, coords.galaxy, coords.system);
  return {
    target: {
      planetId: slot?.planetId ?? null,
      ownerId: slot?.ownerId ?? null,
      ownerPoints: slot ? pointsOf(slot.ownerId) : 0,
      debris: debris.has(coords.position),
    },
    points: pointsOf(launcherId),
  };
}

async function moonSighted(d: Db, universeId: string, coords: Coordinates) {
  const moon = await moonAt(d, universeId, coords);
  return moon && { planetId: moon.moonId, ownerId: moon.ownerId };
}
