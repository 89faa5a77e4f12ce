/** Room triggers (spec §7): conditions, actions, limits. `on_timer` triggers run without a player. */
import { damage, heal, placeItem, removeNpc } from "./combat";
import type { Action, Condition, Trigger } from "./content/schema";
import { applyEffect } from "./effects";
import { aggroOnNpc } from "./movement";
import { spawnNpc } from "./spawns";
import type { Character } from "./state";
import { inCombat, maxHp } from "./stats";
import type { Tx } from "./tx";
import { allOn, capacityWeight, carried, floorItems, MAX_CARRIED, npcsIn, weightOn } from "./world";

export type TriggerEvent = Trigger["event"];

/** A glob over the whole normalised text: `*` any run, `?` one character. */
export function globMatches(pattern: string, text: string): boolean {
  const re = pattern
    .toLowerCase()
    .split("")
    .map((ch) => (ch === "*" ? ".*" : ch === "?" ? "." : ch.replace(/[.+^${}()|[\]\\]/g, "\\$&")))
    .join("");
  return new RegExp(`^${re}$`).test(text);
}

/**
 * Runs the room's triggers for an event. `on_enter`/`on_exit`/`on_timer`: every eligible trigger
 * fires in definition order. `on_command`: the first that fires consumes the command (returns true).
 */
export function runTriggers(
  tx: Tx,
  room: string,
  event: TriggerEvent,
  player: Character | null,
  ctx: { exit?: string; text?: string; only?: string },
): boolean {
  const info = tx.content.rooms.get(room)!;
  for (const trigger of info.triggers) {
    if (trigger.event !== event) continue;
    if (ctx.only && trigger.id !== ctx.only) continue;
    if (event === "on_exit" && trigger.exit && trigger.exit !== ctx.exit) continue;
    if (event === "on_command" && !globMatches(trigger.pattern!, ctx.text ?? "")) continue;
    if (!eligible(tx, trigger, room, player)) continue;
    const state = tx.state.triggers[trigger.id]!;
    state.count += 1;
    state.lastFiredAt = tx.now;
    for (const action of trigger.actions) runAction(tx, trigger, room, player, action);
    if (event === "on_command") return true;
  }
  return false;
}

function eligible(tx: Tx, t: Trigger, room: string, player: Character | null): boolean {
  const s = tx.state.triggers[t.id]!;
  if (!s.enabled) return false;
  if (t.max_fires !== undefined && s.count >= t.max_fires) return false;
  if (s.lastFiredAt !== null && tx.now - s.lastFiredAt < t.cooldown_s * 1000) return false;
  return t.conditions.every((c) => holds(tx, c, room, player) !== c.negate);
}

const within = (v: number, c: { min?: number; max?: number }) => (c.min === undefined || v >= c.min) && (c.max === undefined || v <= c.max);

function holds(tx: Tx, c: Condition, room: string, p: Character | null): boolean {
  switch (c.type) {
    case "flag_set":
      return c.scope === "area" ? !!tx.state.flags[c.flag] : !!p?.flags[c.flag];
    case "has_item":
      return !!p && allOn(tx.state, p.id).filter((i) => i.template === c.item).length >= c.count;
    case "level":
      return !!p && within(p.level, c);
    case "health_percent":
      return !!p && within(Math.floor((100 * p.hp) / maxHp(tx.content, tx.state, p)), c);
    case "in_combat":
      return !!p && inCombat(tx.state, p);
    case "has_effect":
      return !!p && p.effects.some((e) => e.effect === c.effect);
    case "entity_present":
      return c.npc
        ? npcsIn(tx.state, room).some((n) => n.template === c.npc)
        : floorItems(tx.state, room).some((i) => i.template === c.item);
    case "player_count":
      return within(tx.present(room).length, c);
  }
}

export function substitute(tx: Tx, text: string, room: string, p: Character | null): string {
  const vars: Record<string, string | undefined> = {
    "player.name": p?.name,
    "player.level": p ? String(p.level) : undefined,
    "room.name": tx.content.rooms.get(room)?.name,
    "area.name": tx.content.areas.get(tx.state.area)?.name,
  };
  return text.replace(/\{([a-z.]+)\}/g, (whole, key: string) => vars[key] ?? whole);
}

function runAction(tx: Tx, t: Trigger, triggerRoom: string, p: Character | null, a: Action): void {
  const room = "room" in a && a.room ? a.room : triggerRoom;
  const markRoom = () => {
    if (t.permanent && !tx.state.permanent.rooms.includes(room)) tx.state.permanent.rooms.push(room);
  };
  const setFlag = (scope: "player" | "area", flag: string, value: boolean) => {
    if (scope === "area") {
      tx.state.flags[flag] = value;
      if (t.permanent && !tx.state.permanent.flags.includes(flag)) tx.state.permanent.flags.push(flag);
    } else if (p) p.flags[flag] = value;
  };
  switch (a.type) {
    case "message_player":
      if (p) tx.message(p.id, "system", substitute(tx, a.text, triggerRoom, p));
      return;
    case "message_room":
      tx.roomMessage(room, "room", substitute(tx, a.text, triggerRoom, p));
      return;
    case "set_flag":
      setFlag(a.scope, a.flag, a.value);
      return;
    case "toggle_flag":
      setFlag(a.scope, a.flag, !(a.scope === "area" ? tx.state.flags[a.flag] : p?.flags[a.flag]));
      return;
    case "damage":
      if (p) damage(tx, p, a.amount, null);
      return;
    case "heal":
      if (p) heal(tx, p, a.amount);
      return;
    case "apply_effect":
      if (p) applyEffect(tx, p, a.effect);
      return;
    case "spawn_npc":
      for (let i = 0; i < a.count; i++) aggroOnNpc(tx, spawnNpc(tx, a.npc, room, null));
      return;
    case "despawn_npc":
      for (const n of Object.values(tx.state.npcs).filter((n) => n.template === a.npc)) removeNpc(tx, n);
      return;
    case "spawn_item":
      placeItem(tx, a.item, { room }, true);
      return;
    case "give_item":
      if (p) for (let i = 0; i < a.count; i++) giveOrDrop(tx, p, a.item);
      return;
    case "take_item":
      if (p)
        for (const item of allOn(tx.state, p.id)
          .filter((i) => i.template === a.item)
          .slice(0, a.count))
          delete tx.state.items[item.id];
      return;
    case "open_exit":
      tx.state.rooms[room]!.exits[a.direction] = { to: a.to, door: null, hidden: false };
      markRoom();
      return;
    case "close_exit":
      delete tx.state.rooms[room]!.exits[a.direction];
      markRoom();
      return;
    case "reveal_exit":
    case "hide_exit": {
      const exit = tx.state.rooms[room]!.exits[a.direction];
      if (exit) exit.hidden = a.type === "hide_exit";
      markRoom();
      return;
    }
    case "lock_door":
    case "unlock_door":
      tx.state.doors[a.door] = a.type === "lock_door" ? "locked" : "closed";
      if (t.permanent && !tx.state.permanent.doors.includes(a.door)) tx.state.permanent.doors.push(a.door);
      return;
    case "set_description":
      tx.state.rooms[room]!.description = substitute(tx, a.text, triggerRoom, p);
      markRoom();
      return;
    case "reset_description":
      tx.state.rooms[room]!.description = null;
      markRoom();
      return;
    case "enable_trigger":
    case "disable_trigger":
      tx.state.triggers[a.trigger]!.enabled = a.type === "enable_trigger";
      return;
  }
}

/** Into the inventory, or onto the floor (decaying) when a limit would break. */
export function giveOrDrop(tx: Tx, c: Character, template: string): void {
  const weight = tx.content.items.get(template)!.weight;
  const fits = carried(tx.state, c.id).length < MAX_CARRIED && weightOn(tx, c.id) + weight <= capacityWeight(tx, c);
  if (fits) placeItem(tx, template, { character: c.id, slot: null }, false);
  else {
    const item = placeItem(tx, template, { room: c.room }, true);
    tx.message(c.id, "system", `You cannot carry ${tx.content.items.get(item.template)!.name}; it falls to the floor.`);
  }
}
