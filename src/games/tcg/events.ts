/**
 * Raw events (spec §14). They name every card involved; `projectEvent` in view.ts removes what a
 * viewer may not see. A card reference is `{ id, card }` (instance id and card id).
 */
import type { GameEvent } from "../../rooms/game";
import type { TcgState } from "./state";

export type Ref = { id: string; card: string };

export function ref(s: TcgState, id: string): Ref {
  return { id, card: s.cards[id] as string };
}

export function refs(s: TcgState, ids: readonly string[]): Ref[] {
  return ids.map((id) => ref(s, id));
}

export function event(type: string, data: Record<string, unknown>): GameEvent {
  return { type, data };
}
