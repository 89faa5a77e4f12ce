import { runDurableObjectAlarm } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { call, json, registerUser } from "../helpers/http";
import { createUniverse, joined, level, planet, shardStub, sleep } from "./helpers";

describe("queue heads through the API", () => {
  it("a lab upgrade queued while the lab runs a research waits for it, then starts; nothing is dropped", async () => {
    const universe = await createUniverse();
    const u = await registerUser("wait");
    const { planetId } = await joined(u, universe);
    const stub = shardStub(universe, u.id);
    const buildLab = () => call(`/v1/universes/${universe}/planets/${planetId}/buildings/research_lab`, { method: "POST", token: u.accessToken });
    await buildLab();
    await sleep(1100);
    await runDurableObjectAlarm(stub);
    await call(`/v1/universes/${universe}/research/energy_technology`, { body: { planet: planetId }, token: u.accessToken });

    const queued = await buildLab();
    expect(queued.status).toBe(200);
    const waiting = (await json(queued)).buildQueue;
    expect(waiting).toEqual([expect.objectContaining({ object: "research_lab", level: 2 })]);
    expect(waiting[0].startedAt).toBeUndefined();

    await sleep(1100);
    await runDurableObjectAlarm(stub);
    await sleep(1100);
    await runDurableObjectAlarm(stub);
    expect(level(await planet(u, universe, planetId), "research_lab")).toBe(2);
    const notes = await json(await call(`/v1/universes/${universe}/notifications`, { token: u.accessToken }));
    expect(notes.notifications.filter((n: { kind: string }) => n.kind === "queue_entry_removed")).toEqual([]);
  });
});
