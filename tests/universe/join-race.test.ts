import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { call, json, registerUser, type TestUser } from "../helpers/http";
import { createUniverse, FAST, join } from "./helpers";

/** Small enough to scan every system of the galaxy view. */
const SMALL = { ...FAST, galaxies: 1, systems: 6 };

async function occupiedSlots(universe: string) {
  const owners: string[] = [];
  for (let s = 1; s <= SMALL.systems; s++) {
    const view = await json(await call(`/v1/universes/${universe}/galaxy/1/${s}`));
    for (const p of view.positions) if (p.planet) owners.push(p.planet.owner.id);
  }
  return owners;
}

/** Parallel joins of one user: one 201, every other answer 409 `already_joined` naming the same homeworld. */
async function joinInParallel(user: TestUser, universe: string, n: number) {
  const results = await Promise.all(Array.from({ length: n }, () => join(user, universe)));
  const bodies = await Promise.all(results.map((r) => json(r)));
  const created = bodies.filter((_, i) => results[i]!.status === 201);
  expect(results.map((r) => r.status).sort()).toEqual([201, ...Array(n - 1).fill(409)]);
  const { homeworld, empire } = created[0];
  for (const [i, body] of bodies.entries()) {
    if (results[i]!.status !== 409) continue;
    expect(body.error.code).toBe("already_joined");
    expect(body.error.details).toEqual({ homeworld, planetId: empire.planets[0].id });
  }
  const mine = await json(await call(`/v1/universes/${universe}/empire`, { token: user.accessToken }));
  expect(mine.planets).toHaveLength(1);
  expect(mine.planets[0].coords).toEqual(homeworld);
  return homeworld;
}

describe("one membership per player per universe", () => {
  it("gives 8 parallel joins by one user one 201 and one slot", async () => {
    const universe = await createUniverse(SMALL);
    const user = await registerUser("par8");
    await joinInParallel(user, universe, 8);
    expect(await occupiedSlots(universe)).toEqual([user.id]);
  });

  it("gives 6 users × 4 parallel joins one homeworld each", async () => {
    const universe = await createUniverse(SMALL);
    const users = await Promise.all(Array.from({ length: 6 }, () => registerUser("par6")));
    const homes = await Promise.all(users.map((u) => joinInParallel(u, universe, 4)));
    expect(new Set(homes.map((h) => `${h.galaxy}:${h.system}:${h.position}`)).size).toBe(6);
    expect((await occupiedSlots(universe)).sort()).toEqual(users.map((u) => u.id).sort());
    const table = await json(await call(`/v1/universes/${universe}/highscore`, { token: users[0]!.accessToken }));
    expect(table.total).toBe(6);
  });

  it("answers a later join 409 already_joined with the homeworld", async () => {
    const universe = await createUniverse(SMALL);
    const user = await registerUser("again");
    const first = await json(await join(user, universe));
    const again = await json(await join(user, universe));
    expect(again.error).toMatchObject({
      code: "already_joined",
      details: { homeworld: first.homeworld, planetId: first.empire.planets[0].id },
    });
  });

  it.each([
    ["claiming the slot", "BEFORE INSERT ON planet_slots"],
    ["completing the membership", "BEFORE UPDATE OF status ON universe_players"],
  ])("completes a join whose earlier attempt failed while %s", async (_, when) => {
    const universe = await createUniverse(SMALL);
    const user = await registerUser("retry");
    await env.DB.exec(`CREATE TRIGGER fail_join ${when} BEGIN SELECT RAISE(ABORT, 'injected failure'); END`);
    try {
      expect((await join(user, universe)).status).toBe(500);
    } finally {
      await env.DB.exec("DROP TRIGGER fail_join");
    }
    // Half-done joins show no slot in the galaxy view.
    expect(await occupiedSlots(universe)).toEqual([]);
    await joinInParallel(user, universe, 3);
    expect(await occupiedSlots(universe)).toEqual([user.id]);
  });

  it("finishes a join begun before memberships existed on the planet it had placed", async () => {
    const universe = await createUniverse(SMALL);
    const user = await registerUser("legacy");
    const planetId = crypto.randomUUID();
    await env.DB.prepare(
      "INSERT INTO planet_slots (universe_id, galaxy, system, position, planet_id, owner_id, planet_name, created_at) VALUES (?, 1, 2, 7, ?, ?, 'Old Home', ?)",
    )
      .bind(universe, planetId, user.id, Date.now())
      .run();
    const body = await json(await join(user, universe));
    expect(body.homeworld).toEqual({ galaxy: 1, system: 2, position: 7 });
    expect(body.empire.planets.map((p: { id: string; name: string }) => [p.id, p.name])).toEqual([[planetId, "Old Home"]]);
    expect(await occupiedSlots(universe)).toEqual([user.id]);
  });
});
