import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { call, json } from "../helpers/http";
import {
  arm,
  armed,
  driveUntil,
  giveShips,
  launch,
  openSocket,
  type Player,
  quiet,
  setStock,
  stock,
  to,
  twoPlayers,
  WAR_FLIGHTS,
} from "./fleet-helpers";
import { seedEmpire, withResearch } from "./colony-helpers";
import { shardStub } from "./helpers";
import { galaxyMoon, giveMoon, moonRows } from "./moon-helpers";

const notes = async (universe: string, p: Player) =>
  (await json(await call(`/v1/universes/${universe}/notifications`, { token: p.user.accessToken }))).notifications as {
    kind: string;
    data: Record<string, unknown>;
  }[];
const report = async (universe: string, p: Player, id: string) =>
  (await json(await call(`/v1/universes/${universe}/reports/${id}`, { token: p.user.accessToken }))).report;

/**
 * A's six deathstars against B's moon of 3162 km, on another shard: (100 − √3162) × √6 > 100, so
 * the moon surely falls if they win. B's peaceful flights take 7 s (the deathstars 4–6 s): a
 * cargo ship that left the moon before the attack comes back after it, and a deploy to the moon
 * launched after the attack arrives after it; both end on the planet at the moon's coordinates.
 */
async function destroyMoon(crash?: "before_commit" | "after_commit") {
  // The admin's moon pushes B's score: newbie protection is not what this is about.
  const settings = { ...WAR_FLIGHTS, fleetSpeedPeaceful: 50, newbieProtection: false };
  const { universe, a, b } = await twoPlayers(settings, true);
  const moon = await giveMoon(universe, b, 3162);
  await giveShips(universe, a, { deathstar: 6 });
  await giveShips(universe, moon, { rocket_launcher: 5, small_cargo: 1 });
  await setStock(universe, moon, "deuterium", 10_000);
  await giveShips(universe, b, { small_cargo: 1 });
  // Two fleet slots for B's two flights.
  await seedEmpire(universe, b.user, withResearch({ computer_technology: 1 }));
  const sb = await openSocket(universe, b);
  const fromMoon = await json(await launch(universe, moon, { to: to(b), mission: "transport", ships: { small_cargo: 1 } }));
  const res = await launch(universe, a, { to: to(b, "moon"), mission: "moon_destruction", ships: { deathstar: 6 } });
  expect(res.status).toBe(201);
  const fleet = await json(res);
  const toMoon = await json(await launch(universe, b, { to: to(b, "moon"), mission: "deploy", ships: { small_cargo: 1 } }));
  expect(Math.min(fromMoon.returnAt, toMoon.arrivalAt)).toBeGreaterThan(fleet.arrivalAt);
  // Armed after B's own launches: B's next commit is the arrival of the deathstars.
  if (crash) await arm(universe, b, crash);
  // Fifteen seconds of polling: read the shards' fleet rows, not the rate-limited API.
  const flying = async (p: Player) =>
    runInDurableObject(shardStub(universe, p.user.id), (_: unknown, state: DurableObjectState) =>
      state.storage.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM fleets WHERE owner_id = ?", p.user.id).one().n,
    );
  await driveUntil(universe, [a, b], async () => (await flying(a)) + (await flying(b)) === 0, 40_000);
  if (crash) expect(await armed(universe, b)).toEqual([]);
  return { universe, a, b, moon, fleet, sb, fromMoon, toMoon };
}

describe("moon destruction across shards", () => {
  for (const crash of [undefined, "before_commit", "after_commit"] as const) {
    it(`a won battle, then the attempt: the moon is gone once, fleets bound for it land on its planet (${crash ?? "no restart"})`, async () => {
      const { universe, a, b, moon, fleet, sb, fromMoon, toMoon } = await destroyMoon(crash);
      const [ra, rb] = [await report(universe, a, fleet.id), await report(universe, b, fleet.id)];
      expect(rb).toEqual(ra);
      expect(ra.target).toMatchObject({ ...b.coords, kind: "moon" });
      expect(ra.battle.outcome).toBe("attacker");
      expect(ra.moonDestruction).toMatchObject({ chance: 100, destroyed: true });
      expect(ra.moonDestruction.lossChance).toBeCloseTo(Math.sqrt(3162) / 2, 10);
      expect(ra.moonDestruction.deathstarsLost).toBe(ra.moonDestruction.lossRoll < ra.moonDestruction.lossChance);

      // The moon left B's empire, the galaxy view and the registry.
      const empire = await json(await call(`/v1/universes/${universe}/empire`, { token: b.user.accessToken }));
      expect(empire.planets.map((p: { id: string }) => p.id)).toEqual([b.planetId]);
      expect(await galaxyMoon(universe, b.coords)).toBeNull();
      expect(await moonRows(universe)).toHaveLength(0);

      // Both of B's cargo ships are on the planet: the deploy bound for the moon landed there, and
      // the ship that left the moon came back to it.
      expect((await stock(universe, b)).ships).toEqual({ small_cargo: 2 });
      const arrivals = (await notes(universe, b)).filter((n) => n.kind === "fleet_arrived");
      const outcomes = arrivals.map((n) => [n.data.fleetId, n.data.outcome]);
      expect(outcomes).toEqual(expect.arrayContaining([[toMoon.id, "deployed"], [fromMoon.id, "delivered"]]));

      // The deathstars come home, unless the second draw took them all.
      const home = (await stock(universe, a)).ships;
      expect(home).toEqual(ra.moonDestruction.deathstarsLost ? {} : { deathstar: 6 });

      // Each player is told once, with the chances and the draws.
      const told = (await notes(universe, b)).filter((n) => n.kind === "moon_destruction");
      expect(told).toHaveLength(1);
      expect(told[0]!.data).toMatchObject({ ...ra.moonDestruction, moonId: moon.planetId, reportId: fleet.id });
      const arrived = (await notes(universe, a)).filter((n) => n.kind === "fleet_arrived" && n.data.fleetId === fleet.id);
      expect(arrived).toHaveLength(1);
      expect(arrived[0]!.data.moonDestruction).toEqual(ra.moonDestruction);
      expect((await notes(universe, b)).filter((n) => n.kind === "battle_report")).toHaveLength(1);
      if (!crash) expect(sb.seen.some((m) => m.type === "notification" && m.kind === "moon_destruction")).toBe(true);
      sb.ws.close();
      await quiet(universe, [a, b]);
    });
  }

  it("refuses a moon destruction at a planet, and without deathstars", async () => {
    const { universe, a, b } = await twoPlayers({ ...WAR_FLIGHTS, newbieProtection: false }, true);
    await giveMoon(universe, b);
    await giveShips(universe, a, { deathstar: 1, cruiser: 1 });
    const atPlanet = await launch(universe, a, { to: to(b), mission: "moon_destruction", ships: { deathstar: 1 } });
    expect((await json(atPlanet)).error.code).toBe("mission_not_allowed");
    const noDeathstar = await launch(universe, a, { to: to(b, "moon"), mission: "moon_destruction", ships: { cruiser: 1 } });
    expect((await json(noDeathstar)).error.code).toBe("mission_not_allowed");
    await quiet(universe, [a, b]);
  });
});
