/**
 * Moderator, game-master and admin commands (spec §9). They act on characters of this area; a name
 * not found here becomes a `remote` request the area object routes through the directory (§12).
 */
import { endAllTargeting, gainXp, placeItem, removeNpc } from "../combat";
import { STATS } from "../content/schema";
import { CommandError } from "../events";
import { leaveWorld } from "../lifecycle";
import { aggroOnNpc, placeCharacter } from "../movement";
import { destroyItem, spawnNpc } from "../spawns";
import type { Character } from "../state";
import { levelForXp, MAX_LEVEL, maxHp, xpForLevel } from "../stats";
import type { Tx } from "../tx";
import { Name } from "../world";
import { badArguments, type Handler, type HandlerContext } from "./handler";
import { floorCandidates, npcCandidates, pick } from "./targets";
import { ROLES, type Role, roleRank } from "./table";

/** The named character if it is in this area; otherwise the command goes remote and null is returned. */
function named(tx: Tx, actor: Character, name: string, ctx: HandlerContext, text: string): Character | null {
  const c = Object.values(tx.state.characters).find((x) => x.name.toLowerCase() === name.toLowerCase() && x.status !== "departing");
  if (!c || c.status === "offline") {
    tx.requests.push({ kind: "remote", from: actor.id, command: ctx.spec.name, target: name, text });
    tx.message(actor.id, "system", `Looking for ${name} elsewhere in the world…`);
    return null;
  }
  if (c.id !== actor.id && roleRank(c.role) >= roleRank(actor.role) && actor.role !== "admin")
    throw new CommandError("forbidden", `You cannot do that to ${c.name}.`);
  return c;
}

function nameAndRest(args: string, ctx: HandlerContext): [string, string] {
  const m = /^(\S+)(?:\s+(.*))?$/.exec(args);
  if (!m) badArguments(ctx.spec);
  return [m[1]!, m[2] ?? ""];
}

const where: Handler = (tx, c, args, ctx) => {
  const [name] = nameAndRest(args, ctx);
  const t = named(tx, c, name, ctx, args);
  if (t) tx.message(c.id, "system", `${t.name}: ${tx.state.area}/${t.room}, ${t.status === "stasis" ? "stasis" : "online"}.`);
};

const kick: Handler = (tx, c, args, ctx) => {
  const [name, reason] = nameAndRest(args, ctx);
  const t = named(tx, c, name, ctx, args);
  if (!t) return;
  tx.message(t.id, "system", reason ? `You have been kicked: ${reason}` : "You have been kicked.");
  tx.send(t.id, { type: "quit", reason: "kicked" });
  leaveWorld(tx, t, "kicked");
  tx.message(c.id, "system", `${t.name} is kicked.`);
};

const mute: Handler = (tx, c, args, ctx) => {
  const [name, rest] = nameAndRest(args, ctx);
  const minutes = Number(rest);
  if (!Number.isInteger(minutes) || minutes < 1 || minutes > 10080) badArguments(ctx.spec);
  const t = named(tx, c, name, ctx, args);
  if (!t) return;
  t.mutedUntil = tx.now + minutes * 60_000;
  tx.message(t.id, "system", `You are muted for ${minutes} minutes.`);
  tx.message(c.id, "system", `${t.name} is muted for ${minutes} minutes.`);
};

const unmute: Handler = (tx, c, args, ctx) => {
  const [name] = nameAndRest(args, ctx);
  const t = named(tx, c, name, ctx, args);
  if (!t) return;
  t.mutedUntil = null;
  tx.message(t.id, "system", "You are no longer muted.");
  tx.message(c.id, "system", `${t.name} is unmuted.`);
};

const warn: Handler = (tx, c, args, ctx) => {
  const [name, text] = nameAndRest(args, ctx);
  if (!text) badArguments(ctx.spec);
  const t = named(tx, c, name, ctx, args);
  if (!t) return;
  tx.message(t.id, "system", `[Warning] ${text}`);
  tx.message(c.id, "system", `${t.name} is warned.`);
};

/** Moves a character to a room of any area: here directly, elsewhere by handover. */
export function relocate(tx: Tx, who: Character, room: string): void {
  endAllTargeting(tx, who);
  tx.roomMessage(who.room, "room", `${who.name} vanishes.`, who.id);
  const info = tx.content.rooms.get(room)!;
  if (info.area !== tx.state.area) {
    who.status = "departing";
    tx.requests.push({ kind: "handover", character: who.id, area: info.area, room });
    return;
  }
  placeCharacter(tx, who, room, `${who.name} appears.`);
}

const goto: Handler = (tx, c, args, ctx) => {
  if (!args) badArguments(ctx.spec);
  const q = args.toLowerCase();
  const room = tx.content.rooms.get(q) ?? [...tx.content.rooms.values()].find((r) => r.name.toLowerCase() === q);
  if (!room) throw new CommandError("not_found", `No room "${args}".`);
  relocate(tx, c, room.id);
};

const summon: Handler = (tx, c, args, ctx) => {
  const [name] = nameAndRest(args, ctx);
  const t = named(tx, c, name, ctx, args);
  if (!t) return;
  tx.message(t.id, "system", `${c.name} summons you.`);
  relocate(tx, t, c.room);
};

const spawn: Handler = (tx, c, args, ctx) => {
  const m = /^(npc|item)\s+(\S+)$/i.exec(args);
  if (!m) badArguments(ctx.spec);
  const [, kind, id] = m;
  if (kind!.toLowerCase() === "npc") {
    if (!tx.content.npcs.has(id!)) throw new CommandError("not_found", `No NPC template "${id}".`);
    const npc = spawnNpc(tx, id!, c.room, null);
    tx.roomMessage(c.room, "room", `${Name(tx, npc)} appears.`);
    aggroOnNpc(tx, npc);
  } else {
    if (!tx.content.items.has(id!)) throw new CommandError("not_found", `No item template "${id}".`);
    const item = placeItem(tx, id!, { room: c.room }, true);
    tx.roomMessage(c.room, "room", `${Name(tx, item)} appears.`);
  }
};

const despawn: Handler = (tx, c, args, ctx) => {
  if (!args) badArguments(ctx.spec);
  const target = pick<{ kind: "npc"; id: string } | { kind: "item"; id: string }>(args, [
    ...npcCandidates(tx, c.room).map((x) => ({ value: { kind: "npc" as const, id: x.value.id }, keywords: x.keywords })),
    ...floorCandidates(tx, c.room).map((x) => ({ value: { kind: "item" as const, id: x.value.id }, keywords: x.keywords })),
  ]);
  if (target.kind === "npc") {
    const npc = tx.state.npcs[target.id]!;
    tx.roomMessage(c.room, "room", `${Name(tx, npc)} vanishes.`);
    removeNpc(tx, npc);
  } else {
    tx.roomMessage(c.room, "room", `${Name(tx, tx.state.items[target.id]!)} vanishes.`);
    destroyItem(tx, target.id);
  }
};

const setstat: Handler = (tx, c, args, ctx) => {
  const m = /^(\S+)\s+(\S+)\s+(-?\d+)$/.exec(args);
  if (!m) badArguments(ctx.spec);
  const [, name, statRaw, valueRaw] = m;
  const stat = statRaw!.toLowerCase();
  const value = Number(valueRaw);
  const t = named(tx, c, name!, ctx, args);
  if (!t) return;
  const bad = () => {
    throw new CommandError("bad_arguments", `Usage: ${ctx.spec.usage}`, { stat, value });
  };
  if ((STATS as readonly string[]).includes(stat)) {
    if (value < 1 || value > 30) bad();
    t.stats[stat as (typeof STATS)[number]] = value;
    t.hp = Math.min(t.hp, maxHp(tx.content, tx.state, t));
  } else if (stat === "hp") {
    if (value < 1 || value > maxHp(tx.content, tx.state, t)) bad();
    t.hp = value;
  } else if (stat === "level") {
    if (value < 1 || value > MAX_LEVEL) bad();
    const before = maxHp(tx.content, tx.state, t);
    t.level = value;
    t.xp = xpForLevel(value);
    const after = maxHp(tx.content, tx.state, t);
    t.hp = after > before ? t.hp + (after - before) : Math.min(t.hp, after);
  } else if (stat === "xp") {
    if (value < 0) bad();
    if (value >= t.xp) gainXp(tx, t, value - t.xp);
    else {
      t.xp = value;
      t.level = levelForXp(value);
      t.hp = Math.min(t.hp, maxHp(tx.content, tx.state, t));
    }
  } else if (stat === "coins") {
    if (value < 0) bad();
    t.coins = value;
  } else bad();
  tx.message(c.id, "system", `${t.name}: ${stat} = ${value}.`);
};

const heal: Handler = (tx, c, args, ctx) => {
  if (!args) badArguments(ctx.spec);
  const npc = npcCandidates(tx, c.room).find((x) => x.keywords.some((k) => k.startsWith(args.toLowerCase())))?.value;
  if (npc) {
    npc.hp = maxHp(tx.content, tx.state, npc);
    return tx.message(c.id, "system", `${Name(tx, npc)} is healed.`);
  }
  const t = ["me", "self"].includes(args.toLowerCase()) ? c : named(tx, c, args, ctx, args);
  if (!t) return;
  if (t.status === "dead") throw new CommandError("dead", `${t.name} is dead; use revive.`);
  t.hp = maxHp(tx.content, tx.state, t);
  tx.message(t.id, "system", "You feel whole again.");
  if (t.id !== c.id) tx.message(c.id, "system", `${t.name} is healed.`);
};

const revive: Handler = (tx, c, args, ctx) => {
  const [name] = nameAndRest(args, ctx);
  const t = named(tx, c, name, ctx, args);
  if (!t) return;
  if (t.status !== "dead") throw new CommandError("not_allowed", `${t.name} is not dead.`);
  tx.cancel(`death:${t.id}`);
  t.xp += t.deathXpLoss;
  t.deathXpLoss = 0;
  t.status = "normal";
  t.hp = maxHp(tx.content, tx.state, t);
  placeCharacter(tx, t, t.diedIn ?? t.room, `${t.name} rises.`);
  tx.message(c.id, "system", `${t.name} is revived.`);
};

const invis: Handler = (tx, c) => {
  c.invisible = !c.invisible;
  tx.message(c.id, "system", c.invisible ? "You are now invisible." : "You are visible again.");
};

const broadcast: Handler = (tx, _c, args, ctx) => {
  if (!args) badArguments(ctx.spec);
  tx.requests.push({ kind: "broadcast", text: args });
};

const reload: Handler = (tx, c, args) => {
  const area = args ? args.toLowerCase() : null;
  if (area && !tx.content.areas.has(area)) throw new CommandError("not_found", `No area "${args}".`);
  tx.requests.push({ kind: "reload", area });
  tx.message(c.id, "system", `Reloading ${area ?? "every area"}.`);
};

const setrole: Handler = (tx, c, args, ctx) => {
  const m = /^(\S+)\s+(\S+)$/.exec(args);
  if (!m || !(ROLES as readonly string[]).includes(m[2]!)) badArguments(ctx.spec);
  tx.requests.push({ kind: "setrole", name: m[1]!, role: m[2] as Role });
  tx.message(c.id, "system", `${m[1]} will be ${m[2]} at their next entry.`);
};

export const GM: Record<string, Handler> = {
  where,
  kick,
  mute,
  unmute,
  warn,
  goto,
  summon,
  spawn,
  despawn,
  setstat,
  heal,
  revive,
  invis,
  broadcast,
  reload,
  setrole,
};
