import { evictDurableObject, runDurableObjectAlarm } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { call, json } from "../helpers/http";
import { areaStub, newCharacter, openWorld, send } from "./helpers";

describe("world WebSocket (§10)", () => {
  it("welcomes with welcome, room and a full stat_update; answers commands by messageId and replays repeats", async () => {
    const a = await newCharacter();
    const { ws, inbox } = await openWorld(a.user.accessToken, a.id);
    const welcome = await inbox.next((m) => m.type === "welcome");
    expect(welcome).toMatchObject({ character: { id: a.id, name: a.name }, area: "millbrook", protocol: 1 });
    await inbox.next((m) => m.type === "stat_update" && m.full);
    const room = inbox.find((m) => m.type === "room");
    expect(room).toMatchObject({ id: "mb_square", name: "Village Square" });
    expect(inbox.seen.indexOf(welcome)).toBeLessThan(inbox.seen.indexOf(room));

    const moved = inbox.next((m) => m.type === "room" && m.id === "mb_lane");
    ws.send(JSON.stringify({ type: "command", text: "east", messageId: "m1" }));
    await moved;
    expect(await inbox.next((m) => m.messageId === "m1")).toMatchObject({ type: "command_result", ok: true });
    ws.send(JSON.stringify({ type: "command", text: "east", messageId: "m1" }));
    expect(await inbox.next((m) => m.messageId === "m1" && m.replayed)).toMatchObject({ type: "command_result", ok: true, replayed: true });
    expect(await send(ws, inbox, "north north")).toMatchObject({ type: "command_result" });
    const refused = await send(ws, inbox, "up");
    expect(refused).toMatchObject({ type: "error", code: "cannot_go", message: "You can't go that way." });

    ws.send(JSON.stringify({ type: "ping", timestamp: 42 }));
    expect(await inbox.next((m) => m.type === "pong")).toMatchObject({ timestamp: 42 });
    ws.send("{nope");
    expect(await inbox.next((m) => m.code === "invalid_json")).toMatchObject({ type: "error" });
    ws.send(JSON.stringify({ type: "command" }));
    expect(await inbox.next((m) => m.code === "invalid_message")).toMatchObject({ type: "error" });
    ws.send(JSON.stringify({ type: "command", text: "x".repeat(9000) }));
    expect(await inbox.next((m) => m.code === "message_too_large")).toMatchObject({ type: "error" });
    ws.close(1000);
  });

  it("rate-limits commands (bucket of 20) and chat separately (bucket of 5)", async () => {
    const a = await newCharacter();
    const { ws, inbox } = await openWorld(a.user.accessToken, a.id);
    await inbox.next((m) => m.type === "stat_update" && m.full);
    for (let i = 0; i < 7; i++) ws.send(JSON.stringify({ type: "command", text: `say hello ${i}`, messageId: `c${i}` }));
    const limited = await inbox.next((m) => m.code === "rate_limited");
    expect(limited.details.retryAfterMs).toBeGreaterThan(0);
    expect(limited.messageId).toMatch(/^c[5-6]$/);
    expect(await send(ws, inbox, "look")).toMatchObject({ type: "command_result" });
    ws.close(1000);
  });

  it("quit says goodbye, closes 1000 and frees the account's presence", async () => {
    const a = await newCharacter();
    const b = await newCharacter(a.user);
    const first = await openWorld(a.user.accessToken, a.id);
    await first.inbox.next((m) => m.type === "welcome");
    const closed = new Promise<number>((resolve) => first.ws.addEventListener("close", (e) => resolve(e.code)));
    first.ws.send(JSON.stringify({ type: "command", text: "quit" }));
    expect(await first.inbox.next((m) => m.type === "quit")).toMatchObject({ reason: "quit" });
    expect(await closed).toBe(1000);
    const second = await openWorld(a.user.accessToken, b.id);
    expect(second.res.status).toBe(101);
    await second.inbox.next((m) => m.type === "welcome");
    second.ws.close(1000);
  });

  it("crosses into another area: transfer, close 4010, reconnect to the new area with the inventory", async () => {
    const a = await newCharacter();
    const { ws, inbox } = await openWorld(a.user.accessToken, a.id);
    await inbox.next((m) => m.type === "stat_update" && m.full);
    expect(await send(ws, inbox, "south")).toMatchObject({ type: "command_result" });
    expect(await send(ws, inbox, "south")).toMatchObject({ type: "command_result" });
    const closed = new Promise<number>((resolve) => ws.addEventListener("close", (e) => resolve(e.code)));
    ws.send(JSON.stringify({ type: "command", text: "south", messageId: "cross" }));
    expect(await inbox.next((m) => m.type === "transfer")).toMatchObject({ area: "thornwood", room: "tw_trailhead" });
    expect(await closed).toBe(4010);
    const listed = await json(await call("/v1/world/characters", { token: a.user.accessToken }));
    expect(listed.characters[0]).toMatchObject({ area: "thornwood", inWorld: true });

    const again = await openWorld(a.user.accessToken, a.id);
    expect(again.res.status).toBe(101);
    expect(await again.inbox.next((m) => m.type === "welcome")).toMatchObject({ area: "thornwood" });
    await again.inbox.next((m) => m.type === "room" && m.id === "tw_trailhead");
    const inv = again.inbox.next((m) => m.type === "message" && m.text.startsWith("You carry"));
    await send(again.ws, again.inbox, "inventory");
    expect((await inv).text).toContain("a healing draught");
    expect((await areaStub("millbrook").inspect("millbrook")).characters.some((c) => c.id === a.id)).toBe(false);
    expect((await areaStub("thornwood").inspect("thornwood")).characters.some((c) => c.id === a.id)).toBe(true);
    again.ws.close(1000);
  });

  it("an area restart loses nothing acknowledged: the dropped item and the character are still there", async () => {
    const a = await newCharacter();
    const { ws, inbox } = await openWorld(a.user.accessToken, a.id);
    await inbox.next((m) => m.type === "stat_update" && m.full);
    expect(await send(ws, inbox, "drop potion")).toMatchObject({ type: "command_result" });
    await evictDurableObject(areaStub("millbrook"));
    const again = await openWorld(a.user.accessToken, a.id);
    expect(again.res.status).toBe(101);
    const room = await again.inbox.next((m) => m.type === "room");
    expect(room.items.map((i: any) => i.name)).toContain("a healing draught");
    again.ws.close(1000);
  });

  it("a socket closing puts the character in stasis; reconnecting resumes it; the stasis timer runs on the alarm", async () => {
    const a = await newCharacter();
    const b = await newCharacter();
    const watcher = await openWorld(b.user.accessToken, b.id);
    await watcher.inbox.next((m) => m.type === "stat_update" && m.full);
    const first = await openWorld(a.user.accessToken, a.id);
    await first.inbox.next((m) => m.type === "welcome");
    first.ws.close(1000);
    expect(await watcher.inbox.next((m) => m.type === "message" && m.text === `${a.name}'s form freezes in place.`)).toBeTruthy();
    const state = await areaStub("millbrook").inspect("millbrook");
    expect(state.characters.find((c) => c.id === a.id)?.status).toBe("stasis");
    const again = await openWorld(a.user.accessToken, a.id);
    await again.inbox.next((m) => m.type === "welcome");
    expect(await watcher.inbox.next((m) => m.type === "message" && m.text === `${a.name} stirs.`)).toBeTruthy();
    await runDurableObjectAlarm(areaStub("millbrook"));
    again.ws.close(1000);
    watcher.ws.close(1000);
  });
});
