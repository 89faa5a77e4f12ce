import type { TcgState } from "../../src/games/tcg/index";
import type { Msg } from "./helpers";

/** Instance ids hidden from everyone but the omniscient: decks, prizes and energy decks. */
export function alwaysHidden(s: TcgState): string[] {
  return s.players.flatMap((p) => [...p.deck, ...p.prizes, ...p.energy_deck]);
}

/** Every card instance id (`0c12`, `1c7`) named anywhere in the messages. */
export function idsIn(msgs: readonly Msg[]): Set<string> {
  return new Set(
    msgs.flatMap(
      (m) =>
        JSON.stringify(m)
          .match(/"[01]c\d+"/g)
          ?.map((x) => x.slice(1, -1)) ?? [],
    ),
  );
}
