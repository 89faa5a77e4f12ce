/** Queries over an area state: who and what is where, names, weights and views (§1, §6.2, §10.3). */
import { keywordsOf } from "./content/load";
import type { ServerEvent } from "./events";
import { cap, isPresent, type Tx } from "./tx";
import type { AreaState, Character, Combatant, ItemInstance, Npc } from "./state";
import { inCombat, score } from "./stats";

export const MAX_CARRIED = 20;
export const DIRECTION_FROM: Record<string, string> = {
  north: "the north",
  south: "the south",
  east: "the east",
  west: "the west",
  up: "above",
  down: "below",
};

export const byArrival = <T extends { arrival: number }>(list: T[]): T[] => list.sort((a, b) => a.arrival - b.arrival);

export function nameOf(tx: Tx, who: Combatant | ItemInstance): string {
  if ("kind" in who) return who.kind === "character" ? who.name : tx.content.npcs.get(who.template)!.name;
  return tx.content.items.get(who.template)!.name;
}

export const Name = (tx: Tx, who: Combatant | ItemInstance): string => cap(nameOf(tx, who));

/** The definite form for a named thing already in view: «a fat garden rat» → «The fat garden rat». */
export const The = (tx: Tx, who: Combatant | ItemInstance): string => cap(nameOf(tx, who).replace(/^(a|an) /i, "the "));

export function npcsIn(state: AreaState, room: string): Npc[] {
  return byArrival(Object.values(state.npcs).filter((n) => n.room === room && n.hp > 0));
}

export function floorItems(state: AreaState, room: string): ItemInstance[] {
  return byArrival(Object.values(state.items).filter((i) => "room" in i.loc && i.loc.room === room));
}

export function carried(state: AreaState, characterId: string): ItemInstance[] {
  return byArrival(
    Object.values(state.items).filter((i) => "character" in i.loc && i.loc.character === characterId && i.loc.slot === null),
  );
}

export function contents(state: AreaState, containerId: string): ItemInstance[] {
  return byArrival(Object.values(state.items).filter((i) => "container" in i.loc && i.loc.container === containerId));
}

/** Everything on the character: carried, equipped and inside carried containers. */
export function allOn(state: AreaState, characterId: string): ItemInstance[] {
  const top = Object.values(state.items).filter((i) => "character" in i.loc && i.loc.character === characterId);
  return [...top, ...top.flatMap((i) => contents(state, i.id))];
}

export function weightOn(tx: Tx, characterId: string): number {
  return allOn(tx.state, characterId).reduce((sum, i) => sum + tx.content.items.get(i.template)!.weight, 0);
}

export function weightWithContents(tx: Tx, item: ItemInstance): number {
  return [item, ...contents(tx.state, item.id)].reduce((sum, i) => sum + tx.content.items.get(i.template)!.weight, 0);
}

export function capacityWeight(tx: Tx, c: Character): number {
  return 10 * score(tx.content, tx.state, c, "str");
}

export function itemKeywords(tx: Tx, item: ItemInstance): string[] {
  return keywordsOf(tx.content.items.get(item.template)!);
}

export function npcKeywords(tx: Tx, npc: Npc): string[] {
  return keywordsOf(tx.content.npcs.get(npc.template)!);
}

/** Characters of the room as `viewer` sees them: invisible GMs are hidden from lower roles (§9). */
export function visibleCharacters(tx: Tx, room: string, viewer: Character | null): Character[] {
  return tx.present(room).filter((c) => canSee(viewer, c));
}

export function canSee(viewer: Character | null, c: Character): boolean {
  if (!c.invisible || viewer?.id === c.id) return true;
  return viewer !== null && roleAtLeast(viewer, c);
}

function roleAtLeast(a: Character, b: Character): boolean {
  const order = ["player", "moderator", "game_master", "admin"];
  return order.indexOf(a.role) >= order.indexOf(b.role);
}

export function visibleExits(tx: Tx, room: string) {
  return Object.entries(tx.state.rooms[room]!.exits).filter(([, e]) => !e.hidden);
}

export function roomView(tx: Tx, room: string, viewer: Character): ServerEvent {
  const info = tx.content.rooms.get(room)!;
  const state = tx.state.rooms[room]!;
  return {
    type: "room",
    id: room,
    name: info.name,
    description: state.description ?? info.description,
    area: info.area,
    exits: visibleExits(tx, room).map(([direction, e]) => ({ direction, door: e.door ? tx.state.doors[e.door]! : null })),
    characters: visibleCharacters(tx, room, viewer).map((c) => ({ id: c.id, name: c.name, status: characterStatus(tx, c) })),
    npcs: npcsIn(tx.state, room).map((n) => ({ id: n.id, name: nameOf(tx, n), fighting: inCombat(tx.state, n) })),
    items: floorItems(tx.state, room).map((i) => ({ id: i.id, name: nameOf(tx, i) })),
  };
}

function characterStatus(tx: Tx, c: Character): "normal" | "fighting" | "stasis" | "dead" {
  if (c.status === "dead") return "dead";
  if (c.status === "stasis") return "stasis";
  return inCombat(tx.state, c) ? "fighting" : "normal";
}

export function sendRoom(tx: Tx, c: Character): void {
  tx.send(c.id, roomView(tx, c.room, c));
}

export function isSafe(tx: Tx, room: string): boolean {
  return tx.content.rooms.get(room)!.flags.includes("safe");
}

export function charactersOnline(state: AreaState): Character[] {
  return byArrival(Object.values(state.characters).filter(isPresent));
}
