import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { FaultStep } from "../../durable-objects/kit";
import { call, expectError, json, loginAdmin, registerUser } from "../helpers/http";
import { createUniverse, systemStub } from "./helpers";

type Armable = { faults: { arm(step: FaultStep): void } };

const galaxyView = async (universe: string, g: number, s: number) => json(await call(`/v1/universes/${universe}/galaxy/${g}/${s}`));

describe("debris fields (admin hook and galaxy view)", () => {
  it("creates a field, adds to it, shows it in the galaxy view and audits each addition", async () => {
    const universe = await createUniverse();
    const admin = await loginAdmin();
    const at = { galaxy: 1, system: 7, position: 9 };
    const first = await call(`/v1/admin/universes/${universe}/debris`, {
      token: admin,
      body: { ...at, metal: 60_000, crystal: 30_000, deuterium: 0 },
    });
    expect(first.status).toBe(201);
    expect(await json(first)).toEqual({ ...at, metal: 60_000, crystal: 30_000, deuterium: 0 });

    const second = await call(`/v1/admin/universes/${universe}/debris`, {
      token: admin,
      body: { ...at, metal: 1, crystal: 2, deuterium: 3 },
    });
    expect(await json(second)).toEqual({ ...at, metal: 60_001, crystal: 30_002, deuterium: 3 });

    const view = await galaxyView(universe, 1, 7);
    expect(view.positions[8]).toEqual({ position: 9, planet: null, debris: { metal: 60_001, crystal: 30_002, deuterium: 3 }, moon: null });
    expect(view.positions.filter((p: { debris: unknown }) => p.debris !== null)).toHaveLength(1);
    // Another system has no field.
    expect((await galaxyView(universe, 1, 8)).positions.every((p: { debris: unknown }) => p.debris === null)).toBe(true);

    const log = await json(await call(`/v1/admin/audit?target=${universe}`, { token: admin }));
    const additions = log.entries.filter((e: { action: string }) => e.action === "universe.debris");
    expect(additions).toHaveLength(2);
    expect(additions[1].details).toEqual({ ...at, metal: 60_000, crystal: 30_000, deuterium: 0 });
  });

  it("adds once when a request is repeated with its Idempotency-Key, even after the system object crashed having applied it", async () => {
    const universe = await createUniverse();
    const admin = await loginAdmin();
    const at = { galaxy: 1, system: 6, position: 4 };
    const add = () =>
      call(`/v1/admin/universes/${universe}/debris`, {
        token: admin,
        headers: { "Idempotency-Key": "field-once" },
        body: { ...at, metal: 7, crystal: 0, deuterium: 0 },
      });
    await runInDurableObject(systemStub(universe, at), (instance: object) => (instance as Armable).faults.arm("after_apply"));
    const crashed = await add();
    expect(crashed.status).toBe(500);
    await crashed.body?.cancel();
    expect(await json(await add())).toEqual({ ...at, metal: 7, crystal: 0, deuterium: 0 });
    expect(await json(await add())).toEqual({ ...at, metal: 7, crystal: 0, deuterium: 0 });
    expect((await galaxyView(universe, 1, 6)).positions[3].debris).toEqual({ metal: 7, crystal: 0, deuterium: 0 });
  });

  it("shows the field next to a planet at the same position", async () => {
    const universe = await createUniverse();
    const admin = await loginAdmin();
    const player = await registerUser("deb");
    const joinRes = await call(`/v1/universes/${universe}/join`, { method: "POST", token: player.accessToken });
    const { homeworld } = await json(joinRes);
    await call(`/v1/admin/universes/${universe}/debris`, { token: admin, body: { ...homeworld, metal: 5, crystal: 0, deuterium: 0 } });
    const view = await galaxyView(universe, homeworld.galaxy, homeworld.system);
    const slot = view.positions[homeworld.position - 1];
    expect(slot.planet.owner.username).toBe(player.username);
    expect(slot.debris).toEqual({ metal: 5, crystal: 0, deuterium: 0 });
  });

  it("refuses coordinates outside the universe, bad amounts, unknown universes and non-admins", async () => {
    const universe = await createUniverse();
    const admin = await loginAdmin();
    const field = { galaxy: 1, system: 1, position: 8, metal: 1, crystal: 1, deuterium: 1 };
    const path = `/v1/admin/universes/${universe}/debris`;
    await expectError(await call(path, { token: admin, body: { ...field, galaxy: 99 } }), 400, "invalid_coordinates");
    await expectError(await call(path, { token: admin, body: { ...field, position: 17 } }), 400, "invalid_coordinates");
    await expectError(await call(path, { token: admin, body: { ...field, metal: -1 } }), 400, "invalid_request");
    await expectError(await call("/v1/admin/universes/no-such-universe/debris", { token: admin, body: field }), 404, "not_found");
    const player = await registerUser("deb");
    await expectError(await call(path, { token: player.accessToken, body: field }), 403, "forbidden");
    await expectError(await call(path, { body: field }), 401, "unauthorized");
    expect((await galaxyView(universe, 1, 1)).positions.every((p: { debris: unknown }) => p.debris === null)).toBe(true);
  });
});
