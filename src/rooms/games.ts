/** The games rooms can host, and the per-game hooks the generic runtime needs. */
import { gameRegistry, listGames } from "../games/registry";
import { thinkDelayMs as golfThinkDelayMs } from "../games/golf";
import type { Db } from "../db/client";
import type { Rng } from "../lib/rng";
import { deckOf } from "../tcg/collection";
import type { AnyGameDefinition } from "./game";
import { type Outcome, RoomErrors } from "./runtime/errors";
import { DEFAULT_ROOM_CONFIG, LIMITS, type RoomConfig } from "./runtime/model";

/** Any registered game, offered or not: an existing room keeps working if a flag is turned off. */
export function findGame(id: string): AnyGameDefinition | undefined {
  return Object.hasOwn(gameRegistry, id) ? (gameRegistry as Record<string, AnyGameDefinition>)[id] : undefined;
}

/** Whether a game with these (parsed) options counts for ratings; games without the hook always do. */
export function isRankedGame(game: AnyGameDefinition, options: unknown): boolean {
  return game.isRanked ? game.isRanked(options) : true;
}

/** Games a new room may be created for (Counter only when `ENABLE_COUNTER_GAME` is on). */
export function offeredGames(enableCounter: boolean): AnyGameDefinition[] {
  return listGames(enableCounter);
}

/** How long a CPU appears to think before it moves. */
export function thinkDelayMs(gameId: string, profile: string, rng: Rng): number {
  if (gameId === "golf") return golfThinkDelayMs(profile, rng);
  return LIMITS.defaultThinkDelayMs;
}

/** The room settings of a room created without `config`: the runtime's defaults, then the game's. */
export function defaultRoomConfig(game: AnyGameDefinition): RoomConfig {
  return { ...DEFAULT_ROOM_CONFIG, ...game.roomDefaults };
}

/**
 * A seat choice as the game checks it: a Familiars `{ deck: id }` becomes that saved deck's list
 * (only the player's own decks resolve); anything else passes through unchanged.
 */
export async function resolveSeatChoice(d: Db, gameId: string, userId: string, choice: unknown): Promise<Outcome<{ choice: unknown }>> {
  const savedId = gameId === "tcg" && typeof choice === "object" && choice !== null ? (choice as { deck?: unknown }).deck : undefined;
  if (typeof savedId !== "string") return { ok: true, choice };
  const saved = await deckOf(d, userId, savedId);
  if (!saved) return RoomErrors.invalidChoice("no such saved deck of yours");
  return { ok: true, choice: { cards: saved.cards, energy: saved.energy } };
}
