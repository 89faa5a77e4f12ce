import { and, asc, count, desc, eq, gt, isNull, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { isUniqueViolation } from "../db/errors";
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
  const row = { id: input.id, name: input.name, settings: input.settings, isDefault: false, createdAt: Date.now(), placementCursor: null };
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

export async function membership(d: Db, universeId: string, userId: string) {
  return d.query.universePlayers.findFirst({ where: and(eq(universePlayers.universeId, universeId), eq(universePlayers.userId, userId)) });
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

export async function slotOfOwner(d: Db, universeId: string, ownerId: string) {
  return d.query.planetSlots.findFirst({ where: and(eq(planetSlots.universeId, universeId), eq(planetSlots.ownerId, ownerId)) });
}

/** Inserts the slot; the primary key decides between racing claimers. */
export async function claimSlot(
  d: Db,
  universeId: string,
  coords: Coordinates,
  slot: { planetId: string; ownerId: string; planetName: string },
): Promise<boolean> {
  const res = await d
    .insert(planetSlots)
    .values({ universeId, ...coords, ...slot, createdAt: Date.now() })
    .onConflictDoNothing();
  return res.meta.changes === 1;
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
): Promise<Coordinates> {
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
    if (await claimSlot(d, u.id, decision.coords, slot)) {
      const next = JSON.stringify(cursor);
      if (next !== stored) {
        await d
          .update(universes)
          .set({ placementCursor: next })
          .where(and(eq(universes.id, u.id), stored === null ? isNull(universes.placementCursor) : eq(universes.placementCursor, stored)));
      }
      return decision.coords;
    }
  }
  throw ApiError.of("unavailable", "could not place a homeworld; try again");
}

export async function addPlayer(d: Db, universeId: string, user: { id: string; username: string }, shard: number): Promise<void> {
  const now = Date.now();
  await d
    .insert(universePlayers)
    .values({ universeId, userId: user.id, username: user.username, shard, points: 0, joinedAt: now, pointsUpdatedAt: now })
    .onConflictDoNothing();
}

/** Points only move forward in time, so a delayed push never overwrites a newer one. */
export async function setPoints(d: Db, universeId: string, userId: string, points: number, at: number): Promise<void> {
  await d
    .update(universePlayers)
    .set({ points, pointsUpdatedAt: at })
    .where(
      and(eq(universePlayers.universeId, universeId), eq(universePlayers.userId, userId), sql`${universePlayers.pointsUpdatedAt} <= ${at}`),
    );
}

export async function rankOf(d: Db, universeId: string, points: number): Promise<number> {
  const [row] = await d
    .select({ n: count() })
    .from(universePlayers)
    .where(and(eq(universePlayers.universeId, universeId), gt(universePlayers.points, points)));
  return (row?.n ?? 0) + 1;
}

/** Competition rank within the universe (1 + players with more points), for the row being selected. */
// Written out with table names: drizzle leaves columns unqualified in single-table selects, which
// would bind them to the subquery's own alias.
const rankSql = sql<number>`(select count(*) + 1 from universe_players as other where other.universe_id = universe_players.universe_id and other.points > universe_players.points)`;

export async function highscorePage(d: Db, universeId: string, limit: number, offset: number) {
  const [total] = await d.select({ n: count() }).from(universePlayers).where(eq(universePlayers.universeId, universeId));
  const entries = await d
    .select({ userId: universePlayers.userId, username: universePlayers.username, points: universePlayers.points, rank: rankSql })
    .from(universePlayers)
    .where(eq(universePlayers.universeId, universeId))
    .orderBy(desc(universePlayers.points), asc(universePlayers.joinedAt))
    .limit(limit)
    .offset(offset);
  return { total: total?.n ?? 0, entries };
}

export async function systemView(d: Db, u: Universe, galaxy: number, system: number) {
  const slots = await d
    .select({ slot: planetSlots, username: universePlayers.username, rank: rankSql })
    .from(planetSlots)
    .leftJoin(universePlayers, and(eq(universePlayers.universeId, planetSlots.universeId), eq(universePlayers.userId, planetSlots.ownerId)))
    .where(and(eq(planetSlots.universeId, u.id), eq(planetSlots.galaxy, galaxy), eq(planetSlots.system, system)));
  return Array.from({ length: u.settings.positions }, (_, i) => {
    const position = i + 1;
    const row = slots.find((r) => r.slot.position === position);
    if (!row) return { position, planet: null };
    const { slot } = row;
    return {
      position,
      planet: {
        id: slot.planetId,
        name: slot.planetName,
        // A slot can briefly exist before its owner's membership row (join in progress).
        owner: { id: slot.ownerId, username: row.username ?? "unknown", rank: row.username === null ? null : row.rank },
      },
    };
  });
}

export async function renameSlot(d: Db, universeId: string, planetId: string, name: string): Promise<void> {
  await d
    .update(planetSlots)
    .set({ planetName: name })
    .where(and(eq(planetSlots.universeId, universeId), eq(planetSlots.planetId, planetId)));
}
