import { evictDurableObject, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { UniverseShard } from "../../durable-objects/universe-shard/shard";
import { call, expectError, json } from "../helpers/http";
import {
  driveUntil,
  fleets,
  givePlanet,
  giveShips,
  launch,
  openSocket,
  QUICK_FLIGHTS,
  quiet,
  recall,
  setPoints,
  setStock,
  stock,
  to,
  total,
  twoPlayers,
} from "./fleet-helpers";
import { FAST, shardStub, sleep } from "./helpers";

const cargo = { metal: 1000, crystal: 500, deuterium: 0 };

describe("fleets: transport between players", () => {
  for (const apart of [true, false]) {
    it(`carries the cargo to the other player's planet once and flies home (${apart ? "two shards" : "one shard"}), with socket events and notices`, async () => {
      const { universe, a, b } = await twoPlayers(QUICK_FLIGHTS, apart);
      await giveShips(universe, a, { small_cargo: 5 });
      const [a0, b0] = [await stock(universe, a), await stock(universe, b)];
      const [sa, sb] = [await openSocket(universe, a), await openSocket(universe, b)];
      const score0 = (await json(await call(`/v1/universes/${universe}/empire`, { token: a.user.accessToken }))).score;

      const res = await launch(universe, a, { to: to(b), mission: "transport", ships: { small_cargo: 3 }, cargo });
      expect(res.status).toBe(201);
      const fleet = await json(res);
      expect(fleet).toMatchObject({
        mission: "transport",
        state: "outbound",
        ships: { small_cargo: 3 },
        targetPlanetId: b.planetId,
        cargo,
      });
      expect(fleet.arrivalAt - fleet.departureAt).toBe(1000);
      expect(fleet.returnAt - fleet.arrivalAt).toBe(1000);
      const a1 = await stock(universe, a);
      expect(a1.ships).toEqual({ small_cargo: 2 });
      expect(a0.resources.metal - a1.resources.metal).toBe(1000);
      expect(a0.resources.deuterium - a1.resources.deuterium).toBe(fleet.fuel);
      // Ships in flight still count in the score (§13).
      expect((await json(await call(`/v1/universes/${universe}/empire`, { token: a.user.accessToken }))).score).toEqual(score0);
      expect((await fleets(universe, a)).fleets.map((f: { id: string }) => f.id)).toEqual([fleet.id]);

      expect((await sa.next("fleet_launched")).fleet.id).toBe(fleet.id);
      const incoming = await sb.next("fleet_incoming");
      expect(incoming.fleet).toMatchObject({ fleetId: fleet.id, ownerId: a.user.id, ships: { small_cargo: 3 }, arrivalAt: fleet.arrivalAt });
      // What the target's owner is told: no cargo, nothing of the servers' internals.
      const seen = JSON.stringify(incoming);
      for (const hidden of [`"cargo"`, "metal", "crystal", "ownerShard", `${universe}:`]) expect(seen).not.toContain(hidden);

      await driveUntil(universe, [a, b], async () => (await fleets(universe, a)).fleets.length === 0);
      const [a2, b2] = [await stock(universe, a), await stock(universe, b)];
      expect(a2.ships).toEqual({ small_cargo: 5 });
      expect(b2.resources.metal - b0.resources.metal).toBe(1000);
      expect(b2.resources.crystal - b0.resources.crystal).toBe(500);
      // Conserved: the stocks are above storage capacity, so nothing is produced meanwhile.
      expect(total(a0.resources) + total(b0.resources)).toBe(total(a2.resources) + total(b2.resources) + fleet.fuel);

      expect((await sa.next("fleet_arrived")).outcome).toBe("delivered");
      expect((await sa.next("fleet_returned")).fleet.id).toBe(fleet.id);
      const notes = async (p: typeof a) =>
        (await json(await call(`/v1/universes/${universe}/notifications`, { token: p.user.accessToken }))).notifications.map(
          (n: { kind: string }) => n.kind,
        );
      expect(await notes(a)).toEqual(expect.arrayContaining(["fleet_arrived", "fleet_returned"]));
      expect(await notes(b)).toContain("fleet_delivered");
      sa.ws.close();
      sb.ws.close();
      await quiet(universe, [a, b]);
    });
  }
});

describe("fleets: deploy, recall, idempotency", () => {
  it("deploys ships and cargo to one's own other planet, with no return leg", async () => {
    const { universe, a } = await twoPlayers(QUICK_FLIGHTS, true);
    const colony = await givePlanet(universe, a);
    await giveShips(universe, a, { small_cargo: 4 });
    const [h0, c0] = [await stock(universe, a), await stock(universe, colony)];
    const res = await launch(universe, a, { to: to(colony), mission: "deploy", ships: { small_cargo: 4 }, cargo });
    expect(res.status).toBe(201);
    const fleet = await json(res);
    expect(fleet.returnAt).toBeNull();
    await driveUntil(universe, [a], async () => (await fleets(universe, a)).fleets.length === 0);
    const [h1, c1] = [await stock(universe, a), await stock(universe, colony)];
    expect(h1.ships).toEqual({});
    expect(c1.ships).toEqual({ small_cargo: 4 });
    expect(c1.resources.metal - c0.resources.metal).toBe(1000);
    expect(total(h0.resources) + total(c0.resources)).toBe(total(h1.resources) + total(c1.resources) + fleet.fuel);
    await quiet(universe, [a]);
  });

  for (const apart of [true, false]) {
    it(`recalls a fleet before it arrives: it flies home as long as it flew, with its cargo (${apart ? "two shards" : "one shard"})`, async () => {
      // Default fleet speeds: the flight takes hours, so the recall is surely before the arrival.
      const { universe, a, b } = await twoPlayers(FAST, apart);
      await giveShips(universe, a, { small_cargo: 2 });
      const [a0, b0] = [await stock(universe, a), await stock(universe, b)];
      const sb = await openSocket(universe, b);
      const fleet = await json(await launch(universe, a, { to: to(b), mission: "transport", ships: { small_cargo: 2 }, cargo }));
      expect(fleet.arrivalAt - fleet.departureAt).toBeGreaterThan(60_000);
      expect((await sb.next("fleet_incoming")).fleet.fleetId).toBe(fleet.id);
      expect((await fleets(universe, b)).incoming.map((f: { fleetId: string }) => f.fleetId)).toEqual([fleet.id]);
      // Recalled after 3 s, it is home 3 s later: time to see it returning.
      await sleep(3000);
      const res = await recall(universe, a, fleet.id);
      expect(res.status).toBe(200);
      const recalled = await json(res);
      expect(recalled.state).toBe(apart ? "recalling" : "returning");
      await driveUntil(universe, [a, b], async () => (await fleets(universe, a)).fleets[0]?.state === "returning");
      // The target's owner is told the announced fleet will not come, and no longer lists it.
      expect((await sb.next("fleet_incoming_recalled")).fleetId).toBe(fleet.id);
      expect((await fleets(universe, b)).incoming).toEqual([]);
      sb.ws.close();
      const turned = (await fleets(universe, a)).fleets[0];
      expect(turned.returnAt - turned.recalledAt).toBe(turned.recalledAt - fleet.departureAt);
      await expectError(await recall(universe, a, fleet.id), 409, "cannot_recall");

      await driveUntil(universe, [a, b], async () => (await fleets(universe, a)).fleets.length === 0);
      const [a1, b1] = [await stock(universe, a), await stock(universe, b)];
      expect(a1.ships).toEqual({ small_cargo: 2 });
      expect(a0.resources.metal - a1.resources.metal).toBe(0);
      expect(b1.resources).toEqual(b0.resources);
      expect(a0.resources.deuterium - a1.resources.deuterium).toBe(fleet.fuel);
      await quiet(universe, [a, b]);
    });
  }

  it("answers a retried launch with the same Idempotency-Key from the first one", async () => {
    const { universe, a, b } = await twoPlayers(FAST, true);
    await giveShips(universe, a, { small_cargo: 4 });
    const headers = { "Idempotency-Key": "launch-once" };
    const body = { to: to(b), mission: "transport", ships: { small_cargo: 2 } };
    const first = await json(await launch(universe, a, body, headers));
    const again = await launch(universe, a, body, headers);
    expect(again.status).toBe(201);
    expect((await json(again)).id).toBe(first.id);
    expect((await stock(universe, a)).ships).toEqual({ small_cargo: 2 });
    expect((await fleets(universe, a)).fleets).toHaveLength(1);
    await quiet(universe, [a, b]);
  });
});

describe("fleets: idempotency key reuse", () => {
  it("refuses the same Idempotency-Key with a different launch instead of answering the first fleet", async () => {
    const { universe, a, b } = await twoPlayers(FAST, true);
    await giveShips(universe, a, { small_cargo: 4 });
    const headers = { "Idempotency-Key": "launch-reused" };
    const body = { to: to(b), mission: "transport", ships: { small_cargo: 2 }, cargo: { metal: 100, crystal: 0, deuterium: 0 } };
    const first = await json(await launch(universe, a, body, headers));
    // The same launch written differently (keys reordered, a zero count) is still a retry.
    const same = await launch(universe, a, { ...body, ships: { light_fighter: 0, small_cargo: 2 }, cargo: { deuterium: 0, metal: 100 } }, headers);
    expect(same.status).toBe(201);
    expect((await json(same)).id).toBe(first.id);
    for (const changed of [
      { ...body, ships: { small_cargo: 1 } },
      { ...body, cargo: { metal: 5000, crystal: 0, deuterium: 0 } },
      { ...body, speed: 50 },
    ]) {
      await expectError(await launch(universe, a, changed, headers), 422, "idempotency_key_reused");
    }
    expect((await stock(universe, a)).ships).toEqual({ small_cargo: 2 });
    expect((await fleets(universe, a)).fleets).toHaveLength(1);
    await quiet(universe, [a, b]);
  });
});

describe("fleets: refusals and authorization", () => {
  it("refuses each invalid launch with its code, taking nothing", async () => {
    const { universe, a, b } = await twoPlayers(FAST, true);
    await giveShips(universe, a, { small_cargo: 2, colony_ship: 1, espionage_probe: 1 });
    const before = await stock(universe, a);
    const tr = { to: to(b), mission: "transport" };
    const empty = { ...b.coords, position: b.coords.position === 15 ? 14 : 15, kind: "planet" };
    const cases: [Record<string, unknown>, number, string][] = [
      [{ ...tr, ships: { small_cargo: 3 } }, 409, "not_enough_ships"],
      [{ ...tr, ships: { small_cargo: 1 }, cargo: { metal: 6000, crystal: 0, deuterium: 0 } }, 409, "cargo_exceeds_capacity"],
      [{ ...tr, ships: {} }, 400, "invalid_ships"],
      [{ ...tr, ships: { solar_satellite: 1 } }, 400, "invalid_ships"],
      [{ ...tr, ships: { small_cargo: 1 }, speed: 7 }, 400, "invalid_speed"],
      [{ ...tr, ships: { small_cargo: 1 }, cargo: { metal: -5, crystal: 0, deuterium: 0 } }, 400, "invalid_cargo"],
      [{ to: { ...b.coords, galaxy: 99, kind: "planet" }, mission: "transport", ships: { small_cargo: 1 } }, 400, "invalid_coordinates"],
      [{ to: empty, mission: "transport", ships: { small_cargo: 1 } }, 404, "target_not_found"],
      [{ to: to(b), mission: "deploy", ships: { small_cargo: 1 } }, 409, "mission_not_allowed"],
      [{ to: to(b), mission: "colonise", ships: { colony_ship: 1 } }, 409, "mission_not_allowed"],
      // ACS defend guards a buddy's planet only.
      [{ to: to(b), mission: "acs_defend", ships: { small_cargo: 1 }, holdHours: 1 }, 409, "mission_not_allowed"],
      [{ to: to(b), mission: "missile_attack", ships: { small_cargo: 1 } }, 409, "mission_not_allowed"],
    ];
    for (const [body, status, code] of cases) await expectError(await launch(universe, a, body), status, code);
    await expectError(await launch(universe, a, { ...tr, ships: { small_cargo: 1 }, from: b.planetId }), 403, "not_your_planet");

    await setPoints(universe, a, 100_000);
    await setPoints(universe, b, 10);
    await expectError(
      await launch(universe, a, { to: to(b), mission: "espionage", ships: { espionage_probe: 1 } }),
      403,
      "newbie_protected",
    );

    // One slot (computer technology 0): a second fleet in flight is refused.
    expect((await launch(universe, a, { ...tr, ships: { small_cargo: 1 } })).status).toBe(201);
    await expectError(await launch(universe, a, { ...tr, ships: { small_cargo: 1 } }), 409, "no_fleet_slots");
    const after = await stock(universe, a);
    expect(after.ships).toEqual({ ...before.ships, small_cargo: 1 });
    await quiet(universe, [a, b]);
  });

  it("refuses a trip the planet's deuterium cannot fuel, and cargo the planet does not hold", async () => {
    const { universe, a, b } = await twoPlayers(FAST, true);
    await giveShips(universe, a, { small_cargo: 1 });
    await setStock(universe, a, "metal", 0);
    const body = { to: to(b), mission: "transport", ships: { small_cargo: 1 } };
    await expectError(await launch(universe, a, { ...body, cargo: { metal: 1000, crystal: 0, deuterium: 0 } }), 409, "insufficient_resources");
    await setStock(universe, a, "deuterium", 0);
    await expectError(await launch(universe, a, body), 409, "not_enough_fuel");
    await quiet(universe, [a, b]);
  });

  it("refuses a trip that burns more deuterium than the ships can hold (fuel_exceeds_capacity)", async () => {
    const { universe, a, b } = await twoPlayers(FAST, true);
    // A probe holds 5 deuterium; three galaxies away (60,000 units) one burns 7.
    const far = await givePlanet(universe, a, ((a.coords.galaxy + 2) % 9) + 1);
    await giveShips(universe, a, { espionage_probe: 1, small_cargo: 1 });
    const before = await stock(universe, a);
    const body = { to: to(far), mission: "transport", ships: { espionage_probe: 1 } };
    const res = await launch(universe, a, body);
    const error = await expectError(res, 409, "fuel_exceeds_capacity");
    expect(error.details.fuel).toBeGreaterThan(error.details.fuelCapacity);
    expect(error.details.fuelCapacity).toBe(5);
    expect(await stock(universe, a)).toEqual(before);
    // A small cargo (fuel capacity 5,000) makes the same trip.
    expect((await launch(universe, a, { ...body, ships: { espionage_probe: 1, small_cargo: 1 } })).status).toBe(201);
    await quiet(universe, [a, b]);
  });

  it("lets only one of two simultaneous launches take the same ships", async () => {
    const { universe, a, b } = await twoPlayers(FAST, true);
    await giveShips(universe, a, { small_cargo: 3 });
    // Enough slots for both, so only the ships decide.
    const stub = shardStub(universe, a.user.id);
    await runInDurableObject(stub, (_: UniverseShard, state) => {
      const row = state.storage.sql.exec<{ state: string }>("SELECT state FROM empires WHERE player_id = ?", a.user.id).one();
      const empire = JSON.parse(row.state);
      empire.research = { ...empire.research, computer_technology: 3 };
      state.storage.sql.exec("UPDATE empires SET state = ? WHERE player_id = ?", JSON.stringify(empire), a.user.id);
    });
    await evictDurableObject(stub);
    const body = { to: to(b), mission: "transport", ships: { small_cargo: 2 } };
    const results = await Promise.all([launch(universe, a, body), launch(universe, a, body)]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
    await expectError(results.find((r) => r.status === 409)!, 409, "not_enough_ships");
    expect((await stock(universe, a)).ships).toEqual({ small_cargo: 1 });
    expect((await fleets(universe, a)).fleets).toHaveLength(1);
    await quiet(universe, [a, b]);
  });

  it("lets only the owner see and recall a fleet", async () => {
    const { universe, a, b } = await twoPlayers(FAST, true);
    await giveShips(universe, a, { small_cargo: 1 });
    const fleet = await json(await launch(universe, a, { to: to(b), mission: "transport", ships: { small_cargo: 1 } }));
    expect((await fleets(universe, b)).fleets).toEqual([]);
    await expectError(await recall(universe, b, fleet.id), 404, "fleet_not_found");
    await expectError(await call(`/v1/universes/${universe}/fleets`, {}), 401, "unauthorized");
    await quiet(universe, [a, b]);
  });
});

describe("fleets: the shard's inbox", () => {
  it("keeps effect records 30 days, pruned by a daily timer the first effect schedules", async () => {
    const { universe, a, b } = await twoPlayers(QUICK_FLIGHTS, true);
    await giveShips(universe, a, { small_cargo: 1 });
    expect((await launch(universe, a, { to: to(b), mission: "transport", ships: { small_cargo: 1 } })).status).toBe(201);
    await driveUntil(universe, [a, b], async () => (await fleets(universe, a)).fleets.length === 0);
    const target = shardStub(universe, b.user.id);
    const run = await runInDurableObject(target, async (instance: UniverseShard, state) => {
      const sql = state.storage.sql;
      const prune = sql.exec<{ at: number }>("SELECT at FROM _timers WHERE key = 'inbox-prune'").toArray()[0]?.at;
      const kept = sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM _inbox").one().n;
      sql.exec("INSERT INTO _inbox (key, result, received_at) VALUES ('ancient', 'null', ?)", Date.now() - 31 * 24 * 3_600_000);
      sql.exec("UPDATE _timers SET at = ? WHERE key = 'inbox-prune'", Date.now() - 1);
      await instance.alarm();
      return {
        scheduledInADay: prune !== undefined && prune - Date.now() > 23 * 3_600_000,
        kept,
        after: sql
          .exec<{ key: string }>("SELECT key FROM _inbox")
          .toArray()
          .map((r) => r.key),
        next: sql.exec<{ at: number }>("SELECT at FROM _timers WHERE key = 'inbox-prune'").one().at - Date.now(),
      };
    });
    expect(run.scheduledInADay).toBe(true);
    expect(run.kept).toBeGreaterThan(0);
    expect(run.after).not.toContain("ancient");
    expect(run.after).toHaveLength(run.kept);
    expect(run.next).toBeGreaterThan(23 * 3_600_000);
    await quiet(universe, [a, b]);
  });
});
