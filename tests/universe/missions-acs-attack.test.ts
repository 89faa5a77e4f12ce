import { describe, expect, it } from "vitest";
import { planFlight, type ShipCounts, UniverseSettingsSchema } from "../../src/universe/engine/index";
import { call, expectError, json } from "../helpers/http";
import {
  arm,
  armed,
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
  total,
} from "./fleet-helpers";
import { createUniverse, FAST } from "./helpers";

/*
 * ACS attack end to end: three players on three shards (two attackers, one defender). Flights
 * keep the default war speed (hours), so a union is surely still on its way while others join;
 * the tests then bring the union's timer forward, and the battle runs at that moment.
 */

const SETTINGS = { ...FAST, shardCount: 3 };
const settings = UniverseSettingsSchema.parse(SETTINGS);
const FLEET_1 = { light_fighter: 40, small_cargo: 30 };
const FLEET_2 = { light_fighter: 40, large_cargo: 10 };

const unionsOf = async (universe: string, p: Player) =>
  (await json(await call(`/v1/universes/${universe}/unions`, { token: p.user.accessToken }))).unions as {
    id: string;
    arrivalAt: number;
    fleets: number;
  }[];
const reports = async (universe: string, p: Player) =>
  (await json(await call(`/v1/universes/${universe}/reports`, { token: p.user.accessToken }))).reports as { id: string; role: string }[];
const formUnion = (universe: string, p: Player, fleetId: string, invite: string[]) =>
  call(`/v1/universes/${universe}/fleets/${fleetId}/union`, { body: { invite }, token: p.user.accessToken });
const unionTimer = (unionId: string, arrivalAt: number) => `arrive:${String(arrivalAt).padStart(15, "0")}:${unionId}`;

/** The speed (10–100 %) at which `p`'s fleet reaches `target` in `lo`–`hi` times `remainingMs`, nearest the middle. */
function speedFor(p: Player, target: Player, ships: ShipCounts, remainingMs: number, lo: number, hi: number): number {
  const mid = (lo + hi) / 2;
  let best: { speed: number; off: number } | null = null;
  for (let speed = 10; speed <= 100; speed += 5) {
    const plan = planFlight({ from: p.coords, to: target.coords, ships, speed, mission: "acs_attack" }, {}, settings);
    const ratio = (plan.durationSeconds * 1000) / remainingMs;
    if (ratio > lo && ratio < hi && (!best || Math.abs(ratio - mid) < best.off)) best = { speed, off: Math.abs(ratio - mid) };
  }
  if (!best) throw new Error(`no speed reaches the target in ${lo}–${hi} × the union's flight`);
  return best.speed;
}

/** Defender, two attackers, each on its own shard; the first attacker's fleet (at 30 %) leads a union inviting the second. */
async function union() {
  const universe = await createUniverse(SETTINGS);
  const defender = await playerOnShard(universe, 0, 3);
  const a1 = await playerOnShard(universe, 1, 3);
  const a2 = await playerOnShard(universe, 2, 3);
  await giveShips(universe, defender, { rocket_launcher: 5 });
  await giveShips(universe, a1, FLEET_1);
  await giveShips(universe, a2, FLEET_2);
  // Open before the union forms, so the invitation's frame cannot come first.
  const s2 = await openSocket(universe, a2);
  const lead = await json(await launch(universe, a1, { to: to(defender), mission: "attack", ships: FLEET_1, speed: 30 }));
  const res = await formUnion(universe, a1, lead.id, [a2.user.username]);
  expect(res.status).toBe(201);
  const formed = await json(res);
  expect(formed).toMatchObject({ ownerId: a1.user.id, invited: [a2.user.id], arrivalAt: lead.arrivalAt, fleets: 1 });
  return { universe, defender, a1, a2, lead, unionId: formed.id as string, s2 };
}

describe("ACS attack across three shards", () => {
  it("two attackers fight as one side: a slower joiner delays the whole union, the loot is split by cargo room, everyone gets the report", async () => {
    const { universe, defender, a1, a2, lead, unionId, s2 } = await union();
    const sd = await openSocket(universe, defender);
    const before = await stock(universe, defender);
    // The invited player sees the union (listing and frame) once the target's shard has told it.
    await driveUntil(universe, [defender, a1, a2], async () => (await unionsOf(universe, a2)).some((u) => u.id === unionId));
    expect((await s2.next("union")).union).toMatchObject({ id: unionId, fleets: 1, ended: false });

    const speed = speedFor(a2, defender, FLEET_2, lead.arrivalAt - Date.now(), 1.1, 1.25);
    const res = await launch(universe, a2, { to: to(defender), mission: "acs_attack", ships: FLEET_2, speed, unionId });
    expect(res.status).toBe(201);
    const joined = await json(res);
    expect(joined.arrivalAt).toBeGreaterThan(lead.arrivalAt);
    // Every member, on whichever shard, now arrives with the slowest.
    await driveUntil(universe, [defender, a1, a2], async () => (await fleets(universe, a1)).fleets[0]?.arrivalAt === joined.arrivalAt);
    const [view] = await unionsOf(universe, a1);
    expect(view).toMatchObject({ id: unionId, fleets: 2, arrivalAt: joined.arrivalAt });
    expect([(await fleets(universe, a1)).fleets[0].unionId, joined.unionId]).toEqual([unionId, unionId]);
    expect((await fleets(universe, a1)).fleets[0].returnAt).toBe(joined.arrivalAt + (lead.arrivalAt - lead.departureAt));
    // The defender sees both fleets coming, with no ships.
    const incoming = (await fleets(universe, defender)).incoming;
    expect(incoming.map((f: { fleetId: string; arrivalAt: number }) => [f.fleetId, f.arrivalAt])).toEqual([
      [lead.id, joined.arrivalAt],
      [joined.id, joined.arrivalAt],
    ]);
    expect(JSON.stringify(incoming)).not.toContain("light_fighter");
    // …and is told live when the delay moves the leading fleet.
    const moved = sd.seen.filter((m) => m.type === "fleet_incoming" && m.fleet.fleetId === lead.id);
    expect(moved.map((m) => m.fleet.arrivalAt)).toEqual([joined.arrivalAt]);
    expect(JSON.stringify(sd.seen)).not.toContain("light_fighter");

    await hurryTimer(universe, defender, unionTimer(unionId, joined.arrivalAt));
    const back = async (p: Player) => (await fleets(universe, p)).fleets[0]?.state === "returning";
    await driveUntil(universe, [defender, a1, a2], async () => (await back(a1)) && (await back(a2)));

    for (const [p, role] of [
      [defender, "defender"],
      [a1, "attacker"],
      [a2, "attacker"],
    ] as const) {
      expect(await reports(universe, p)).toEqual([expect.objectContaining({ id: unionId, role })]);
    }
    const report = (await json(await call(`/v1/universes/${universe}/reports/${unionId}`, { token: a2.user.accessToken }))).report;
    expect(report.attackers.map((x: { playerId: string }) => x.playerId)).toEqual([a1.user.id, a2.user.id]);
    expect(report.battle.outcome).toBe("attacker");
    const loot = report.battle.loot;
    expect(total(loot.total)).toBeGreaterThan(0);
    // Each member flies home with its own share; the shares add up to what the planet lost.
    const [f1, f2] = [(await fleets(universe, a1)).fleets[0], (await fleets(universe, a2)).fleets[0]];
    expect([f1.cargo, f2.cargo]).toEqual(loot.perAttacker);
    const after = await stock(universe, defender);
    for (const r of ["metal", "crystal", "deuterium"] as const) {
      expect(loot.perAttacker[0][r] + loot.perAttacker[1][r]).toBe(loot.total[r]);
      expect(before.resources[r] - after.resources[r]).toBe(loot.total[r]);
    }
    // Split by free cargo room: the 10 large cargos (250,000) take more than the 30 small cargos (150,000).
    expect(total(loot.perAttacker[1])).toBeGreaterThanOrEqual(total(loot.perAttacker[0]));
    await driveUntil(universe, [defender, a1, a2], async () => (await unionsOf(universe, a1)).length === 0);
    s2.ws.close();
    sd.ws.close();
    await quiet(universe, [defender, a1, a2]);
  });

  it("refuses a player not invited, a fleet too slow, more than 4 invitations, a union from no attack; a recalled member leaves", async () => {
    const universe = await createUniverse(SETTINGS);
    const defender = await playerOnShard(universe, 0, 3);
    const a1 = await playerOnShard(universe, 1, 3);
    const a2 = await playerOnShard(universe, 2, 3);
    const outsider = await playerOnShard(universe, 2, 3);
    const extra = [await playerOnShard(universe, 0, 3), await playerOnShard(universe, 1, 3)];
    for (const p of [a1, a2, outsider]) await giveShips(universe, p, FLEET_2);
    const lead = await json(await launch(universe, a1, { to: to(defender), mission: "attack", ships: FLEET_2, speed: 30 }));

    const everyone = [defender, a2, outsider, ...extra].map((p) => p.user.username);
    await expectError(await formUnion(universe, a1, lead.id, everyone), 409, "union_full");
    await expectError(await formUnion(universe, a1, lead.id, ["nobody-here"]), 404, "not_found");
    const formed = await json(await formUnion(universe, a1, lead.id, [a2.user.id]));
    // A union is formed once: forming it again names the union the fleet flies in.
    const again = await expectError(await formUnion(universe, a1, lead.id, [a2.user.id]), 409, "already_in_union");
    expect(again.details).toEqual({ unionId: formed.id });

    const join = (p: Player, speed: number, unionId: string = formed.id) =>
      launch(universe, p, { to: to(defender), mission: "acs_attack", ships: FLEET_2, speed, unionId });
    await expectError(await launch(universe, a2, { to: to(defender), mission: "acs_attack", ships: FLEET_2 }), 409, "mission_not_allowed");
    await expectError(await join(a2, 100, "no-such-union"), 404, "union_not_found");
    await expectError(await join(outsider, 100), 409, "mission_not_allowed");
    const transport = await json(
      await launch(universe, outsider, { to: to(defender), mission: "transport", ships: { large_cargo: 1 }, cargo: { metal: 10 } }),
    );
    await expectError(await formUnion(universe, outsider, transport.id, [a1.user.username]), 409, "mission_not_allowed");
    const tooSlow = speedFor(a2, defender, FLEET_2, lead.arrivalAt - Date.now(), 1.4, 10);
    const slow = await expectError(await join(a2, tooSlow), 409, "union_unreachable");
    expect(slow.details.unionArrivalAt).toBe(lead.arrivalAt);

    // A faster fleet waits for the union; recalled, it leaves it.
    const fast = await json(await join(a2, speedFor(a2, defender, FLEET_2, lead.arrivalAt - Date.now(), 0.2, 0.9)));
    expect(fast.arrivalAt).toBe(lead.arrivalAt);
    await driveUntil(universe, [defender, a1, a2], async () => (await unionsOf(universe, a1))[0]?.fleets === 2);
    expect((await recall(universe, a2, fast.id)).status).toBe(200);
    await driveUntil(universe, [defender, a1, a2], async () => (await unionsOf(universe, a1))[0]?.fleets === 1);
    expect((await unionsOf(universe, a1))[0]?.arrivalAt).toBe(lead.arrivalAt);
    await quiet(universe, [defender, a1, a2, outsider, ...extra]);
  });

  for (const step of ["before_commit", "after_commit"] as const) {
    it(`the target's shard restarts at the union's arrival (${step}): one battle, one report each, the loot taken once`, async () => {
      const { universe, defender, a1, a2, lead, unionId, s2 } = await union();
      s2.ws.close();
      await driveUntil(universe, [defender, a1, a2], async () => (await unionsOf(universe, a2)).length === 1);
      const speed = speedFor(a2, defender, FLEET_2, lead.arrivalAt - Date.now(), 0.2, 0.9);
      expect((await launch(universe, a2, { to: to(defender), mission: "acs_attack", ships: FLEET_2, speed, unionId })).status).toBe(201);
      await driveUntil(universe, [defender, a1, a2], async () => (await unionsOf(universe, a1))[0]?.fleets === 2);
      const before = await stock(universe, defender);
      await arm(universe, defender, step);
      await hurryTimer(universe, defender, unionTimer(unionId, lead.arrivalAt));
      const back = async (p: Player) => (await fleets(universe, p)).fleets[0]?.state === "returning";
      await driveUntil(universe, [defender, a1, a2], async () => (await back(a1)) && (await back(a2)));
      expect(await armed(universe, defender)).toEqual([]);
      for (const p of [defender, a1, a2]) expect((await reports(universe, p)).map((r) => r.id)).toEqual([unionId]);
      const report = (await json(await call(`/v1/universes/${universe}/reports/${unionId}`, { token: defender.user.accessToken }))).report;
      expect(total(before.resources) - total((await stock(universe, defender)).resources)).toBe(total(report.battle.loot.total));
      await quiet(universe, [defender, a1, a2]);
    });
  }
});
