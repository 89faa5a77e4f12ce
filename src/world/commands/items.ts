/** Item commands (spec §6.3, §6.4): get, drop, put, give, equip, unequip, use. */
import { heal } from "../combat";
import { applyEffect } from "../effects";
import { CommandError } from "../events";
import { destroyItem, itemLeftSpawn } from "../spawns";
import type { Character, ItemInstance } from "../state";
import { equipped } from "../stats";
import type { Tx } from "../tx";
import { capacityWeight, carried, contents, floorItems, MAX_CARRIED, Name, nameOf, weightOn, weightWithContents } from "../world";
import { pickContainer } from "./basic";
import { badArguments, type Handler, splitAt } from "./handler";
import { characterCandidates, itemCandidates, npcCandidates, pick, pickMany } from "./targets";

const template = (tx: Tx, i: ItemInstance) => tx.content.items.get(i.template)!;

/** The limits of §1.5 for taking `item` into `c`'s inventory. */
export function checkCanCarry(tx: Tx, c: Character, item: ItemInstance, fromSelf = false): void {
  if (!fromSelf && carried(tx.state, c.id).length >= MAX_CARRIED)
    throw new CommandError("inventory_full", "You cannot carry any more items.");
  if (!fromSelf && weightOn(tx, c.id) + weightWithContents(tx, item) > capacityWeight(tx, c))
    throw new CommandError("too_heavy", `${Name(tx, item)} is too heavy for you.`);
}

function takeInto(tx: Tx, c: Character, item: ItemInstance): void {
  itemLeftSpawn(tx, item.id);
  tx.cancel(`decay:${item.id}`);
  item.decayAt = null;
  item.loc = { character: c.id, slot: null };
  item.arrival = tx.nextSeq();
}

const get: Handler = (tx, c, args, { spec }) => {
  if (!args) badArguments(spec);
  const from = splitAt(args, "from");
  const container = from ? pickContainer(tx, c, from[1]) : null;
  const pool = container ? contents(tx.state, container.id) : floorItems(tx.state, c.room);
  const query = from ? from[0] : args;
  const wanted = pickMany(query, itemCandidates(tx, pool));
  const all = wanted.length > 1 || query.toLowerCase().startsWith("all");
  const list = all ? wanted.filter((i) => !template(tx, i).flags.includes("no_take")) : wanted;
  if (list.length === 0) throw new CommandError("not_found", "There is nothing here you can take.");
  for (const item of list) {
    if (template(tx, item).flags.includes("no_take")) throw new CommandError("not_allowed", `You cannot take ${nameOf(tx, item)}.`);
    checkCanCarry(tx, c, item);
    takeInto(tx, c, item);
    tx.message(c.id, "info", `You take ${nameOf(tx, item)}${container ? ` from ${nameOf(tx, container)}` : ""}.`);
    if (!container) tx.roomMessage(c.room, "room", `${c.name} takes ${nameOf(tx, item)}.`, c.id);
  }
};

const drop: Handler = (tx, c, args, { spec }) => {
  if (!args) badArguments(spec);
  for (const item of pickMany(args, itemCandidates(tx, carried(tx.state, c.id)))) {
    const t = template(tx, item);
    if (t.flags.includes("no_drop")) throw new CommandError("not_allowed", `You cannot drop ${nameOf(tx, item)}.`);
    item.loc = { room: c.room };
    item.arrival = tx.nextSeq();
    if (!t.flags.includes("no_decay")) {
      item.decayAt = tx.now + tx.settings.ground_decay_s * 1000;
      tx.schedule(`decay:${item.id}`, item.decayAt, "item_decay", { item: item.id });
    }
    tx.message(c.id, "info", `You drop ${nameOf(tx, item)}.`);
    tx.roomMessage(c.room, "room", `${c.name} drops ${nameOf(tx, item)}.`, c.id);
  }
};

const put: Handler = (tx, c, args, { spec }) => {
  const parts = splitAt(args, "in");
  if (!parts) badArguments(spec);
  const container = pickContainer(tx, c, parts[1]);
  const capacity = template(tx, container).capacity!;
  const items = pickMany(parts[0], itemCandidates(tx, carried(tx.state, c.id)));
  for (const item of items) {
    if (item.id === container.id || template(tx, item).type === "container")
      throw new CommandError("not_allowed", "Containers cannot hold containers.");
    if (contents(tx.state, container.id).length >= capacity) throw new CommandError("container_full", `${Name(tx, container)} is full.`);
    item.loc = { container: container.id };
    item.arrival = tx.nextSeq();
    tx.message(c.id, "info", `You put ${nameOf(tx, item)} in ${nameOf(tx, container)}.`);
  }
};

const give: Handler = (tx, c, args, { spec }) => {
  const parts = splitAt(args, "to");
  if (!parts) badArguments(spec);
  const item = pick(parts[0], itemCandidates(tx, carried(tx.state, c.id)));
  const receiver = pick(parts[1], [
    ...characterCandidates(tx, c).map((x) => ({ value: x.value as Character | null, keywords: x.keywords })),
    ...npcCandidates(tx, c.room).map((x) => ({ value: null, keywords: x.keywords })),
  ]);
  if (!receiver) throw new CommandError("not_allowed", "NPCs do not take gifts.");
  if (template(tx, item).flags.includes("no_drop")) throw new CommandError("not_allowed", `You cannot give away ${nameOf(tx, item)}.`);
  checkCanCarry(tx, receiver, item);
  item.loc = { character: receiver.id, slot: null };
  item.arrival = tx.nextSeq();
  tx.message(c.id, "info", `You give ${nameOf(tx, item)} to ${receiver.name}.`);
  tx.message(receiver.id, "info", `${c.name} gives you ${nameOf(tx, item)}.`);
};

const equip: Handler = (tx, c, args, { spec }) => {
  if (!args) badArguments(spec);
  const item = pick(args, itemCandidates(tx, carried(tx.state, c.id)));
  const t = template(tx, item);
  const slot = t.type === "weapon" ? "weapon" : t.type === "armor" ? t.slot! : null;
  if (!slot) throw new CommandError("cannot_equip", `You cannot equip ${nameOf(tx, item)}.`);
  const current = equipped(tx.state, c.id).find((i) => "slot" in i.loc && i.loc.slot === slot);
  if (current) {
    current.loc = { character: c.id, slot: null };
    current.arrival = tx.nextSeq();
  }
  item.loc = { character: c.id, slot };
  tx.message(
    c.id,
    "info",
    `You ${slot === "weapon" ? "wield" : "wear"} ${nameOf(tx, item)}${current ? ` instead of ${nameOf(tx, current)}` : ""}.`,
  );
};

const unequip: Handler = (tx, c, args, { spec }) => {
  if (!args) badArguments(spec);
  const worn = equipped(tx.state, c.id);
  const bySlot = worn.find((i) => "slot" in i.loc && i.loc.slot === args.toLowerCase());
  const item = bySlot ?? pick(args, itemCandidates(tx, worn));
  if (carried(tx.state, c.id).length >= MAX_CARRIED) throw new CommandError("inventory_full", "You cannot carry any more items.");
  item.loc = { character: c.id, slot: null };
  item.arrival = tx.nextSeq();
  tx.message(c.id, "info", `You remove ${nameOf(tx, item)}.`);
};

const use: Handler = (tx, c, args, { spec }) => {
  if (!args) badArguments(spec);
  const item = pick(args, itemCandidates(tx, carried(tx.state, c.id)));
  const t = template(tx, item);
  if (t.type !== "consumable" || !t.use) throw new CommandError("cannot_use", `You cannot use ${nameOf(tx, item)}.`);
  tx.message(c.id, "info", `You use ${nameOf(tx, item)}.`);
  if (t.use.heal) tx.message(c.id, "info", `You recover ${heal(tx, c, t.use.heal)} HP.`);
  if (t.use.effect) applyEffect(tx, c, t.use.effect);
  item.charges = (item.charges ?? t.use.charges) - 1;
  if (item.charges <= 0) destroyItem(tx, item.id);
};

export const ITEMS: Record<string, Handler> = { get, drop, put, give, equip, unequip, use };
