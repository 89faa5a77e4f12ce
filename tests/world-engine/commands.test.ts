import { describe, expect, it } from "vitest";
import { lookupCommand, normalise } from "../../src/world/commands/dispatch";
import { Area } from "./helpers";

describe("parsing (§6.1)", () => {
  it("normalises whitespace and control characters; empty input does nothing", () => {
    expect(normalise("  look\t\u0007  at   dog ")).toBe("look at dog");
    const a = new Area();
    const ava = a.join("Ava");
    expect(a.cmd(ava.id, "   ").events).toEqual([]);
  });

  it("aliases, then prefixes in table order skipping movement, exact and GM commands", () => {
    expect(lookupCommand("l")?.name).toBe("look");
    expect(lookupCommand("k")?.name).toBe("attack");
    expect(lookupCommand("inv")?.name).toBe("inventory");
    expect(lookupCommand("a")?.name).toBe("attack");
    expect(lookupCommand("ac")?.name).toBe("accept");
    expect(lookupCommand("sh")?.name).toBe("shrug");
    expect(lookupCommand("ab")).toBeNull(); // abandon is exact
    expect(lookupCommand("qui")?.name).not.toBe("quit"); // quit is exact
    expect(lookupCommand("no")?.name).toBe("nod"); // movement is never a prefix target
    expect(lookupCommand("sum")).toBeNull(); // GM commands are never prefixed
  });

  it("unknown_command names the word", () => {
    const a = new Area();
    const ava = a.join("Ava");
    expect(a.cmd(ava.id, "xyzzy").error).toMatchObject({
      code: "unknown_command",
      message: 'Unknown command "xyzzy". Type "help" for a list of commands.',
    });
  });

  it("`!` repeats the previous command, whatever its outcome", () => {
    const a = new Area();
    const ava = a.join("Ava");
    expect(a.cmd(ava.id, "!").error?.code).toBe("no_previous_command");
    a.cmd(ava.id, "east");
    a.cmd(ava.id, "west");
    a.cmd(ava.id, "xyzzy");
    expect(a.cmd(ava.id, "!").error?.code).toBe("unknown_command");
    a.cmd(ava.id, "e");
    a.cmd(ava.id, "!");
    expect(a.char(ava.id).room).toBe("mb_store");
  });

  it("a leading ' is say and : is emote", () => {
    const a = new Area();
    const ava = a.join("Ava");
    const bran = a.join("Bran");
    const say = a.cmd(ava.id, "'hello there");
    expect(a.texts(ava.id, say.events)).toEqual(["You say, 'hello there'"]);
    expect(a.texts(bran.id, say.events)).toEqual(["Ava says, 'hello there'"]);
    const emote = a.cmd(ava.id, ":grins.");
    expect(a.texts(ava.id, emote.events)).toEqual(["Ava grins."]);
    expect(a.texts(bran.id, emote.events)).toEqual(["Ava grins."]);
  });
});

describe("movement and doors (§6.3, §6.4)", () => {
  it("moves with departure and arrival messages named by the exit back", () => {
    const a = new Area();
    const ava = a.join("Ava");
    const bran = a.join("Bran", { room: "mb_lane" });
    const r = a.cmd(ava.id, "e");
    expect(a.texts(bran.id, r.events)).toContain("Ava arrives from the west.");
    expect(a.to(ava.id, r.events)[0]).toMatchObject({ type: "room", id: "mb_lane" });
    expect(a.cmd(ava.id, "up").error).toMatchObject({ code: "cannot_go", message: "You can't go that way." });
    expect(a.cmd(ava.id, "go nowhere").error?.code).toBe("cannot_go");
  });

  it("hidden exits are unusable and unlisted until revealed", () => {
    const a = new Area();
    const ava = a.join("Ava", { room: "mb_chapel" });
    expect(a.cmd(ava.id, "down").error?.code).toBe("cannot_go");
    const view = a.to(ava.id, a.cmd(ava.id, "look").events)[0];
    expect(view).toMatchObject({ exits: [{ direction: "south", door: null }] });
  });

  it("doors: locked, unlock needs the key anywhere on you, open, close, lock needs it closed", () => {
    const a = new Area();
    const ava = a.join("Ava", { room: "mb_inn" });
    expect(a.cmd(ava.id, "up").error).toMatchObject({ code: "door_closed", message: "The oak door is closed." });
    expect(a.cmd(ava.id, "open oak door").error?.code).toBe("door_locked");
    expect(a.cmd(ava.id, "unlock up").error?.code).toBe("no_key");
    a.give(ava.id, "brass_key");
    expect(a.cmd(ava.id, "unlock door").error).toBeNull();
    expect(a.cmd(ava.id, "unlock door").error?.code).toBe("not_allowed");
    expect(a.cmd(ava.id, "open door").error).toBeNull();
    expect(a.cmd(ava.id, "lock door").error?.code).toBe("door_open");
    a.cmd(ava.id, "up");
    expect(a.char(ava.id).room).toBe("mb_inn_room");
    expect(a.cmd(ava.id, "close down").error).toBeNull();
    expect(a.cmd(ava.id, "lock oak").error).toBeNull();
    expect(a.state.doors.d_inn).toBe("locked");
    expect(a.texts(ava.id, a.cmd(ava.id, "look down").events)).toEqual(["The oak door is locked."]);
  });
});

describe("items (§6.4)", () => {
  it("get and drop with ordinals, all and all.query; drop starts decay and get clears it", () => {
    const a = new Area();
    const ava = a.join("Ava", { room: "mb_inn" });
    expect(a.cmd(ava.id, "get satchel").error).toBeNull();
    a.cmd(ava.id, "drop bag");
    const bag = a.items("leather_satchel")[0]!;
    expect(bag.decayAt).toBe(a.now + 3600_000);
    a.cmd(ava.id, "get bag");
    expect(a.items("leather_satchel")[0]!.decayAt).toBeNull();
    a.give(ava.id, "rat_tail");
    a.give(ava.id, "rat_tail");
    expect(a.cmd(ava.id, "drop all.tail").error).toBeNull();
    expect(a.items("rat_tail").every((i) => "room" in i.loc)).toBe(true);
    expect(a.cmd(ava.id, "get 2.tail").error).toBeNull();
    expect(a.items("rat_tail").filter((i) => "character" in i.loc)).toHaveLength(1);
    expect(a.cmd(ava.id, "get 5.tail").error?.code).toBe("not_found");
  });

  it("no_take items are not_allowed, and skipped by get all", () => {
    const a = new Area();
    const ava = a.join("Ava", { room: "mb_inn_room" });
    expect(a.cmd(ava.id, "get chest").error?.code).toBe("not_allowed");
    expect(a.cmd(ava.id, "get all").error?.code).toBe("not_found");
    expect(a.cmd(ava.id, "get draught from chest").error).toBeNull();
  });

  it("put in a container, containers do not nest, container_full", () => {
    const a = new Area();
    const ava = a.join("Ava");
    a.give(ava.id, "leather_satchel");
    a.give(ava.id, "leather_satchel");
    for (let i = 0; i < 6; i++) a.give(ava.id, "rat_tail");
    const r0 = a.cmd(ava.id, "put 2.satchel in satchel");
    expect(r0.error?.code).toBe("not_allowed");
    const r = a.cmd(ava.id, "put all.tail in bag");
    expect(r.error?.code).toBe("container_full");
    expect(a.items("rat_tail").filter((i) => "container" in i.loc)).toHaveLength(5);
    expect(a.texts(ava.id, a.cmd(ava.id, "look in bag").events)[0]).toMatch(/^A leather satchel holds: a rat tail/);
  });

  it("inventory limit of 20 and weight limit of 10 × STR", () => {
    const a = new Area();
    const ava = a.join("Ava");
    for (let i = 0; i < 19; i++) a.give(ava.id, "rat_tail");
    a.cmd(ava.id, "drop tail");
    a.give(ava.id, "rat_tail");
    expect(a.cmd(ava.id, "get tail").error?.code).toBe("inventory_full");
    const b = new Area();
    const bran = b.join("Bran");
    b.state.characters[bran.id]!.stats.str = 1; // capacity 10; carried 2
    b.give(bran.id, "leather_jerkin");
    b.cmd(bran.id, "drop jerkin");
    b.give(bran.id, "wood_axe");
    b.give(bran.id, "wood_axe");
    expect(b.cmd(bran.id, "get jerkin").error?.code).toBe("too_heavy");
  });

  it("give to a character; an NPC is not_allowed", () => {
    const a = new Area();
    const ava = a.join("Ava");
    const bran = a.join("Bran");
    a.give(ava.id, "rat_tail");
    expect(a.cmd(ava.id, "give tail to dog").error?.code).toBe("not_allowed");
    const r = a.cmd(ava.id, "give tail to bran");
    expect(a.texts(bran.id, r.events)).toEqual(["Ava gives you a rat tail."]);
    expect(a.cmd(ava.id, "give tail").error?.code).toBe("bad_arguments");
  });

  it("equip swaps the slot, unequip by item or slot, cannot_equip", () => {
    const a = new Area();
    const ava = a.join("Ava");
    a.give(ava.id, "short_sword");
    expect(a.cmd(ava.id, "wield sword").error).toBeNull();
    expect(a.items("rusty_dagger")[0]!.loc).toEqual({ character: ava.id, slot: null });
    expect(a.cmd(ava.id, "equip potion").error?.code).toBe("cannot_equip");
    expect(a.cmd(ava.id, "remove weapon").error).toBeNull();
    expect(a.items("short_sword")[0]!.loc).toEqual({ character: ava.id, slot: null });
  });

  it("use heals, then applies the effect, and is gone at 0 charges; cannot_use otherwise", () => {
    const a = new Area();
    const ava = a.join("Ava");
    a.state.characters[ava.id]!.hp = 2;
    expect(a.cmd(ava.id, "quaff potion").error).toBeNull();
    expect(a.char(ava.id).hp).toBe(10);
    expect(a.items("healing_draught").filter((i) => "character" in i.loc)).toHaveLength(0);
    a.give(ava.id, "honey_cake");
    a.cmd(ava.id, "eat cake");
    expect(a.char(ava.id).effects.map((e) => e.effect)).toEqual(["well_fed"]);
    a.give(ava.id, "rat_tail");
    expect(a.cmd(ava.id, "use tail").error?.code).toBe("cannot_use");
  });
});

describe("talking (§6.3)", () => {
  it("socials without and with a target", () => {
    const a = new Area();
    const ava = a.join("Ava");
    const bran = a.join("Bran");
    const cara = a.join("Cara");
    const r = a.cmd(ava.id, "smile");
    expect(a.texts(ava.id, r.events)).toEqual(["You smile."]);
    expect(a.texts(bran.id, r.events)).toEqual(["Ava smiles."]);
    const t = a.cmd(ava.id, "wave bran");
    expect(a.texts(ava.id, t.events)).toEqual(["You wave at Bran."]);
    expect(a.texts(bran.id, t.events)).toEqual(["Ava waves at you."]);
    expect(a.texts(cara.id, t.events)).toEqual(["Ava waves at Bran."]);
  });

  it("tell, yell to the room and neighbouring rooms", () => {
    const a = new Area();
    const ava = a.join("Ava");
    const bran = a.join("Bran", { room: "mb_lane" });
    const t = a.cmd(ava.id, "whisper bran psst");
    expect(a.texts(bran.id, t.events)).toEqual(["Ava tells you, 'psst'"]);
    const y = a.cmd(ava.id, "shout hey");
    expect(a.texts(bran.id, y.events)).toEqual(["You hear Ava yell, 'hey'"]);
    const far = a.cmd(ava.id, "tell Zed hi");
    expect(far.error).toBeNull();
    expect(a.requests.at(-1)).toMatchObject({ kind: "remote", command: "tell", target: "Zed" });
  });

  it("help lists commands by category and shows usage and aliases", () => {
    const a = new Area();
    const ava = a.join("Ava");
    const all = a.texts(ava.id, a.cmd(ava.id, "help").events)[0]!;
    expect(all).toContain("Combat: attack, stop, flee");
    expect(all).not.toContain("summon");
    expect(a.texts(ava.id, a.cmd(ava.id, "? get").events)[0]).toBe(
      "Usage: get <item> | get all[.item] | get <item> from <container>\nAliases: take",
    );
  });

  it("who, inventory, stats, effects", () => {
    const a = new Area();
    const ava = a.join("Ava");
    expect(a.texts(ava.id, a.cmd(ava.id, "who").events)[0]).toContain("Ava (level 1)");
    expect(a.texts(ava.id, a.cmd(ava.id, "i").events)[0]).toContain("You carry: a healing draught.");
    const stats = a.cmd(ava.id, "score");
    expect(a.to(ava.id, stats.events)[0]).toMatchObject({
      type: "stat_update",
      full: true,
      stats: { hp: 11, max_hp: 11, ac: 12, attack_bonus: 4, coins: 10, str: 15, level: 1, xp_next: 100 },
    });
    expect(a.texts(ava.id, a.cmd(ava.id, "effects").events)).toEqual(["You are not affected by anything."]);
  });
});

describe("merchant (§6.5)", () => {
  it("list, buy with coins and limits, sell for half; no_merchant elsewhere", () => {
    const a = new Area();
    const ava = a.join("Ava", { room: "mb_store" });
    expect(a.texts(ava.id, a.cmd(ava.id, "list").events)[0]).toContain("a short sword — 25 coins");
    expect(a.cmd(ava.id, "buy sword").error?.code).toBe("insufficient_coins");
    expect(a.cmd(ava.id, "buy tea").error).toBeNull();
    expect(a.char(ava.id).coins).toBe(6);
    expect(a.cmd(ava.id, "sell dagger").error?.code).toBe("not_found"); // wielded, not carried
    a.give(ava.id, "spider_silk");
    a.cmd(ava.id, "sell silk");
    expect(a.char(ava.id).coins).toBe(10);
    a.give(ava.id, "brass_key");
    expect(a.cmd(ava.id, "sell key").error?.code).toBe("not_allowed");
    a.teleport(ava.id, "mb_lane");
    expect(a.cmd(ava.id, "list").error?.code).toBe("no_merchant");
  });
});
