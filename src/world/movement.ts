/** Moving characters and NPCs between rooms (spec §6.3 moves and arrival order, §5.6 wander, §5.4 respawn, §12 departures). */
import { endAllTargeting, enterSafety } from "./combat";
import type { Character, Npc } from "./state";
import { progressVisit } from "./quests";
import { inCombat } from "./stats";
import { runTriggers } from "./triggers";
import type { Tx } from "./tx";
import { canSee, DIRECTION_FROM, Name, npcsIn, sendRoom, visibleExits } from "./world";

/** Exits a wanderer or a fleeing NPC may take: visible, no closed door, into a room of its area not flagged no_wander. */
export function wanderExits(tx: Tx, room: string) {
  return visibleExits(tx, room).filter(([, e]) => {
    const info = tx.content.rooms.get(e.to);
    if (!info || info.area !== tx.state.area || info.flags.includes("no_wander")) return false;
    return !e.door || tx.state.doors[e.door] === "open";
  });
}

/** Exits a fleeing character may take: visible, no closed door (another area is a handover). */
export function fleeExits(tx: Tx, room: string) {
  return visibleExits(tx, room).filter(([, e]) => !e.door || tx.state.doors[e.door] === "open");
}

function arrivalPhrase(tx: Tx, from: string, to: string): string {
  const back = Object.entries(tx.state.rooms[to]?.exits ?? {}).find(([, e]) => e.to === from);
  return back && DIRECTION_FROM[back[0]] ? ` from ${DIRECTION_FROM[back[0]]}` : "";
}

function departurePhrase(dir: string): string {
  return DIRECTION_FROM[dir] ? ` ${dir}` : ` (${dir})`;
}

/** A room message about `c` that viewers who cannot see it (an invisible GM) do not get. */
function aboutCharacter(tx: Tx, c: Character, text: string): void {
  for (const viewer of tx.present(c.room, c.id)) if (canSee(viewer, c)) tx.message(viewer.id, "room", text);
}

/**
 * Moves a character through the exit `dir` (already validated). `on_exit` triggers run first; an
 * exit into another area makes the character `departing` and asks the area object for a handover.
 */
export function moveCharacter(tx: Tx, c: Character, dir: string): void {
  const from = c.room;
  const exit = tx.state.rooms[from]!.exits[dir]!;
  runTriggers(tx, from, "on_exit", c, { exit: dir });
  if (c.status === "dead") return; // an on_exit damage action killed it
  aboutCharacter(tx, c, `${c.name} leaves${departurePhrase(dir)}.`);
  const toInfo = tx.content.rooms.get(exit.to)!;
  if (toInfo.area !== tx.state.area) {
    endAllTargeting(tx, c);
    c.status = "departing";
    tx.requests.push({ kind: "handover", character: c.id, area: toInfo.area, room: exit.to });
    return;
  }
  c.room = exit.to;
  c.arrival = tx.nextSeq();
  aboutCharacter(tx, c, `${c.name} arrives${arrivalPhrase(tx, from, exit.to)}.`);
  arrive(tx, c);
}

/** Arrival order (§6.3) after the arrival message: room view, safety, on_enter, visit objectives, aggro. */
export function arrive(tx: Tx, c: Character): void {
  sendRoom(tx, c);
  enterSafety(tx, c);
  runTriggers(tx, c.room, "on_enter", c, {});
  if (c.status === "dead") return;
  progressVisit(tx, c, c.room);
  aggroOnCharacter(tx, c);
}

/** Places an arriving or entering character in `room` as a fresh arrival, with the `arrives` message. */
export function placeCharacter(tx: Tx, c: Character, room: string, text: string): void {
  c.room = room;
  c.arrival = tx.nextSeq();
  aboutCharacter(tx, c, text);
  arrive(tx, c);
}

export function respawnCharacter(tx: Tx, c: Character, room: string, hp: number): void {
  aboutCharacter(tx, c, `${c.name} fades away.`);
  c.status = "normal";
  c.hp = hp;
  placeCharacter(tx, c, room, `${c.name} appears in a shimmer of light.`);
  tx.message(c.id, "system", "You appear in a shimmer of light.");
}

export function moveNpc(tx: Tx, npc: Npc, dir: string, opts: { silentDeparture?: boolean } = {}): void {
  const from = npc.room;
  const to = tx.state.rooms[from]!.exits[dir]!.to;
  if (!opts.silentDeparture) tx.roomMessage(from, "room", `${Name(tx, npc)} leaves${departurePhrase(dir)}.`);
  npc.room = to;
  npc.arrival = tx.nextSeq();
  tx.roomMessage(to, "room", `${Name(tx, npc)} arrives${arrivalPhrase(tx, from, to)}.`);
  enterSafety(tx, npc);
  aggroOnNpc(tx, npc);
}

const aggroKey = (npc: string) => `aggro:${npc}`;

function isAggressive(tx: Tx, npc: Npc): boolean {
  return tx.content.npcs.get(npc.template)!.behaviours.includes("aggressive");
}

export function eligibleForAggro(tx: Tx, c: Character): boolean {
  return c.status === "normal" && !c.invisible && !tx.content.rooms.get(c.room)!.flags.includes("safe");
}

/** §5.6 aggressive: a character arrived in the room of aggressive NPCs. */
export function aggroOnCharacter(tx: Tx, c: Character): void {
  for (const npc of npcsIn(tx.state, c.room)) {
    if (isAggressive(tx, npc) && !inCombat(tx.state, npc) && !tx.state.timers[aggroKey(npc.id)]) {
      tx.schedule(aggroKey(npc.id), tx.now + 1000, "aggro", { npc: npc.id, cause: c.id });
    }
  }
}

/** §5.6 aggressive: the NPC arrived (moving or spawned) in a room with characters. */
export function aggroOnNpc(tx: Tx, npc: Npc): void {
  if (!isAggressive(tx, npc) || tx.state.timers[aggroKey(npc.id)]) return;
  const first = tx.present(npc.room).find((c) => eligibleForAggro(tx, c));
  if (first) tx.schedule(aggroKey(npc.id), tx.now + 1000, "aggro", { npc: npc.id, cause: first.id });
}
