import { env, runInDurableObject } from "cloudflare:test";
import { afterEach, describe, expect, it } from "vitest";
import type { UniverseSystem } from "../../durable-objects/universe-system/system";
import { call, expectError, json, type TestUser } from "../helpers/http";
import { seedEmpire, withResearch } from "./colony-helpers";
import { fleets, giveShips, launch, type Player, QUICK_FLIGHTS, quiet, quietSystem, stock, twoPlayers } from "./fleet-helpers";
import { highscorePoints, runAlarmHurried, shardPoints, shardStub, sleep, systemStub } from "./helpers";

type Coords = { galaxy: number; system: number; position: number };

/** Objects a test touched, silenced after it so none of its timers fires in the next test. */
let touched: { universe: string; players: Player[]; systems: Coords[] } | null = null;
afterEach(async () => {
  if (!touched) return;
  await quiet(touched.universe, touched.players);
  for (const c of touched.systems) await quietSystem(touched.universe, c);
  touched = null;
});

/** A free position 4–12 of the player's own system. */
async function freeSlot(universe: string, p: Player): Promise<Coords> {
  const { galaxy, system } = p.coords;
  const slots = await json(await call(`/v1/universes/${universe}/slots?galaxy=${galaxy}&system=${system}`));
  const position = (slots.free as number[]).find((x) => x >= 4 && x <= 12);
  if (!position) throw new Error("no free position in the system");
  return { galaxy, system, position };
}

/**
 * Runs the shards' and the system object's alarms, with every outbox row made due, until `done`.
 * A crash injected in an alarm shows as a rejected run; the next round runs on the restarted object.
 */
async function drive(universe: string, players: Player[], systems: Coords[], done: () => Promise<boolean>): Promise<void> {
  const stubs = () => [...players.map((p) => shardStub(universe, p.user.id)), ...systems.map((c) => systemStub(universe, c))];
  for (let round = 0; round < 100; round++) {
    if (await done()) return;
    for (const stub of stubs()) await runAlarmHurried(stub);
    await sleep(100);
  }
  expect(await done()).toBe(true);
}

const planets = async (universe: string, user: TestUser) =>
  (await json(await call(`/v1/universes/${universe}/empire`, { token: user.accessToken }))).planets as { id: string; coords: Coords }[];

const notices = async (universe: string, user: TestUser) =>
  (await json(await call(`/v1/universes/${universe}/notifications`, { token: user.accessToken }))).notifications as {
    kind: string;
    data: Record<string, any>;
  }[];

async function colonists(universe: string, p: Player, astrophysics: number) {
  await giveShips(universe, p, { colony_ship: 1, small_cargo: 2 });
  await seedEmpire(universe, p.user, withResearch({ astrophysics }));
}

const cargo = { metal: 5_000, crystal: 2_000, deuterium: 0 };

describe("colonisation through the API", () => {
  it("two players' colony ships at one free slot in the same second: exactly one colony, the other fleet home with everything", async () => {
    const { universe, a, b } = await twoPlayers(QUICK_FLIGHTS, true);
    await colonists(universe, a, 1);
    await colonists(universe, b, 1);
    const slot = await freeSlot(universe, a);
    touched = { universe, players: [a, b], systems: [slot] };
    const [a0, b0] = [await stock(universe, a), await stock(universe, b)];
    const military = async (user: TestUser) =>
      (await json(await call(`/v1/universes/${universe}/empire`, { token: user.accessToken }))).score.military as number;
    const [ma0, mb0] = [await military(a.user), await military(b.user)];

    const body = { to: { ...slot, kind: "planet" }, mission: "colonise", ships: { colony_ship: 1, small_cargo: 2 }, cargo };
    const [ra, rb] = await Promise.all([launch(universe, a, body), launch(universe, b, body)]);
    expect([ra.status, rb.status]).toEqual([201, 201]);
    const [fa, fb] = [await json(ra), await json(rb)];
    // Both fly the one-second minimum: they arrive in the same second.
    expect(Math.abs(fa.arrivalAt - fb.arrivalAt)).toBeLessThan(1000);

    await drive(
      universe,
      [a, b],
      [slot],
      async () => (await fleets(universe, a)).fleets.length + (await fleets(universe, b)).fleets.length === 0,
    );

    const colonies = [...(await planets(universe, a.user)), ...(await planets(universe, b.user))].filter((p) => p.id.startsWith("colony:"));
    expect(colonies).toHaveLength(1);
    const [colony] = colonies;
    expect(colony!.coords).toEqual(slot);
    const [winner, loser, winnerFleet, before] = colony!.id === `colony:${fa.id}` ? [a, b, fa, [a0, b0]] : [b, a, fb, [b0, a0]];
    expect(colony!.id).toBe(`colony:${winnerFleet.id}`);

    // The winner's colony holds the cargo (plus what it produced since); one colony ship is gone, the cargo ships came home empty.
    const view = await json(
      await call(`/v1/universes/${universe}/planets/${encodeURIComponent(colony!.id)}`, { token: winner.user.accessToken }),
    );
    expect(view.resources.metal).toBeGreaterThanOrEqual(cargo.metal);
    expect(view.resources.crystal).toBeGreaterThanOrEqual(cargo.crystal);
    const [w1, l1] = [await stock(universe, winner), await stock(universe, loser)];
    expect(w1.ships).toEqual({ small_cargo: 2 });
    expect(before[0]!.resources.metal - w1.resources.metal).toBe(cargo.metal);
    // The loser has everything back but the fuel.
    expect(l1.ships).toEqual({ colony_ship: 1, small_cargo: 2 });
    expect(l1.resources.metal).toBe(before[1]!.resources.metal);
    expect(l1.resources.crystal).toBe(before[1]!.resources.crystal);
    // The consumed colony ship (10,000 + 20,000 + 10,000) leaves the winner's score; the loser's ships all count still.
    const [mWinner0, mLoser0] = winner === a ? [ma0, mb0] : [mb0, ma0];
    expect(mWinner0 - (await military(winner.user))).toBe(40);
    expect(await military(loser.user)).toBe(mLoser0);

    const galaxy = await json(await call(`/v1/universes/${universe}/galaxy/${slot.galaxy}/${slot.system}`));
    expect(galaxy.positions[slot.position - 1].planet).toMatchObject({ id: colony!.id, owner: { username: winner.user.username } });
    expect((await notices(universe, winner.user)).some((n) => n.kind === "fleet_arrived" && n.data.outcome === "colonised")).toBe(true);
    expect((await notices(universe, loser.user)).some((n) => n.kind === "fleet_arrived" && n.data.outcome === "slot_taken")).toBe(true);
  });

  it("the planet limit refuses the colony at arrival: the slot is released and the fleet comes home with everything", async () => {
    const { universe, a, b } = await twoPlayers(QUICK_FLIGHTS, true);
    await colonists(universe, a, 0);
    const slot = await freeSlot(universe, a);
    touched = { universe, players: [a, b], systems: [slot] };
    const a0 = await stock(universe, a);
    const res = await launch(universe, a, { to: { ...slot, kind: "planet" }, mission: "colonise", ships: { colony_ship: 1 }, cargo });
    expect(res.status).toBe(201);
    await drive(universe, [a], [slot], async () => (await fleets(universe, a)).fleets.length === 0);

    expect(await planets(universe, a.user)).toHaveLength(1);
    const a1 = await stock(universe, a);
    expect(a1.ships).toEqual({ colony_ship: 1, small_cargo: 2 });
    expect(a1.resources.metal).toBe(a0.resources.metal);
    const galaxy = await json(await call(`/v1/universes/${universe}/galaxy/${slot.galaxy}/${slot.system}`));
    expect(galaxy.positions[slot.position - 1].planet).toBeNull();
    const notice = (await notices(universe, a.user)).find((n) => n.data.outcome === "colony_refused");
    expect(notice?.data.refusal).toBe("max_planets_reached");
  });

  it("a restart of the system object in the middle of the arrival still makes exactly one colony", async () => {
    // Flights of a few seconds, so the crash can be armed once both arrivals are expected.
    const { universe, a, b } = await twoPlayers({ ...QUICK_FLIGHTS, fleetSpeedPeaceful: 2_000 }, true);
    await colonists(universe, a, 1);
    await colonists(universe, b, 1);
    const slot = await freeSlot(universe, a);
    touched = { universe, players: [a, b], systems: [slot] };
    const body = { to: { ...slot, kind: "planet" }, mission: "colonise", ships: { colony_ship: 1 }, cargo };
    const [ra, rb] = await Promise.all([launch(universe, a, body), launch(universe, b, body)]);
    expect([ra.status, rb.status]).toEqual([201, 201]);
    const arrivalAt = Math.min((await json(ra)).arrivalAt, (await json(rb)).arrivalAt);
    await drive(universe, [a, b], [], async () => (await systemStub(universe, slot).arrivals()).length === 2);
    expect(Date.now()).toBeLessThan(arrivalAt);
    // The system object dies inside the first arrival's transaction, after the slot claims reached
    // D1. The marker lives in the object's memory: its disappearance shows the object restarted.
    await runInDurableObject(systemStub(universe, slot), (instance: UniverseSystem & { marker?: true }) => {
      instance.marker = true;
      instance.faults.arm("during_apply");
    });
    await sleep(arrivalAt - Date.now() + 100);
    await drive(
      universe,
      [a, b],
      [slot],
      async () => (await fleets(universe, a)).fleets.length + (await fleets(universe, b)).fleets.length === 0,
    );

    const all = [...(await planets(universe, a.user)), ...(await planets(universe, b.user))];
    expect(all.filter((p) => p.id.startsWith("colony:"))).toHaveLength(1);
    const slots = await env.DB.prepare(
      "SELECT planet_id FROM planet_slots WHERE universe_id = ? AND galaxy = ? AND system = ? AND position = ?",
    )
      .bind(universe, slot.galaxy, slot.system, slot.position)
      .all();
    expect(slots.results).toHaveLength(1);
    const ships = [(await stock(universe, a)).ships.colony_ship ?? 0, (await stock(universe, b)).ships.colony_ship ?? 0].sort();
    expect(ships).toEqual([0, 1]);
    // The lone colony ship ended at the colony: the highscore no longer counts it.
    for (const p of [a, b]) expect(await highscorePoints(p.user, universe)).toBe(await shardPoints(p.user, universe));
    expect(
      await runInDurableObject(systemStub(universe, slot), (instance: UniverseSystem & { marker?: true }) => instance.marker),
    ).toBeUndefined();
  });

  it("refuses a colony ship to a taken position and a colonise fleet without a colony ship", async () => {
    const { universe, a, b } = await twoPlayers(QUICK_FLIGHTS, true);
    await colonists(universe, a, 1);
    const slot = await freeSlot(universe, a);
    const taken = await launch(universe, a, { to: { ...b.coords, kind: "planet" }, mission: "colonise", ships: { colony_ship: 1 } });
    await expectError(taken, 409, "mission_not_allowed");
    const shipless = await launch(universe, a, { to: { ...slot, kind: "planet" }, mission: "colonise", ships: { small_cargo: 1 } });
    await expectError(shipless, 409, "mission_not_allowed");
    expect((await fleets(universe, a)).fleets).toEqual([]);
  });
});
