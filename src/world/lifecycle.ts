/** Entering and leaving the world, stasis and reconnection (spec §1.5, §3 offline, §10.5). */
import { endAllTargeting, regenKey } from "./combat";
import { freezeEffects, thawEffects } from "./effects";
import { aggroOnCharacter, placeCharacter } from "./movement";
import type { Character, Stats } from "./state";
import { maxHp } from "./stats";
import type { Tx } from "./tx";
import { sendRoom } from "./world";

export const STAT_ARRAY = [15, 14, 13, 12, 10, 8] as const;

export interface NewCharacter {
  id: string;
  account: string;
  name: string;
  stats: Stats;
}

/** A level-1 character as §1.5 makes it; the area it first enters gives it its starting items. */
export function newCharacter(tx: Tx, input: NewCharacter, role: Character["role"]): Character {
  const c: Character = {
    kind: "character",
    id: input.id,
    account: input.account,
    name: input.name,
    role,
    invisible: false,
    stats: input.stats,
    level: 1,
    xp: 0,
    coins: 10,
    status: "offline",
    flags: {},
    quests: {},
    stopped: false,
    lastFleeAt: null,
    previousCommand: null,
    messageIds: [],
    mutedUntil: null,
    leftAt: null,
    deathXpLoss: 0,
    diedIn: null,
    room: tx.settings.start_room,
    hp: 0,
    effects: [],
    target: null,
    targetSince: 0,
    lastSwingAt: null,
    arrival: 0,
    wasInCombat: false,
  };
  tx.state.characters[c.id] = c;
  c.hp = maxHp(tx.content, tx.state, c);
  const dagger = placeStarter(tx, c, "rusty_dagger");
  if (dagger) tx.state.items[dagger]!.loc = { character: c.id, slot: "weapon" };
  placeStarter(tx, c, "healing_draught");
  return c;
}

function placeStarter(tx: Tx, c: Character, template: string): string | null {
  if (!tx.content.items.has(template)) return null;
  const id = tx.newId("it");
  tx.state.items[id] = {
    id,
    template,
    charges: tx.content.items.get(template)!.use?.charges ?? null,
    decayAt: null,
    loc: { character: c.id, slot: null },
    arrival: tx.nextSeq(),
    spawn: null,
  };
  return id;
}

/** An offline character of this area enters the world: catch-up, then it appears in its room (or the entry room if gone). */
export function enterWorld(tx: Tx, c: Character, role: Character["role"]): void {
  c.role = role;
  c.status = "normal";
  if (!tx.content.rooms.get(c.room) || tx.content.rooms.get(c.room)!.area !== tx.state.area)
    c.room = tx.content.areas.get(tx.state.area)!.entry_room;
  thawEffects(tx, c);
  c.wasInCombat = false;
  placeCharacter(tx, c, c.room, `${c.name} appears.`);
  if (c.hp < maxHp(tx.content, tx.state, c))
    tx.schedule(regenKey(c.id), tx.now + tx.settings.regen_interval_s * 1000, "regen", { who: c.id });
}

/** Quit, stasis expiry or kick: saved where it stands; effects keep running on the clock (§3). */
export function leaveWorld(tx: Tx, c: Character, reason: "quit" | "kicked" | "stasis_expired"): void {
  endAllTargeting(tx, c);
  const text = reason === "stasis_expired" ? `${c.name} fades from the world.` : `${c.name} leaves the world.`;
  tx.roomMessage(c.room, "room", text, c.id);
  freezeEffects(tx, c);
  for (const k of [`stasis:${c.id}`, `death:${c.id}`]) tx.cancel(k);
  c.status = "offline";
  c.leftAt = tx.now;
  tx.requests.push({ kind: "left_world", character: c.id, reason });
}

export function disconnect(tx: Tx, c: Character): void {
  if (c.status === "offline" || c.status === "departing" || c.status === "stasis") return;
  // A dead character keeps its status (the countdown goes on); the stasis row still starts.
  if (c.status !== "dead") c.status = "stasis";
  tx.roomMessage(c.room, "room", `${c.name}'s form freezes in place.`, c.id);
  tx.schedule(`stasis:${c.id}`, tx.now + tx.settings.stasis_grace_s * 1000, "stasis_expire", { who: c.id });
}

export function reconnect(tx: Tx, c: Character): void {
  tx.cancel(`stasis:${c.id}`);
  if (c.status === "stasis") {
    c.status = "normal";
    tx.roomMessage(c.room, "room", `${c.name} stirs.`, c.id);
  }
  sendRoom(tx, c);
  if (c.status === "normal") aggroOnCharacter(tx, c);
}

/** The fixed array assigned to the six stats in any order (§1.5); null when `stats` is not a permutation of it. */
export function checkStats(stats: Stats | undefined): Stats | null {
  if (!stats) return { str: 15, dex: 14, con: 13, int: 12, wis: 10, cha: 8 };
  const values = [stats.str, stats.dex, stats.con, stats.int, stats.wis, stats.cha].sort((a, b) => b - a);
  return values.every((v, i) => v === STAT_ARRAY[i]) ? stats : null;
}
