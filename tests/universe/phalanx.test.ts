import { describe, expect, it } from "vitest";
import { call, expectError, json } from "../helpers/http";
import { seedEmpire } from "./colony-helpers";
import { giveShips, givePlanet, launch, openSocket, type Player, quiet, setStock, stock, to, twoPlayers } from "./fleet-helpers";
import { FAST } from "./helpers";
import { giveMoon } from "./moon-helpers";

const scan = (universe: string, from: Player, c: Player["coords"]) => {
  const query = `galaxy=${c.galaxy}&system=${c.system}&position=${c.position}`;
  return call(`/v1/universes/${universe}/planets/${encodeURIComponent(from.planetId)}/phalanx?${query}`, {
    method: "POST",
    token: from.user.accessToken,
  });
};

describe("sensor phalanx", () => {
  it("shows the fleets flying to and from a planet on another shard, ships and cargo included, for 5,000 deuterium", async () => {
    // Default fleet speeds: the flights take hours, so every fleet is still on its way.
    const { universe, a, b } = await twoPlayers({ ...FAST, newbieProtection: false }, true);
    const moon = await giveMoon(universe, a);
    await seedEmpire(universe, a.user, (e) => ({
      ...e,
      planets: e.planets.map((p) => (p.id === moon.planetId ? { ...p, buildings: { lunar_base: 1, sensor_phalanx: 5 } } : p)),
    }));
    await setStock(universe, moon, "deuterium", 9_000);
    await giveShips(universe, a, { espionage_probe: 3 });
    await giveShips(universe, b, { small_cargo: 2 });
    const sb = await openSocket(universe, b);

    // A's probes to B (hostile: B sees no ships), and B's own cargo flight from the planet.
    const probes = await json(await launch(universe, a, { to: to(b), mission: "espionage", ships: { espionage_probe: 3 } }));
    const incoming = (await sb.next("fleet_incoming")).fleet;
    expect(incoming.ships).toBeUndefined();
    const cargo = { metal: 700, crystal: 0, deuterium: 0 };
    const own = await json(await launch(universe, b, { to: to(a), mission: "transport", ships: { small_cargo: 2 }, cargo }));

    const res = await scan(universe, moon, b.coords);
    expect(res.status).toBe(200);
    const seen = await json(res);
    expect(seen).toMatchObject({ moonId: moon.planetId, target: b.coords, deuteriumSpent: 5000 });
    const byId = new Map(seen.fleets.map((f: { id: string }) => [f.id, f]));
    expect(byId.get(probes.id)).toMatchObject({ ownerId: a.user.id, mission: "espionage", ships: { espionage_probe: 3 }, returnsAt: null });
    const mine = { ownerId: b.user.id, mission: "transport", ships: { small_cargo: 2 }, cargo, returnsAt: own.returnAt };
    expect(byId.get(own.id)).toMatchObject(mine);
    expect(seen.fleets).toHaveLength(2);
    expect((await stock(universe, moon)).resources.deuterium).toBe(4_000);

    // The second scan finds the moon short of deuterium.
    await expectError(await scan(universe, moon, b.coords), 409, "insufficient_resources");
    sb.ws.close();
    await quiet(universe, [a, b]);
  });

  it("refuses without a phalanx, out of range, and where no planet stands (free of charge)", async () => {
    const { universe, a, b } = await twoPlayers(FAST, true);
    const moon = await giveMoon(universe, a);
    await setStock(universe, moon, "deuterium", 50_000);
    await expectError(await scan(universe, moon, b.coords), 409, "no_phalanx");
    await expectError(await scan(universe, a, b.coords), 409, "no_phalanx");
    await seedEmpire(universe, a.user, (e) => ({
      ...e,
      planets: e.planets.map((p) => (p.id === moon.planetId ? { ...p, buildings: { lunar_base: 1, sensor_phalanx: 1 } } : p)),
    }));
    // Level 1 sees its own system only; another galaxy is never in range.
    const far = await givePlanet(universe, b, 2);
    await expectError(await scan(universe, moon, far.coords), 409, "out_of_range");
    await expectError(await scan(universe, moon, { ...b.coords, position: 15 }), 404, "target_not_found");
    expect((await stock(universe, moon)).resources.deuterium).toBeGreaterThanOrEqual(50_000);
    await quiet(universe, [a, b]);
  });
});
