import { describe, expect, it } from "vitest";
import { expectError, json } from "../helpers/http";
import { driveUntil, fleets, giveShips, launch, QUICK_FLIGHTS, quiet, recall, stock, to, total, twoPlayers } from "./fleet-helpers";
import { FAST } from "./helpers";

describe("fleets: transport between two players on two shards", () => {
  it("carries the cargo to the other player's planet once and flies home", async () => {
    const { universe, a, b } = await twoPlayers(QUICK_FLIGHTS, true);
    await giveShips(universe, a, { small_cargo: 5 });
    const [a0, b0] = [await stock(universe, a), await stock(universe, b)];
    const res = await launch(universe, a, {
      to: to(b),
      mission: "transport",
      ships: { small_cargo: 3 },
      cargo: { metal: 1000, crystal: 500, deuterium: 0 },
    });
    expect(res.status).toBe(201);
    const fleet = await json(res);
    expect(fleet).toMatchObject({ mission: "transport", state: "outbound", ships: { small_cargo: 3 }, targetPlanetId: b.planetId });
    const a1 = await stock(universe, a);
    expect(a1.ships).toEqual({ small_cargo: 2 });
    expect(a0.resources.metal - a1.resources.metal).toBe(1000);
    expect(a0.resources.deuterium - a1.resources.deuterium).toBe(fleet.fuel);

    await driveUntil(universe, [a, b], async () => (await fleets(universe, a)).fleets.length === 0);
    const [a2, b2] = [await stock(universe, a), await stock(universe, b)];
    expect(a2.ships).toEqual({ small_cargo: 5 });
    expect(b2.resources.metal - b0.resources.metal).toBe(1000);
    expect(b2.resources.crystal - b0.resources.crystal).toBe(500);
    expect(total(a0.resources) + total(b0.resources)).toBe(total(a2.resources) + total(b2.resources) + fleet.fuel);
    await quiet(universe, [a, b]);
  });
});
