import { describe, expect, it } from "vitest";
import { call, expectError, json, loginAdmin, registerUser } from "../helpers/http";
import { createUniverse, join, joined } from "./helpers";

describe("universes", () => {
  it("lists the default universe with the settings of the rules", async () => {
    const body = await json(await call("/v1/universes"));
    const milky = body.universes.find((u: { id: string }) => u.id === "milky-way");
    expect(milky.isDefault).toBe(true);
    expect(milky.settings).toMatchObject({
      economySpeed: 1,
      galaxies: 9,
      systems: 499,
      positions: 15,
      debrisFromShips: 30,
      maxMoonChance: 20,
    });
  });

  it("lets admins create universes with validated settings", async () => {
    const player = await registerUser("nu");
    await expectError(
      await call("/v1/admin/universes", { body: { id: "nope-1", name: "x" }, token: player.accessToken }),
      403,
      "forbidden",
    );
    const admin = await loginAdmin();
    const bad = await expectError(
      await call("/v1/admin/universes", { body: { id: "bad-1", name: "x", settings: { economySpeeed: 2 } }, token: admin }),
      400,
      "invalid_request",
    );
    expect(JSON.stringify(bad.details)).toContain("economySpeeed");
    const id = await createUniverse({ economySpeed: 5 });
    await expectError(await call("/v1/admin/universes", { body: { id, name: "dup" }, token: admin }), 409, "conflict");
  });
});

describe("joining", () => {
  it("places a homeworld on 4–12 with 500/500/0 and every level 0, once", async () => {
    const u = await registerUser("jn");
    const res = await join(u, "milky-way");
    expect(res.status).toBe(201);
    const body = await json(res);
    expect(body.homeworld.position).toBeGreaterThanOrEqual(4);
    expect(body.homeworld.position).toBeLessThanOrEqual(12);
    const home = body.empire.planets[0];
    expect(home.resources).toMatchObject({ metal: 500, crystal: 500, deuterium: 0 });
    const detail = await json(await call(`/v1/universes/milky-way/planets/${home.id}`, { token: u.accessToken }));
    expect(detail.buildings.every((b: { level: number }) => b.level === 0)).toBe(true);
    expect(detail.fields.used).toBe(0);
    expect(detail.fields.max).toBeGreaterThan(100);
    await expectError(await join(u, "milky-way"), 409, "already_joined");

    const { galaxy, system, position } = body.homeworld;
    const slots = await json(await call(`/v1/universes/milky-way/slots?galaxy=${galaxy}&system=${system}`));
    expect(slots.free).not.toContain(position);
    const view = await json(await call(`/v1/universes/milky-way/galaxy/${galaxy}/${system}`));
    expect(view.positions).toHaveLength(15);
    const mine = view.positions.find((p: { position: number }) => p.position === position);
    expect(mine.planet).toMatchObject({ id: home.id, name: "Homeworld", owner: { id: u.id, username: u.username } });
    expect(mine.planet.owner.rank).toBeGreaterThanOrEqual(1);
  });

  it("fills systems evenly: a handful of joiners share the first systems", async () => {
    const universe = await createUniverse({ shardCount: 3 });
    const coords: string[] = [];
    for (let i = 0; i < 6; i++) {
      const body = (await joined(await registerUser("fill"), universe)).body;
      coords.push(`${body.homeworld.galaxy}:${body.homeworld.system}`);
    }
    const perSystem = new Map<string, number>();
    for (const c of coords) perSystem.set(c, (perSystem.get(c) ?? 0) + 1);
    expect(Math.max(...perSystem.values())).toBeLessThanOrEqual(3);
    expect([...perSystem.keys()].every((k) => k.startsWith("1:"))).toBe(true);
  });

  it("lets a player choose a free coordinate only where the universe allows it, and a race has one winner", async () => {
    await expectError(await join(await registerUser("ch"), "milky-way", { galaxy: 1, system: 7, position: 8 }), 400, "invalid_coordinates");
    const universe = await createUniverse({ allowChoosePosition: true });
    const [a, b, c] = await Promise.all([registerUser("ra"), registerUser("rb"), registerUser("rc")]);
    const spot = { galaxy: 2, system: 42, position: 7 };
    const results = await Promise.all([join(a, universe, spot), join(b, universe, spot), join(c, universe, spot)]);
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([201, 409, 409]);
    for (const r of results.filter((r) => r.status === 409)) expect((await json(r)).error.code).toBe("slot_taken");
    const view = await json(await call(`/v1/universes/${universe}/galaxy/2/42`));
    const owners = view.positions.filter((p: { planet: unknown }) => p.planet !== null);
    expect(owners).toHaveLength(1);
    // The losers keep nothing and can still join elsewhere.
    const loser = [a, b, c][results.findIndex((r) => r.status === 409)]!;
    expect((await join(loser, universe, { galaxy: 2, system: 42, position: 1 })).status).toBe(201);
    await expectError(await join(await registerUser("rd"), universe, { galaxy: 99, system: 1, position: 1 }), 400, "invalid_coordinates");
  });
});
