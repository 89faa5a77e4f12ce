import { describe, expect, it } from "vitest";
import { call, expectError, json, loginAdmin, registerUser, type TestUser } from "../helpers/http";
import { seedColony } from "./colony-helpers";
import { driveUntil, fleets, giveShips, launch, QUICK_FLIGHTS, quiet, stock, twoPlayers } from "./fleet-helpers";
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
    await expectError(
      await call(`/v1/universes/${universe}/planets/${encodeURIComponent(colony.id)}`, { token: user.accessToken }),
      403,
      "not_your_planet",
    );

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
    await expectError(
      await call(`/v1/universes/${universe}/planets/${encodeURIComponent(colony.id)}`, { method: "DELETE" }),
      401,
      "unauthorized",
    );
  });

  it("refuses while the universe is paused for maintenance", async () => {
    const universe = await createUniverse();
    const user = await registerUser("aband");
    await joined(user, universe);
    const colony = await seedColony(universe, user, 13);
    const admin = await loginAdmin();
    expect((await call(`/v1/admin/universes/${universe}/pause`, { method: "POST", token: admin })).status).toBe(200);
    await expectError(await abandon(user, universe, colony.id), 409, "universe_paused");
    expect((await call(`/v1/admin/universes/${universe}/resume`, { method: "POST", token: admin })).status).toBe(200);
    expect((await abandon(user, universe, colony.id)).status).toBe(200);
  });

  it("refuses while research runs from the colony's lab", async () => {
    const universe = await createUniverse();
    const user = await registerUser("aband");
    await joined(user, universe);
    const colony = await seedColony(universe, user, 13, { buildings: { research_lab: 1 } });
    const research = await call(`/v1/universes/${universe}/research/energy_technology`, {
      token: user.accessToken,
      body: { planet: colony.id },
    });
    expect(research.status).toBe(200);
    await expectError(await abandon(user, universe, colony.id), 409, "lab_busy");
    expect((await empireOf(user, universe)).planets).toHaveLength(2);
    await clearTimers(shardStub(universe, user.id));
  });

  it("refuses while own fleets fly from or to the colony, and accepts once they are home", async () => {
    const { universe, a, b } = await twoPlayers(QUICK_FLIGHTS, true);
    const colony = await seedColony(universe, a.user, 13, { units: { small_cargo: 2 } });
    const fromColony = { ...a, planetId: colony.id };
    const res = await launch(universe, fromColony, {
      to: { ...a.coords, kind: "planet" },
      mission: "transport",
      ships: { small_cargo: 1 },
    });
    expect(res.status).toBe(201);
    const refusal = await expectError(await abandon(a.user, universe, colony.id), 409, "fleets_in_flight");
    expect(refusal.details).toEqual({ fleets: 1 });

    await driveUntil(universe, [a], async () => (await fleets(universe, a)).fleets.length === 0);
    expect((await abandon(a.user, universe, colony.id)).status).toBe(200);
    await quiet(universe, [a, b]);
  });

  it("a foreign fleet on its way to an abandoned colony bounces and flies home with its cargo", async () => {
    const { universe, a, b } = await twoPlayers({ ...QUICK_FLIGHTS, fleetSpeedPeaceful: 2_000 }, true);
    const colony = await seedColony(universe, a.user, 13);
    await giveShips(universe, b, { small_cargo: 1 });
    const b0 = await stock(universe, b);
    const res = await launch(universe, b, {
      to: { ...a.coords, position: 13, kind: "planet" },
      mission: "transport",
      ships: { small_cargo: 1 },
      cargo: { metal: 3_000, crystal: 0, deuterium: 0 },
    });
    expect(res.status).toBe(201);
    const fleet = await json(res);
    expect(fleet.targetPlanetId).toBe(colony.id);
    // Another player's fleet does not hold the colony.
    expect((await abandon(a.user, universe, colony.id)).status).toBe(200);

    await driveUntil(universe, [a, b], async () => (await fleets(universe, b)).fleets.length === 0);
    const b1 = await stock(universe, b);
    expect(b1.ships).toEqual({ small_cargo: 1 });
    expect(b1.resources.metal).toBe(b0.resources.metal);
    expect(b0.resources.deuterium - b1.resources.deuterium).toBe(fleet.fuel);
    const notes = (await json(await call(`/v1/universes/${universe}/notifications`, { token: b.user.accessToken }))).notifications;
    expect(notes.some((n: { data: { outcome?: string } }) => n.data.outcome === "target_gone")).toBe(true);
    await quiet(universe, [a, b]);
  });
});
