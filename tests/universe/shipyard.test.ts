import { runDurableObjectAlarm, runInDurableObject, SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { call, expectError, json, registerUser, type TestUser, uniqueIp } from "../helpers/http";
import { createUniverse, joined, level, planet, shardStub, sleep } from "./helpers";

const build = (user: TestUser, u: string, p: string, object: string) =>
  call(`/v1/universes/${u}/planets/${p}/buildings/${object}`, { method: "POST", token: user.accessToken });

const order = (user: TestUser, u: string, p: string, body: Record<string, unknown>) =>
  call(`/v1/universes/${u}/planets/${p}/shipyard`, { body, token: user.accessToken });

async function shipyard(user: TestUser, u: string, p: string) {
  const res = await call(`/v1/universes/${u}/planets/${p}/shipyard`, { token: user.accessToken });
  expect(res.status).toBe(200);
  return json(res);
}

/** Robot factory 2, shipyard 1 and missile silo 2 (one second each in the fast universe). */
async function withShipyard(user: TestUser, universe: string, planetId: string) {
  for (const object of ["robot_factory", "robot_factory", "shipyard", "missile_silo", "missile_silo"]) {
    expect((await build(user, universe, planetId, object)).status).toBe(200);
  }
  await sleep(5200);
  const view = await planet(user, universe, planetId);
  expect([level(view, "shipyard"), level(view, "missile_silo")]).toEqual([1, 2]);
  await runDurableObjectAlarm(shardStub(universe, user.id));
}

describe("shipyard through the API", () => {
  it("orders batches, pays at once and shows exactly the units finished; refuses with clear codes", async () => {
    const universe = await createUniverse();
    const u = await registerUser("yard");
    const { planetId } = await joined(u, universe);
    await expectError(await order(u, universe, planetId, { unit: "rocket_launcher", count: 1 }), 409, "requirements_not_met");
    await withShipyard(u, universe, planetId);

    const before = await planet(u, universe, planetId);
    const res = await order(u, universe, planetId, { unit: "rocket_launcher", count: 3 });
    expect(res.status).toBe(200);
    const after = await json(res);
    expect(after.unitQueue).toEqual([
      expect.objectContaining({
        unit: "rocket_launcher",
        count: 3,
        ordered: 3,
        unitSeconds: 1,
        cost: { metal: 6000, crystal: 0, deuterium: 0, energy: 0 },
      }),
    ]);
    // The stock is above storage capacity, so it does not accrue: the difference is the price.
    expect(before.resources.metal - after.resources.metal).toBe(6000);

    // Every read: finished + queued = ordered, and finished follows the clock.
    const startedAt = after.unitQueue[0].startedAt;
    for (let i = 0; i < 3; i++) {
      const view = await shipyard(u, universe, planetId);
      const launchers = view.units.find((x: { unit: string }) => x.unit === "rocket_launcher");
      expect(launchers.count).toBe(Math.min(3, Math.floor((view.at - startedAt) / 1000)));
      expect(launchers.count + launchers.queued).toBe(3);
      await sleep(700);
    }
    await sleep(1500);
    await runDurableObjectAlarm(shardStub(universe, u.id));
    const done = await planet(u, universe, planetId);
    expect(done.defenses).toEqual({ rocket_launcher: 3 });
    expect(done.unitQueue).toEqual([]);
    const { score } = await json(await call(`/v1/universes/${universe}/empire`, { token: u.accessToken }));
    expect(score.military).toBe(6);
    expect(score.buildings + score.research + score.military).toBe(score.total);

    // "max": what the stock pays for, and the silo's 20 slots for anti-ballistic missiles.
    const abm = await json(await order(u, universe, planetId, { unit: "anti_ballistic_missile", count: "max" }));
    expect(abm.unitQueue.at(-1)).toMatchObject({ unit: "anti_ballistic_missile", count: 20 });
    await expectError(await order(u, universe, planetId, { unit: "anti_ballistic_missile", count: 1 }), 409, "silo_full");
    await expectError(await order(u, universe, planetId, { unit: "rocket_launcher", count: 1_000_000 }), 409, "insufficient_resources");
    await expectError(await order(u, universe, planetId, { unit: "light_fighter", count: 1 }), 409, "requirements_not_met");
    await expectError(await order(u, universe, planetId, { unit: "crawler", count: 1 }), 409, "class_required");
    await expectError(await order(u, universe, planetId, { unit: "metal_mine", count: 1 }), 404, "invalid_object");
    await expectError(await order(u, universe, planetId, { unit: "rocket_launcher", count: 0 }), 400, "invalid_count");
    await expectError(await order(u, universe, planetId, { unit: "rocket_launcher", count: 2.5 }), 400, "invalid_count");
    await expectError(await order(u, universe, planetId, { unit: "rocket_launcher" }), 400, "invalid_request");
    // Missiles are queued: the shipyard cannot change until they are done (20 s from now).
    await expectError(await build(u, universe, planetId, "shipyard"), 409, "shipyard_busy");
    await runInDurableObject(shardStub(universe, u.id), (_, state) => state.storage.deleteAlarm());
  }, 30_000);

  it("is documented in the OpenAPI document, with an example order", async () => {
    const doc = await json(await call("/openapi.json"));
    const path = doc.paths["/v1/universes/{u}/planets/{p}/shipyard"];
    expect(Object.keys(path).sort()).toEqual(["get", "post"]);
    expect(doc.components.schemas.OrderUnitsRequest.example).toEqual({ unit: "light_fighter", count: 10 });
    expect(doc.components.schemas.PlanetView.properties).toHaveProperty("unitQueue");
  });

  it("never lets a player read or order on another player's planet", async () => {
    const universe = await createUniverse();
    const [a, b] = await Promise.all([registerUser("ya"), registerUser("yb")]);
    const { planetId } = await joined(a, universe);
    await joined(b, universe);
    await expectError(
      await call(`/v1/universes/${universe}/planets/${planetId}/shipyard`, { token: b.accessToken }),
      403,
      "not_your_planet",
    );
    await expectError(await order(b, universe, planetId, { unit: "rocket_launcher", count: 1 }), 403, "not_your_planet");
    await expectError(await call(`/v1/universes/${universe}/planets/${planetId}/shipyard`), 401, "unauthorized");
  });

  it("pushes the unit queue and finished units over the universe WebSocket", async () => {
    const universe = await createUniverse();
    const u = await registerUser("yws");
    const { planetId } = await joined(u, universe);
    await withShipyard(u, universe, planetId);
    const res = await SELF.fetch(`http://orrery.test/v1/universes/${universe}/ws`, {
      headers: { Upgrade: "websocket", "Sec-WebSocket-Protocol": `orrery.v1, bearer.${u.accessToken}`, "CF-Connecting-IP": uniqueIp() },
    });
    const ws = res.webSocket!;
    ws.accept();
    const seen: any[] = [];
    ws.addEventListener("message", (e) => seen.push(JSON.parse(String(e.data))));

    expect((await order(u, universe, planetId, { unit: "rocket_launcher", count: 2 })).status).toBe(200);
    await sleep(2200);
    await runDurableObjectAlarm(shardStub(universe, u.id));
    await sleep(200);
    expect(seen.find((m) => m.type === "queue_changed" && m.queue === "units")).toMatchObject({
      planetId,
      entries: [expect.objectContaining({ unit: "rocket_launcher", count: 2 })],
    });
    expect(seen.find((m) => m.type === "units_complete" && m.remaining === 0)).toMatchObject({
      planetId,
      unit: "rocket_launcher",
      total: 2,
    });
    expect(seen.find((m) => m.type === "notification" && m.kind === "units_complete")).toBeTruthy();
    const notes = await json(await call(`/v1/universes/${universe}/notifications`, { token: u.accessToken }));
    expect(notes.notifications.some((n: { kind: string }) => n.kind === "units_complete")).toBe(true);
    ws.close(1000, "done");

    // Once the queue is empty the shipyard may grow, and no units may be ordered while it does.
    expect((await build(u, universe, planetId, "shipyard")).status).toBe(200);
    await expectError(await order(u, universe, planetId, { unit: "rocket_launcher", count: 1 }), 409, "shipyard_busy");
    await sleep(1100);
    await runDurableObjectAlarm(shardStub(universe, u.id));
  });
});
