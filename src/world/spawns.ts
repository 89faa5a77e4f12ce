/**
 * Spawns, occupancy and area resets (spec §1.4, §3 occupancy, §11.3). Wander, idle and timer-trigger
 * rows exist only while the area is occupied, so an empty area runs nothing but respawns and decay.
 */
import { placeItem, removeNpc } from "./combat";
import { aggroOnNpc } from "./movement";
import type { AreaState, Npc } from "./state";
import type { Tx } from "./tx";
import { contents, Name } from "./world";

export function spawnNpc(tx: Tx, template: string, room: string, spawn: string | null): Npc {
  const id = tx.newId("np");
  const npc: Npc = {
    kind: "npc",
    id,
    template,
    spawn,
    room,
    hp: tx.content.npcs.get(template)!.max_hp,
    effects: [],
    target: null,
    targetSince: 0,
    lastSwingAt: null,
    arrival: tx.nextSeq(),
    wasInCombat: false,
    damagedBy: [],
    killedBy: null,
  };
  tx.state.npcs[id] = npc;
  if (spawn) tx.state.spawns[spawn] = id;
  if (tx.state.occupied) scheduleBehaviour(tx, npc);
  return npc;
}

/** A fresh area: content's room state, doors, triggers, then every spawn and item spawn in content order. */
export function freshArea(tx: Tx): void {
  const area = tx.content.areas.get(tx.state.area)!;
  resetRoomState(tx, tx.state, { keepPermanent: false });
  for (const s of area.spawns) spawnNpc(tx, s.npc, s.room, s.id);
  for (const s of area.item_spawns) spawnItem(tx, s.id);
}

function resetRoomState(tx: Tx, state: AreaState, opts: { keepPermanent: boolean }): void {
  const area = tx.content.areas.get(state.area)!;
  const keep = (list: string[], id: string) => opts.keepPermanent && list.includes(id);
  for (const room of area.rooms) {
    for (const t of room.triggers) {
      if (!(opts.keepPermanent && t.permanent && state.triggers[t.id]))
        state.triggers[t.id] = { count: 0, lastFiredAt: null, enabled: t.enabled };
    }
    if (keep(state.permanent.rooms, room.id) && state.rooms[room.id]) continue;
    state.rooms[room.id] = {
      exits: Object.fromEntries(
        Object.entries(room.exits).map(([dir, e]) => [
          dir,
          typeof e === "string" ? { to: e, door: null, hidden: false } : { to: e.to, door: e.door ?? null, hidden: e.hidden },
        ]),
      ),
      description: null,
    };
  }
  for (const [id, door] of Object.entries(area.doors)) if (!keep(state.permanent.doors, id)) state.doors[id] = door.state;
  for (const flag of Object.keys(state.flags)) if (!keep(state.permanent.flags, flag)) delete state.flags[flag];
  if (!opts.keepPermanent) state.permanent = { rooms: [], doors: [], flags: [] };
}

export function spawnItem(tx: Tx, spawnId: string): void {
  const s = tx.content.areas.get(tx.state.area)!.item_spawns.find((x) => x.id === spawnId)!;
  const current = tx.state.itemSpawns[spawnId];
  if (current && tx.state.items[current]?.spawn === spawnId) return;
  let loc: { room: string } | { container: string };
  if (s.room) loc = { room: s.room };
  else {
    const holder = tx.state.itemSpawns[s.container!];
    if (!holder || !tx.state.items[holder]) return;
    loc = { container: holder };
  }
  const item = placeItem(tx, s.item, loc, false);
  item.spawn = spawnId;
  tx.state.itemSpawns[spawnId] = item.id;
  if ("room" in loc && tx.state.occupied) tx.roomMessage(loc.room, "room", `${Name(tx, item)} appears.`);
}

/** A spawned item left its place (taken, destroyed): its respawn timer starts, unless it never respawns. */
export function itemLeftSpawn(tx: Tx, itemId: string): void {
  const item = tx.state.items[itemId];
  const spawnId = item?.spawn;
  if (!spawnId) return;
  item.spawn = null;
  const s = tx.content.areas.get(tx.state.area)!.item_spawns.find((x) => x.id === spawnId);
  if (!s || s.respawn_s === null) return;
  const seconds = s.respawn_s ?? tx.content.areas.get(tx.state.area)!.default_respawn_s ?? tx.settings.default_npc_respawn_s;
  tx.schedule(`itemrespawn:${spawnId}`, tx.now + seconds * 1000, "item_respawn", { spawn: spawnId });
}

export function respawnNpc(tx: Tx, spawnId: string): void {
  if (tx.state.spawns[spawnId]) return;
  const s = tx.content.areas.get(tx.state.area)!.spawns.find((x) => x.id === spawnId);
  if (!s) return;
  const npc = spawnNpc(tx, s.npc, s.room, s.id);
  tx.roomMessage(s.room, "room", `${Name(tx, npc)} arrives.`);
  aggroOnNpc(tx, npc);
}

export function destroyItem(tx: Tx, itemId: string): void {
  const item = tx.state.items[itemId];
  if (!item) return;
  for (const inner of contents(tx.state, itemId)) destroyItem(tx, inner.id);
  itemLeftSpawn(tx, itemId);
  tx.cancel(`decay:${itemId}`);
  delete tx.state.items[itemId];
}

export function decayItem(tx: Tx, itemId: string): void {
  const item = tx.state.items[itemId];
  if (!item || !("room" in item.loc)) return;
  tx.roomMessage(item.loc.room, "room", `${Name(tx, item)} crumbles to dust.`);
  destroyItem(tx, itemId);
}

function uniformMs(tx: Tx, [min, max]: [number, number]): number {
  return tx.rng.int(min, max) * 1000;
}

export function scheduleBehaviour(tx: Tx, npc: Npc): void {
  const t = tx.content.npcs.get(npc.template)!;
  if (t.behaviours.includes("wander") && t.wander_s)
    tx.schedule(`wander:${npc.id}`, tx.now + uniformMs(tx, t.wander_s), "npc_wander", { npc: npc.id });
  if (t.idle) tx.schedule(`idle:${npc.id}`, tx.now + uniformMs(tx, t.idle.every_s), "npc_idle", { npc: npc.id });
}

/** Creates or deletes the occupied-only rows when occupancy changes (§3). */
export function updateOccupancy(tx: Tx): void {
  const occupied = Object.values(tx.state.characters).some((c) => c.status !== "offline" && c.status !== "departing");
  if (occupied === tx.state.occupied) return;
  tx.state.occupied = occupied;
  if (occupied) {
    tx.cancel("area_reset");
    for (const npc of Object.values(tx.state.npcs)) scheduleBehaviour(tx, npc);
    for (const room of tx.content.areas.get(tx.state.area)!.rooms) {
      for (const t of room.triggers) {
        if (t.event === "on_timer")
          tx.schedule(`trigger:${t.id}`, tx.now + (t.initial_delay_s ?? t.interval_s!) * 1000, "trigger_timer", {
            trigger: t.id,
            room: room.id,
          });
      }
    }
  } else {
    tx.cancelPrefix("wander:");
    tx.cancelPrefix("idle:");
    tx.cancelPrefix("trigger:");
    tx.schedule("area_reset", tx.now + tx.settings.area_reset_s * 1000, "area_reset");
  }
}

/** §11.3: non-persistent NPCs are replaced, non-permanent room state returns to content, item spawns refill. */
export function resetArea(tx: Tx): void {
  for (const npc of Object.values(tx.state.npcs)) {
    const template = tx.content.npcs.get(npc.template);
    if (!template?.persistent) {
      const spawn = npc.spawn;
      removeNpc(tx, npc);
      if (spawn) tx.cancel(`respawn:${spawn}`);
    }
  }
  resetRoomState(tx, tx.state, { keepPermanent: true });
  const area = tx.content.areas.get(tx.state.area)!;
  for (const s of area.spawns) {
    const persistent = tx.content.npcs.get(s.npc)?.persistent;
    if (!tx.state.spawns[s.id] && !(persistent && tx.state.timers[`respawn:${s.id}`])) spawnNpc(tx, s.npc, s.room, s.id);
  }
  for (const s of area.item_spawns) {
    tx.cancel(`itemrespawn:${s.id}`);
    spawnItem(tx, s.id);
  }
}
