import { env, evictDurableObject, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { areaStub, enter, enterAsModerator, newCharacter, setRole } from "./helpers";

/** Makes every timed event of the area due now and runs its alarm (time passing, without waiting). */
async function hurry(area: string, rounds = 1): Promise<void> {
  for (let i = 0; i < rounds; i++) {
    await runInDurableObject(areaStub(area), (_: unknown, state: DurableObjectState) => {
      state.storage.sql.exec("UPDATE _timers SET at = ? WHERE at > ?", Date.now(), Date.now());
    });
    await runDurableObjectAlarm(areaStub(area));
  }
}

describe("playing over the socket", () => {
  it("the starter quest end to end: Hobb, the road south, the hut, Maren", async () => {
    const a = await newCharacter();
    const p = await enter(a);
    for (const step of ["east", "east"]) expect(await p.cmd(step)).toMatchObject({ type: "command_result" });
    await p.cmd("talk hobb");
    await p.inbox.next((m) => m.type === "message" && m.text.startsWith("Hobb the grocer offers: A Word to Maren."));
    expect(await p.cmd("accept word to maren")).toMatchObject({ type: "command_result" });
    for (const step of ["west", "west", "south", "south"]) expect(await p.cmd(step)).toMatchObject({ type: "command_result" });
    p.ws.send(JSON.stringify({ type: "command", text: "south" }));
    await p.inbox.next((m) => m.type === "transfer");
    const q = await enter(a);
    for (const step of ["south", "south", "open hut door", "west"]) expect(await q.cmd(step)).toMatchObject({ type: "command_result" });
    await q.inbox.next((m) => m.type === "message" && m.text === "Visit Maren's Hut 1/1");
    await q.cmd("talk maren");
    await q.inbox.next((m) => m.type === "message" && m.text === "Quest turned in: A Word to Maren. You receive 50 XP and 5 coins.");
    expect(await q.inbox.next((m) => m.type === "stat_update" && m.stats.xp === 50)).toMatchObject({ stats: { coins: 15 } });
    q.ws.close(1000);
  });

  it("dies, counts down and respawns at the area's entry room with half HP", async () => {
    const gm = await newCharacter();
    await setRole(gm.user.id, "game_master");
    const g = await enter(gm);
    const a = await newCharacter();
    const p = await enter(a);
    for (const step of ["east"]) {
      await g.cmd(step);
      await p.cmd(step);
    }
    expect(await g.cmd(`setstat ${a.name} hp 1`)).toMatchObject({ type: "command_result" });
    expect(await g.cmd("spawn npc wood_spider")).toMatchObject({ type: "command_result" });
    expect(await g.cmd("invis")).toMatchObject({ type: "command_result" });
    for (let i = 0; i < 40 && !p.inbox.find((m) => m.type === "respawn_countdown"); i++) await hurry("millbrook");
    expect(p.inbox.find((m) => m.type === "respawn_countdown")).toMatchObject({ seconds_remaining: 10, respawn_room: "mb_square" });
    expect(await p.cmd("north")).toMatchObject({ type: "error", code: "dead" });
    await hurry("millbrook", 10);
    const back = await p.inbox.next((m) => m.type === "room" && m.id === "mb_square");
    expect(back.characters.find((c: any) => c.id === a.id)).toMatchObject({ status: "normal" });
    const hp = p.inbox.seen.filter((m) => m.type === "stat_update" && m.stats.hp !== undefined).at(-1);
    expect(hp.stats.hp).toBe(6); // ceil(11 / 2)
    g.ws.close(1000);
    p.ws.close(1000);
  });

  it("GM commands follow roles over the socket and are written to the audit log", async () => {
    const { mod, m } = await enterAsModerator();
    const a = await newCharacter();
    const p = await enter(a);
    expect(await p.cmd(`kick ${mod.name}`)).toMatchObject({ type: "error", code: "forbidden" });
    expect(await m.cmd(`warn ${a.name} mind your manners`)).toMatchObject({ type: "command_result" });
    await p.inbox.next((x) => x.type === "message" && x.text === "[Warning] mind your manners");
    expect(await m.cmd("spawn npc garden_rat")).toMatchObject({ type: "error", code: "forbidden" });
    const closed = new Promise<number>((resolve) => p.ws.addEventListener("close", (e) => resolve(e.code)));
    expect(await m.cmd(`kick ${a.name} spamming`)).toMatchObject({ type: "command_result" });
    expect(await p.inbox.next((x) => x.type === "quit")).toMatchObject({ reason: "kicked" });
    expect(await closed).toBe(4003);
    const rows = await env.DB.prepare("SELECT actor_id, details FROM audit_log WHERE action = 'world.gm' AND actor_id = ? ORDER BY id")
      .bind(mod.user.id)
      .all<{ actor_id: string; details: string }>();
    expect(rows.results.map((r) => JSON.parse(r.details)).map((d) => [d.text, d.outcome])).toEqual([
      [`warn ${a.name} mind your manners`, "ok"],
      [`kick ${a.name} spamming`, "ok"],
    ]);
    const presence = await env.DB.prepare("SELECT * FROM world_presence WHERE character_id = ?").bind(a.id).first();
    expect(presence).toBeNull();
    m.ws.close(1000);
  });

  it("a restart mid-fight is invisible: the fight goes on from storage", async () => {
    const gm = await newCharacter();
    await setRole(gm.user.id, "game_master");
    const g = await enter(gm);
    await g.cmd("east");
    await g.cmd("spawn npc village_guard");
    await g.cmd("heal me");
    expect(await g.cmd("attack guard")).toMatchObject({ type: "command_result" });
    const stored = () =>
      runInDurableObject(areaStub("millbrook"), (_: unknown, s: DurableObjectState) => {
        const row = s.storage.sql.exec<{ state: string }>("SELECT state FROM world_area WHERE id = 1").one();
        const state = JSON.parse(row.state);
        const guard = Object.values(state.npcs).find((n: any) => n.template === "village_guard" && n.room === "mb_lane") as any;
        return { me: state.characters[gm.id], guard };
      });
    const before = await stored();
    expect(before.me.target).toBe(before.guard.id);
    await evictDurableObject(areaStub("millbrook"));
    await hurry("millbrook", 3);
    const after = await stored();
    // Swings went on after the restart: either side swung again, or the fight ended in a death.
    const swungAgain =
      (after.me.lastSwingAt ?? 0) > (before.me.lastSwingAt ?? 0) || (after.guard?.lastSwingAt ?? 0) > (before.guard.lastSwingAt ?? 0);
    expect(swungAgain || after.me.status === "dead" || !after.guard).toBe(true);
    g.ws.close(1000);
  });

  it("tell reaches a character in another area through the directory; an offline name is not_online", async () => {
    const a = await newCharacter();
    const b = await newCharacter();
    const p = await enter(a);
    const q = await enter(b);
    for (const step of ["south", "south"]) await q.cmd(step);
    q.ws.send(JSON.stringify({ type: "command", text: "south" }));
    await q.inbox.next((m) => m.type === "transfer");
    const there = await enter(b);
    expect(await p.cmd(`tell ${b.name} hello over there`)).toMatchObject({ type: "command_result" });
    expect(await there.inbox.next((m) => m.type === "message" && m.category === "tell")).toMatchObject({
      text: `${a.name} tells you, 'hello over there'`,
    });
    await p.inbox.next((m) => m.type === "message" && m.text === `You tell ${b.name}, 'hello over there'`);
    await p.cmd("tell Nobodyhere hi");
    expect(await p.inbox.next((m) => m.type === "error" && m.code === "not_online")).toBeTruthy();
    p.ws.close(1000);
    there.ws.close(1000);
  });

  it("an admin's broadcast and where reach characters in other areas through the directory", async () => {
    const gm = await newCharacter();
    await setRole(gm.user.id, "admin");
    const g = await enter(gm);
    const far = await newCharacter();
    const q = await enter(far);
    for (const step of ["south", "south"]) await q.cmd(step);
    q.ws.send(JSON.stringify({ type: "command", text: "south" }));
    await q.inbox.next((m) => m.type === "transfer");
    const there = await enter(far);
    expect(await g.cmd("broadcast the gates close at dusk")).toMatchObject({ type: "command_result" });
    const heard = { type: "message", category: "broadcast", text: "the gates close at dusk" };
    expect(await there.inbox.next((m) => m.type === "message" && m.category === "broadcast")).toMatchObject(heard);
    expect(await g.inbox.next((m) => m.type === "message" && m.category === "broadcast")).toMatchObject(heard);
    expect(await g.cmd(`where ${far.name}`)).toMatchObject({ type: "command_result" });
    await g.inbox.next((m) => m.type === "message" && m.text === `${far.name}: thornwood/tw_trailhead, online.`);
    await g.cmd("where Nobodyhere");
    await g.inbox.next((m) => m.type === "error" && m.code === "not_online");
    g.ws.close(1000);
    there.ws.close(1000);
  });
});
