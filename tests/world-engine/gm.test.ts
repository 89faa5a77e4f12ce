import { describe, expect, it } from "vitest";
import { kick, order } from "../../src/world/engine";
import type { GmOrder } from "../../src/world/events";
import { Area, content } from "./helpers";

const audits = (a: Area) => a.requests.filter((r) => r.kind === "audit");

describe("roles and GM commands (§9)", () => {
  it("commands above one's role are forbidden and are not prefix-matched", () => {
    const a = new Area();
    const ava = a.join("Ava");
    expect(a.cmd(ava.id, "kick Bran").error?.code).toBe("forbidden");
    expect(a.cmd(ava.id, "summ Bran").error?.code).toBe("unknown_command");
    expect(audits(a)).toHaveLength(0);
  });

  it("nobody below admin acts on equals or superiors; each permitted command is audited with its outcome", () => {
    const a = new Area();
    const mod = a.join("Mona", { role: "moderator" });
    a.join("Mick", { role: "moderator" });
    const ava = a.join("Ava");
    expect(a.cmd(mod.id, "warn Mick behave").error?.code).toBe("forbidden");
    const warn = a.cmd(mod.id, "warn Ava be nice");
    expect(a.texts(ava.id, warn.events)).toEqual(["[Warning] be nice"]);
    expect(audits(a).map((r) => r.kind === "audit" && [r.text, r.outcome])).toEqual([
      ["warn Mick behave", "forbidden"],
      ["warn Ava be nice", "ok"],
    ]);
    const admin = a.join("Root", { role: "admin" });
    expect(a.cmd(admin.id, "warn Mick hello").error).toBeNull();
  });

  it("mute blocks chat (checked first) until it ends; unmute lifts it", () => {
    const a = new Area();
    const mod = a.join("Mona", { role: "moderator" });
    const ava = a.join("Ava");
    expect(a.cmd(mod.id, "mute Ava 0").error?.code).toBe("bad_arguments");
    a.cmd(mod.id, "mute Ava 5");
    expect(a.cmd(ava.id, "say hi").error?.code).toBe("muted");
    expect(a.cmd(ava.id, "smile").error?.code).toBe("muted");
    expect(a.cmd(ava.id, "look").error).toBeNull();
    a.now += 5 * 60_000;
    expect(a.cmd(ava.id, "say hi").error).toBeNull();
    a.cmd(mod.id, "mute Ava 5");
    a.cmd(mod.id, "unmute Ava");
    expect(a.cmd(ava.id, "say hi").error).toBeNull();
  });

  it("kick takes the character out of the world; where and extended who", () => {
    const a = new Area();
    const mod = a.join("Mona", { role: "moderator" });
    const ava = a.join("Ava");
    expect(a.texts(mod.id, a.cmd(mod.id, "where Ava").events)).toEqual(["Ava: millbrook/mb_square, online."]);
    expect(a.texts(mod.id, a.cmd(mod.id, "who").events)[0]).toContain("Ava (level 1) — millbrook/mb_square, account acct_2");
    const kick = a.cmd(mod.id, "kick Ava spam");
    expect(a.to(ava.id, kick.events).at(-1)).toEqual({ type: "quit", reason: "kicked" });
    expect(a.char(ava.id).status).toBe("offline");
    expect(a.requests.some((r) => r.kind === "left_world" && r.reason === "kicked")).toBe(true);
    // Answered through the directory: the area object audits it with the outcome it finds.
    a.cmd(mod.id, "where Zed");
    expect(a.requests.at(-1)).toMatchObject({ kind: "remote", command: "where", target: "Zed", text: "where Zed" });
  });

  it("goto, summon, spawn, despawn, heal, setstat, revive, invis", () => {
    const a = new Area();
    const gm = a.join("Gia", { role: "game_master" });
    const ava = a.join("Ava", { room: "mb_garden" });
    a.cmd(gm.id, "goto mb_lane");
    expect(a.char(gm.id).room).toBe("mb_lane");
    a.cmd(gm.id, "goto Cold Smithy");
    expect(a.char(gm.id).room).toBe("mb_smithy");
    a.cmd(gm.id, "goto tw_path");
    expect(a.requests.at(-2)).toMatchObject({ kind: "handover", character: gm.id, area: "thornwood", room: "tw_path" });
    const gm2 = a.join("Gus", { role: "game_master", room: "mb_lane" });
    a.cmd(gm2.id, "summon Ava");
    expect(a.char(ava.id).room).toBe("mb_lane");
    a.cmd(gm2.id, "spawn npc wood_spider");
    a.cmd(gm2.id, "spawn item rat_tail");
    expect(a.npc("wood_spider", "mb_lane")).toBeDefined();
    expect(a.items("rat_tail")[0]!.decayAt).not.toBeNull();
    a.cmd(gm2.id, "despawn spider");
    a.cmd(gm2.id, "despawn tail");
    expect(a.npc("wood_spider", "mb_lane")).toBeUndefined();
    expect(a.items("rat_tail")).toHaveLength(0);
    a.state.characters[ava.id]!.hp = 2;
    a.cmd(gm2.id, "heal Ava");
    expect(a.char(ava.id).hp).toBe(11);
    expect(a.cmd(gm2.id, "setstat Ava str 31").error?.code).toBe("bad_arguments");
    a.cmd(gm2.id, "setstat Ava level 3");
    expect(a.char(ava.id)).toMatchObject({ level: 3, xp: 300 });
    a.cmd(gm2.id, "setstat Ava xp 100");
    expect(a.char(ava.id)).toMatchObject({ level: 2, xp: 100 });
    a.cmd(gm2.id, "setstat Ava coins 99");
    expect(a.char(ava.id).coins).toBe(99);
    a.state.characters[ava.id]!.xp = 150;
    a.state.characters[ava.id]!.hp = 1;
    a.cmd(gm2.id, "setstat Ava hp 1");
    // as §5.4 leaves a dead character: 20 XP lost, died where it stood
    const died = a.state.characters[ava.id]!;
    died.hp = 0;
    died.status = "dead";
    died.deathXpLoss = 20;
    died.xp = 130;
    died.diedIn = "mb_lane";
    a.cmd(gm2.id, "revive Ava");
    expect(a.char(ava.id)).toMatchObject({ status: "normal", xp: 150, hp: 18, room: "mb_lane" });
    a.cmd(gm2.id, "invis");
    const look = a.cmd(ava.id, "look");
    const view = a.to(ava.id, look.events)[0];
    expect(view?.type === "room" && view.characters.map((c) => c.name)).toEqual(["Ava"]);
    expect(a.texts(ava.id, a.cmd(ava.id, "who").events)[0]).not.toContain("Gus");
  });

  it("admin: broadcast, reload and setrole become requests for the area object", () => {
    const a = new Area();
    const root = a.join("Root", { role: "admin" });
    a.cmd(root.id, "broadcast Server restarts soon");
    a.cmd(root.id, "reload millbrook");
    a.cmd(root.id, "setrole Ava moderator");
    const actor = { id: root.id, name: "Root", account: root.account, role: "admin", area: "millbrook", room: "mb_square" };
    expect(a.requests.filter((r) => r.kind !== "audit")).toEqual([
      { kind: "broadcast", text: "Server restarts soon" },
      { kind: "reload", area: "millbrook" },
      { kind: "setrole", actor, name: "Ava", role: "moderator", text: "setrole Ava moderator" },
    ]);
    // setrole is audited by the area object with the role's outcome, not by the engine.
    expect(audits(a).map((r) => r.kind === "audit" && r.text)).toEqual(["broadcast Server restarts soon", "reload millbrook"]);
    expect(a.cmd(root.id, "setrole Ava king").error?.code).toBe("bad_arguments");
  });

  it("a command naming a character of another area becomes an order, checked, applied and audited there", () => {
    const a = new Area();
    const mod = a.join("Mona", { role: "moderator" });
    expect(a.cmd(mod.id, "mute Zed 99999").error?.code).toBe("bad_arguments"); // validated before any lookup
    a.cmd(mod.id, "kick Zed spamming");
    const sent = a.requests.filter((r) => r.kind === "order");
    expect(sent).toEqual([
      {
        kind: "order",
        actor: { id: mod.id, name: "Mona", account: mod.account, role: "moderator", area: "millbrook", room: "mb_square" },
        command: "kick",
        args: "Zed spamming",
        text: "kick Zed spamming",
        target: "Zed",
      },
    ]);
    expect(audits(a).map((r) => r.kind === "audit" && r.text)).toEqual(["mute Zed 99999"]); // the kick is audited where it lands

    const b = new Area("thornwood");
    const zed = b.join("Zed");
    b.join("Tom", { role: "moderator" });
    const actor = (sent[0] as Extract<(typeof sent)[number], { kind: "order" }>).actor;
    const apply = (id: string, command: GmOrder["command"], args: string) => {
      const r = order({ content, state: b.state, now: b.now, rng: b.rng, order: { id, actor, command, args, text: `${command} ${args}` } });
      b.take(r);
      return r;
    };
    const warned = apply("o1", "warn", "Zed behave");
    expect(warned.outcome).toEqual({ ok: true, text: "Zed is warned." });
    expect(b.texts(zed.id, warned.out)).toEqual(["[Warning] behave"]);
    expect(warned.requests).toEqual([
      expect.objectContaining({ kind: "audit", id: "o1", actor: mod.id, account: mod.account, text: "warn Zed behave", outcome: "ok" }),
    ]);
    // The target's role where it is decides: a moderator may not act on a moderator.
    const refused = apply("o2", "kick", "Tom");
    expect(refused.outcome).toMatchObject({ ok: false, code: "forbidden" });
    expect(b.char("ch_tom").status).toBe("normal");
    expect(refused.requests).toEqual([expect.objectContaining({ kind: "audit", id: "o2", outcome: "forbidden" })]);
    expect(apply("o3", "warn", "Nobody hi").outcome).toMatchObject({ ok: false, code: "not_online" });
    b.state.characters[zed.id]!.hp = 3;
    expect(apply("o4", "heal", "Zed").outcome).toEqual({ ok: true, text: "Zed is healed." });
    expect(b.char(zed.id).hp).toBe(11);
    expect(apply("o5", "setstat", "Zed coins 42").outcome).toMatchObject({ ok: true });
    expect(b.char(zed.id).coins).toBe(42);
    // summon: the target is handed over to the actor's room, in the actor's area.
    const summoned = apply("o6", "summon", "Zed");
    expect(summoned.requests).toContainEqual({ kind: "handover", character: zed.id, area: "millbrook", room: "mb_square" });
    expect(b.char(zed.id).status).toBe("departing");
    expect(apply("o7", "kick", "Zed").outcome).toMatchObject({ ok: false, code: "not_online" });
  });

  it("the admin kick leaves a departing character to its handover", () => {
    const a = new Area();
    const ava = a.join("Ava");
    a.state.characters[ava.id]!.status = "departing";
    const r = kick({ content, state: a.state, now: a.now, rng: a.rng, character: ava.id });
    expect(r.state.characters[ava.id]!.status).toBe("departing");
    expect(r.requests).toEqual([]);
  });
});
