import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { systemStub } from "../../src/universe/addressing";
import { call, json } from "../helpers/http";
import {
  arm,
  armed,
  driveUntil,
  fleets,
  giveShips,
  launch,
  openSocket,
  type Player,
  QUICK_FLIGHTS,
  quiet,
  stock,
  to,
  total,
  twoPlayers,
  WAR_FLIGHTS,
} from "./fleet-helpers";

const ATTACK = { light_fighter: 200, small_cargo: 50 };

const reports = async (universe: string, p: Player) =>
  (await json(await call(`/v1/universes/${universe}/reports`, { token: p.user.accessToken }))).reports;
const notes = async (universe: string, p: Player) =>
  (await json(await call(`/v1/universes/${universe}/notifications`, { token: p.user.accessToken }))).notifications as {
    kind: string;
    data: Record<string, unknown>;
  }[];
const debrisAt = async (universe: string, p: Player) =>
  (await systemStub(env, universe, p.coords).fields()).filter((f) => f.position === p.coords.position);

/**
 * A attacks B's planet (100 rocket launchers, which make debris of the fighters they down, and 3
 * light fighters) and everything is driven until A's fleet is home. With 50 launchers about one
 * battle in twenty downed no fighter at all (the seed is the fleet's random id), so no debris
 * formed and the test waited for it in vain; 100 fire twice the shots at the same fleet.
 */
async function attack(apart: boolean, crash?: { step: "before_commit" | "after_commit" }) {
  const { universe, a, b } = await twoPlayers(WAR_FLIGHTS, apart);
  await giveShips(universe, a, ATTACK);
  await giveShips(universe, b, { light_fighter: 3, rocket_launcher: 100 });
  const [a0, b0] = [await stock(universe, a), await stock(universe, b)];
  const [sa, sb] = [await openSocket(universe, a), await openSocket(universe, b)];
  if (crash) await arm(universe, b, crash.step);
  const res = await launch(universe, a, { to: to(b), mission: "attack", ships: ATTACK });
  expect(res.status).toBe(201);
  const fleet = await json(res);
  const incoming = await sb.next("fleet_incoming");
  await driveUntil(universe, [a, b], async () => (await fleets(universe, a)).fleets.length === 0);
  if (crash) expect(await armed(universe, b)).toEqual([]);
  // The debris effect goes from B's outbox to the system object: wait for it to land.
  await driveUntil(universe, [a, b], async () => (await debrisAt(universe, b)).length > 0);
  const [a1, b1] = [await stock(universe, a), await stock(universe, b)];
  return { universe, a, b, a0, b0, a1, b1, fleet, incoming, sa, sb };
}

describe("attack missions across shards", () => {
  for (const apart of [true, false]) {
    it(`fights once at the arrival: loot home, debris to the field, the report and notices for both (${apart ? "two shards" : "one shard"})`, async () => {
      const { universe, a, b, a0, b0, a1, b1, fleet, sa, sb } = await attack(apart);
      const [ra, rb] = [await reports(universe, a), await reports(universe, b)];
      expect(ra).toHaveLength(1);
      expect(rb).toHaveLength(1);
      expect(ra[0]).toMatchObject({ id: fleet.id, role: "attacker", outcome: "attacker", defenders: [b.user.username] });
      expect(rb[0]).toMatchObject({ id: fleet.id, role: "defender", outcome: "attacker", attackers: [a.user.username] });
      const report = (await json(await call(`/v1/universes/${universe}/reports/${fleet.id}`, { token: b.user.accessToken }))).report;
      const loot = report.battle.loot.total;
      expect(total(loot)).toBeGreaterThan(0);
      // Stocks are above storage capacity, so nothing is produced meanwhile: the loot moved from B to A.
      for (const r of ["metal", "crystal", "deuterium"] as const) expect(b0.resources[r] - b1.resources[r]).toBe(loot[r]);
      expect(total(a1.resources) - total(a0.resources)).toBe(total(loot) - fleet.fuel);
      // The rocket launchers are gone; the light fighters fled the 5× stronger attacker (§7.2) and are back.
      expect(report.battle.retreated).toEqual({ light_fighter: 3 });
      expect(b1.ships).toEqual({ light_fighter: 3 });
      const lost = report.battle.losses.attackers[0].units;
      expect(lost.light_fighter).toBeGreaterThan(0);
      const home: Record<string, number> = {};
      for (const [k, n] of Object.entries(ATTACK)) if (n > (lost[k] ?? 0)) home[k] = n - (lost[k] ?? 0);
      expect(a1.ships).toEqual(home);
      const [field] = await debrisAt(universe, b);
      expect({ metal: field!.metal, crystal: field!.crystal, deuterium: field!.deuterium }).toEqual(report.battle.debris);

      expect((await notes(universe, a)).map((n) => n.kind)).toEqual(
        expect.arrayContaining(["battle_report", "fleet_arrived", "fleet_returned"]),
      );
      expect((await notes(universe, b)).filter((n) => n.kind === "battle_report")).toHaveLength(1);
      expect((await sa.next("fleet_arrived")).outcome).toBe("battle");
      for (const s of [sa, sb]) expect(s.seen.filter((m) => m.type === "notification" && m.kind === "battle_report")).toHaveLength(1);
      sa.ws.close();
      sb.ws.close();
      await quiet(universe, [a, b]);
    });
  }

  for (const step of ["before_commit", "after_commit"] as const) {
    it(`B restarts at the arrival (${step}): one battle, one report each, loot and debris once`, async () => {
      const { universe, a, b, b0, b1, fleet, sa, sb } = await attack(true, { step });
      const [ra, rb] = [await reports(universe, a), await reports(universe, b)];
      expect([ra.length, rb.length]).toEqual([1, 1]);
      const report = (await json(await call(`/v1/universes/${universe}/reports/${fleet.id}`, { token: a.user.accessToken }))).report;
      expect(total(b0.resources) - total(b1.resources)).toBe(total(report.battle.loot.total));
      const fields = await debrisAt(universe, b);
      expect(fields).toHaveLength(1);
      expect(fields[0]!.metal).toBe(report.battle.debris.metal);
      expect((await notes(universe, b)).filter((n) => n.kind === "battle_report")).toHaveLength(1);
      sa.ws.close();
      sb.ws.close();
      await quiet(universe, [a, b]);
    });
  }

  it("shows the attack to the defender as soon as it launches, without ships or cargo", async () => {
    const { universe, a, b } = await twoPlayers(QUICK_FLIGHTS, true);
    await giveShips(universe, a, { light_fighter: 5 });
    const sb = await openSocket(universe, b);
    // Default war speed: hours of flight, so the fleet is surely still coming.
    const fleet = await json(await launch(universe, a, { to: to(b), mission: "attack", ships: { light_fighter: 5 } }));
    const frame = await sb.next("fleet_incoming");
    expect(frame.fleet).toMatchObject({ fleetId: fleet.id, ownerId: a.user.id, mission: "attack", arrivalAt: fleet.arrivalAt });
    const res = await call(`/v1/universes/${universe}/fleets`, { token: b.user.accessToken });
    const text = await res.text();
    const list = JSON.parse(text);
    expect(list.fleets).toEqual([]);
    expect(list.incoming).toEqual([frame.fleet]);
    for (const serialized of [text, JSON.stringify(frame)]) {
      expect(serialized).not.toContain('"ships"');
      expect(serialized).not.toContain('"cargo"');
      expect(serialized).not.toContain("light_fighter");
    }
    // The attacker's own list has no incoming fleets.
    expect((await fleets(universe, a)).incoming).toEqual([]);
    sb.ws.close();
    await quiet(universe, [a, b]);
  });
});
