import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { call, registerUser, uniqueIp } from "../helpers/http";
import { createUniverse, joined, openUniverseSocket } from "./helpers";

describe("universe WebSocket", () => {
  it("welcomes with the empire and pushes planet, queue and completion events", async () => {
    const universe = await createUniverse();
    const u = await registerUser("uws");
    const { planetId } = await joined(u, universe);
    const { ws, inbox } = await openUniverseSocket(universe, u.accessToken);
    const welcome = await inbox.next((m) => m.type === "welcome");
    expect(welcome.empire.planets[0].id).toBe(planetId);
    expect(typeof welcome.serverTime).toBe("number");

    await call(`/v1/universes/${universe}/planets/${planetId}/buildings/metal_mine`, { method: "POST", token: u.accessToken });
    const queued = await inbox.next((m) => m.type === "queue_changed");
    expect(queued.entries[0]).toMatchObject({ object: "metal_mine", level: 1 });
    const update = await inbox.next((m) => m.type === "planet");
    expect(update).toMatchObject({ planetId });
    expect(update.hourly.metal).toBeGreaterThan(0);
    expect(typeof update.at).toBe("number");

    const done = await inbox.next((m) => m.type === "building_complete", 8000);
    expect(done).toMatchObject({ object: "metal_mine", level: 1, planetId });
    expect(await inbox.next((m) => m.type === "notification" && m.kind === "building_complete")).toBeTruthy();
    ws.close(1000, "done");
  });

  it("answers a snapshot request sent as JSON or as bare text, and refuses anything else with an error frame", async () => {
    const universe = await createUniverse();
    const u = await registerUser("uwj");
    const { planetId } = await joined(u, universe);
    const { ws, inbox } = await openUniverseSocket(universe, u.accessToken);
    await inbox.next((m) => m.type === "welcome");
    const welcomes = () => inbox.seen.filter((m) => m.type === "welcome").length;

    ws.send(JSON.stringify({ type: "snapshot" }));
    const viaJson = await inbox.next((m) => m.type === "welcome" && welcomes() === 2);
    expect(viaJson.empire.planets[0].id).toBe(planetId);
    ws.send("snapshot");
    await inbox.next(() => welcomes() === 3);

    ws.send(JSON.stringify({ type: "teleport" }));
    const unknown = await inbox.next((m) => m.type === "error");
    expect(unknown).toMatchObject({ code: "invalid_message", details: [{ path: "type" }] });
    expect(typeof unknown.serverTime).toBe("number");
    ws.send("{not json");
    expect(await inbox.next((m) => m.type === "error" && m !== unknown)).toMatchObject({ code: "invalid_message" });
    ws.send(new TextEncoder().encode("snapshot"));
    await inbox.next(() => inbox.seen.filter((m) => m.type === "error").length === 3);
    expect(welcomes()).toBe(3);
    ws.close(1000, "done");
  });

  it("refuses players who have not joined", async () => {
    const universe = await createUniverse();
    const u = await registerUser("uwn");
    const res = await SELF.fetch(`http://orrery.test/v1/universes/${universe}/ws`, {
      headers: { Upgrade: "websocket", "Sec-WebSocket-Protocol": `orrery.v1, bearer.${u.accessToken}`, "CF-Connecting-IP": uniqueIp() },
    });
    expect(res.status).toBe(404);
  });
});
