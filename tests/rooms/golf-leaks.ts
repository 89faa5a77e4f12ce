import { expect } from "vitest";
import type { GolfState } from "../../src/games/golf";
import type { RoomClient } from "./helpers";

export type CardId = { rank: string; suit: string; deckId: number };

/** Card identities no spectator may know right now: face-down cards in hands and a card drawn from the deck. */
export function hiddenCards(s: GolfState): CardId[] {
  const out: CardId[] = s.players.flatMap((p) => p.hand.filter((slot) => !slot.faceUp).map((slot) => slot.card));
  if (s.drawn?.source === "deck") out.push(s.drawn.card);
  return out;
}

/** Every card-like object anywhere in a payload. */
export function cardsIn(value: unknown, out: CardId[] = []): CardId[] {
  if (Array.isArray(value)) for (const v of value) cardsIn(v, out);
  else if (value && typeof value === "object") {
    const o = value as Record<string, unknown>;
    if (typeof o.rank === "string" && typeof o.suit === "string" && typeof o.deckId === "number") {
      out.push({ rank: o.rank, suit: o.suit, deckId: o.deckId });
    }
    for (const v of Object.values(o)) cardsIn(v, out);
  }
  return out;
}

export const same = (a: CardId, b: CardId) => a.rank === b.rank && a.suit === b.suit && a.deckId === b.deckId;

/** Fails when anything the client received names a card that is hidden in `state`. */
export function assertNothingHidden(client: RoomClient, state: GolfState): void {
  const hidden = hiddenCards(state);
  const seen = client.raw.flatMap((r) => (r === "pong" ? [] : cardsIn(JSON.parse(r))));
  const leaked = seen.filter((c) => hidden.some((h) => same(c, h)));
  expect(leaked, "a spectator payload named a face-down card").toEqual([]);
}
