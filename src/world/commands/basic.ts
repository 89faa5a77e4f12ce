/** Movement, looking, talking and information commands (spec §6.3). */
import { effectView } from "../effects";
import { CommandError } from "../events";
import { moveCharacter } from "../movement";
import { leaveWorld } from "../lifecycle";
import { journalLines } from "../quests";
import type { Character } from "../state";
import { equipped, statBlock } from "../stats";
import { cap, type Tx } from "../tx";
import { capacityWeight, carried, contents, floorItems, Name, nameOf, npcKeywords, npcsIn, sendRoom, weightOn } from "../world";
import { badArguments, type Handler } from "./handler";
import { COMMANDS, roleRank, SOCIALS } from "./table";
import { type Candidate, characterCandidates, isSelf, itemCandidates, pick } from "./targets";

const go: Handler = (tx, c, args, { spec }) => {
  const dir = args.toLowerCase();
  if (!dir) badArguments(spec);
  const exit = tx.state.rooms[c.room]!.exits[dir];
  if (!exit || exit.hidden) throw new CommandError("cannot_go", "You can't go that way.");
  if (exit.door && tx.state.doors[exit.door] !== "open") {
    const door = tx.content.areas.get(tx.state.area)!.doors[exit.door]!;
    throw new CommandError("door_closed", `The ${door.name} is closed.`);
  }
  moveCharacter(tx, c, dir);
};

/** What `look <x>` can name, in §6.2 order: characters, NPCs, floor items, carried, equipped. */
function lookCandidates(tx: Tx, c: Character): Candidate<{ describe: () => string }>[] {
  const describeItem = (i: Parameters<typeof nameOf>[1]) => () => {
    const t = tx.content.items.get((i as { template: string }).template)!;
    return `${Name(tx, i)}. ${t.description}`.trim();
  };
  return [
    ...characterCandidates(tx, c, { includeSelf: true }).map((x) => ({
      value: { describe: () => `${x.value.name}, level ${x.value.level}${x.value.status === "dead" ? " (dead)" : ""}.` },
      keywords: x.keywords,
    })),
    ...npcsIn(tx.state, c.room).map((n) => ({
      value: { describe: () => `${Name(tx, n)}. ${tx.content.npcs.get(n.template)!.description}`.trim() },
      keywords: npcKeywords(tx, n),
    })),
    ...itemCandidates(tx, [...floorItems(tx.state, c.room), ...carried(tx.state, c.id), ...equipped(tx.state, c.id)]).map((x) => ({
      value: { describe: describeItem(x.value) },
      keywords: x.keywords,
    })),
  ];
}

const look: Handler = (tx, c, args) => {
  if (!args) return sendRoom(tx, c);
  const inside = /^in\s+(.+)$/i.exec(args);
  if (inside) {
    const container = pickContainer(tx, c, inside[1]!);
    const inner = contents(tx.state, container.id);
    tx.message(
      c.id,
      "info",
      inner.length ? `${Name(tx, container)} holds: ${inner.map((i) => nameOf(tx, i)).join(", ")}.` : `${Name(tx, container)} is empty.`,
    );
    return;
  }
  const exit = tx.state.rooms[c.room]!.exits[args.toLowerCase()];
  if (exit && !exit.hidden) {
    const door = exit.door ? tx.content.areas.get(tx.state.area)!.doors[exit.door]! : null;
    tx.message(
      c.id,
      "info",
      door ? `The ${door.name} is ${tx.state.doors[exit.door!]}.` : `You see ${tx.content.rooms.get(exit.to)!.name}.`,
    );
    return;
  }
  if (isSelf(args)) return tx.message(c.id, "info", `${c.name}, level ${c.level}.`);
  tx.message(c.id, "info", pick(args, lookCandidates(tx, c)).describe());
};

/** Containers: carried, then floor (§6.2). */
export function pickContainer(tx: Tx, c: Character, query: string) {
  const found = pick(query, itemCandidates(tx, [...carried(tx.state, c.id), ...floorItems(tx.state, c.room)]));
  if (tx.content.items.get(found.template)!.type !== "container")
    throw new CommandError("not_allowed", `${Name(tx, found)} is not a container.`);
  return found;
}

const say: Handler = (tx, c, args, { spec }) => {
  if (!args) badArguments(spec);
  tx.message(c.id, "say", `You say, '${args}'`, c.name);
  for (const o of tx.present(c.room, c.id)) tx.message(o.id, "say", `${c.name} says, '${args}'`, c.name);
};

const emote: Handler = (tx, c, args, { spec }) => {
  if (!args) badArguments(spec);
  for (const o of tx.present(c.room)) tx.message(o.id, "emote", `${c.name} ${args}`, c.name);
};

/** Third person: smile → smiles, laugh → laughs, sigh → sighs (all the socials take -s). */
const social: Handler = (tx, c, args, { spec }) => {
  const verb = spec.name;
  if (!args) {
    tx.message(c.id, "emote", `You ${verb}.`);
    for (const o of tx.present(c.room, c.id)) tx.message(o.id, "emote", `${c.name} ${verb}s.`, c.name);
    return;
  }
  const targets: Candidate<{ id: string | null; name: string }>[] = [
    ...characterCandidates(tx, c).map((x) => ({ value: { id: x.value.id, name: x.value.name }, keywords: x.keywords })),
    ...npcsIn(tx.state, c.room).map((n) => ({ value: { id: null, name: nameOf(tx, n) }, keywords: npcKeywords(tx, n) })),
  ];
  const target = pick(args, targets);
  tx.message(c.id, "emote", `You ${verb} at ${target.name}.`);
  for (const o of tx.present(c.room, c.id)) {
    tx.message(o.id, "emote", o.id === target.id ? `${c.name} ${verb}s at you.` : `${c.name} ${verb}s at ${target.name}.`, c.name);
  }
};

const tell: Handler = (tx, c, args, { spec }) => {
  const m = /^(\S+)\s+(.+)$/.exec(args);
  if (!m) badArguments(spec);
  const [, name, text] = m;
  const local = Object.values(tx.state.characters).find((x) => x.name.toLowerCase() === name!.toLowerCase());
  if (local && local.status !== "offline" && local.status !== "departing") {
    if (local.status === "stasis") throw new CommandError("not_online", `${local.name} is not online.`);
    tx.message(local.id, "tell", `${c.name} tells you, '${text}'`, c.name);
    tx.message(c.id, "tell", `You tell ${local.name}, '${text}'`);
    return;
  }
  tx.requests.push({ kind: "remote", from: c.id, command: "tell", target: name!, text: text! });
};

const yell: Handler = (tx, c, args, { spec }) => {
  if (!args) badArguments(spec);
  tx.message(c.id, "yell", `You yell, '${args}'`, c.name);
  for (const o of tx.present(c.room, c.id)) tx.message(o.id, "yell", `${c.name} yells, '${args}'`, c.name);
  const near = new Set(
    Object.values(tx.state.rooms[c.room]!.exits)
      .filter((e) => !e.hidden && tx.content.rooms.get(e.to)?.area === tx.state.area)
      .map((e) => e.to),
  );
  near.delete(c.room);
  for (const room of near) for (const o of tx.present(room)) tx.message(o.id, "yell", `You hear ${c.name} yell, '${args}'`, c.name);
};

/** Local characters; the shell adds the rest of the world through `online` (who is a directory read). */
const who: Handler = (tx, c) => {
  const extended = roleRank(c.role) >= roleRank("moderator");
  const everyone =
    tx.online ??
    Object.values(tx.state.characters)
      .filter((x) => x.status !== "offline" && x.status !== "departing")
      .map((x) => ({
        name: x.name,
        level: x.level,
        area: tx.state.area,
        room: x.room,
        account: x.account,
        stasis: x.status === "stasis",
        invisible: x.invisible,
        role: x.role,
      }));
  const shown = everyone.filter((x) => extended || !x.invisible);
  const lines = shown
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((x) =>
      extended
        ? `${x.name} (level ${x.level}) — ${x.area}/${x.room}, account ${x.account}${x.stasis ? ", stasis" : ""}${x.invisible ? ", invisible" : ""}`
        : `${x.name} (level ${x.level})`,
    );
  tx.message(c.id, "info", [`Players in the world: ${shown.length}`, ...lines].join("\n"));
};

const inventory: Handler = (tx, c) => {
  const items = carried(tx.state, c.id);
  const worn = equipped(tx.state, c.id);
  const lines = [
    items.length ? `You carry: ${items.map((i) => nameOf(tx, i)).join(", ")}.` : "You carry nothing.",
    worn.length
      ? `You wear: ${worn.map((i) => `${nameOf(tx, i)} (${(i.loc as { slot: string }).slot})`).join(", ")}.`
      : "You wear nothing.",
    `Coins: ${c.coins}. Weight: ${weightOn(tx, c.id)}/${capacityWeight(tx, c)}.`,
  ];
  tx.message(c.id, "info", lines.join("\n"));
};

const stats: Handler = (tx, c) => {
  const s = statBlock(tx.content, tx.state, c);
  tx.send(c.id, { type: "stat_update", full: true, stats: s });
  tx.message(
    c.id,
    "info",
    `${c.name}, level ${c.level} (${c.xp} XP${s.xp_next === null ? "" : `, next ${s.xp_next}`})\nHP ${s.hp}/${s.max_hp}  AC ${s.ac}  Attack +${s.attack_bonus}\nSTR ${s.str} DEX ${s.dex} CON ${s.con} INT ${s.int} WIS ${s.wis} CHA ${s.cha}\nCoins ${c.coins}`,
  );
};

const effects: Handler = (tx, c) => {
  if (c.effects.length === 0) return tx.message(c.id, "info", "You are not affected by anything.");
  const lines = c.effects.map((e) => {
    const v = effectView(tx, c, e.effect);
    return `${v.name} (${v.kind}) ×${v.stacks}${v.remaining_ms === null ? "" : `, ${Math.ceil(v.remaining_ms / 1000)} s left`}`;
  });
  tx.message(c.id, "info", lines.join("\n"));
};

const quests: Handler = (tx, c) => tx.message(c.id, "quest", journalLines(tx, c).join("\n"));

const help: Handler = (tx, c, args) => {
  const mine = COMMANDS.filter((x) => roleRank(x.role) <= roleRank(c.role));
  if (args) {
    const word = args.toLowerCase();
    const spec = mine.find((x) => x.name === word || x.aliases.includes(word)) ?? mine.find((x) => x.name.startsWith(word));
    if (!spec) throw new CommandError("not_found", `No help for "${args}".`);
    return tx.message(c.id, "info", `Usage: ${spec.usage}${spec.aliases.length ? `\nAliases: ${spec.aliases.join(", ")}` : ""}`);
  }
  const byCategory = new Map<string, string[]>();
  for (const x of mine) byCategory.set(x.category, [...(byCategory.get(x.category) ?? []), x.name]);
  tx.message(c.id, "info", [...byCategory].map(([cat, names]) => `${cap(cat)}: ${names.join(", ")}`).join("\n"));
};

const quit: Handler = (tx, c, _args, { spec, word }) => {
  if (word !== "quit" && word !== "logout") badArguments(spec);
  tx.message(c.id, "system", "Goodbye.");
  tx.send(c.id, { type: "quit", reason: "quit" });
  leaveWorld(tx, c, "quit");
};

export const BASIC: Record<string, Handler> = {
  go,
  look,
  say,
  emote,
  ...Object.fromEntries(SOCIALS.map((s) => [s, social])),
  tell,
  yell,
  who,
  inventory,
  stats,
  effects,
  quests,
  help,
  quit,
};
