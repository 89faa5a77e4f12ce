import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { FaultStep } from "../../durable-objects/kit";
import { call, json } from "../helpers/http";
import {
  arm,
  armed,
  driveUntil,
  givePlanet,
  giveResearch,
  giveShips,
  openSocket,
  type Player,
  QUICK_FLIGHTS,
  quiet,
  setPoints,
  twoPlayers,
  WAR_FLIGHTS,
} from "./fleet-helpers";
import { planet, shardStub } from "./helpers";

/*
 * Interplanetary missiles (§13) through the public interface: A fires from system 10 at B's
 * planet two systems away (impulse drive 1: range 4). War flights at the 1-second minimum.
 */

const HOMES: [{ galaxy: number; system: number; position: number }, { galaxy: number; system: number; position: number }] = [
  { galaxy: 1, system: 10, position: 8 },
  { galaxy: 1, system: 12, position: 8 },
];
/**
 * B's defences: 2 anti-ballistic missiles stop 2 of 5; the 3 that get through (36,000) spend
 * 4,000 on the heavy lasers (the primary type) and 32,000 on 160 rocket launchers.
 */
const DEFENCES = { anti_ballistic_missile: 2, rocket_launcher: 200, light_laser: 10, heavy_laser: 5 };
const AFTER = { rocket_launcher: 40, light_laser: 10 };
const DESTROYED = { heavy_laser: 5, rocket_launcher: 160 };

const fire = (universe: string, p: Player, body: Record<string, unknown>, headers: Record<string, string> = {}) =>
  call(`/v1/universes/${universe}/missiles`, { body: { from: p.planetId, ...body }, token: p.user.accessToken, headers });

async function missiles(universe: string, p: Player) {
  const res = await call(`/v1/universes/${universe}/missiles`, { token: p.user.accessToken });
  expect(res.status).toBe(200);
  return json(res);
}

const reports = async (universe: string, p: Player) =>
  (await json(await call(`/v1/universes/${universe}/reports`, { token: p.user.accessToken }))).reports;
const notes = async (universe: string, p: Player) =>
  (await json(await call(`/v1/universes/${universe}/notifications`, { token: p.user.accessToken }))).notifications as {
    kind: string;
    data: Record<string, unknown>;
  }[];
const defences = async (universe: string, p: Player) => (await planet(p.user, universe, p.planetId)).defenses;
const military = async (universe: string, p: Player) =>
  (await json(await call(`/v1/universes/${universe}/empire`, { token: p.user.accessToken }))).score.military as number;

async function armedPlayers(apart: boolean, settings: Record<string, unknown> = WAR_FLIGHTS) {
  const { universe, a, b } = await twoPlayers({ ...settings, allowChoosePosition: true }, apart, HOMES);
  await giveResearch(universe, a, { impulse_drive: 1 });
  await giveShips(universe, a, { interplanetary_missile: 6 });
  await giveShips(universe, b, DEFENCES);
  return { universe, a, b };
}

/** A fires 5 missiles at B's heavy lasers and everything is driven until the flight is over. */
async function strike(apart: boolean, crash?: "before_commit" | "after_commit") {
  const { universe, a, b } = await armedPlayers(apart);
  const [sa, sb] = [await openSocket(universe, a), await openSocket(universe, b)];
  const score = { a: await military(universe, a), b: await military(universe, b) };
  const res = await fire(universe, a, { to: HOMES[1], count: 5, primary: "heavy_laser" });
  expect(res.status).toBe(201);
  const flight = await json(res);
  expect((await sa.next("missiles_launched")).missiles).toEqual(flight);
  // Spent at launch: the missiles leave the launcher's score at once.
  expect(await military(universe, a)).toBeLessThan(score.a);
  const incoming = await sb.next("missiles_incoming");
  if (crash) await arm(universe, b, crash);
  await driveUntil(universe, [a, b], async () => (await missiles(universe, a)).missiles.length === 0);
  if (crash) expect(await armed(universe, b)).toEqual([]);
  return { universe, a, b, sa, sb, flight, incoming, scoreB: score.b };
}

describe("interplanetary missiles", () => {
  for (const apart of [true, false]) {
    const where = apart ? "two shards" : "one shard";
    it(`strike once at the impact: ABMs first, then the primary type; reports and notices for both (${where})`, async () => {
      const { universe, a, b, sa, sb, flight, scoreB } = await strike(apart);
      expect(flight).toMatchObject({ count: 5, primary: "heavy_laser", targetPlanetId: b.planetId, to: HOMES[1] });
      // (30 + 60 × 2) / 10,000 s rounds to the 1-second minimum.
      expect(flight.impactAt - flight.launchedAt).toBe(1000);
      expect(await defences(universe, a)).toEqual({ interplanetary_missile: 1 });
      expect(await defences(universe, b)).toEqual(AFTER);
      expect(await military(universe, b)).toBeLessThan(scoreB);

      const [ra, rb] = [await reports(universe, a), await reports(universe, b)];
      const id = `missile:${flight.id}`;
      expect(ra).toEqual([expect.objectContaining({ id, kind: "missile", role: "attacker", defenders: [b.user.username] })]);
      expect(rb).toEqual([expect.objectContaining({ id, kind: "missile", role: "defender", attackers: [a.user.username] })]);
      const read = await json(await call(`/v1/universes/${universe}/reports/missile:${flight.id}`, { token: a.user.accessToken }));
      expect(read).toMatchObject({
        role: "attacker",
        report: { launched: 5, intercepted: 2, hitting: 3, damage: 36_000, primary: "heavy_laser", destroyed: DESTROYED },
      });
      // What the planet still holds never shows in the attacker's report.
      expect(JSON.stringify(read)).not.toContain("light_laser");

      for (const p of [a, b]) expect((await notes(universe, p)).filter((n) => n.kind === "missile_report")).toHaveLength(1);
      expect(await sa.next("missiles_impact")).toMatchObject({ missilesId: flight.id, outcome: "impact", reportId: id });
      expect(await sb.next("missiles_impact")).toMatchObject({ missilesId: flight.id, outcome: "impact" });
      for (const s of [sa, sb]) expect(s.seen.filter((m) => m.type === "notification" && m.kind === "missile_report")).toHaveLength(1);
      expect((await missiles(universe, b)).incoming).toEqual([]);
      sa.ws.close();
      sb.ws.close();
      await quiet(universe, [a, b]);
    });
  }

  for (const step of ["before_commit", "after_commit"] as const) {
    it(`B restarts at the impact (${step}): the missiles strike once`, async () => {
      const { universe, a, b, sa, sb, flight } = await strike(true, step);
      expect(await defences(universe, b)).toEqual(AFTER);
      expect([(await reports(universe, a)).length, (await reports(universe, b)).length]).toEqual([1, 1]);
      const read = await json(await call(`/v1/universes/${universe}/reports/missile:${flight.id}`, { token: b.user.accessToken }));
      expect(read.report).toMatchObject({ intercepted: 2, destroyed: DESTROYED });
      expect((await notes(universe, b)).filter((n) => n.kind === "missile_report")).toHaveLength(1);
      sa.ws.close();
      sb.ws.close();
      await quiet(universe, [a, b]);
    });
  }

  /*
   * The protocol's other steps (docs/universe-cross-shard.md §3): `missile_incoming` A → B, the
   * impact in B, `missile_impact` B → A. Each case crashes one shard at one step; the strike
   * still happens once and the attacker's report is stored once.
   */
  const steps: { who: "A" | "B"; step: FaultStep; when: string }[] = [
    { who: "B", step: "during_apply", when: "B dies while applying `missile_incoming`" },
    { who: "B", step: "after_apply", when: "B dies after applying `missile_incoming`, before answering" },
    { who: "A", step: "during_apply", when: "A dies while applying `missile_impact`" },
    { who: "B", step: "before_ack", when: "B dies with A's answer to `missile_impact` before deleting its row" },
  ];
  for (const { who, step, when } of steps) {
    it(`${when}: one strike, one report each`, async () => {
      const { universe, a, b } = await armedPlayers(true);
      await arm(universe, who === "A" ? a : b, step);
      expect((await fire(universe, a, { to: HOMES[1], count: 5, primary: "heavy_laser" })).status).toBe(201);
      await driveUntil(universe, [a, b], async () => (await missiles(universe, a)).missiles.length === 0);
      expect([...(await armed(universe, a)), ...(await armed(universe, b))]).toEqual([]);
      expect(await defences(universe, b)).toEqual(AFTER);
      expect([(await reports(universe, a)).length, (await reports(universe, b)).length]).toEqual([1, 1]);
      await quiet(universe, [a, b]);
    });
  }

  it("shows the missiles to the target as soon as they launch: who, how many, when; not the primary target", async () => {
    // Default war speed: 150 s of flight, so the missiles are surely still coming.
    const { universe, a, b } = await armedPlayers(true, QUICK_FLIGHTS);
    const sb = await openSocket(universe, b);
    const flight = await json(await fire(universe, a, { to: HOMES[1], count: 2, primary: "rocket_launcher" }));
    const frame = await sb.next("missiles_incoming");
    expect(frame.missiles).toEqual({
      id: flight.id,
      ownerId: a.user.id,
      ownerUsername: a.user.username,
      from: HOMES[0],
      to: HOMES[1],
      targetPlanetId: b.planetId,
      count: 2,
      launchedAt: flight.launchedAt,
      impactAt: flight.impactAt,
    });
    const res = await call(`/v1/universes/${universe}/missiles`, { token: b.user.accessToken });
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({ missiles: [], incoming: [frame.missiles] });
    for (const serialized of [text, JSON.stringify(frame)]) expect(serialized).not.toContain("rocket_launcher");
    // The launcher lists its own flight; missiles take no fleet slot.
    expect((await missiles(universe, a)).missiles).toEqual([flight]);
    expect((await json(await call(`/v1/universes/${universe}/fleets`, { token: a.user.accessToken }))).fleets).toEqual([]);
    sb.ws.close();
    await quiet(universe, [a, b]);
  });

  it("refuses out of range, newbie protection, bad counts, one's own planet and empty positions, taking nothing", async () => {
    const { universe, a, b } = await armedPlayers(true);
    const code = async (body: Record<string, unknown>) => {
      const res = await fire(universe, a, { to: HOMES[1], count: 1, ...body });
      return [res.status, (await json(res)).error?.code];
    };
    expect(await code({ count: 0 })).toEqual([400, "invalid_count"]);
    expect(await code({ count: 7 })).toEqual([400, "invalid_count"]);
    expect(await code({ count: 1.5 })).toEqual([400, "invalid_count"]);
    expect(await code({ to: HOMES[0] })).toEqual([409, "mission_not_allowed"]);
    expect(await code({ to: { ...HOMES[1], position: 15 } })).toEqual([404, "target_not_found"]);
    expect(await code({ from: b.planetId })).toEqual([403, "not_your_planet"]);
    await giveResearch(universe, a, { impulse_drive: 0 });
    expect(await code({})).toEqual([409, "out_of_range"]);
    await giveResearch(universe, a, { impulse_drive: 1 });
    await setPoints(universe, a, 100_000);
    expect(await code({})).toEqual([403, "newbie_protected"]);
    expect(await defences(universe, a)).toEqual({ interplanetary_missile: 6 });
    expect((await missiles(universe, b)).incoming).toEqual([]);
    await quiet(universe, [a, b]);
  });

  it("an Idempotency-Key retry answers the first launch and fires nothing more; another launch under it is refused", async () => {
    const { universe, a, b } = await armedPlayers(true);
    const headers = { "Idempotency-Key": "volley-1" };
    const first = await fire(universe, a, { to: HOMES[1], count: 2 }, headers);
    const again = await fire(universe, a, { to: HOMES[1], count: 2 }, headers);
    expect([first.status, again.status]).toEqual([201, 201]);
    expect(await json(again)).toEqual(await json(first));
    const other = await fire(universe, a, { to: HOMES[1], count: 3 }, headers);
    expect([other.status, (await json(other)).error.code]).toEqual([422, "idempotency_key_reused"]);
    expect(await defences(universe, a)).toEqual({ interplanetary_missile: 4 });
    expect((await missiles(universe, a)).missiles).toHaveLength(1);
    await quiet(universe, [a, b]);
  });

  it("all intercepted: the anti-ballistic missiles are spent, nothing else is hit", async () => {
    const { universe, a, b } = await armedPlayers(false);
    await giveShips(universe, b, { anti_ballistic_missile: 3 });
    const flight = await json(await fire(universe, a, { to: HOMES[1], count: 2 }));
    await driveUntil(universe, [a, b], async () => (await missiles(universe, a)).missiles.length === 0);
    expect(await defences(universe, b)).toEqual({ ...DEFENCES, anti_ballistic_missile: 1 });
    const read = await json(await call(`/v1/universes/${universe}/reports/missile:${flight.id}`, { token: b.user.accessToken }));
    expect(read.report).toMatchObject({ intercepted: 2, hitting: 0, destroyed: {} });
    await quiet(universe, [a, b]);
  });

  it("a planet given up before the impact is missed: the missiles are spent, no report, the launcher is told", async () => {
    const { universe, a, b } = await armedPlayers(true, QUICK_FLIGHTS);
    const colony = await givePlanet(universe, b);
    const flight = await json(await fire(universe, a, { to: colony.coords, count: 2 }));
    const gone = await call(`/v1/universes/${universe}/planets/${colony.planetId}`, { method: "DELETE", token: b.user.accessToken });
    expect(gone.status).toBe(200);
    // The impact is 150 s away: make it due now.
    await runInDurableObject(shardStub(universe, b.user.id), (_: unknown, state: DurableObjectState) => {
      state.storage.sql.exec("UPDATE _timers SET at = ? WHERE kind = 'missile'", Date.now());
    });
    await driveUntil(universe, [a, b], async () => (await missiles(universe, a)).missiles.length === 0);
    expect(await defences(universe, a)).toEqual({ interplanetary_missile: 4 });
    expect([...(await reports(universe, a)), ...(await reports(universe, b))]).toEqual([]);
    const missed = (await notes(universe, a)).find((n) => n.kind === "missiles_missed");
    expect(missed?.data).toEqual({ missilesId: flight.id, to: colony.coords });
    await quiet(universe, [a, b]);
  });
});
