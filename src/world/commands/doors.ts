/** open, close, lock, unlock (spec §6.4): a door by name or by the direction of an exit through it. */
import { CommandError } from "../events";
import type { Character } from "../state";
import type { Tx } from "../tx";
import { allOn } from "../world";
import { badArguments, type Handler } from "./handler";
import { DIRECTION_ALIASES } from "./table";

function findDoor(tx: Tx, c: Character, query: string): { id: string; name: string; key?: string } {
  const q = query.toLowerCase();
  const doors = tx.content.areas.get(tx.state.area)!.doors;
  for (const [dir, exit] of Object.entries(tx.state.rooms[c.room]!.exits)) {
    if (!exit.door || exit.hidden) continue;
    const door = doors[exit.door]!;
    const words = door.name.toLowerCase().split(" ");
    const byName = q.split(" ").every((w) => words.some((k) => k.startsWith(w)));
    if (dir === (DIRECTION_ALIASES[q] ?? q) || byName) return { id: exit.door, name: door.name, key: door.key };
  }
  throw new CommandError("not_found", `You see no "${query}" here.`);
}

const doorCommand =
  (verb: "open" | "close" | "lock" | "unlock"): Handler =>
  (tx, c, args, { spec }) => {
    if (!args) badArguments(spec);
    const door = findDoor(tx, c, args);
    const state = tx.state.doors[door.id]!;
    const needKey = () => {
      if (!door.key || !allOn(tx.state, c.id).some((i) => i.template === door.key))
        throw new CommandError("no_key", `You lack the key to the ${door.name}.`);
    };
    let next = state;
    if (verb === "open") {
      if (state === "locked") throw new CommandError("door_locked", `The ${door.name} is locked.`);
      if (state === "open") throw new CommandError("not_allowed", `The ${door.name} is already open.`);
      next = "open";
    } else if (verb === "close") {
      if (state !== "open") throw new CommandError("not_allowed", `The ${door.name} is already closed.`);
      next = "closed";
    } else if (verb === "unlock") {
      if (state !== "locked") throw new CommandError("not_allowed", `The ${door.name} is not locked.`);
      needKey();
      next = "closed";
    } else {
      if (state === "open") throw new CommandError("door_open", `Close the ${door.name} first.`);
      if (state === "locked") throw new CommandError("not_allowed", `The ${door.name} is already locked.`);
      needKey();
      next = "locked";
    }
    tx.state.doors[door.id] = next;
    tx.message(c.id, "info", `You ${verb} the ${door.name}.`);
    const rooms = new Set(
      Object.entries(tx.state.rooms)
        .filter(([, r]) => Object.values(r.exits).some((e) => e.door === door.id))
        .map(([id]) => id),
    );
    for (const room of rooms)
      for (const o of tx.present(room, c.id))
        tx.message(
          o.id,
          "room",
          room === c.room
            ? `${c.name} ${verb}s the ${door.name}.`
            : `The ${door.name} ${verb === "open" ? "opens" : verb === "close" ? "closes" : "clicks"}.`,
        );
  };

export const DOORS: Record<string, Handler> = {
  open: doorCommand("open"),
  close: doorCommand("close"),
  lock: doorCommand("lock"),
  unlock: doorCommand("unlock"),
};
