import { evictDurableObject, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { call, expectError, json, registerUser } from "../helpers/http";
import { createUniverse, joined, level, planet, shardStub, sleep } from "./helpers";

const build = (token: string, u: string, p: string, object: string) =>
  call(`/v1/universes/${u}/planets/${p}/buildings/${object}`, { method: "POST", token });

describe("building queue through the API", () => {
  it("pays when an entry starts, refunds a running entry fully and removes a waiting one for free", async () => {
    const universe = await createUniverse({ economySpeed: 1, shardCount: 2 });
    const u = await registerUser("q");
    const { planetId } = await joined(u, universe);

    const first = await json(await build(u.accessToken, universe, planetId, "metal_mine"));
    expect(first.buildQueue).toHaveLength(1);
    expect(first.buildQueue[0]).toMatchObject({ object: "metal_mine", level: 1, cost: { metal: 60, crystal: 15 } });
    expect(first.resources.metal).toBeGreaterThanOrEqual(440);
    expect(first.resources.metal).toBeLessThan(445);

    const second = await json(await build(u.accessToken, universe, planetId, "metal_mine"));
    expect(second.buildQueue).toHaveLength(2);
    expect(second.buildQueue[1]).toMatchObject({ level: 2 });
    expect(second.buildQueue[1].cost).toBeUndefined();
    expect(second.resources.metal).toBeLessThan(first.resources.metal + 5);

    const waiting = second.buildQueue[1].id;
    const afterWaiting = await json(
      await call(`/v1/universes/${universe}/planets/${planetId}/queue/${waiting}`, { method: "DELETE", token: u.accessToken }),
    );
    expect(afterWaiting.buildQueue).toHaveLength(1);
    expect(afterWaiting.resources.metal).toBeLessThan(first.resources.metal + 5);

    const running = afterWaiting.buildQueue[0].id;
    const refunded = await json(
      await call(`/v1/universes/${universe}/planets/${planetId}/queue/${running}`, { method: "DELETE", token: u.accessToken }),
    );
    expect(refunded.buildQueue).toHaveLength(0);
    expect(refunded.resources.metal).toBeGreaterThanOrEqual(500);
    await expectError(
      await call(`/v1/universes/${universe}/planets/${planetId}/queue/${running}`, { method: "DELETE", token: u.accessToken }),
      404,
      "queue_entry_not_found",
    );
  });

  it("sends the shard's planet and research answers as JSON with every response header", async () => {
    const universe = await createUniverse({ economySpeed: 1, shardCount: 2 });
    const u = await registerUser("qh");
    const { planetId } = await joined(u, universe);
    const answers = [
      await call(`/v1/universes/${universe}/planets/${planetId}`, { token: u.accessToken }),
      await build(u.accessToken, universe, planetId, "metal_mine"),
      await call(`/v1/universes/${universe}/research/energy_technology`, { method: "POST", token: u.accessToken, body: { planet: planetId } }),
    ];
    for (const res of answers) {
      expect(res.headers.get("Content-Type")).toBe("application/json");
      expect(res.headers.get("X-Request-Id")).toMatch(/^[0-9a-f-]{36}$/);
      expect(res.headers.get("X-RateLimit-Limit")).toBeTruthy();
      expect(res.headers.get("X-Content-Type-Options")).toBe("nosniff");
    }
    const [read, built] = await Promise.all(answers.slice(0, 2).map((res) => json(res)));
    expect(read).toMatchObject({ id: planetId, buildQueue: [] });
    expect(built).toMatchObject({ id: planetId, buildQueue: [{ object: "metal_mine", level: 1 }] });
    // No lab yet: research is refused, with the usual error body.
    await expectError(answers[2] as Response, 409, "requirements_not_met");
  });

  it("answers every refusal with a specific code and changes nothing", async () => {
    const universe = await createUniverse({ economySpeed: 1, shardCount: 2 });
    const u = await registerUser("ref");
    const { planetId } = await joined(u, universe);
    await expectError(await build(u.accessToken, universe, planetId, "robot_factory"), 409, "insufficient_resources");
    await expectError(await build(u.accessToken, universe, planetId, "shipyard"), 409, "requirements_not_met");
    await expectError(await build(u.accessToken, universe, planetId, "death_ray"), 404, "invalid_object");
    await expectError(await build(u.accessToken, universe, planetId, "lunar_base"), 404, "invalid_object");
    await expectError(
      await call(`/v1/universes/${universe}/planets/${planetId}/buildings/metal_mine/demolish`, { method: "POST", token: u.accessToken }),
      409,
      "cannot_demolish",
    );
    const pct = await call(`/v1/universes/${universe}/planets/${planetId}/production/metal_mine`, {
      method: "PUT",
      body: { percent: 55 },
      token: u.accessToken,
    });
    await expectError(pct, 400, "invalid_request");
    await expectError(
      await call(`/v1/universes/${universe}/planets/${planetId}`, { method: "PATCH", body: { name: "   " }, token: u.accessToken }),
      400,
      "invalid_name",
    );
    const view = await planet(u, universe, planetId);
    expect(view.buildQueue).toHaveLength(0);
    expect(view.resources.metal).toBeGreaterThanOrEqual(500);
  });

  it("fills at most 5 entries and never overspends under parallel requests", async () => {
    const universe = await createUniverse({ economySpeed: 1, shardCount: 2 });
    const u = await registerUser("par");
    const { planetId } = await joined(u, universe);
    const results = await Promise.all(Array.from({ length: 8 }, () => build(u.accessToken, universe, planetId, "solar_plant")));
    const ok = results.filter((r) => r.status === 200);
    expect(ok).toHaveLength(5);
    for (const r of results.filter((r) => r.status !== 200)) expect((await json(r)).error.code).toBe("queue_full");
    const view = await planet(u, universe, planetId);
    expect(view.buildQueue.map((e: { level: number }) => e.level)).toEqual([1, 2, 3, 4, 5]);
    // Only the head is paid: 75 metal, 30 crystal.
    expect(view.resources.metal).toBeGreaterThanOrEqual(425);
    expect(view.resources.metal).toBeLessThan(430);
    expect(view.resources.crystal).toBeGreaterThanOrEqual(470);

    const research = await Promise.all(
      Array.from({ length: 4 }, () =>
        call(`/v1/universes/${universe}/research/energy_technology`, { body: { planet: planetId }, token: u.accessToken }),
      ),
    );
    expect(research.every((r) => r.status === 409)).toBe(true);
  });

  it("renames a planet and reflects it in the galaxy view; production percent changes rates", async () => {
    const universe = await createUniverse({
      shardCount: 2,
      startingResources: { metal: 100000, crystal: 100000, deuterium: 100000 },
      economySpeed: 10000,
    });
    const u = await registerUser("ren");
    const { planetId, body } = await joined(u, universe);
    const renamed = await json(
      await call(`/v1/universes/${universe}/planets/${planetId}`, { method: "PATCH", body: { name: "Nova Prime" }, token: u.accessToken }),
    );
    expect(renamed.name).toBe("Nova Prime");
    const { galaxy, system, position } = body.homeworld;
    const view = await json(await call(`/v1/universes/${universe}/galaxy/${galaxy}/${system}`));
    expect(view.positions[position - 1].planet.name).toBe("Nova Prime");

    await build(u.accessToken, universe, planetId, "solar_plant");
    await build(u.accessToken, universe, planetId, "metal_mine");
    await sleep(2200);
    const full = await planet(u, universe, planetId);
    expect(level(full, "metal_mine")).toBe(1);
    expect(full.production.factor).toBe(100);
    const half = await json(
      await call(`/v1/universes/${universe}/planets/${planetId}/production/metal_mine`, {
        method: "PUT",
        body: { percent: 50 },
        token: u.accessToken,
      }),
    );
    expect(half.production.hourly.metal).toBeLessThan(full.production.hourly.metal);
  });
});

describe("authorization", () => {
  it("never lets a player read or act on another player's planet", async () => {
    const universe = await createUniverse({ economySpeed: 1, shardCount: 2 });
    const [a, b] = await Promise.all([registerUser("aa"), registerUser("bb")]);
    const { planetId: aPlanet } = await joined(a, universe);
    await joined(b, universe);
    await expectError(await call(`/v1/universes/${universe}/planets/${aPlanet}`, { token: b.accessToken }), 403, "not_your_planet");
    await expectError(await build(b.accessToken, universe, aPlanet, "metal_mine"), 403, "not_your_planet");
    await expectError(
      await call(`/v1/universes/${universe}/planets/${aPlanet}`, { method: "PATCH", body: { name: "Mine now" }, token: b.accessToken }),
      403,
      "not_your_planet",
    );
    await expectError(
      await call(`/v1/universes/${universe}/research/energy_technology`, { body: { planet: aPlanet }, token: b.accessToken }),
      403,
      "not_your_planet",
    );
    await expectError(await call(`/v1/universes/${universe}/planets/${aPlanet}`), 401, "unauthorized");
    const stranger = await registerUser("st");
    await expectError(await call(`/v1/universes/${universe}/empire`, { token: stranger.accessToken }), 404, "not_joined");
    expect((await planet(a, universe, aPlanet)).name).toBe("Homeworld");
  });
});

describe("completions on the shard's alarm", () => {
  it("completes a building at its due time, once, even when the alarm is delivered twice", async () => {
    const universe = await createUniverse();
    const u = await registerUser("al");
    const { planetId } = await joined(u, universe);
    await build(u.accessToken, universe, planetId, "metal_mine");
    await sleep(1100);
    const stub = shardStub(universe, u.id);
    await runDurableObjectAlarm(stub);
    await runInDurableObject(stub, async (instance: { alarm(): Promise<void> }) => {
      await instance.alarm();
    });
    const notes = await json(await call(`/v1/universes/${universe}/notifications`, { token: u.accessToken }));
    expect(notes.notifications.filter((n: { kind: string }) => n.kind === "building_complete")).toHaveLength(1);
    expect(notes.unread).toBe(1);
    expect(level(await planet(u, universe, planetId), "metal_mine")).toBe(1);

    const marked = await json(await call(`/v1/universes/${universe}/notifications/read`, { body: { all: true }, token: u.accessToken }));
    expect(marked.marked).toBe(1);
    const id = notes.notifications[0].id;
    expect((await call(`/v1/universes/${universe}/notifications/${id}`, { method: "DELETE", token: u.accessToken })).status).toBe(200);
    await expectError(
      await call(`/v1/universes/${universe}/notifications/${id}`, { method: "DELETE", token: u.accessToken }),
      404,
      "not_found",
    );
  });

  it("keeps every queue across a restart and applies completions that fell due meanwhile", async () => {
    const universe = await createUniverse();
    const u = await registerUser("rs");
    const { planetId } = await joined(u, universe);
    await json(
      await call(`/v1/universes/${universe}/planets/${planetId}/buildings/research_lab`, { method: "POST", token: u.accessToken }),
    );
    for (const object of ["metal_mine", "crystal_mine", "solar_plant"]) await build(u.accessToken, universe, planetId, object);
    const stub = shardStub(universe, u.id);
    await evictDurableObject(stub);
    const afterEvict = await planet(u, universe, planetId);
    expect(afterEvict.buildQueue.map((e: { object: string }) => e.object)).toEqual([
      "research_lab",
      "metal_mine",
      "crystal_mine",
      "solar_plant",
    ]);

    await evictDurableObject(stub);
    await sleep(4500);
    await runDurableObjectAlarm(stub);
    const done = await planet(u, universe, planetId);
    expect(done.buildQueue).toHaveLength(0);
    for (const object of ["research_lab", "metal_mine", "crystal_mine", "solar_plant"]) expect(level(done, object)).toBe(1);

    const research = await json(
      await call(`/v1/universes/${universe}/research/energy_technology`, { body: { planet: planetId }, token: u.accessToken }),
    );
    expect(research.queue[0]).toMatchObject({ object: "energy_technology", level: 1 });
    await evictDurableObject(stub);
    const overview = await json(await call(`/v1/universes/${universe}/research?planet=${planetId}`, { token: u.accessToken }));
    expect(overview.queue).toHaveLength(1);
  });

  it("keeps the highscore current from completed levels", async () => {
    const universe = await createUniverse();
    const u = await registerUser("hs");
    const { planetId } = await joined(u, universe);
    await build(u.accessToken, universe, planetId, "research_lab");
    await sleep(1100);
    await runDurableObjectAlarm(shardStub(universe, u.id));
    await call(`/v1/universes/${universe}/research/energy_technology`, { body: { planet: planetId }, token: u.accessToken });
    await sleep(1100);
    await runDurableObjectAlarm(shardStub(universe, u.id));
    const hs = await json(await call(`/v1/universes/${universe}/highscore`, { token: u.accessToken }));
    // Lab 1 (800) + energy technology 1 (1200) = 2000 spent → 2 points.
    expect(hs.me).toEqual({ rank: 1, points: 2 });
    expect(hs.entries[0]).toMatchObject({ userId: u.id, points: 2, rank: 1 });
    // Ranks are per universe: a newcomer with 0 points ranks second here, and first nowhere else.
    const late = await registerUser("hs2");
    const { body } = await joined(late, universe);
    const table = await json(await call(`/v1/universes/${universe}/highscore`, { token: late.accessToken }));
    expect(table.entries.map((e: { rank: number }) => e.rank)).toEqual([1, 2]);
    expect(table.me).toEqual({ rank: 2, points: 0 });
    const { galaxy, system } = body.homeworld;
    const view = await json(await call(`/v1/universes/${universe}/galaxy/${galaxy}/${system}`));
    const ranks = view.positions.filter((p: any) => p.planet).map((p: any) => [p.planet.owner.id, p.planet.owner.rank]);
    expect(ranks).toContainEqual([late.id, 2]);
  });
});
