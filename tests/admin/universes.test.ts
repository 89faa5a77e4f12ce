import { evictDurableObject, runDurableObjectAlarm } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { call, expectError, json, loginAdmin, registerUser } from "../helpers/http";
import { build, createUniverse, joined, level, planet, shardStub, sleep } from "../universe/helpers";

const notifications = async (token: string, universe: string) =>
  (await json(await call(`/v1/universes/${universe}/notifications`, { token }))).notifications as { kind: string; createdAt?: number }[];

describe("admin console: universes", () => {
  it("lists universes with player counts and shows each shard's load", async () => {
    const admin = await loginAdmin();
    const universe = await createUniverse();
    const [a, b] = [await registerUser("ua"), await registerUser("ub")];
    await joined(a, universe);
    await joined(b, universe);
    const list = await json(await call("/v1/admin/universes", { token: admin }));
    expect(list.universes).toContainEqual(
      expect.objectContaining({ id: universe, players: 2, pausedAt: null, settings: expect.objectContaining({ shardCount: 2 }) }),
    );
    const detail = await json(await call(`/v1/admin/universes/${universe}`, { token: admin }));
    expect(detail.universe).toMatchObject({ id: universe, players: 2 });
    expect(detail.shards.map((s: { shard: number }) => s.shard)).toEqual([0, 1]);
    expect(detail.shards.reduce((n: number, s: { empires: number }) => n + s.empires, 0)).toBe(2);
    expect(detail.shards.reduce((n: number, s: { players: number }) => n + s.players, 0)).toBe(2);
    await expectError(await call("/v1/admin/universes/no-such-universe", { token: admin }), 404, "not_found");
  });

  it("pause holds completions and refuses commands; resume applies what fell due", async () => {
    const admin = await loginAdmin();
    const universe = await createUniverse();
    const u = await registerUser("pz");
    const { planetId } = await joined(u, universe);
    expect((await build(u, universe, planetId, "metal_mine")).status).toBe(200);

    const paused = await call(`/v1/admin/universes/${universe}/pause`, { token: admin, body: { reason: "db maintenance" } });
    expect(paused.status).toBe(200);
    const body = await json(paused);
    expect(body.universe.pausedAt).toBeTypeOf("number");
    expect(body.shards.every((s: { paused: boolean }) => s.paused)).toBe(true);
    // Pausing again is harmless and keeps the first pause time.
    expect((await json(await call(`/v1/admin/universes/${universe}/pause`, { method: "POST", token: admin }))).universe.pausedAt).toBe(
      body.universe.pausedAt,
    );

    await expectError(await build(u, universe, planetId, "crystal_mine"), 409, "universe_paused");
    // The shard keeps the flag in memory once read: a fresh instance reads it again from storage.
    await evictDurableObject(shardStub(universe, u.id));
    await expectError(await build(u, universe, planetId, "crystal_mine"), 409, "universe_paused");
    await sleep(1100);
    await runDurableObjectAlarm(shardStub(universe, u.id));
    expect(await notifications(u.accessToken, universe)).toEqual([]);
    // The completion's timer is still held (reads are projections of elapsed time, so they are no evidence either way).
    const held = await json(await call(`/v1/admin/universes/${universe}`, { token: admin }));
    expect(held.shards.reduce((n: number, s: { pendingTimers: number }) => n + s.pendingTimers, 0)).toBeGreaterThanOrEqual(1);

    const resumed = await call(`/v1/admin/universes/${universe}/resume`, { token: admin, body: { reason: "done" } });
    expect(resumed.status).toBe(200);
    expect((await json(resumed)).universe.pausedAt).toBeNull();
    expect((await notifications(u.accessToken, universe)).map((n) => n.kind)).toEqual(["building_complete"]);
    const released = await json(await call(`/v1/admin/universes/${universe}`, { token: admin }));
    expect(released.shards.every((s: { paused: boolean }) => !s.paused)).toBe(true);
    const after = await planet(u, universe, planetId);
    expect(level(after, "metal_mine")).toBe(1);
    expect(after.buildQueue).toHaveLength(0);
    expect((await build(u, universe, planetId, "crystal_mine")).status).toBe(200);
    await sleep(1100);
    await runDurableObjectAlarm(shardStub(universe, u.id));
    expect(level(await planet(u, universe, planetId), "crystal_mine")).toBe(1);

    const log = await json(await call(`/v1/admin/audit?target=${universe}`, { token: admin }));
    expect(log.entries.map((e: { action: string; reason: string | null }) => [e.action, e.reason])).toEqual([
      ["universe.resume", "done"],
      ["universe.pause", null],
      ["universe.pause", "db maintenance"],
      ["universe.create", null],
    ]);
  });
});
