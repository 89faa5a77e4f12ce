import { describe, expect, it } from "vitest";
import { ContentError, loadContent } from "../../src/world/content/load";
import { STARTER_FILES } from "../../src/world/content/starter";
import { content } from "./helpers";

const clone = () => structuredClone(STARTER_FILES) as Record<string, any>;

function refusal(files: Record<string, unknown>): ContentError {
  try {
    loadContent(files);
  } catch (e) {
    if (e instanceof ContentError) return e;
    throw e;
  }
  throw new Error("content was accepted");
}

describe("starter world (§13)", () => {
  it("has the rooms, names, flags and exits of §13.1", () => {
    const rooms: [string, string, string[], string][] = [
      ["mb_square", "Village Square", ["safe"], "north mb_chapel, east mb_lane, west mb_inn, south mb_south_road"],
      ["mb_chapel", "Chapel of the Lantern", ["safe", "no_wander"], "south mb_square, down mb_crypt hidden"],
      ["mb_crypt", "Old Crypt", ["no_wander"], "up mb_chapel"],
      ["mb_inn", "The Leaning Lantern", ["safe", "no_wander"], "east mb_square, up mb_inn_room d_inn"],
      ["mb_inn_room", "Rented Room", ["safe", "no_wander"], "down mb_inn d_inn"],
      ["mb_lane", "Market Lane", [], "west mb_square, east mb_store, north mb_smithy"],
      ["mb_store", "Hobb's Provisions", ["safe", "no_wander"], "west mb_lane"],
      ["mb_smithy", "Cold Smithy", [], "south mb_lane"],
      ["mb_south_road", "South Road", [], "north mb_square, south mb_gate, east mb_garden"],
      ["mb_garden", "Widow Pell's Garden", [], "west mb_south_road"],
      ["mb_gate", "South Gate", [], "north mb_south_road, south tw_trailhead"],
      ["tw_trailhead", "Thornwood Trailhead", [], "north mb_gate, south tw_path"],
      ["tw_path", "Bramble Path", [], "north tw_trailhead, south tw_clearing, east tw_brook"],
      ["tw_brook", "Cold Brook", [], "west tw_path, ford tw_far_bank"],
      ["tw_far_bank", "Far Bank", [], "ford tw_brook, south tw_hollow"],
      ["tw_clearing", "Mossy Clearing", [], "north tw_path, south tw_deep_wood, west tw_hut d_hut"],
      ["tw_hut", "Maren's Hut", ["safe", "no_wander"], "east tw_clearing d_hut"],
      ["tw_deep_wood", "Deep Wood", [], "north tw_clearing, east tw_hollow, climb tw_oak_top"],
      ["tw_oak_top", "Crown of the Great Oak", ["no_wander"], "down tw_deep_wood"],
      ["tw_hollow", "Spider Hollow", [], "west tw_deep_wood, north tw_far_bank, south tw_den hidden"],
      ["tw_den", "Broodmother's Den", ["no_wander"], "north tw_hollow"],
    ];
    expect([...content.rooms.keys()].sort()).toEqual(rooms.map((r) => r[0]).sort());
    for (const [id, name, flags, exits] of rooms) {
      const room = content.rooms.get(id)!;
      expect(room.name).toBe(name);
      expect(room.flags).toEqual(flags);
      const written = Object.entries(room.exits)
        .map(([dir, e]) =>
          typeof e === "string" ? `${dir} ${e}` : `${dir} ${e.to}${e.door ? ` ${e.door}` : ""}${e.hidden ? " hidden" : ""}`,
        )
        .join(", ");
      expect(written).toBe(exits);
    }
    expect(content.areas.get("millbrook")).toMatchObject({
      name: "Millbrook",
      entry_room: "mb_square",
      level_range: [1, 3],
      default_respawn_s: 300,
    });
    expect(content.areas.get("thornwood")).toMatchObject({
      name: "The Thornwood",
      entry_room: "tw_trailhead",
      level_range: [2, 4],
      default_respawn_s: 300,
    });
    expect(content.areas.get("millbrook")!.doors.d_inn).toEqual({ name: "oak door", state: "locked", key: "brass_key" });
    expect(content.areas.get("thornwood")!.doors.d_hut).toEqual({ name: "hut door", state: "closed" });
  });

  it("has the items, effects, NPCs, spawns, triggers and quests of §13.2–13.6", () => {
    expect(content.items.size).toBe(14);
    expect(content.items.get("wood_axe")).toMatchObject({
      name: "a woodcutter's axe",
      type: "weapon",
      dice: "1d8",
      speed_ms: 2500,
      weight: 4,
      value: 20,
      keywords: ["axe"],
    });
    expect(content.items.get("sea_chest")).toMatchObject({ capacity: 10, flags: ["no_take", "no_decay"], weight: 50 });
    expect(content.effects.get("spider_venom")).toMatchObject({ kind: "dot", duration_s: 12, interval_s: 3, magnitude: 2, max_stacks: 3 });
    expect(content.effects.get("blessed")!.mods).toEqual({ attack: 1, ac: 1 });
    expect(content.npcs.get("broodmother")).toMatchObject({
      level: 4,
      max_hp: 30,
      ac: 14,
      xp: 250,
      coins: [10, 20],
      persistent: true,
      helpers: ["wood_spider"],
    });
    expect(content.npcs.get("hobb")!.stock).toHaveLength(7);
    expect(content.areas.get("millbrook")!.spawns.map((s) => `${s.id}@${s.room}:${s.respawn_s ?? "-"}`)).toEqual([
      "sp_guard@mb_gate:600",
      "sp_hobb@mb_store:60",
      "sp_rat1@mb_garden:60",
      "sp_rat2@mb_garden:60",
      "sp_rat3@mb_garden:60",
      "sp_dog@mb_square:-",
    ]);
    expect(content.areas.get("millbrook")!.item_spawns.map((s) => s.id)).toEqual([
      "is_chest",
      "is_chest_draught",
      "is_key",
      "is_axe",
      "is_satchel",
    ]);
    const triggers = [...content.rooms.values()].flatMap((r) => r.triggers.map((t) => `${t.id}@${r.id}`));
    expect(triggers.sort()).toEqual(
      [
        "t_pray@mb_chapel",
        "t_candlestick@mb_chapel",
        "t_garden_first@mb_garden",
        "t_gate_warning@mb_gate",
        "t_ford_chill@tw_far_bank",
        "t_brook_wind@tw_brook",
        "t_hollow_webs@tw_hollow",
        "t_den_ambush@tw_den",
      ].sort(),
    );
    expect(content.quests.get("q_silk")).toMatchObject({
      giver: "old_maren",
      turn_in: "old_maren",
      min_level: 2,
      prerequisites: ["q_word_to_maren"],
      rewards: { xp: 200, coins: 20, items: ["healing_draught"] },
    });
  });
});

describe("content loader refusals (§1.1)", () => {
  it.each<[string, (f: Record<string, any>) => void, string, string, RegExp]>([
    ["a schema error", (f) => (f["items.json"][0].weight = -1), "items.json", "[0].weight", /expected number to be >=0|Too small/i],
    ["a bad id", (f) => (f["npcs.json"][0].id = "Rat"), "npcs.json", "[0].id", /ids match/],
    ["a duplicate item id", (f) => f["items.json"].push({ ...f["items.json"][0] }), "items.json", "[14].id", /duplicate id rusty_dagger/],
    [
      "a duplicate room id",
      (f) => f["areas/thornwood.json"].rooms.push({ ...f["areas/millbrook.json"].rooms[0] }),
      "areas/thornwood.json",
      "rooms[10].id",
      /duplicate room id mb_square/,
    ],
    [
      "an exit to an unknown room",
      (f) => (f["areas/millbrook.json"].rooms[0].exits.north = "mb_nowhere"),
      "areas/millbrook.json",
      "rooms[0].exits.north",
      /unknown room mb_nowhere/,
    ],
    [
      "a door used by three exits",
      (f) => (f["areas/millbrook.json"].rooms[0].exits.up = { to: "mb_inn", door: "d_inn" }),
      "areas/millbrook.json",
      "rooms[4].exits.down.door",
      /more than two exits/,
    ],
    [
      "a door across areas",
      (f) => (f["areas/millbrook.json"].rooms[10].exits.south = { to: "tw_trailhead", door: "d_inn" }),
      "areas/millbrook.json",
      "rooms[10].exits.south.door",
      /another area/,
    ],
    [
      "a custom exit named like a command",
      (f) => (f["areas/millbrook.json"].rooms[7].exits.look = "mb_lane"),
      "areas/millbrook.json",
      "rooms[7].exits.look",
      /named like a command/,
    ],
    [
      "an unknown NPC template",
      (f) => (f["areas/millbrook.json"].spawns[0].npc = "dragon"),
      "areas/millbrook.json",
      "spawns[0].npc",
      /unknown npc dragon/,
    ],
    ["an unknown loot item", (f) => (f["npcs.json"][0].loot[0].item = "gold"), "npcs.json", "garden_rat.loot[0].item", /unknown item gold/],
    [
      "an entry room outside its area",
      (f) => (f["areas/millbrook.json"].entry_room = "tw_path"),
      "areas/millbrook.json",
      "entry_room",
      /not a room of millbrook/,
    ],
    [
      "a trigger action naming another area's room",
      (f) => f["areas/millbrook.json"].rooms[1].triggers[1].actions.push({ type: "message_room", text: "x", room: "tw_path" }),
      "areas/millbrook.json",
      "rooms[1].triggers[1].actions[2].room",
      /not in area millbrook/,
    ],
    [
      "an on_timer trigger with a player condition",
      (f) => f["areas/thornwood.json"].rooms[2].triggers[0].conditions.push({ type: "level", min: 1 }),
      "areas/thornwood.json",
      "rooms[2].triggers[0].conditions[1]",
      /no player/,
    ],
    [
      "an on_timer trigger with a player action",
      (f) => f["areas/thornwood.json"].rooms[2].triggers[0].actions.push({ type: "damage", amount: 1 }),
      "areas/thornwood.json",
      "rooms[2].triggers[0].actions[1]",
      /no player/,
    ],
    [
      "a container spawn inside a non-container",
      (f) => (f["areas/millbrook.json"].item_spawns[1].container = "is_key"),
      "areas/millbrook.json",
      "item_spawns[1].container",
      /unknown \(or later\) item spawn is_key|not a container/,
    ],
    ["a missing file", (f) => delete f["quests.json"], "quests.json", "", /file missing/],
  ])("refuses %s with file, path and reason", (_name, mutate, file, path, reason) => {
    const files = clone();
    mutate(files);
    const e = refusal(files);
    expect(e.file).toBe(file);
    expect(e.path).toBe(path);
    expect(e.reason).toMatch(reason);
  });

  it("never half-loads: a refused set leaves the loaded content untouched", () => {
    const files = clone();
    files["areas/thornwood.json"].spawns[0].npc = "nobody";
    expect(() => loadContent(files)).toThrow(ContentError);
    expect(content.npcs.has("old_maren")).toBe(true);
    expect(loadContent(clone()).rooms.size).toBe(21);
  });
});
