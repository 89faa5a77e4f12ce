import { eq, inArray } from "drizzle-orm";
import type { Db } from "../db/client";
import {
  accountTokens,
  gamePlayers,
  gameRecords,
  playerAchievements,
  playerStats,
  replayShares,
  roomMembers,
  sessions,
  tcgCollections,
  tcgDecks,
  universePlayers,
  type UserRow,
} from "../db/schema/index";
import { exportAccountCharacters } from "../world/accounts";

export const EXPORT_FORMAT = "orrery-account-export/1" as const;

/**
 * Everything held about the account, as JSON: what D1 holds, plus each text-world character's
 * record from the area object that holds it. Secrets stay out: no password hash, no refresh
 * or mail token (only their metadata). Game records come without their action logs, which are
 * large and hold no personal data beyond the seats; `replay` names the route that exports each.
 */
export async function exportAccount(env: Env, d: Db, user: UserRow, now = Date.now()) {
  const played = await d
    .select({ gameId: gamePlayers.gameId, seat: gamePlayers.seat })
    .from(gamePlayers)
    .where(eq(gamePlayers.userId, user.id));
  const ids = played.map((p) => p.gameId);
  const [sessionRows, tokenRows, games, stats, achievements, universes, rooms, shares, collection, decks, world] = await Promise.all([
    d.query.sessions.findMany({ where: eq(sessions.userId, user.id) }),
    d.query.accountTokens.findMany({ where: eq(accountTokens.userId, user.id) }),
    ids.length === 0
      ? []
      : d
          .select({
            id: gameRecords.id,
            game: gameRecords.game,
            ranked: gameRecords.ranked,
            status: gameRecords.status,
            imported: gameRecords.imported,
            seats: gameRecords.seats,
            result: gameRecords.result,
            startedAt: gameRecords.startedAt,
            endedAt: gameRecords.endedAt,
          })
          .from(gameRecords)
          .where(inArray(gameRecords.id, ids)),
    d.query.playerStats.findMany({ where: eq(playerStats.userId, user.id) }),
    d.query.playerAchievements.findMany({ where: eq(playerAchievements.userId, user.id) }),
    d.query.universePlayers.findMany({ where: eq(universePlayers.userId, user.id) }),
    d.query.roomMembers.findMany({ where: eq(roomMembers.userId, user.id) }),
    d.query.replayShares.findMany({ where: eq(replayShares.createdBy, user.id) }),
    d.query.tcgCollections.findMany({ where: eq(tcgCollections.userId, user.id) }),
    d.query.tcgDecks.findMany({ where: eq(tcgDecks.userId, user.id) }),
    exportAccountCharacters(env, d, user.id),
  ]);
  const seatOf = new Map(played.map((p) => [p.gameId, p.seat]));
  return {
    format: EXPORT_FORMAT,
    exportedAt: now,
    account: {
      id: user.id,
      username: user.username,
      email: user.email,
      emailVerifiedAt: user.emailVerifiedAt,
      role: user.role,
      banned: user.banned,
      banReason: user.banReason,
      createdAt: user.createdAt,
      lastLoginAt: user.lastLoginAt,
    },
    sessions: sessionRows.map(({ tokenHash: _secret, ...s }) => s),
    mailTokens: tokenRows.map((t) => ({ kind: t.kind, email: t.email, createdAt: t.createdAt, expiresAt: t.expiresAt, usedAt: t.usedAt })),
    games: games.map((g) => ({ ...g, seat: seatOf.get(g.id) ?? null, replay: `/v1/games/${g.id}/export` })),
    stats,
    achievements,
    universes,
    rooms,
    replayShares: shares,
    familiars: { collection: collection.map((c) => ({ cardId: c.cardId, count: c.count })), decks },
    world,
  };
}
