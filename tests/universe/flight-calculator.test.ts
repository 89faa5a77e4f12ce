import { describe, expect, it } from "vitest";
import { call, expectError, json } from "../helpers/http";
import { createUniverse } from "./helpers";

const URL = "/v1/universes/milky-way/calc/flight";
const BASE = {
  from: { galaxy: 1, system: 10, position: 4 },
  to: { galaxy: 1, system: 15, position: 8 },
  ships: { small_cargo: 5, light_fighter: 1 },
};

describe("flight calculator", () => {
  it("gives distance, duration, fuel and capacities of a transport", async () => {
    const res = await call(URL, { body: BASE });
    expect(res.status).toBe(200);
    // 2700 + 95 × 5; the cargos (5000) set the pace: 3500 × √(31750 / 5000) + 10 → 8830 s;
    // fuel 5 × 3.63 + 1 light fighter 4.83 → 23
    expect(await json(res)).toMatchObject({
      distance: 3175,
      durationSeconds: 8830,
      roundTripSeconds: 17_660,
      fuel: 23,
      cargoCapacity: 25_050,
      fuelCapacity: 25_050,
      fuelWithinCapacity: true,
      speed: 5000,
      fleetSpeed: 1,
      missionClass: "peaceful",
      fleetSlots: 1,
      ships: [
        { ship: "small_cargo", count: 5, drive: "combustion_drive", speed: 5000, fuel: 10, cargo: 25_000 },
        { ship: "light_fighter", count: 1, drive: "combustion_drive", speed: 12_500, fuel: 20, cargo: 50 },
      ],
    });
  });

  it("applies drives, hyperspace technology, computer technology, speed and the mission", async () => {
    const techs = { impulseDrive: 5, hyperspaceTechnology: 2, computerTechnology: 3 };
    const fast = await json(await call(URL, { body: { ...BASE, techs } }));
    // impulse 5 puts the cargos on 20000; the light fighter (12500) is now the slowest
    expect(fast).toMatchObject({ speed: 12_500, durationSeconds: 5588, fuel: 22, cargoCapacity: 27_555, fleetSlots: 4 });
    expect(fast.ships[0]).toMatchObject({ drive: "impulse_drive", speed: 20_000 });
    const half = await json(await call(URL, { body: { ...BASE, speed: 50 } }));
    expect(half).toMatchObject({ durationSeconds: 17_649, fuel: 13 });
    // 23 + floor((5 × 10 + 20) × 2 / 10) = 37 for two hours held
    const defend = await json(await call(URL, { body: { ...BASE, mission: "acs_defend", holdHours: 2 } }));
    expect(defend).toMatchObject({ missionClass: "holding", fuel: 37, roundTripSeconds: 2 * 8830 + 7200 });
    const deploy = await json(await call(URL, { body: { ...BASE, mission: "deploy" } }));
    expect(deploy.roundTripSeconds).toBeNull();
    const attack = await json(await call(URL, { body: { ...BASE, mission: "attack" } }));
    expect(attack.missionClass).toBe("war");
  });

  it("uses the universe's own fleet speeds and size", async () => {
    const u = await createUniverse({ fleetSpeedPeaceful: 2, fleetSpeedWar: 4, galaxies: 4, systems: 100 });
    const url = `/v1/universes/${u}/calc/flight`;
    // (8819.99 + 10) / 2 → 4415; fuel follows the legacy speed (1), so it stays 23
    expect(await json(await call(url, { body: BASE }))).toMatchObject({ durationSeconds: 4415, fleetSpeed: 2, fuel: 23 });
    expect(await json(await call(url, { body: { ...BASE, mission: "attack" } }))).toMatchObject({ durationSeconds: 2207, fleetSpeed: 4 });
    // systems wrap at 100: 1 → 100 is one system away
    const wrap = { ...BASE, from: { galaxy: 1, system: 1, position: 4 }, to: { galaxy: 1, system: 100, position: 4 } };
    expect((await json(await call(url, { body: wrap }))).distance).toBe(2795);
    await expectError(await call(url, { body: { ...BASE, to: { galaxy: 5, system: 1, position: 1 } } }), 400, "invalid_coordinates");
  });

  it("says when the fuel exceeds what the ships can hold", async () => {
    const probe = await json(
      await call(URL, { body: { ...BASE, to: { galaxy: 5, system: 10, position: 4 }, ships: { espionage_probe: 1 } } }),
    );
    expect(probe).toMatchObject({ distance: 80_000, fuel: 9, fuelCapacity: 5, fuelWithinCapacity: false, cargoCapacity: 0 });
  });

  it("refuses what no fleet could fly, each with its code", async () => {
    await expectError(await call(URL, { body: { ...BASE, to: { galaxy: 10, system: 1, position: 1 } } }), 400, "invalid_coordinates");
    await expectError(await call(URL, { body: { ...BASE, from: { galaxy: 1, system: 1, position: 16 } } }), 400, "invalid_coordinates");
    await expectError(await call(URL, { body: { ...BASE, speed: 42 } }), 400, "invalid_speed");
    await expectError(await call(URL, { body: { ...BASE, ships: { solar_satellite: 3 } } }), 400, "invalid_ships");
    await expectError(await call(URL, { body: { ...BASE, ships: {} } }), 400, "invalid_ships");
    await expectError(await call(URL, { body: { ...BASE, mission: "acs_defend" } }), 400, "invalid_hold_time");
    await expectError(await call(URL, { body: { ...BASE, holdHours: 3 } }), 400, "invalid_hold_time");
    await expectError(await call(URL, { body: { ...BASE, mission: "missile_attack" } }), 400, "mission_not_allowed");
  });

  it("refuses malformed requests and unknown universes", async () => {
    await expectError(await call(URL, { body: { ships: BASE.ships } }), 400, "invalid_request");
    await expectError(await call(URL, { body: { ...BASE, ships: { death_ray: 1 } } }), 400, "invalid_request");
    await expectError(await call(URL, { body: { ...BASE, mission: "expedition" } }), 400, "invalid_request");
    await expectError(await call(URL, { body: { ...BASE, techs: { warpDrive: 3 } } }), 400, "invalid_request");
    await expectError(await call("/v1/universes/nowhere/calc/flight", { body: BASE }), 404, "not_found");
  });

  it("is in the OpenAPI document", async () => {
    const doc = await json(await call("/openapi.json"));
    expect(doc.paths["/v1/universes/{u}/calc/flight"].post.responses["200"]).toBeTruthy();
  });
});
