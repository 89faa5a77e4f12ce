import { describe, expect, it } from "vitest";
import { call, expectError, json } from "../helpers/http";
import { createUniverse } from "./helpers";

const flight = (universe: string, body: unknown) => call(`/v1/universes/${universe}/calc/flight`, { body });

describe("public flight calculator", () => {
  it("gives distance, duration, fuel and capacities from the game's own formulas", async () => {
    const res = await flight("milky-way", {
      from: { galaxy: 1, system: 100, position: 8 },
      to: { galaxy: 1, system: 105, position: 4 },
      ships: { large_cargo: 10, light_fighter: 5 },
      research: { combustion_drive: 6 },
    });
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual({
      distance: 3175,
      seconds: 5703,
      fuel: 210,
      speed: 12_000,
      cargoCapacity: 250_250,
      fuelCapacity: 250_250,
      ships: [
        { ship: "large_cargo", count: 10, drive: "combustion_drive", speed: 12_000 },
        { ship: "light_fighter", count: 5, drive: "combustion_drive", speed: 20_000 },
      ],
    });
  });

  it("uses the universe's fleet speed for the mission's class", async () => {
    const universe = await createUniverse({ fleetSpeedWar: 2 });
    const body = { from: { galaxy: 1, system: 1, position: 1 }, to: { galaxy: 2, system: 1, position: 1 }, ships: { light_fighter: 1 } };
    const attack = await json(await flight(universe, { ...body, mission: "attack" }));
    const transport = await json(await flight(universe, body));
    expect([attack.seconds, transport.seconds]).toEqual([7005, 14_010]);
    expect(attack.fuel).toBe(transport.fuel);
  });

  it("refuses malformed queries, fleets that cannot fly and coordinates outside the universe", async () => {
    const from = { galaxy: 1, system: 1, position: 1 };
    await expectError(await flight("milky-way", { from, to: from, ships: { small_cargo: 1 }, speed: 3.3 }), 400, "invalid_request");
    await expectError(await flight("milky-way", { from, to: from, ships: { tie_fighter: 1 } }), 400, "invalid_request");
    await expectError(await flight("milky-way", { from, to: from, ships: {} }), 400, "invalid_fleet");
    await expectError(await flight("milky-way", { from, to: from, ships: { solar_satellite: 2 } }), 400, "invalid_fleet");
    const outside = { galaxy: 12, system: 1, position: 1 };
    await expectError(await flight("milky-way", { from, to: outside, ships: { small_cargo: 1 } }), 400, "invalid_coordinates");
    await expectError(await flight("nowhere", { from, to: from, ships: { small_cargo: 1 } }), 404, "not_found");
    const doc = await json(await call("/openapi.json"));
    expect(doc.paths["/v1/universes/{u}/calc/flight"].post.requestBody.content["application/json"].schema.example.ships).toEqual({
      large_cargo: 10,
      light_fighter: 5,
    });
  });
});
