import { describe, expect, it } from "vitest";
import { Area, scriptedRng } from "./helpers";

/** Ava: STR 15 DEX 14 → finesse dagger uses +2; proficiency 2 → attack +4; 1d4+2 damage; AC 12. */
function garden() {
  const a = new Area("millbrook");
  const ava = a.join("Ava", { room: "mb_garden" });
  const rat = a.npc("garden_rat", "mb_garden")!;
  return { a, ava, rat };
}

describe("engagement and swings (§5.1)", () => {
  it("attack sets the target and the first swing resolves within the command", () => {
    const { a, ava, rat } = garden();
    a.rng = scriptedRng([15, 3]);
    const r = a.cmd(ava.id, "attack rat");
    expect(r.error).toBeNull();
    const combat = a.to(ava.id, r.events).filter((e) => e.type === "combat");
    expect(combat.map((e) => e.type === "combat" && e.kind)).toEqual(["start", "hit"]);
    expect(combat[1]).toMatchObject({ roll: 15, total: 19, damage: 5 });
    expect(a.state.npcs[rat.id]!.hp).toBe(3);
    expect(a.char(ava.id).target).toBe(rat.id);
    // retaliation: the rat targets Ava, first swing at now + its speed
    expect(a.state.npcs[rat.id]!.target).toBe(ava.id);
    expect(a.state.timers[`swing:${rat.id}`]!.at).toBe(a.now + 2000);
    expect(a.state.timers[`swing:${ava.id}`]!.at).toBe(a.now + 1500);
  });

  it("natural 1 misses and natural 20 crits with doubled dice, mod once", () => {
    const { a, ava, rat } = garden();
    a.rng = scriptedRng([1]);
    const miss = a.cmd(ava.id, "kill rat");
    expect(a.to(ava.id, miss.events).find((e) => e.type === "combat" && e.kind === "miss")).toMatchObject({ roll: 1, damage: null });
    a.rng = scriptedRng([20, 1, 1, 20]); // Ava crits: 2d4 = 1+1, +2 = 4; the rat's swing later
    const events = a.wait(1500);
    expect(a.to(ava.id, events).find((e) => e.type === "combat" && e.kind === "crit")).toMatchObject({ roll: 20, damage: 4 });
    expect(a.state.npcs[rat.id]!.hp).toBe(4);
  });

  it("refuses attacks in safe rooms, on no_attack NPCs and on players", () => {
    const a = new Area("millbrook");
    const ava = a.join("Ava");
    a.join("Bran");
    expect(a.cmd(ava.id, "attack dog").error?.code).toBe("not_allowed");
    expect(a.cmd(ava.id, "attack bran").error?.message).toBe("You cannot attack other players.");
    a.teleport(ava.id, "mb_store");
    expect(a.cmd(ava.id, "attack hobb").error?.code).toBe("not_allowed");
    expect(a.cmd(ava.id, "attack nobody").error?.code).toBe("not_found");
  });

  it("leaving by an exit while in combat is refused", () => {
    const { a, ava } = garden();
    a.rng = scriptedRng([2]);
    a.cmd(ava.id, "attack rat");
    const r = a.cmd(ava.id, "west");
    expect(r.error).toMatchObject({ code: "in_combat", message: "You are fighting! Flee first." });
  });
});

describe("stop and flee (§5.2)", () => {
  it("stop clears the own target; attackers go on and there is no retaliation", () => {
    const { a, ava, rat } = garden();
    a.rng = scriptedRng([2]);
    a.cmd(ava.id, "attack rat");
    expect(a.cmd(ava.id, "stop").error).toBeNull();
    expect(a.char(ava.id).target).toBeNull();
    expect(a.state.timers[`swing:${ava.id}`]).toBeUndefined();
    expect(a.state.npcs[rat.id]!.target).toBe(ava.id);
    a.rng = scriptedRng([2]);
    a.wait(2000); // the rat swings and misses; Ava does not retaliate
    expect(a.char(ava.id).target).toBeNull();
    expect(a.cmd(ava.id, "stop").error?.code).toBe("not_fighting");
  });

  it("flee: not in combat → not_fighting; failure; cooldown; success ends all targeting and moves", () => {
    const { a, ava, rat } = garden();
    expect(a.cmd(ava.id, "flee").error?.code).toBe("not_fighting");
    a.rng = scriptedRng([2]);
    a.cmd(ava.id, "attack rat");
    a.rng = scriptedRng([5]); // 5 + 2 < 10
    expect(a.texts(ava.id, a.cmd(ava.id, "flee").events)).toContain("You fail to escape!");
    expect(a.cmd(ava.id, "flee").error?.code).toBe("cooldown");
    a.now += 2000;
    a.rng = scriptedRng([8, 0]); // 8 + 2 ≥ 10; the only exit is west
    const r = a.cmd(ava.id, "flee");
    expect(a.texts(ava.id, r.events)).toContain("You flee west!");
    expect(a.char(ava.id).room).toBe("mb_south_road");
    expect(a.state.npcs[rat.id]?.target ?? null).toBeNull();
  });
});

describe("NPC death (§5.3) and player death (§5.4)", () => {
  it("a kill gives XP, drops loot, starts the spawn's respawn timer, and the NPC respawns", () => {
    const { a, ava, rat } = garden();
    a.state.npcs[rat.id]!.hp = 1;
    a.rng = scriptedRng([15, 1, 100]);
    const r = a.cmd(ava.id, "attack rat");
    const texts = a.texts(ava.id, r.events);
    expect(texts).toEqual(expect.arrayContaining(["A fat garden rat dies.", "You gain 25 XP.", "A fat garden rat drops a rat tail."]));
    expect(texts.indexOf("A fat garden rat dies.")).toBeLessThan(texts.indexOf("You gain 25 XP."));
    expect(a.char(ava.id).xp).toBe(25);
    expect(a.state.npcs[rat.id]).toBeUndefined();
    expect(a.items("rat_tail")[0]!.decayAt).toBe(a.now + 3600_000);
    const spawn = rat.spawn!;
    expect(a.state.timers[`respawn:${spawn}`]!.at).toBe(a.now + 60_000);
    const events = a.wait(60_000);
    expect(a.texts(ava.id, events)).toContain("A fat garden rat arrives.");
    expect(a.state.spawns[spawn]).toBeTruthy();
  });

  it("XP is shared among the characters that damaged it and are in the room", () => {
    const { a, ava, rat } = garden();
    const bran = a.join("Bran", { room: "mb_garden" });
    a.state.npcs[rat.id]!.hp = 6;
    a.rng = scriptedRng([15, 1]);
    a.cmd(ava.id, "attack rat");
    a.rng = scriptedRng([15, 1]);
    a.cmd(bran.id, "attack rat");
    expect(a.char(ava.id).xp).toBe(12);
    expect(a.char(bran.id).xp).toBe(12);
  });

  it("XP gains raise the level with the HP increase; the table is 50·L·(L−1)", () => {
    const { a, ava } = garden();
    a.state.characters[ava.id]!.hp = 5;
    a.state.characters[ava.id]!.xp = 90;
    const rat = a.npc("garden_rat")!;
    a.state.npcs[rat.id]!.hp = 1;
    a.rng = scriptedRng([15, 1, 1]);
    const r = a.cmd(ava.id, "attack rat");
    expect(a.texts(ava.id, r.events)).toContain("You have reached level 2!");
    // CON 13 → +1: level 1 max 11, level 2 max 18; HP rises by 7
    expect(a.char(ava.id)).toMatchObject({ level: 2, xp: 115, hp: 12 });
    expect(a.to(ava.id, r.events).find((e) => e.type === "stat_update")).toMatchObject({
      stats: { level: 2, max_hp: 18, xp: 115, xp_next: 300 },
    });
  });

  it("a player dies, loses XP down to the level threshold, counts down and respawns at the entry room with half HP", () => {
    const { a, ava } = garden();
    const c = a.state.characters[ava.id]!;
    c.level = 2;
    c.xp = 105;
    c.hp = 1;
    a.rng = scriptedRng([2]);
    a.cmd(ava.id, "attack rat");
    a.rng = scriptedRng([1, 20, 3, 3]); // Ava misses at +1.5 s; the rat crits at +2 s
    const events = a.wait(2000);
    expect(a.char(ava.id)).toMatchObject({ status: "dead", hp: 0, xp: 100, target: null });
    const countdowns = () =>
      a
        .to(ava.id)
        .filter((e) => e.type === "respawn_countdown")
        .map((e) => e.type === "respawn_countdown" && e.seconds_remaining);
    expect(countdowns()).toEqual([10]);
    expect(a.cmd(ava.id, "north").error?.code).toBe("dead");
    expect(a.cmd(ava.id, "look").error).toBeNull();
    a.wait(9000);
    expect(countdowns()).toEqual([10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
    const back = a.wait(1000);
    expect(a.char(ava.id)).toMatchObject({ status: "normal", room: "mb_square", hp: 9 });
    expect(a.to(ava.id, back).some((e) => e.type === "room" && e.id === "mb_square")).toBe(true);
    expect(events.length).toBeGreaterThan(0);
  });
});

describe("regeneration (§2)", () => {
  it("heals max(1, floor(max/10)) every 6 s out of combat, restarting on damage", () => {
    const a = new Area();
    const ava = a.join("Ava");
    a.state.characters[ava.id]!.hp = 3;
    a.state.timers[`regen:${ava.id}`] = { at: a.now + 6000, kind: "regen", payload: { who: ava.id } };
    a.wait(6000);
    expect(a.char(ava.id).hp).toBe(4);
    a.wait(6000);
    expect(a.char(ava.id).hp).toBe(5);
  });
});

describe("NPC behaviours (§5.6)", () => {
  it("aggressive: a character arriving sets an aggro timer; it attacks after 1 s", () => {
    const a = new Area("thornwood");
    const ava = a.join("Ava", { room: "tw_deep_wood" });
    a.rng = scriptedRng([]);
    a.cmd(ava.id, "east");
    const spider = a.npc("wood_spider", "tw_hollow")!;
    expect(a.state.timers[`aggro:${spider.id}`]).toMatchObject({ at: a.now + 1000, payload: { cause: ava.id } });
    a.wait(1000);
    expect(a.state.npcs[spider.id]!.target).toBe(ava.id);
  });

  it("cowardly: at a quarter HP the rat flees by a wander exit", () => {
    const { a, ava, rat } = garden();
    a.state.npcs[rat.id]!.hp = 4;
    a.rng = scriptedRng([15, 1, 0]);
    const r = a.cmd(ava.id, "attack rat");
    expect(a.texts(ava.id, r.events)).toContain("The fat garden rat flees west!");
    expect(a.state.npcs[rat.id]!.room).toBe("mb_south_road");
    expect(a.char(ava.id).target).toBeNull();
  });

  it("calls_for_help: wolves join the fight", () => {
    const a = new Area("thornwood");
    const ava = a.join("Ava", { room: "tw_path" });
    const w1 = a.npc("grey_wolf", "tw_path")!;
    const w2 = a.npc("grey_wolf", "tw_clearing")!;
    a.state.npcs[w2.id]!.room = "tw_path";
    a.rng = scriptedRng([2]);
    const r = a.cmd(ava.id, "attack 2.wolf");
    expect(a.texts(ava.id, r.events)).toContain("The grey wolf howls for help!");
    expect(a.state.npcs[w1.id]!.target).toBe(ava.id);
  });

  it("wander and idle timers exist only while the area is occupied", () => {
    const a = new Area("millbrook");
    expect(Object.values(a.state.timers).filter((t) => t.kind === "npc_wander" || t.kind === "npc_idle")).toHaveLength(0);
    const ava = a.join("Ava");
    expect(Object.values(a.state.timers).filter((t) => t.kind === "npc_wander").length).toBe(4);
    a.cmd(ava.id, "quit");
    expect(Object.values(a.state.timers).filter((t) => t.kind === "npc_wander" || t.kind === "npc_idle")).toHaveLength(0);
    expect(a.state.timers.area_reset!.at).toBe(a.now + 900_000);
  });
});
