import { describe, expect, it } from "vitest";
import { call, expectError, json } from "../helpers/http";

const path = "/v1/universes/milky-way/calc/battle";
const body = {
  attackers: [
    { ships: { light_fighter: 300, cruiser: 60 }, techs: { weapon_technology: 5, shielding_technology: 5, armor_technology: 5 } },
  ],
  defenders: [{ ships: { heavy_fighter: 20 }, defenses: { rocket_launcher: 200, light_laser: 40 }, techs: { armor_technology: 4 } }],
  resources: { metal: 300_000, crystal: 100_000, deuterium: 50_000 },
  simulations: 12,
  seed: 7,
};

describe("POST /v1/universes/:u/calc/battle", () => {
  it("runs N seeded battles without login and answers the same for the same seed", async () => {
    const res = await call(path, { body });
    expect(res.status).toBe(200);
    expect(res.headers.get("X-RateLimit-Limit")).toBeTruthy();
    const r = await json(res);
    expect(r.simulations).toBe(12);
    expect(r.attackerWins + r.defenderWins + r.draws).toBeCloseTo(100, 6);
    expect(r.losses.defenders.average.rocket_launcher).toBeGreaterThan(0);
    expect(r.losses.defenders.worst.rocket_launcher).toBeGreaterThanOrEqual(r.losses.defenders.average.rocket_launcher);
    expect(r.sample.rounds.length).toBeGreaterThan(0);
    expect(r.sample.participants.attackers[0].units).toEqual({ light_fighter: 300, cruiser: 60 });
    expect(r.sample.rounds[0].attackerFire.shots).toBeGreaterThanOrEqual(360);
    expect(r.debris.metal).toBeGreaterThan(0);
    expect(typeof r.moonChance).toBe("number");
    expect(r.loot.metal + r.loot.crystal + r.loot.deuterium).toBeGreaterThanOrEqual(0);
    const again = await json(await call(path, { body }));
    expect(again).toEqual(r);
  });

  it("with coordinates, each attacker fleet's fuel and flight time, as the flight calculator gives them", async () => {
    const flight = {
      from: { galaxy: 1, system: 10, position: 4 },
      to: { galaxy: 1, system: 15, position: 8 },
      speed: 50,
      techs: { combustionDrive: 6, impulseDrive: 3 },
    };
    const acs = { ...body, attackers: [body.attackers[0], { ships: { small_cargo: 10 } }], simulations: 2, flight };
    const r = await json(await call(path, { body: acs }));
    expect(r.flights).toHaveLength(2);
    for (const [i, fleet] of acs.attackers.entries()) {
      const plan = await json(
        await call("/v1/universes/milky-way/calc/flight", { body: { ...flight, ships: fleet!.ships, mission: "attack" } }),
      );
      expect(r.flights[i]).toEqual({
        distance: plan.distance,
        durationSeconds: plan.durationSeconds,
        roundTripSeconds: plan.roundTripSeconds,
        fuel: plan.fuel,
        fuelCapacity: plan.fuelCapacity,
        fuelWithinCapacity: plan.fuelWithinCapacity,
      });
    }
    // 5 systems: 2,700 + 95 × 5.
    expect(r.flights[0].distance).toBe(3175);
    expect((await json(await call(path, { body: { ...body, simulations: 1 } }))).flights).toBeNull();
    await expectError(
      await call(path, { body: { ...body, attackers: [{ ships: { solar_satellite: 5 } }], flight } }),
      400,
      "invalid_ships",
    );
    await expectError(
      await call(path, { body: { ...body, flight: { ...flight, to: { galaxy: 99, system: 1, position: 1 } } } }),
      400,
      "invalid_coordinates",
    );
    await expectError(await call(path, { body: { ...body, flight: { ...flight, speed: 33 } } }), 400, "invalid_speed");
  });

  it("refuses bad input with 400 invalid_request and an unknown universe with 404", async () => {
    await expectError(await call(path, { body: { ...body, simulations: 0 } }), 400, "invalid_request");
    await expectError(await call(path, { body: { ...body, simulations: 101 } }), 400, "invalid_request");
    await expectError(await call(path, { body: { ...body, attackers: [] } }), 400, "invalid_request");
    await expectError(await call(path, { body: { ...body, attackers: [{ ships: { death_ray: 1 } }] } }), 400, "invalid_request");
    await expectError(
      await call(path, { body: { ...body, defenders: [{ defenses: { interplanetary_missile: 3 } }] } }),
      400,
      "invalid_request",
    );
    await expectError(await call(path, { body: { ...body, attackers: [{ ships: { light_fighter: -1 } }] } }), 400, "invalid_request");
    await expectError(
      await call(path, { body: { ...body, attackers: [{ ships: { light_fighter: 10 }, techs: { weapon_technology: 99 } }] } }),
      400,
      "invalid_request",
    );
    await expectError(
      await call(path, { body: { ...body, simulations: 100, attackers: [{ ships: { light_fighter: 1_000_000 } }] } }),
      400,
      "invalid_request",
    );
    await expectError(await call(path, { rawBody: "{nope" }), 400, "invalid_json");
    await expectError(await call("/v1/universes/nowhere/calc/battle", { body }), 404, "not_found");
  });

  it("is rate limited per IP", async () => {
    const ip = "10.99.1.1";
    const small = { attackers: [{ ships: { light_fighter: 1 } }], defenders: [{ defenses: { rocket_launcher: 1 } }], simulations: 1 };
    let limited: Response | undefined;
    for (let i = 0; i < 120 && !limited; i++) {
      const res = await call(path, { body: small, ip });
      if (res.status === 429) limited = res;
      else expect(res.status).toBe(200);
    }
    expect(limited).toBeDefined();
    await expectError(limited as Response, 429, "rate_limited");
  });

  it("is declared in /openapi.json with an operationId, a summary and examples", async () => {
    const doc = await json(await call("/openapi.json"));
    const op = doc.paths["/v1/universes/{u}/calc/battle"].post;
    expect(op.operationId).toBe("simulateBattle");
    expect(op.summary).toMatch(/Battle simulator/);
    expect(op.requestBody.content["application/json"].schema.example.attackers[0].ships.light_fighter).toBe(500);
    const example = op.responses["200"].content["application/json"].schema.example;
    expect(example.sample.rounds.length).toBeGreaterThan(0);
    expect(op.responses["200"].content["application/json"].schema.properties.sample.properties.rounds).toBeDefined();
    expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(["200", "400", "404", "429"]));
    expect(op.security ?? []).toEqual([]);
  });
});
