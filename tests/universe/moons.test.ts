import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { UniverseShard } from "../../durable-objects/universe-shard/shard";
import { call, expectError, json } from "../helpers/http";
import { seedColony, seedEmpire, withResearch } from "./colony-helpers";
import {
  arm,
  armed,
  driveUntil,
  fleets,
  giveShips,
  launch,
  openSocket,
  QUICK_FLIGHTS,
  quiet,
  stock,
  to,
  twoPlayers,
  WAR_FLIGHTS,
} from "./fleet-helpers";
import { shardStub } from "./helpers";
import { galaxyMoon, giveMoon, moonRows } from "./moon-helpers";
import { scriptD1 } from "./shard-faults";

describe("moons in the registry", () => {
  it("a moon is recorded once, shows in the galaxy view, and a launch at a moon finds it (or finds none)", async () => {
    const { universe, a, b } = await twoPlayers(QUICK_FLIGHTS, true);
    await giveShips(universe, a, { small_cargo: 2 });
    // No moon yet: the registry has none to find.
    const none = await launch(universe, a, { to: to(b, "moon"), mission: "transport", ships: { small_cargo: 1 } });
    await expectError(none, 404, "target_not_found");

    const moon = await giveMoon(universe, b, 5000);
    expect(moon.coords).toEqual(b.coords);
    // The admin hook again: a planet has one moon, so the answer is the same moon.
    expect((await giveMoon(universe, b, 6000)).planetId).toBe(moon.planetId);
    expect(await galaxyMoon(universe, b.coords)).toEqual({ id: moon.planetId, name: "Moon", diameter: 5000 });
    expect(await moonRows(universe)).toHaveLength(1);
    expect(await galaxyMoon(universe, a.coords)).toBeNull();
    // A renamed moon is renamed in the registry too.
    const renamed = await call(`/v1/universes/${universe}/planets/${moon.planetId}`, {
      method: "PATCH",
      token: b.user.accessToken,
      body: { name: "Selene" },
    });
    expect(renamed.status).toBe(200);
    // Commands publish after answering: the registry follows right after.
    await driveUntil(universe, [b], async () => (await galaxyMoon(universe, b.coords))?.name === "Selene");
    expect(await moonRows(universe)).toHaveLength(1);

    const cargo = { metal: 100, crystal: 0, deuterium: 0 };
    const res = await launch(universe, a, { to: to(b, "moon"), mission: "transport", ships: { small_cargo: 1 }, cargo });
    expect(res.status).toBe(201);
    const fleet = await json(res);
    expect(fleet).toMatchObject({ targetPlanetId: moon.planetId, to: { ...b.coords, kind: "moon" } });
    await driveUntil(universe, [a, b], async () => (await fleets(universe, a)).fleets.length === 0);
    // The cargo landed on the moon, not on the planet at its coordinates.
    expect((await stock(universe, moon)).resources.metal).toBe(100);
    await quiet(universe, [a, b]);
  });

  it("deploy flies to one's own moon and the ships stay there", async () => {
    const { universe, a, b } = await twoPlayers(QUICK_FLIGHTS, true);
    const moon = await giveMoon(universe, a);
    await giveShips(universe, a, { light_fighter: 5 });
    const res = await launch(universe, a, { to: to(a, "moon"), mission: "deploy", ships: { light_fighter: 5 } });
    expect(res.status).toBe(201);
    await driveUntil(universe, [a], async () => (await fleets(universe, a)).fleets.length === 0);
    expect((await stock(universe, moon)).ships).toEqual({ light_fighter: 5 });
    expect((await stock(universe, a)).ships).toEqual({});
    // Another player's moon is no deploy target.
    await giveMoon(universe, b);
    await giveShips(universe, a, { light_fighter: 1 });
    const foreign = await launch(universe, a, { to: to(b, "moon"), mission: "deploy", ships: { light_fighter: 1 } });
    await expectError(foreign, 409, "mission_not_allowed");
    await quiet(universe, [a, b]);
  });

  it("an attack across shards lands on the moon: its ships fight, the planet's do not, and the report names the moon", async () => {
    const { universe, a, b } = await twoPlayers(WAR_FLIGHTS, true);
    const moon = await giveMoon(universe, b);
    await giveShips(universe, a, { cruiser: 20 });
    await giveShips(universe, moon, { rocket_launcher: 10 });
    await giveShips(universe, b, { light_fighter: 7 });
    const sb = await openSocket(universe, b);
    const res = await launch(universe, a, { to: to(b, "moon"), mission: "attack", ships: { cruiser: 20 } });
    expect(res.status).toBe(201);
    const fleet = await json(res);
    const incoming = await sb.next("fleet_incoming");
    expect(incoming.fleet).toMatchObject({ fleetId: fleet.id, targetPlanetId: moon.planetId, target: { kind: "moon" } });
    await driveUntil(universe, [a, b], async () => (await fleets(universe, a)).fleets.length === 0);
    const report = (await json(await call(`/v1/universes/${universe}/reports/${fleet.id}`, { token: b.user.accessToken }))).report;
    expect(report.target).toMatchObject({ ...b.coords, kind: "moon" });
    expect(report.battle.participants.defenders[0].units).toEqual({ rocket_launcher: 10 });
    expect((await stock(universe, b)).ships).toEqual({ light_fighter: 7 });
    // A moon never makes a moon: still one in the registry.
    expect(await moonRows(universe)).toHaveLength(1);
    await quiet(universe, [a, b]);
  });

  it("probes fly to a moon on another shard and report what is on the moon, not on its planet", async () => {
    const { universe, a, b } = await twoPlayers(WAR_FLIGHTS, true);
    const moon = await giveMoon(universe, b);
    await giveShips(universe, moon, { cruiser: 3 });
    await giveShips(universe, a, { espionage_probe: 5 });
    // A's espionage leads B's: no counter-espionage (§9), so the probes always come home with the report.
    await seedEmpire(universe, a.user, withResearch({ espionage_technology: 2 }));
    const fleet = await json(await launch(universe, a, { to: to(b, "moon"), mission: "espionage", ships: { espionage_probe: 5 } }));
    expect(fleet.targetPlanetId).toBe(moon.planetId);
    await driveUntil(universe, [a, b], async () => (await fleets(universe, a)).fleets.length === 0);
    const notes = async (p: typeof a) =>
      (await json(await call(`/v1/universes/${universe}/notifications`, { token: p.user.accessToken }))).notifications as {
        kind: string;
        data: Record<string, unknown>;
      }[];
    const arrived = (await notes(a)).find((n) => n.kind === "fleet_arrived" && n.data.fleetId === fleet.id);
    expect(arrived?.data.outcome).toBe("spied");
    expect(arrived?.data.espionage).toMatchObject({ ships: { cruiser: 3 } });
    expect((await notes(b)).some((n) => n.kind === "espionage_notice" && n.data.fleetId === fleet.id)).toBe(true);
    await quiet(universe, [a, b]);
  });

  for (const crash of [undefined, "before_commit"] as const) {
    it(`a battle that forms a moon records it in the registry once (${crash ?? "no restart"})`, async () => {
      // Debris of 2,500+ light fighters at 100 % is over 10M: a 100 % moon chance, when the maximum allows it.
      const settings = { ...WAR_FLIGHTS, maxMoonChance: 100, debrisFromShips: 100, tacticalRetreat: false, newbieProtection: false };
      const { universe, a, b } = await twoPlayers(settings, true);
      await giveShips(universe, a, { cruiser: 2_000 });
      await giveShips(universe, b, { light_fighter: 3_000 });
      if (crash) await arm(universe, b, crash);
      const fleet = await json(await launch(universe, a, { to: to(b), mission: "attack", ships: { cruiser: 2_000 } }));
      await driveUntil(universe, [a, b], async () => (await fleets(universe, a)).fleets.length === 0);
      if (crash) expect(await armed(universe, b)).toEqual([]);
      const report = (await json(await call(`/v1/universes/${universe}/reports/${fleet.id}`, { token: b.user.accessToken }))).report;
      expect(report.battle.moon).toMatchObject({ chance: 100, formed: true });
      const moonId = `moon:${fleet.id}`;
      await driveUntil(universe, [a, b], async () => (await galaxyMoon(universe, b.coords))?.id === moonId);
      expect(await galaxyMoon(universe, b.coords)).toEqual({ id: moonId, name: "Moon", diameter: report.battle.moon.diameter });
      expect((await moonRows(universe)).map((r) => r.moon_id)).toEqual([moonId]);
      const empire = await json(await call(`/v1/universes/${universe}/empire`, { token: b.user.accessToken }));
      expect(empire.planets.filter((p: { type: string }) => p.type === "moon")).toHaveLength(1);
      await quiet(universe, [a, b]);
    });
  }

  it("a moon reaches the registry after D1 failures: its intent stays and retries until D1 has it", async () => {
    const { universe, a, b } = await twoPlayers(QUICK_FLIGHTS, true);
    const stub = shardStub(universe, b.user.id);
    const d1 = await scriptD1(stub);
    d1.failNext(50);
    const moon = await giveMoon(universe, b);
    const intent = () =>
      runInDurableObject(stub, (_: unknown, state: DurableObjectState) =>
        state.storage.sql.exec("SELECT key FROM _timers WHERE kind = 'moon_slot'").toArray(),
      );
    expect(await intent()).toEqual([{ key: `moon|${moon.planetId}` }]);
    expect(await galaxyMoon(universe, b.coords)).toBeNull();
    d1.heal();
    await runInDurableObject(stub, async (instance: UniverseShard, state: DurableObjectState) => {
      state.storage.sql.exec("UPDATE _timers SET at = ? WHERE kind = 'moon_slot'", Date.now());
      await instance.alarm();
    });
    expect(await galaxyMoon(universe, b.coords)).toMatchObject({ id: moon.planetId });
    expect(await intent()).toEqual([]);
    await d1.restore();
    await quiet(universe, [a, b]);
  });

  it("abandoning a colony takes its moon, and the registry forgets it", async () => {
    const { universe, a, b } = await twoPlayers(QUICK_FLIGHTS, true);
    const colony = await seedColony(universe, a.user, 14);
    const moon = await giveMoon(universe, a, 4000, colony.id);
    expect(await galaxyMoon(universe, moon.coords)).toMatchObject({ id: moon.planetId });
    const path = `/v1/universes/${universe}/planets/${encodeURIComponent(colony.id)}`;
    const res = await call(path, { method: "DELETE", token: a.user.accessToken });
    expect(res.status).toBe(200);
    const left = (await json(res)).planets.map((p: { id: string }) => p.id);
    expect(left).toEqual([a.planetId]);
    expect(await galaxyMoon(universe, moon.coords)).toBeNull();
    expect(await moonRows(universe)).toHaveLength(0);
    await quiet(universe, [a, b]);
  });
});
