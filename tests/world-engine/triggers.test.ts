import { describe, expect, it } from "vitest";
import { createRng } from "../../src/lib/rng";
import { loadContent } from "../../src/world/content/load";
import { STARTER_FILES } from "../../src/world/content/starter";
import { command, createArea, createCharacter, reset } from "../../src/world/engine";
import { globMatches } from "../../src/world/triggers";
import { Area } from "./helpers";

const say = (text: string) => ({ type: "message_player", text });
const on = (pattern: string, conditions: object[], actions: object[], extra: object = {}) => ({
  id: `t_${pattern.replace(/ /g, "_")}`,
  event: "on_command",
  pattern,
  conditions,
  actions,
  ...extra,
});

/** The starter world plus a laboratory room in Millbrook whose command triggers exercise every condition and action. */
function lab() {
  const files = structuredClone(STARTER_FILES) as Record<string, any>;
  files["areas/millbrook.json"].rooms.push({
    id: "mb_lab",
    name: "Laboratory",
    description: "Glassware everywhere.",
    exits: { west: "mb_square" },
    triggers: [
      on("c1", [{ type: "flag_set", flag: "f1", scope: "player" }], [say("c1")]),
      on("c2", [{ type: "flag_set", flag: "a1", scope: "area" }], [say("c2")]),
      on("c3", [{ type: "has_item", item: "rat_tail", count: 2 }], [say("c3")]),
      on("c4", [{ type: "level", min: 2 }], [say("c4")]),
      on("c5", [{ type: "health_percent", max: 50 }], [say("c5")]),
      on("c6", [{ type: "in_combat" }], [say("c6")]),
      on("c7", [{ type: "has_effect", effect: "blessed" }], [say("c7")]),
      on("c8", [{ type: "entity_present", item: "rat_tail" }], [say("c8")]),
      on("c9", [{ type: "player_count", min: 2 }], [say("c9")]),
      on("c10", [{ type: "level", max: 1, negate: true }], [say("c10")]),
      on(
        "flags",
        [],
        [
          { type: "set_flag", flag: "f1", scope: "player" },
          { type: "toggle_flag", flag: "a1", scope: "area" },
        ],
      ),
      on("hurt", [], [{ type: "damage", amount: 3 }]),
      on("mend", [], [{ type: "heal", amount: 2 }]),
      on("bless", [], [{ type: "apply_effect", effect: "blessed" }]),
      on("rats", [], [{ type: "spawn_npc", npc: "garden_rat", count: 2 }]),
      on("norats", [], [{ type: "despawn_npc", npc: "garden_rat" }]),
      on("drop tail", [], [{ type: "spawn_item", item: "rat_tail" }]),
      on("gift", [], [{ type: "give_item", item: "rat_tail", count: 2 }]),
      on("tax", [], [{ type: "take_item", item: "rat_tail", count: 1 }]),
      on("dig", [], [{ type: "open_exit", direction: "east", to: "mb_lane" }]),
      on("fill", [], [{ type: "close_exit", direction: "east" }]),
      on("veil", [], [{ type: "hide_exit", direction: "west" }]),
      on("unveil", [], [{ type: "reveal_exit", direction: "west" }]),
      on("bar", [], [{ type: "lock_door", door: "d_inn" }]),
      on("unbar", [], [{ type: "unlock_door", door: "d_inn" }]),
      on(
        "paint",
        [],
        [{ type: "set_description", text: "{player.name} was here ({player.level}) in {room.name} of {area.name}, {nobody}." }],
      ),
      on("scrub", [], [{ type: "reset_description" }]),
      on("off", [], [{ type: "disable_trigger", trigger: "t_c1" }]),
      on("on", [], [{ type: "enable_trigger", trigger: "t_c1" }]),
      on("shout", [], [{ type: "message_room", text: "Echo from {player.name}.", room: "mb_square" }]),
      on("carve", [], [{ type: "set_description", text: "Carved." }], { permanent: true, room: undefined }),
    ].map((t) => JSON.parse(JSON.stringify(t))),
  });
  const content = loadContent(files);
  const rng = createRng(3);
  let now = 1_900_000_000_000;
  let state = createArea(content, "millbrook", now, rng);
  const join = (id: string, name: string) => {
    const r = createCharacter({
      content,
      state,
      now,
      rng,
      character: { id, account: `a_${id}`, name, stats: { str: 15, dex: 14, con: 13, int: 12, wis: 10, cha: 8 } },
      role: "player",
    });
    state = r.state;
    state.characters[id]!.room = "mb_lab";
  };
  const run = (id: string, text: string) => {
    const r = command({ content, state, now, rng, character: id, text });
    state = r.state;
    return r.out.filter((o) => o.to === id && o.event.type === "message").map((o) => (o.event as { text: string }).text);
  };
  return {
    content,
    join,
    run,
    get state() {
      return state;
    },
    advance: (ms: number) => {
      now += ms;
    },
    reset: () => {
      state = reset({ content, state, now, rng }).state;
    },
  };
}

describe("trigger conditions (§7)", () => {
  it("each condition gates its trigger; an on_command trigger that does not fire lets parsing continue", () => {
    const w = lab();
    w.join("ava", "Ava");
    const none = ["c1", "c2", "c3", "c4", "c5", "c6", "c7", "c8", "c9", "c10"].map((cmd) => w.run("ava", cmd));
    expect(none.every((texts) => texts.length === 0)).toBe(true); // each fell through to unknown_command (an error event)
    w.run("ava", "flags");
    expect(w.run("ava", "c1")).toEqual(["c1"]);
    expect(w.run("ava", "c2")).toEqual(["c2"]);
    w.run("ava", "gift");
    expect(w.run("ava", "c3")).toEqual(["c3"]);
    w.state.characters.ava!.level = 2;
    expect(w.run("ava", "c4")).toEqual(["c4"]);
    expect(w.run("ava", "c10")).toEqual(["c10"]);
    w.run("ava", "hurt");
    w.run("ava", "hurt");
    expect(w.run("ava", "c5")).toEqual(["c5"]);
    w.run("ava", "bless");
    expect(w.run("ava", "c7")).toEqual(["c7"]);
    w.run("ava", "drop tail");
    expect(w.run("ava", "c8")).toEqual(["c8"]);
    w.join("bran", "Bran");
    expect(w.run("ava", "c9")).toEqual(["c9"]);
    w.run("ava", "rats");
    w.run("ava", "kill rat");
    expect(w.run("ava", "c6")).toEqual(["c6"]);
  });
});

describe("trigger actions (§7)", () => {
  it("flags, damage and heal, effects, NPCs and items", () => {
    const w = lab();
    w.join("ava", "Ava");
    w.run("ava", "flags");
    expect(w.state.characters.ava!.flags.f1).toBe(true);
    expect(w.state.flags.a1).toBe(true);
    w.run("ava", "flags");
    expect(w.state.flags.a1).toBe(false);
    w.run("ava", "hurt");
    expect(w.state.characters.ava!.hp).toBe(8);
    w.run("ava", "mend");
    expect(w.state.characters.ava!.hp).toBe(10);
    w.run("ava", "bless");
    expect(w.state.characters.ava!.effects.map((e) => e.effect)).toEqual(["blessed"]);
    w.run("ava", "rats");
    const rats = Object.values(w.state.npcs).filter((n) => n.template === "garden_rat");
    expect(rats.filter((n) => n.room === "mb_lab" && n.spawn === null)).toHaveLength(2);
    w.run("ava", "norats");
    expect(Object.values(w.state.npcs).filter((n) => n.template === "garden_rat")).toHaveLength(0);
    w.run("ava", "drop tail");
    const floor = Object.values(w.state.items).filter((i) => i.template === "rat_tail" && "room" in i.loc);
    expect(floor[0]!.decayAt).not.toBeNull();
    w.run("ava", "gift");
    w.run("ava", "tax");
    expect(Object.values(w.state.items).filter((i) => i.template === "rat_tail" && "character" in i.loc)).toHaveLength(1);
  });

  it("exits, doors, descriptions with substitution, enabling triggers, messages to another room", () => {
    const w = lab();
    w.join("ava", "Ava");
    w.run("ava", "dig");
    expect(w.state.rooms.mb_lab!.exits.east).toEqual({ to: "mb_lane", door: null, hidden: false });
    w.run("ava", "fill");
    expect(w.state.rooms.mb_lab!.exits.east).toBeUndefined();
    w.run("ava", "veil");
    expect(w.run("ava", "west")).toEqual([]);
    w.run("ava", "unveil");
    w.run("ava", "unbar");
    expect(w.state.doors.d_inn).toBe("closed");
    w.run("ava", "bar");
    expect(w.state.doors.d_inn).toBe("locked");
    w.run("ava", "paint");
    expect(w.state.rooms.mb_lab!.description).toBe("Ava was here (1) in Laboratory of Millbrook, {nobody}.");
    w.run("ava", "scrub");
    expect(w.state.rooms.mb_lab!.description).toBeNull();
    w.run("ava", "flags");
    w.run("ava", "off");
    expect(w.run("ava", "c1")).toEqual([]);
    w.run("ava", "on");
    expect(w.run("ava", "c1")).toEqual(["c1"]);
    w.join("bran", "Bran");
    w.state.characters.bran!.room = "mb_square";
    const r = command({ content: w.content, state: w.state, now: 1_900_000_000_000, rng: createRng(1), character: "ava", text: "shout" });
    expect(r.out.find((o) => o.to === "bran")?.event).toMatchObject({ category: "room", text: "Echo from Ava." });
  });

  it("an area reset returns non-permanent changes to content and keeps permanent ones", () => {
    const w = lab();
    w.join("ava", "Ava");
    w.run("ava", "carve");
    w.run("ava", "veil");
    w.run("ava", "flags");
    expect(w.state.triggers.t_flags!.count).toBe(1);
    w.reset();
    expect(w.state.rooms.mb_lab!.description).toBe("Carved.");
    expect(w.state.rooms.mb_lab!.exits.west!.hidden).toBe(true); // same room, changed by a permanent trigger: kept whole
    expect(w.state.flags.a1).toBeUndefined();
    expect(w.state.triggers.t_flags!.count).toBe(0);
    expect(w.state.characters.ava!.flags.f1).toBe(true); // character flags never reset
  });
});

describe("starter triggers (§13.5) and limits", () => {
  it("t_pray has a 30 s cooldown shared by everyone and needs not blessed", () => {
    const a = new Area();
    const ava = a.join("Ava", { room: "mb_chapel" });
    const bran = a.join("Bran", { room: "mb_chapel" });
    expect(a.texts(ava.id, a.cmd(ava.id, "pray").events)).toContain("You kneel. A warm light settles on you.");
    expect(a.cmd(bran.id, "pray").error?.code).toBe("unknown_command");
    a.now += 30_000;
    expect(a.cmd(bran.id, "pray").error).toBeNull();
    expect(a.cmd(ava.id, "pray").error?.code).toBe("unknown_command"); // blessed already (and the cooldown)
  });

  it("t_candlestick fires once, reveals the crypt and tells the room", () => {
    const a = new Area();
    const ava = a.join("Ava", { room: "mb_chapel" });
    const r = a.cmd(ava.id, "pull candlestick");
    expect(a.texts(ava.id, r.events)).toContain("Ava pulls an iron candlestick. Stone grinds open below the altar.");
    expect(a.cmd(ava.id, "pull candle").error?.code).toBe("unknown_command");
    expect(a.cmd(ava.id, "d").error).toBeNull();
    expect(a.char(ava.id).room).toBe("mb_crypt");
  });

  it("t_garden_first greets once per character (player flag)", () => {
    const a = new Area();
    const ava = a.join("Ava", { room: "mb_south_road" });
    expect(a.texts(ava.id, a.cmd(ava.id, "east").events)).toContain("Rats scurry between the cabbages.");
    a.cmd(ava.id, "west");
    expect(a.texts(ava.id, a.cmd(ava.id, "east").events)).not.toContain("Rats scurry between the cabbages.");
  });

  it("t_gate_warning runs on exit south for levels up to 2, before the departure", () => {
    const a = new Area();
    const ava = a.join("Ava", { room: "mb_gate" });
    const r = a.cmd(ava.id, "south");
    expect(a.texts(ava.id, r.events)).toContain("The guard calls after you, 'Mind the spiders, Ava!'");
    expect(a.requests.at(-1)).toMatchObject({ kind: "handover", character: ava.id, area: "thornwood", room: "tw_trailhead" });
    expect(a.char(ava.id).status).toBe("departing");
    expect(a.cmd(ava.id, "look").error?.code).toBe("in_transit");
  });

  it("t_ford_chill chills on entering the far bank; t_brook_wind blows every 60 s after 30 s while occupied", () => {
    const a = new Area("thornwood");
    const ava = a.join("Ava", { room: "tw_brook" });
    expect(a.state.timers["trigger:t_brook_wind"]!.at).toBe(a.now + 30_000);
    const wind = a.wait(30_000);
    expect(a.texts(ava.id, wind)).toContain("A cold wind sighs down the brook.");
    expect(a.state.timers["trigger:t_brook_wind"]!.at).toBe(a.now + 60_000);
    const r = a.cmd(ava.id, "ford");
    expect(a.texts(ava.id, r.events)).toContain("The icy ford leaves you shivering.");
    expect(a.char(ava.id).effects.map((e) => e.effect)).toEqual(["chilled"]);
    expect(a.cmd(ava.id, "ford").error).toBeNull();
  });

  it("t_hollow_webs needs the axe; t_den_ambush drops two spiders once", () => {
    const a = new Area("thornwood");
    const ava = a.join("Ava", { room: "tw_hollow" });
    delete a.state.npcs[a.npc("wood_spider", "tw_hollow")!.id];
    expect(a.cmd(ava.id, "cut webs").error?.code).toBe("unknown_command");
    a.give(ava.id, "wood_axe");
    expect(a.texts(ava.id, a.cmd(ava.id, "cut webs").events)).toContain("Ava hacks through the webs. A passage opens to the south.");
    const r = a.cmd(ava.id, "south");
    expect(a.texts(ava.id, r.events)).toContain("The broodmother shrieks; spiders drop from the ceiling!");
    expect(Object.values(a.state.npcs).filter((n) => n.room === "tw_den" && n.template === "wood_spider")).toHaveLength(2);
  });

  it("glob patterns: * any run, ? one character, whole text", () => {
    expect(globMatches("cut web*", "cut webs")).toBe(true);
    expect(globMatches("cut web*", "please cut webs")).toBe(false);
    expect(globMatches("p?ay", "pray")).toBe(true);
    expect(globMatches("a.b", "axb")).toBe(false);
  });
});
