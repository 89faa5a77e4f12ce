/**
 * Moderator, game-master and admin commands (spec §9). A command naming a character acts on it
 * here when it is in this area; otherwise it becomes an `order` for the area that holds it (found
 * by the area object through the directory, §12), which checks the target's role, applies it and
 * writes the audit entry in one step of its own (`applyOrder`).
 */
import { endAllTargeting, gainXp, placeItem, removeNpc } from "../combat";
import { STATS } from "../content/schema";
import { CommandError, type GmActor, type GmOrder, type RoutedCommand } from "../events";
import { leaveWorld } from "../lifecycle";
import { aggroOnNpc, placeCharacter } from "../movement";
import { destroyItem, spawnNpc } from "../spawns";
import type { Character } from "../state";
import { levelForXp, MAX_LEVEL, maxHp, xpForLevel } from "../stats";
import { isPresent, type Tx } from "../tx";
import { Name } from "../world";
import { badArguments, type Handler, type HandlerContext } from "./handler";
import { floorCandidates, npcCandidates, pick } from "./targets";
import { COMMANDS, type CommandSpec, ROLES, type Role, roleRank } from "./table";

/** A parsed command: the name it targets, and its effect on that character returning the actor's confirmation ("" for none). */
interface Order {
  name: string;
  apply: (tx: Tx, actor: GmActor, t: Character) => string;
}

export function actorOf(tx: Tx, c: Character): GmActor {
  return { id: c.id, name: c.name, account: c.account, role: c.role, area: tx.state.area, room: c.room };
}

/** A character of this area in the world (online, stasis, dead or arriving) by name; null when not here. */
function inWorldHere(tx: Tx, name: string): Character | null {
  const key = name.toLowerCase();
  return Object.values(tx.state.characters).find((x) => x.name.toLowerCase() === key && isPresent(x)) ?? null;
}

/** §9: nobody below admin acts on a character of equal or higher role (checked against the target's role, where it is). */
export function mayActOn(actor: Pick<GmActor, "id" | "role">, t: Pick<Character, "id" | "role">): boolean {
  return t.id === actor.id || roleRank(t.role) < roleRank(actor.role) || actor.role === "admin";
}

function permitted(actor: Pick<GmActor, "id" | "role">, t: Character): void {
  if (!mayActOn(actor, t)) throw new CommandError("forbidden", `You cannot do that to ${t.name}.`);
}

/** `where`'s target: in this area, or a `remote` request (with the command's text, for its audit) the area object answers through the directory. */
function named(tx: Tx, actor: Character, name: string, ctx: HandlerContext, text: string): Character | null {
  const c = inWorldHere(tx, name);
  if (!c) {
    tx.requests.push({ kind: "remote", from: actor.id, command: ctx.spec.name, target: name, text });
    return null;
  }
  permitted(actor, c);
  return c;
}

function nameAndRest(args: string, spec: CommandSpec): [string, string] {
  const m = /^(\S+)(?:\s+(.*))?$/.exec(args);
  if (!m) badArguments(spec);
  return [m[1]!, m[2] ?? ""];
}

const where: Handler = (tx, c, args, ctx) => {
  const [name] = nameAndRest(args, ctx.spec);
  const t = named(tx, c, name, ctx, `${ctx.word} ${args}`.trim());
  if (t) tx.message(c.id, "system", `${t.name}: ${tx.state.area}/${t.room}, ${t.status === "stasis" ? "stasis" : "online"}.`);
};

/** Parsers of the routed commands: they validate the arguments before any target is looked for. */
const ORDERS: Record<RoutedCommand, (args: string, spec: CommandSpec) => Order> = {
  kick: (args, spec) => {
    const [name, reason] = nameAndRest(args, spec);
    return {
      name,
      apply: (tx, _actor, t) => {
        tx.message(t.id, "system", reason ? `You have been kicked: ${reason}` : "You have been kicked.");
        tx.send(t.id, { type: "quit", reason: "kicked" });
        leaveWorld(tx, t, "kicked");
        return `${t.name} is kicked.`;
      },
    };
  },
  mute: (args, spec) => {
    const [name, rest] = nameAndRest(args, spec);
    const minutes = Number(rest);
    if (!Number.isInteger(minutes) || minutes < 1 || minutes > 10080) badArguments(spec);
    return {
      name,
      apply: (tx, _actor, t) => {
        t.mutedUntil = tx.now + minutes * 60_000;
        tx.message(t.id, "system", `You are muted for ${minutes} minutes.`);
        return `${t.name} is muted for ${minutes} minutes.`;
      },
    };
  },
  unmute: (args, spec) => {
    const [name] = nameAndRest(args, spec);
    return {
      name,
      apply: (tx, _actor, t) => {
        t.mutedUntil = null;
        tx.message(t.id, "system", "You are no longer muted.");
        return `${t.name} is unmuted.`;
      },
    };
  },
  warn: (args, spec) => {
    const [name, text] = nameAndRest(args, spec);
    if (!text) badArguments(spec);
    return {
      name,
      apply: (tx, _actor, t) => {
        tx.message(t.id, "system", `[Warning] ${text}`);
        return `${t.name} is warned.`;
      },
    };
  },
  summon: (args, spec) => {
    const [name] = nameAndRest(args, spec);
    return {
      name,
      apply: (tx, actor, t) => {
        tx.message(t.id, "system", `${actor.name} summons you.`);
        // The actor's room may be in another area: then this is a handover to it (§12).
        relocate(tx, t, actor.room);
        return t.id === actor.id ? "" : `${t.name} is summoned.`;
      },
    };
  },
  setstat: (args, spec) => {
    const m = /^(\S+)\s+(\S+)\s+(-?\d+)$/.exec(args);
    if (!m) badArguments(spec);
    const [, name, statRaw, valueRaw] = m;
    const stat = statRaw!.toLowerCase();
    const value = Number(valueRaw);
    return { name: name!, apply: (tx, _actor, t) => setStat(tx, t, stat, value, spec) };
  },
  heal: (args, spec) => {
    if (!args) badArguments(spec);
    return {
      name: args,
      apply: (tx, actor, t) => {
        if (t.status === "dead") throw new CommandError("dead", `${t.name} is dead; use revive.`);
        t.hp = maxHp(tx.content, tx.state, t);
        tx.message(t.id, "system", "You feel whole again.");
        return t.id === actor.id ? "" : `${t.name} is healed.`;
      },
    };
  },
  revive: (args, spec) => {
    const [name] = nameAndRest(args, spec);
    return {
      name,
      apply: (tx, _actor, t) => {
        if (t.status !== "dead") throw new CommandError("not_allowed", `${t.name} is not dead.`);
        tx.cancel(`death:${t.id}`);
        t.xp += t.deathXpLoss;
        t.deathXpLoss = 0;
        t.status = "normal";
        t.hp = maxHp(tx.content, tx.state, t);
        placeCharacter(tx, t, t.diedIn ?? t.room, `${t.name} rises.`);
        return `${t.name} is revived.`;
      },
    };
  },
};

function setStat(tx: Tx, t: Character, stat: string, value: number, spec: CommandSpec): string {
  const bad = () => {
    throw new CommandError("bad_arguments", `Usage: ${spec.usage}`, { stat, value });
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
  return `${t.name}: ${stat} = ${value}.`;
}

/**
 * A routed command typed here: applied here when the target is in this area, else an `order`
 * request the area object sends to the target's area, which checks, applies and audits it (§9).
 */
function routed(command: RoutedCommand): Handler {
  return (tx, c, args, ctx) => {
    const order = ORDERS[command](args, ctx.spec);
    const t = inWorldHere(tx, order.name);
    if (!t) {
      tx.requests.push({ kind: "order", actor: actorOf(tx, c), command, args, text: `${ctx.word} ${args}`.trim(), target: order.name });
      return;
    }
    permitted(c, t);
    const text = order.apply(tx, actorOf(tx, c), t);
    if (text) tx.message(c.id, "system", text);
  };
}

/** §9 at the target's area: the order from another area, checked against the target's role here and applied. */
export function applyOrder(tx: Tx, o: GmOrder): string {
  const spec = COMMANDS.find((x) => x.name === o.command)!;
  const order = ORDERS[o.command](o.args, spec);
  const t = inWorldHere(tx, order.name);
  if (!t) throw new CommandError("not_online", `${order.name} is not online.`);
  permitted(o.actor, t);
  return order.apply(tx, o.actor, t);
}

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

/** The role is an account's, in D1: the area object finds the character and writes it with the audit entry. */
const setrole: Handler = (tx, c, args, ctx) => {
  const m = /^(\S+)\s+(\S+)$/.exec(args);
  if (!m || !(ROLES as readonly string[]).includes(m[2]!)) badArguments(ctx.spec);
  tx.requests.push({ kind: "setrole", actor: actorOf(tx, c), name: m[1]!, role: m[2] as Role, text: `${ctx.word} ${args}`.trim() });
};

/** `heal`: an NPC in the room, yourself, or a character anywhere (routed). */
const heal: Handler = (tx, c, args, ctx) => {
  if (!args) badArguments(ctx.spec);
  const npc = npcCandidates(tx, c.room).find((x) => x.keywords.some((k) => k.startsWith(args.toLowerCase())))?.value;
  if (npc) {
    npc.hp = maxHp(tx.content, tx.state, npc);
    return tx.message(c.id, "system", `${Name(tx, npc)} is healed.`);
  }
  if (["me", "self"].includes(args.toLowerCase())) {
    ORDERS.heal(c.name, ctx.spec).apply(tx, actorOf(tx, c), c);
    return;
  }
  routed("heal")(tx, c, args, ctx);
};

export const GM: Record<string, Handler> = {
  where,
  kick: routed("kick"),
  mute: routed("mute"),
  unmute: routed("unmute"),
  warn: routed("warn"),
  goto,
  summon: routed("summon"),
  spawn,
  despawn,
  setstat: routed("setstat"),
  heal,
  revive: routed("revive"),
  invis,
  broadcast,
  reload,
  setrole,
};
