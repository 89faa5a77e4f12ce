import { describe, expect, it } from "vitest";
import { shardOf } from "../../src/universe/registry";
import { call, json } from "../helpers/http";
import {
  arm,
  armed,
  befriend,
  driveUntil,
  fleets,
  giveShips,
  hurryTimer,
  launch,
  openSocket,
  type Player,
  playerOnShard,
  quiet,
  recall,
  stock,
  to,
  twoPlayers,
  WAR_FLIGHTS,
} from "./fleet-helpers";
import { seedColony } from "./colony-helpers";
import { FAST } from "./helpers";

/** Attacks and ACS-defend flights at the 1-second minimum; holds last real hours, so the tests bring the hold's end forward. */
const DEFEND_FLIGHTS = { ...WAR_FLIGHTS, fleetSpeedHolding: 10_000 };

const notes = async (universe: string, p: Player) =>
  (await json(await call(`/v1/universes/${universe}/notifications`, { token: p.user.accessToken }))).notifications as {
    kind: string;
    data: Record<string, unknown>;
  }[];
const reports = async (universe: string, p: Player) =>
  (await json(await call(`/v1/universes/${universe}/reports`, { token: p.user.accessToken }))).reports as { id: string; role: string }[];
const flightFuel = async (universe: string, from: Player, host: Player, ships: Record<string, number>, holdHours: number) =>
  (
    await json(
      await call(`/v1/universes/${universe}/calc/flight`, {
        body: { from: from.coords, to: host.coords, ships, mission: "acs_defend", holdHours },
      }),
    )
  ).fuel as number;
const holdOf = async (universe: string, p: Player) => (await fleets(universe, p)).fleets[0]?.state;

describe("ACS defend across shards", () => {
  it("holds at a buddy's planet for its hold time, paying the hold's fuel, then flies home on its own", async () => {
    const { universe, a: host, b: buddy } = await twoPlayers(DEFEND_FLIGHTS, true);
    const ships = { cruiser: 10 };
    await giveShips(universe, buddy, ships);
    const [sh, sb] = [await openSocket(universe, host), await openSocket(universe, buddy)];
    const defend = (holdHours: number) => launch(universe, buddy, { to: to(host), mission: "acs_defend", ships, holdHours });

    const stranger = await defend(2);
    expect(stranger.status).toBe(409);
    expect((await json(stranger)).error.code).toBe("mission_not_allowed");
    await befriend(universe, buddy, host);
    const tooLong = await defend(33);
    expect(tooLong.status).toBe(400);
    expect((await json(tooLong)).error.code).toBe("invalid_hold_time");

    const before = await stock(universe, buddy);
    const res = await defend(2);
    expect(res.status).toBe(201);
    const fleet = await json(res);
    // §8: the hold adds floor(Σ fuel × n × h / 10) = 300 × 10 × h / 10 deuterium, paid at launch.
    expect(fleet.fuel).toBe(await flightFuel(universe, buddy, host, ships, 2));
    expect((await flightFuel(universe, buddy, host, ships, 2)) - (await flightFuel(universe, buddy, host, ships, 1))).toBe(300);
    expect(before.resources.deuterium - (await stock(universe, buddy)).resources.deuterium).toBe(fleet.fuel);

    await driveUntil(universe, [host, buddy], async () => (await holdOf(universe, buddy)) === "holding");
    const holdUntil = fleet.arrivalAt + 2 * 3_600_000;
    const hosted = (await fleets(universe, host)).holding;
    expect(hosted).toEqual([expect.objectContaining({ fleetId: fleet.id, ownerId: buddy.user.id, ships, holdUntil })]);
    expect(JSON.stringify(hosted)).not.toContain('"cargo"');
    expect((await sh.next("fleet_holding")).fleet).toMatchObject({ fleetId: fleet.id, holdUntil });
    expect((await sb.next("fleet_arrived")).outcome).toBe("holding");
    expect((await notes(universe, host)).map((n) => n.kind)).toContain("fleet_holding");

    await hurryTimer(universe, host, `hold:${fleet.id}`);
    await driveUntil(universe, [host, buddy], async () => (await fleets(universe, buddy)).fleets.length === 0);
    expect((await sh.next("fleet_hold_ended")).fleetId).toBe(fleet.id);
    expect((await sb.next("fleet_hold_ended")).fleet).toMatchObject({ id: fleet.id, state: "returning" });
    expect((await fleets(universe, host)).holding).toEqual([]);
    expect((await stock(universe, buddy)).ships).toEqual(ships);
    // The owner's shard learnt of the hold's end once: one return.
    expect((await notes(universe, buddy)).filter((n) => n.kind === "fleet_returned")).toHaveLength(1);
    sh.ws.close();
    sb.ws.close();
    await quiet(universe, [host, buddy]);
  });

  it("starts home at once when its buddy abandons the planet it holds at", async () => {
    const { universe, a: host, b: buddy } = await twoPlayers(DEFEND_FLIGHTS, true);
    const colony = await seedColony(universe, host.user, 14);
    const ships = { cruiser: 5 };
    await giveShips(universe, buddy, ships);
    await befriend(universe, buddy, host);
    const sh = await openSocket(universe, host);
    const res = await launch(universe, buddy, { to: { ...colony.coords, kind: "planet" }, mission: "acs_defend", ships, holdHours: 4 });
    expect(res.status).toBe(201);
    const fleet = await json(res);
    await driveUntil(universe, [host, buddy], async () => (await holdOf(universe, buddy)) === "holding");
    expect((await fleets(universe, host)).holding.map((h: { fleetId: string }) => h.fleetId)).toEqual([fleet.id]);

    const gone = await call(`/v1/universes/${universe}/planets/${encodeURIComponent(colony.id)}`, { method: "DELETE", token: host.user.accessToken });
    expect(gone.status).toBe(200);
    expect((await sh.next("fleet_hold_ended")).fleetId).toBe(fleet.id);
    expect((await fleets(universe, host)).holding).toEqual([]);
    await driveUntil(universe, [host, buddy], async () => (await fleets(universe, buddy)).fleets.length === 0);
    expect((await stock(universe, buddy)).ships).toEqual(ships);
    // The hold's timer went with it: nothing is left to fire hours later.
    expect((await notes(universe, buddy)).filter((n) => n.kind === "fleet_returned")).toHaveLength(1);
    sh.ws.close();
    await quiet(universe, [host, buddy]);
  });

  it("fights beside the planet's owner: its losses are its owner's, reported to them; a recall brings the rest home", async () => {
    const { universe, a: host, b: buddy } = await twoPlayers(DEFEND_FLIGHTS, true);
    const attacker = await playerOnShard(universe, shardOf(buddy.user.id, FAST.shardCount));
    await befriend(universe, buddy, host);
    await giveShips(universe, host, { rocket_launcher: 20 });
    await giveShips(universe, buddy, { cruiser: 50 });
    await giveShips(universe, attacker, { battle_ship: 10 });
    const sb = await openSocket(universe, buddy);

    const guard = await json(await launch(universe, buddy, { to: to(host), mission: "acs_defend", ships: { cruiser: 50 }, holdHours: 1 }));
    await driveUntil(universe, [host, buddy], async () => (await holdOf(universe, buddy)) === "holding");
    const raid = await json(await launch(universe, attacker, { to: to(host), mission: "attack", ships: { battle_ship: 10 } }));
    await driveUntil(universe, [host, buddy, attacker], async () => (await fleets(universe, attacker)).fleets.length === 0);
    await driveUntil(universe, [host, buddy], async () => (await notes(universe, buddy)).some((n) => n.kind === "battle_report"));

    for (const [p, role] of [
      [host, "defender"],
      [buddy, "defender"],
      [attacker, "attacker"],
    ] as const) {
      expect(await reports(universe, p)).toEqual([expect.objectContaining({ id: raid.id, role })]);
    }
    const report = (await json(await call(`/v1/universes/${universe}/reports/${raid.id}`, { token: buddy.user.accessToken }))).report;
    expect(report.defenders).toEqual([
      { playerId: host.user.id, name: host.user.username },
      { playerId: buddy.user.id, name: buddy.user.username },
    ]);
    expect(report.battle.participants.defenders[1].units).toEqual({ cruiser: 50 });
    const lost = report.battle.losses.defenders[1].units.cruiser ?? 0;
    expect(lost).toBeGreaterThan(0);
    expect(lost).toBeLessThan(50);
    expect(sb.seen.filter((m) => m.type === "notification" && m.kind === "battle_report")).toHaveLength(1);
    // Both sides see what is left at the post.
    expect((await fleets(universe, buddy)).fleets[0]).toMatchObject({ id: guard.id, state: "holding", ships: { cruiser: 50 - lost } });
    expect((await fleets(universe, host)).holding[0].ships).toEqual({ cruiser: 50 - lost });

    const back = await recall(universe, buddy, guard.id);
    expect(back.status).toBe(200);
    await driveUntil(universe, [host, buddy], async () => (await fleets(universe, buddy)).fleets.length === 0);
    expect((await stock(universe, buddy)).ships).toEqual({ cruiser: 50 - lost });
    expect((await fleets(universe, host)).holding).toEqual([]);
    sb.ws.close();
    await quiet(universe, [host, buddy, attacker]);
  });

  for (const step of ["before_commit", "after_commit"] as const) {
    it(`the host's shard restarts as the hold ends (${step}): the fleet is released once and comes home once`, async () => {
      const { universe, a: host, b: buddy } = await twoPlayers(DEFEND_FLIGHTS, true);
      await befriend(universe, buddy, host);
      await giveShips(universe, buddy, { cruiser: 7 });
      const fleet = await json(await launch(universe, buddy, { to: to(host), mission: "acs_defend", ships: { cruiser: 7 }, holdHours: 1 }));
      await driveUntil(universe, [host, buddy], async () => (await holdOf(universe, buddy)) === "holding");
      await arm(universe, host, step);
      await hurryTimer(universe, host, `hold:${fleet.id}`);
      await driveUntil(universe, [host, buddy], async () => (await fleets(universe, buddy)).fleets.length === 0);
      expect(await armed(universe, host)).toEqual([]);
      expect((await stock(universe, buddy)).ships).toEqual({ cruiser: 7 });
      expect((await notes(universe, buddy)).filter((n) => n.kind === "fleet_returned")).toHaveLength(1);
      expect((await fleets(universe, host)).holding).toEqual([]);
      await quiet(universe, [host, buddy]);
    });
  }
});
