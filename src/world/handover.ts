/**
 * The engine's half of cross-area movement (spec §12). The area objects carry the protocol (ids,
 * retries, directory); these functions are the state changes at each step, each one transaction.
 */
import { endAllTargeting } from "./combat";
import type { Character, ItemInstance } from "./state";
import type { Tx } from "./tx";
import { allOn, DIRECTION_FROM, sendRoom } from "./world";
import { placeCharacter } from "./movement";

/** Everything that moves with a character: its record (effects, quests, flags, messageIds) and every item on it, ids kept. */
export interface CharacterSnapshot {
  character: Character;
  items: ItemInstance[];
}

export function snapshotOf(tx: Tx, characterId: string): CharacterSnapshot {
  const character = structuredClone(tx.state.characters[characterId]!);
  const items = structuredClone(allOn(tx.state, characterId));
  return { character, items };
}

/** Step 2 at B: place the character and its items in `room`, owned here, state `arriving`; run the arrival (§6.3). */
export function placeArrival(tx: Tx, snapshot: CharacterSnapshot, room: string): void {
  const c: Character = { ...structuredClone(snapshot.character), status: "arriving", room, target: null, wasInCombat: false, leftAt: null };
  tx.state.characters[c.id] = c;
  for (const item of snapshot.items) tx.state.items[item.id] = { ...structuredClone(item), spawn: null };
  for (const e of c.effects) {
    if (e.nextTickAt !== null) tx.schedule(`fx:${c.id}:${e.effect}:1tick`, e.nextTickAt, "effect_tick", { who: c.id, effect: e.effect });
    if (e.expiresAt !== null) tx.schedule(`fx:${c.id}:${e.effect}:2exp`, e.expiresAt, "effect_expire", { who: c.id, effect: e.effect });
  }
  tx.schedule(`stasis:${c.id}`, tx.now + tx.settings.stasis_grace_s * 1000, "stasis_expire", { who: c.id });
  // Named by an exit leading back out of the area, when there is one (§6.3).
  const back = Object.keys(tx.state.rooms[room]?.exits ?? {}).find(
    (dir) => tx.content.rooms.get(tx.state.rooms[room]!.exits[dir]!.to)?.area !== tx.state.area,
  );
  placeCharacter(tx, c, room, back && DIRECTION_FROM[back] ? `${c.name} arrives from ${DIRECTION_FROM[back]}.` : `${c.name} arrives.`);
}

/** Step 4 at A on `ok`: the character and its items leave this area's state. */
export function removeDeparted(tx: Tx, characterId: string): void {
  for (const item of allOn(tx.state, characterId)) delete tx.state.items[item.id];
  tx.cancelPrefix(`fx:${characterId}:`);
  for (const k of ["regen", "death", "stasis", "swing"]) tx.cancel(`${k}:${characterId}`);
  delete tx.state.characters[characterId];
}

/** Step 4 at A on `rejected`: back where it stood. */
export function restoreDeparture(tx: Tx, characterId: string): void {
  const c = tx.state.characters[characterId];
  if (c?.status !== "departing") return;
  endAllTargeting(tx, c);
  c.status = "normal";
  tx.message(c.id, "system", "You cannot go that way right now.");
  tx.roomMessage(c.room, "room", `${c.name} arrives.`, c.id);
  sendRoom(tx, c);
}
