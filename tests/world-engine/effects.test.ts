import { describe, expect, it } from "vitest";
import { enter } from "../../src/world/engine";
import { Area, content, scriptedRng } from "./helpers";

describe("effects (§4)", () => {
  it("a dot ticks every interval for magnitude × stacks; re-applying refreshes expiry and adds a stack, ticks keep their phase", async () => {
    const { Tx } = await import("../../src/world/tx");
    const { applyEffect } = await import("../../src/world/effects");
    const a = new Area();
    const ava = a.join("Ava");
    const t0 = a.now;
    let tx = new Tx(content, a.state, a.now, scriptedRng([]));
    applyEffect(tx, a.state.characters[ava.id]!, "spider_venom");
    a.wait(3000);
    expect(a.char(ava.id).hp).toBe(9);
    a.now = t0 + 4000;
    tx = new Tx(content, a.state, a.now, scriptedRng([]));
    applyEffect(tx, a.state.characters[ava.id]!, "spider_venom");
    expect(a.char(ava.id).effects[0]).toMatchObject({ stacks: 2, expiresAt: t0 + 16_000, nextTickAt: t0 + 6000 });
    a.wait(2000);
    expect(a.char(ava.id).hp).toBe(5);
  });

  it("an NPC's on-hit effect lands after the chance roll unless the target saves", () => {
    const a = new Area("thornwood");
    const ava = a.join("Ava", { room: "tw_hollow" });
    a.rng = scriptedRng([2]);
    a.cmd(ava.id, "attack spider");
    a.rng = scriptedRng([1, 15, 1, 1, 1]); // Ava misses at +1.5 s; the spider hits for 1d4=1+2, chance 1 ≤ 100, save 1+1 < 11
    a.wait(2000);
    expect(a.char(ava.id).effects.map((e) => e.effect)).toEqual(["spider_venom"]);
  });

  it("stacking adds up to max_stacks; mods scale with stacks; a tick at the expiry instant fires first", async () => {
    const { Tx } = await import("../../src/world/tx");
    const { applyEffect } = await import("../../src/world/effects");
    const a = new Area("thornwood");
    const ava = a.join("Ava");
    const tx = new Tx(content, a.state, a.now, scriptedRng([]));
    const c = a.state.characters[ava.id]!;
    for (let i = 0; i < 4; i++) applyEffect(tx, c, "spider_venom");
    expect(c.effects[0]).toMatchObject({ stacks: 3, expiresAt: a.now + 12_000, nextTickAt: a.now + 3000 });
    expect(tx.out.map((o) => o.event.type === "effect" && o.event.action)).toEqual(["applied", "refreshed", "refreshed", "refreshed"]);
    c.hp = 11;
    const events = a.wait(12_000);
    // ticks at 3, 6, 9, 12 s (the last at the expiry instant, before the expiry): 4 × 6 = 24, but death stops it
    expect(a.char(ava.id).status).toBe("dead");
    expect(a.to(ava.id, events).some((e) => e.type === "effect" && e.action === "tick")).toBe(true);
  });

  it("a successful save resists the effect entirely", async () => {
    const { Tx } = await import("../../src/world/tx");
    const { applyEffect } = await import("../../src/world/effects");
    const a = new Area();
    const ava = a.join("Ava");
    const tx = new Tx(content, a.state, a.now, scriptedRng([10]));
    expect(applyEffect(tx, a.state.characters[ava.id]!, "spider_venom", { stat: "con", dc: 11 })).toBe(false); // 10 + 1 ≥ 11
    expect(a.state.characters[ava.id]!.effects).toEqual([]);
  });

  it("buffs add their mods: blessed gives +1 attack and +1 AC, well fed +2 CON raises max HP; expiry sends expired", () => {
    const a = new Area();
    const ava = a.join("Ava", { room: "mb_chapel" });
    const r = a.cmd(ava.id, "pray");
    expect(a.texts(ava.id, r.events)).toContain("You kneel. A warm light settles on you.");
    expect(a.to(ava.id, r.events).find((e) => e.type === "stat_update")).toMatchObject({ stats: { ac: 13, attack_bonus: 5 } });
    a.give(ava.id, "honey_cake");
    const fed = a.cmd(ava.id, "eat cake");
    expect(a.to(ava.id, fed.events).find((e) => e.type === "stat_update")).toMatchObject({ stats: { con: 15, max_hp: 12 } });
    const gone = a.wait(300_000);
    expect(a.to(ava.id, gone).find((e) => e.type === "effect" && e.action === "expired")).toMatchObject({ effect: { id: "blessed" } });
  });

  it("hot heals magnitude × stacks per tick, capped at max", () => {
    const a = new Area();
    const ava = a.join("Ava");
    a.state.characters[ava.id]!.hp = 5;
    a.give(ava.id, "chamomile_tea");
    a.cmd(ava.id, "drink tea");
    a.wait(3000);
    expect(a.char(ava.id).hp).toBe(6);
  });
});

describe("offline catch-up (§3)", () => {
  it("sums missed ticks once, never kills, drops expired effects, adds regeneration and summarises", () => {
    const a = new Area("thornwood");
    const ava = a.join("Ava");
    const c = a.state.characters[ava.id]!;
    c.effects.push({ effect: "spider_venom", stacks: 3, expiresAt: a.now + 12_000, nextTickAt: a.now + 3000 });
    c.effects.push({ effect: "well_fed", stacks: 1, expiresAt: a.now + 600_000, nextTickAt: null });
    c.hp = 5;
    a.cmd(ava.id, "quit");
    expect(a.char(ava.id).status).toBe("offline");
    expect(Object.keys(a.state.timers).some((k) => k.startsWith(`fx:${ava.id}`))).toBe(false);
    a.now += 60_000;
    const r = enter({ content, state: a.state, now: a.now, rng: a.rng, character: ava.id, role: "player" });
    const back = r.state.characters[ava.id]!;
    // venom: 4 ticks × 6 = −24 → clamped to 1; then 10 regen steps × 1 (max 12 with well fed → floor(12/10) = 1)
    expect(back.hp).toBe(11);
    expect(back.effects.map((e) => e.effect)).toEqual(["well_fed"]);
    expect(r.out.find((o) => o.event.type === "message" && o.event.category === "system")?.event).toMatchObject({
      text: expect.stringContaining("Worn off: spider venom"),
    });
  });
});
