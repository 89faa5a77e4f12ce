import { runDurableObjectAlarm } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { call, expectError, json, registerUser } from "../helpers/http";
import { createUniverse, FAST, joined, level, planet, shardStub, sleep } from "./helpers";

describe("queue heads through the API", () => {
  it("a lab upgrade refused while the lab researches is accepted behind another entry, waits, then starts; nothing is dropped", async () => {
    // Research slowed down so energy technology 1 takes 2 s while a building takes 1 s.
    const universe = await createUniverse({ ...FAST, researchSpeed: 0.05 });
    const u = await registerUser("wait");
    const { planetId } = await joined(u, universe);
    const stub = shardStub(universe, u.id);
    const build = (object: string) =>
      call(`/v1/universes/${universe}/planets/${planetId}/buildings/${object}`, { method: "POST", token: u.accessToken });
    await build("research_lab");
    await sleep(1100);
    await runDurableObjectAlarm(stub);

    await call(`/v1/universes/${universe}/research/energy_technology`, { body: { planet: planetId }, token: u.accessToken });
    await expectError(await build("research_lab"), 409, "lab_busy");
    expect((await build("metal_mine")).status).toBe(200);
    expect((await build("research_lab")).status).toBe(200);

    await sleep(1100);
    await runDurableObjectAlarm(stub);
    const waiting = (await planet(u, universe, planetId)).buildQueue;
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
