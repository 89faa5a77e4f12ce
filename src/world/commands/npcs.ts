/** Talking to NPCs, quests and the merchant (spec §6.5, §8). */
import { placeItem } from "../combat";
import { keywordsOf } from "../content/load";
import type { Quest } from "../content/schema";
import { CommandError } from "../events";
import { accept as acceptQuest, isAvailable, progressTalk, turnIn } from "../quests";
import { destroyItem } from "../spawns";
import type { Character, Npc } from "../state";
import type { Tx } from "../tx";
import { carried, Name, npcsIn } from "../world";
import { checkCanCarry } from "./items";
import { badArguments, type Handler } from "./handler";
import { itemCandidates, matches, npcCandidates, parseQuery, pick } from "./targets";

const talk: Handler = (tx, c, args, { spec }) => {
  if (!args) badArguments(spec);
  const npc = pick(args, npcCandidates(tx, c.room));
  const t = tx.content.npcs.get(npc.template)!;
  progressTalk(tx, c, npc.template);
  for (const [id, qp] of Object.entries(c.quests)) {
    const quest = tx.content.quests.get(id);
    if (quest && qp.state === "complete" && quest.turn_in === npc.template) turnIn(tx, c, quest);
  }
  tx.message(c.id, "npc", t.greeting ? `${Name(tx, npc)} says, '${t.greeting}'` : `${Name(tx, npc)} has nothing to say.`);
  for (const quest of tx.content.quests.values()) {
    if (quest.giver === npc.template && isAvailable(c, quest)) {
      tx.message(c.id, "quest", `${Name(tx, npc)} offers: ${quest.name}. Type "accept ${quest.name.toLowerCase()}".`);
    }
  }
};

function questCandidates(quests: Quest[]) {
  return quests.map((q) => ({ value: q, keywords: [q.id, ...keywordsOf({ name: q.name, keywords: [] })] }));
}

const accept: Handler = (tx, c, args, { spec }) => {
  if (!args) badArguments(spec);
  const givers = new Set(npcsIn(tx.state, c.room).map((n) => n.template));
  const offered = [...tx.content.quests.values()].filter((q) => givers.has(q.giver));
  const { words } = parseQuery(args);
  const quest = questCandidates(offered).find((q) => q.value.id === args.toLowerCase() || matches(words, q.keywords))?.value;
  if (!quest || !isAvailable(c, quest)) throw new CommandError("quest_unavailable", "Nobody here offers you that quest.");
  acceptQuest(tx, c, quest);
};

const abandon: Handler = (tx, c, args, { spec }) => {
  if (!args) badArguments(spec);
  const mine = Object.entries(c.quests)
    .filter(([, qp]) => qp.state === "active" || qp.state === "complete")
    .map(([id]) => tx.content.quests.get(id)!)
    .filter(Boolean);
  const quest = pick(args, questCandidates(mine));
  delete c.quests[quest.id];
  tx.message(c.id, "quest", `Quest abandoned: ${quest.name}.`);
};

function merchant(tx: Tx, c: Character): Npc {
  const npc = npcsIn(tx.state, c.room).find((n) => tx.content.npcs.get(n.template)!.behaviours.includes("merchant"));
  if (!npc) throw new CommandError("no_merchant", "There is no merchant here.");
  return npc;
}

const list: Handler = (tx, c) => {
  const npc = merchant(tx, c);
  const lines = tx.content.npcs.get(npc.template)!.stock.map((id) => {
    const t = tx.content.items.get(id)!;
    return `${t.name} — ${t.value} coins`;
  });
  tx.message(c.id, "info", [`${Name(tx, npc)} sells:`, ...lines].join("\n"));
};

const buy: Handler = (tx, c, args, { spec }) => {
  if (!args) badArguments(spec);
  const npc = merchant(tx, c);
  const stock = tx.content.npcs.get(npc.template)!.stock.map((id) => tx.content.items.get(id)!);
  const t = pick(
    args,
    stock.map((s) => ({ value: s, keywords: keywordsOf(s) })),
  );
  if (c.coins < t.value) throw new CommandError("insufficient_coins", `${t.name} costs ${t.value} coins; you have ${c.coins}.`);
  const probe = { id: "probe", template: t.id, charges: null, decayAt: null, loc: { room: c.room }, arrival: 0, spawn: null };
  checkCanCarry(tx, c, probe);
  c.coins -= t.value;
  const item = placeItem(tx, t.id, { character: c.id, slot: null }, false);
  tx.message(c.id, "info", `You buy ${tx.content.items.get(item.template)!.name} for ${t.value} coins.`);
};

const sell: Handler = (tx, c, args, { spec }) => {
  if (!args) badArguments(spec);
  merchant(tx, c);
  const item = pick(args, itemCandidates(tx, carried(tx.state, c.id)));
  const t = tx.content.items.get(item.template)!;
  if (t.flags.includes("quest") || t.value === 0) throw new CommandError("not_allowed", `Nobody will buy ${t.name}.`);
  const price = Math.max(1, Math.floor(t.value / 2));
  destroyItem(tx, item.id);
  c.coins += price;
  tx.message(c.id, "info", `You sell ${t.name} for ${price} coin${price === 1 ? "" : "s"}.`);
};

export const NPCS: Record<string, Handler> = { talk, accept, abandon, list, buy, sell };
