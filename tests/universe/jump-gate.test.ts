import { describe, expect, it } from "vitest";
import { call, expectError, json } from "../helpers/http";
import { seedColony, seedEmpire } from "./colony-helpers";
import { giveShips, type Player, quiet, setStock, stock, twoPlayers } from "./fleet-helpers";
import { FAST } from "./helpers";
import { giveMoon } from "./moon-helpers";

const jump = (universe: string, from: Player, body: Record<string, unknown>) =>
  call(`/v1/universes/${universe}/planets/${encodeURIComponent(from.planetId)}/jump`, { body, token: from.user.accessToken });

/** Sets a building's level on one of the player's places directly (a fixture: a jump gate takes hyperspace technology 7). */
const withBuilding = (universe: string, p: Player, building: string, level: number) =>
  seedEmpire(universe, p.user, (e) => ({
    ...e,
    planets: e.planets.map((x) => (x.id === p.planetId ? { ...x, buildings: { ...x.buildings, [building]: level } } : x)),
  }));

describe("jump gate (§11)", () => {
  it("moves ships between two of one's moons at once, then both gates cool down", async () => {
    const { universe, a, b } = await twoPlayers(FAST, true);
    const colony = await seedColony(universe, a.user, 14);
    const [m1, m2] = [await giveMoon(universe, a), await giveMoon(universe, a, 5000, colony.id)];
    await withBuilding(universe, m1, "jump_gate", 1);
    await withBuilding(universe, m2, "jump_gate", 3);
    await giveShips(universe, m1, { battle_ship: 10, light_fighter: 4 });

    // Not from a planet, and not more ships than the moon has.
    await expectError(await jump(universe, a, { to: m2.planetId, ships: { battle_ship: 1 } }), 409, "no_jump_gate");
    await expectError(await jump(universe, m1, { to: m2.planetId, ships: { battle_ship: 11 } }), 409, "not_enough_ships");

    const before = Date.now();
    const res = await jump(universe, m1, { to: m2.planetId, ships: { battle_ship: 10, light_fighter: 1 } });
    expect(res.status).toBe(200);
    const view = await json(res);
    expect(view.ships).toEqual({ light_fighter: 3 });
    // Level 1 at war speed 1: a full hour; level 3: 80 % of it.
    expect(view.jumpGateReadyAt).toBeGreaterThanOrEqual(before + 3_600_000);
    expect((await stock(universe, m2)).ships).toEqual({ battle_ship: 10, light_fighter: 1 });
    const there = await json(await call(`/v1/universes/${universe}/planets/${m2.planetId}`, { token: a.user.accessToken }));
    expect(view.jumpGateReadyAt - there.jumpGateReadyAt).toBe(720_000);

    // Either gate cooling refuses, with the later of the two times.
    const back = await jump(universe, m2, { to: m1.planetId, ships: { battle_ship: 1 } });
    expect(back.status).toBe(409);
    expect((await json(back)).error).toMatchObject({ code: "jump_gate_cooling", details: { readyAt: view.jumpGateReadyAt } });

    // Another player's moon is not a destination.
    const foreign = await giveMoon(universe, b);
    await expectError(await jump(universe, m1, { to: foreign.planetId, ships: { light_fighter: 1 } }), 403, "not_your_planet");
    await quiet(universe, [a, b]);
  });

  it("moon buildings: lunar base, phalanx and jump gate build on moons only; the lunar base adds 3 fields", async () => {
    const { universe, a, b } = await twoPlayers(FAST, true);
    const moon = await giveMoon(universe, a);
    await setStock(universe, moon, "metal", 1_000_000);
    await setStock(universe, moon, "crystal", 1_000_000);
    await setStock(universe, moon, "deuterium", 1_000_000);
    const build = (p: Player, object: string) => {
      const path = `/v1/universes/${universe}/planets/${encodeURIComponent(p.planetId)}/buildings/${object}`;
      return call(path, { method: "POST", token: p.user.accessToken });
    };
    const planetView = await json(await call(`/v1/universes/${universe}/planets/${a.planetId}`, { token: a.user.accessToken }));
    const moonView = await json(await call(`/v1/universes/${universe}/planets/${moon.planetId}`, { token: a.user.accessToken }));
    const names = (v: { buildings: { object: string }[] }) => v.buildings.map((x) => x.object);
    for (const only of ["lunar_base", "sensor_phalanx", "jump_gate"]) {
      expect(names(planetView)).not.toContain(only);
      expect(names(moonView)).toContain(only);
    }
    expect(names(moonView)).not.toContain("metal_mine");
    expect(moonView.fields).toEqual({ used: 0, max: 1 });
    expect((await build(a, "lunar_base")).status).toBeGreaterThanOrEqual(400);
    expect((await build(moon, "lunar_base")).status).toBe(200);
    await withBuilding(universe, moon, "lunar_base", 1);
    const grown = await json(await call(`/v1/universes/${universe}/planets/${moon.planetId}`, { token: a.user.accessToken }));
    expect(grown.fields.max).toBe(4);
    await quiet(universe, [a, b]);
  });
});
