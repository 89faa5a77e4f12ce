import { createExecutionContext, createScheduledController, env, waitOnExecutionContext } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import worker from "../../src/index";
import { call, json, registerUser } from "../helpers/http";
import { areaStub, newCharacter, openWorld, send } from "./helpers";

async function rows(table: string, accountId: string): Promise<number> {
  const r = await env.DB.prepare(`SELECT COUNT(*) AS n FROM ${table} WHERE account_id = ?`).bind(accountId).first<{ n: number }>();
  return r?.n ?? 0;
}

async function held(area: string, id: string): Promise<boolean> {
  return (await areaStub(area).inspect(area)).characters.some((c) => c.id === id);
}

describe("an account's world characters in its export and its deletion", () => {
  it("the export lists the characters with the records their areas hold; deletion kicks the one in the world and removes them all", async () => {
    const user = await registerUser("wdel");
    // One character walked to the Thornwood and left connected; one that never entered the world.
    const walker = await newCharacter(user);
    const idle = await newCharacter(user);
    await env.DB.prepare("INSERT INTO world_roles (account_id, role) VALUES (?, 'moderator')").bind(user.id).run();
    const first = await openWorld(user.accessToken, walker.id);
    await first.inbox.next((m) => m.type === "stat_update" && m.full);
    for (const step of ["south", "south"]) await send(first.ws, first.inbox, step);
    first.ws.send(JSON.stringify({ type: "command", text: "south" }));
    await first.inbox.next((m) => m.type === "transfer");
    const there = await openWorld(user.accessToken, walker.id);
    await there.inbox.next((m) => m.type === "stat_update" && m.full);
    // A stale directory (as if the handover's directory write were late): the tombstone is followed.
    await env.DB.prepare("UPDATE world_characters SET area = 'millbrook' WHERE id = ?").bind(walker.id).run();

    const exported = await json(await call("/v1/me/export", { token: user.accessToken }));
    expect(exported.familiars).toEqual({ collection: expect.any(Array), decks: [] });
    expect(exported.world.role).toBe("moderator");
    expect(exported.world.characters).toEqual([
      expect.objectContaining({
        id: walker.id,
        name: walker.name,
        area: "thornwood",
        inWorld: true,
        record: expect.objectContaining({
          room: "tw_trailhead",
          status: "normal",
          coins: 10,
          items: [expect.objectContaining({ template: "rusty_dagger" }), expect.objectContaining({ template: "healing_draught" })],
        }),
      }),
      expect.objectContaining({ id: idle.id, name: idle.name, area: "millbrook", inWorld: false, record: null }),
    ]);

    const closed = new Promise<number>((resolve) => there.ws.addEventListener("close", (e) => resolve(e.code)));
    const res = await call("/v1/me", { method: "DELETE", body: { password: user.password }, token: user.accessToken });
    expect(res.status).toBe(200);
    // The session ends first (4401); had the socket outlived it, the kick would close it (4003).
    expect([4401, 4003]).toContain(await closed);
    expect(await held("thornwood", walker.id)).toBe(false);
    expect(await held("millbrook", walker.id)).toBe(false);
    for (const table of ["world_characters", "world_presence", "world_roles"]) expect(await rows(table, user.id)).toBe(0);

    // The names are free again.
    const other = await registerUser("wdel");
    const res2 = await call("/v1/world/characters", { token: other.accessToken, body: { name: walker.name } });
    expect(res2.status).toBe(201);
  });

  it("DELETE of a character follows the tombstone when the directory is behind a handover", async () => {
    const c = await newCharacter();
    const p = await openWorld(c.user.accessToken, c.id);
    await p.inbox.next((m) => m.type === "stat_update" && m.full);
    for (const step of ["south", "south"]) await send(p.ws, p.inbox, step);
    p.ws.send(JSON.stringify({ type: "command", text: "south" }));
    await p.inbox.next((m) => m.type === "transfer");
    const q = await openWorld(c.user.accessToken, c.id);
    await q.inbox.next((m) => m.type === "stat_update" && m.full);
    q.ws.send(JSON.stringify({ type: "command", text: "quit" }));
    await q.inbox.next((m) => m.type === "quit");
    for (let i = 0; i < 50 && (await rows("world_presence", c.user.id)); i++) await new Promise((r) => setTimeout(r, 50));
    await env.DB.prepare("UPDATE world_characters SET area = 'millbrook' WHERE id = ?").bind(c.id).run();
    expect(await held("thornwood", c.id)).toBe(true);
    expect((await call(`/v1/world/characters/${c.id}`, { method: "DELETE", token: c.user.accessToken })).status).toBe(200);
    expect(await held("thornwood", c.id)).toBe(false);
  });

  it("the daily cron removes characters whose account row is gone (a purged guest)", async () => {
    const c = await newCharacter();
    const p = await openWorld(c.user.accessToken, c.id);
    await p.inbox.next((m) => m.type === "stat_update" && m.full);
    expect(await held("millbrook", c.id)).toBe(true);
    // As purgeIdleGuests does: the account row is deleted outright.
    await env.DB.prepare("DELETE FROM users WHERE id = ?").bind(c.user.id).run();
    const ctx = createExecutionContext();
    await worker.scheduled(createScheduledController({ scheduledTime: Date.now(), cron: "17 3 * * *" }), env, ctx);
    await waitOnExecutionContext(ctx);
    expect(await held("millbrook", c.id)).toBe(false);
    for (const table of ["world_characters", "world_presence"]) expect(await rows(table, c.user.id)).toBe(0);
  });
});
