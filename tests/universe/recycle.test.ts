import { afterEach, describe, expect, it } from "vitest";
import { call, expectError, json, loginAdmin } from "../helpers/http";
import { fleets, giveShips, launch, type Player, quiet, quietSystem, stock, twoPlayers, WAR_FLIGHTS } from "./fleet-helpers";
import { runAlarmHurried, shardStub, sleep, systemStub } from "./helpers";

type Coords = { galaxy: number; system: number; position: number };

let touched: { universe: string; players: Player[]; field: Coords } | null = null;
afterEach(async () => {
  if (!touched) return;
  await quiet(touched.universe, touched.players);
  await quietSystem(touched.universe, touched.field);
  touched = null;
});

/** Runs the shards' and the field's system object's alarms, outbox rows made due, until `done`. */
async function drive(universe: string, players: Player[], field: Coords, done: () => Promise<boolean>): Promise<void> {
  for (let round = 0; round < 100; round++) {
    if (await done()) return;
    for (const stub of [...players.map((p) => shardStub(universe, p.user.id)), systemStub(universe, field)]) await runAlarmHurried(stub);
    await sleep(100);
  }
  expect(await done()).toBe(true);
}

async function addDebris(universe: string, field: Coords, amounts: { metal: number; crystal: number; deuterium: number }) {
  const res = await call(`/v1/admin/universes/${universe}/debris`, { token: await loginAdmin(), body: { ...field, ...amounts } });
  expect(res.status).toBe(201);
}

const galaxyDebris = async (universe: string, field: Coords) =>
  (await json(await call(`/v1/universes/${universe}/galaxy/${field.galaxy}/${field.system}`))).positions[field.position - 1].debris;

describe("recycling through the API", () => {
  it("two players' recyclers at one field in the same second collect exactly what it holds, shared by §13", async () => {
    const { universe, a, b } = await twoPlayers(WAR_FLIGHTS, true);
    const field = { galaxy: a.coords.galaxy, system: a.coords.system, position: 15 };
    touched = { universe, players: [a, b], field };
    // One recycler carries 20,000: the two fleets together more than the field's 30,000.
    await addDebris(universe, field, { metal: 21_000, crystal: 9_000, deuterium: 0 });
    expect(await galaxyDebris(universe, field)).toEqual({ metal: 21_000, crystal: 9_000, deuterium: 0 });
    await giveShips(universe, a, { recycler: 1 });
    await giveShips(universe, b, { recycler: 1 });
    const [a0, b0] = [await stock(universe, a), await stock(universe, b)];

    const body = { to: { ...field, kind: "debris" }, mission: "recycle", ships: { recycler: 1 } };
    const [ra, rb] = await Promise.all([launch(universe, a, body), launch(universe, b, body)]);
    expect([ra.status, rb.status]).toEqual([201, 201]);
    const [fa, fb] = [await json(ra), await json(rb)];
    expect(Math.abs(fa.arrivalAt - fb.arrivalAt)).toBeLessThan(1000);
    await drive(
      universe,
      [a, b],
      field,
      async () => (await fleets(universe, a)).fleets.length + (await fleets(universe, b)).fleets.length === 0,
    );

    const [a1, b1] = [await stock(universe, a), await stock(universe, b)];
    const gained = (s0: typeof a0, s1: typeof a0, fuel: number) => ({
      metal: s1.resources.metal - s0.resources.metal,
      crystal: s1.resources.crystal - s0.resources.crystal,
      deuterium: s1.resources.deuterium - s0.resources.deuterium + fuel,
    });
    const [ga, gb] = [gained(a0, a1, fa.fuel), gained(b0, b1, fb.fuel)];
    expect({ metal: ga.metal + gb.metal, crystal: ga.crystal + gb.crystal, deuterium: ga.deuterium + gb.deuterium }).toEqual({
      metal: 21_000,
      crystal: 9_000,
      deuterium: 0,
    });
    // The first arrival shares its 20,000 evenly; crystal runs out at 9,000, so metal gets the
    // remaining 1,000. The second takes the 10,000 metal left.
    const [first, second] = ga.crystal > 0 ? [ga, gb] : [gb, ga];
    expect(first).toEqual({ metal: 11_000, crystal: 9_000, deuterium: 0 });
    expect(second).toEqual({ metal: 10_000, crystal: 0, deuterium: 0 });
    expect(a1.ships).toEqual({ recycler: 1 });
    expect(b1.ships).toEqual({ recycler: 1 });
    expect(await galaxyDebris(universe, field)).toBeNull();
  });

  it("refuses a recycle to a place without debris, and a fleet without recyclers", async () => {
    const { universe, a } = await twoPlayers(WAR_FLIGHTS, true);
    const field = { galaxy: a.coords.galaxy, system: a.coords.system, position: 15 };
    await giveShips(universe, a, { recycler: 1, small_cargo: 1 });
    await expectError(
      await launch(universe, a, { to: { ...field, kind: "debris" }, mission: "recycle", ships: { recycler: 1 } }),
      404,
      "target_not_found",
    );
    await addDebris(universe, field, { metal: 100, crystal: 0, deuterium: 0 });
    await expectError(
      await launch(universe, a, { to: { ...field, kind: "debris" }, mission: "recycle", ships: { small_cargo: 1 } }),
      409,
      "mission_not_allowed",
    );
    expect((await fleets(universe, a)).fleets).toEqual([]);
  });
});
