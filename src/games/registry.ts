/** Every game the runtime can host, by id. */
import type { AnyGameDefinition, GameRegistry } from "../rooms/game";
import { counter } from "./counter";
import { golf } from "./golf";
import { tcg } from "./tcg";

export const gameRegistry = { golf, tcg, counter } satisfies GameRegistry;

export type GameId = keyof typeof gameRegistry;

/**
 * The games to offer. Counter is a runtime test and benchmark fixture, listed only when a config
 * flag enables it.
 */
export function listGames(enableCounter: boolean): AnyGameDefinition[] {
  return Object.values(gameRegistry).filter((game) => enableCounter || game.id !== counter.id);
}
