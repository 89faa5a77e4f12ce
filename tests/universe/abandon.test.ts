import { describe, expect, it } from "vitest";
import { call, expectError, json, registerUser, type TestUser } from "../helpers/http";
import { seedColony } from "./colony-helpers";
import { createUniverse, highscorePoints, joined, shardStub } from "./helpers";
import { clearTimers } from "./shard-faults";

const abandon = (user: TestUser, universe: string, planetId: string) =>
  call(`/v1/universes/${universe}/planets/${encodeURIComponent(planetId)}`, { method: "DELETE", token: user.accessToken });

const empireOf = async (user: TestUser, universe: string) =>
  json(await call(`/v1/universes/${universe}/empire`, { token: user.accessToken }));

describe("abandoning a colony", () => {
  it("removes the planet with everything on it, frees its slot, lowers the score, and a retry answers the same", async () => {
    const universe = await createUniverse();
    const user = await registerUser("aband");
    const { body } = await joined(user, universe);
    const home = body.homeworld;
    // A colony with a metal mine at level 10: its buildings count in the score.
    const colony = await seedColony(universe, user, 14, { buildings: { metal_mine: 10 } });
    const before = await empireOf(user, universe);
    expect(before.planets.map((p: { id: string }) => p.id)).toContain(colony.id);

    const res = await abandon(user, universe, colony.id);
    expect(res.status).toBe(200);
    const after = await json(res);
    expect(after.planets.map((p: { id: string }) => p.id)).toEqual([body.empire.planets[0].id]);
    expect(after.score.total).toBeLessThan(before.score.total);
    expect(await highscorePoints(user, universe)).toBe(after.score.total);
    expect((await empireOf(user, universe)).planets).toHaveLength(1);
    await expectError(await call(`/v1/universes/${universe}/planets/${encodeURIComponent(colony.id)}`, { token: user.accessToken }), 403, "not_your_planet");

    const view = await json(await call(`/v1/universes/${universe}/galaxy/${home.galaxy}/${home.system}`));
    expect(view.positions[13].planet).toBeNull();
    expect(view.positions[home.position - 1].planet.id).toBe(body.empire.planets[0].id);

    const again = await abandon(user, universe, colony.id);
    expect(again.status).toBe(200);
    expect((await json(again)).planets).toHaveLength(1);
  });

  it("never abandons the homeworld, nor a planet of another player", async () => {
    const universe = await createUniverse();
    const owner = await registerUser("aband");
    const other = await registerUser("aband");
    const { planetId } = await joined(owner, universe);
    await joined(other, universe);
    const colony = await seedColony(universe, owner, 13);
    await expectError(await abandon(owner, universe, planetId), 409, "cannot_abandon_homeworld");
    await expectError(await abandon(other, universe, colony.id), 403, "not_your_planet");
    expect((await empireOf(owner, universe)).planets).toHaveLength(2);
    const outsider = await registerUser("aband");
    await expectError(await abandon(outsider, universe, colony.id), 404, "not_joined");
    await expectError(await call(`/v1/universes/${universe}/planets/${encodeURIComponent(colony.id)}`, { method: "DELETE" }), 401, "unauthorized");
  });

  it("refuses while research runs from the colony's lab", async () => {
    const universe = await createUniverse();
    const user = await registerUser("aband");
    await joined(user, universe);
    const colony = await seedColony(universe, user, 13, { buildings: { research_lab: 1 } });
    const research = await call(`/v1/universes/${universe}/research/energy_technology`, { token: user.accessToken, body: { planet: colony.id } });
    expect(research.status).toBe(200);
    await expectError(await abandon(user, universe, colony.id), 409, "lab_busy");
    expect((await empireOf(user, universe)).planets).toHaveLength(2);
    await clearTimers(shardStub(universe, user.id));
  });
});
