import { runDurableObjectAlarm } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { call, json, registerUser } from "../helpers/http";
import { createUniverse, joined, shardStub, sleep } from "./helpers";

describe("score through the API", () => {
  it("shows parts that add up to the total, and the highscore shows that same total", async () => {
    const universe = await createUniverse();
    const u = await registerUser("score");
    const { planetId } = await joined(u, universe);
    // Research lab 1 (800 spent) and energy technology 1 (1 200): 0.8 + 1.2 = 2 points.
    await call(`/v1/universes/${universe}/planets/${planetId}/buildings/research_lab`, { method: "POST", token: u.accessToken });
    await sleep(1100);
    await runDurableObjectAlarm(shardStub(universe, u.id));
    await call(`/v1/universes/${universe}/research/energy_technology`, { body: { planet: planetId }, token: u.accessToken });
    await sleep(1100);
    await runDurableObjectAlarm(shardStub(universe, u.id));

    const { score } = await json(await call(`/v1/universes/${universe}/empire`, { token: u.accessToken }));
    expect(score.buildings + score.research + score.military).toBe(score.total);
    expect(score).toEqual({ total: 2, buildings: 1, research: 1, military: 0 });
    const highscore = await json(await call(`/v1/universes/${universe}/highscore`, { token: u.accessToken }));
    expect(highscore.me.points).toBe(score.total);
    expect(highscore.entries[0]).toMatchObject({ userId: u.id, points: score.total });
  });
});
