import { env, runDurableObjectAlarm, runInDurableObject, SELF } from "cloudflare:test";
import { expect } from "vitest";
import { systemStub as systemObject } from "../../src/universe/addressing";
import { shardName, shardOf } from "../../src/universe/registry";
import { call, json, loginAdmin, type TestUser, uniqueIp } from "../helpers/http";
import { collect } from "../helpers/socket-inbox";

export const FAST = {
  economySpeed: 10_000,
  researchSpeed: 10,
  startingResources: { metal: 1_000_000, crystal: 1_000_000, deuterium: 1_000_000 },
  shardCount: 2,
};

/** The shard counts of universes created with one, so `shardStub` finds a player's shard without being told. */
const shardCounts = new Map<string, number>();

/** A universe where every build takes the 1-second minimum and money is no object. */
export async function createUniverse(settings: Record<string, unknown> = FAST): Promise<string> {
  const id = `u-${crypto.randomUUID().slice(0, 8)}`;
  if (typeof settings.shardCount === "number") shardCounts.set(id, settings.shardCount);
  const res = await call("/v1/admin/universes", { body: { id, name: `Test ${id}`, settings }, token: await loginAdmin() });
  expect(res.status).toBe(201);
  return id;
}

export async function join(user: TestUser, universe: string, body?: Record<string, unknown>) {
  const res = await call(`/v1/universes/${universe}/join`, { method: "POST", token: user.accessToken, ...(body ? { body } : {}) });
  return res;
}

export async function joined(user: TestUser, universe: string, request?: Record<string, unknown>) {
  const res = await join(user, universe, request);
  expect(res.status).toBe(201);
  const body = await json(res);
  return { planetId: body.empire.planets[0].id as string, body };
}

export function shardStub(universe: string, userId: string, shardCount = shardCounts.get(universe) ?? FAST.shardCount) {
  return env.UNIVERSE_SHARDS.get(env.UNIVERSE_SHARDS.idFromName(shardName(universe, shardOf(userId, shardCount))));
}

/** The system object of `c`'s solar system. */
export const systemStub = (universe: string, c: { galaxy: number; system: number }) => systemObject(env, universe, c);

/**
 * Runs an object's alarm with every outbox row made due, as if its backoff had passed. A crash
 * injected in the alarm shows as a rejected run, ignored here: the next run is on the restarted object.
 */
export async function runAlarmHurried(stub: DurableObjectStub): Promise<void> {
  await runInDurableObject(stub, (_: unknown, state: DurableObjectState) => {
    state.storage.sql.exec("UPDATE _outbox SET next_at = ? WHERE next_at > ?", Date.now(), Date.now());
    state.storage.sql.exec("UPDATE _timers SET at = ? WHERE kind = 'outbox' AND at > ?", Date.now(), Date.now());
  }).catch(() => null);
  await runDurableObjectAlarm(stub).catch(() => null);
}

export async function planet(user: TestUser, universe: string, planetId: string) {
  const res = await call(`/v1/universes/${universe}/planets/${planetId}`, { token: user.accessToken });
  expect(res.status).toBe(200);
  return json(res);
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function level(view: { buildings: { object: string; level: number }[] }, object: string): number {
  return view.buildings.find((b) => b.object === object)?.level ?? -1;
}

export const build = (user: TestUser, universe: string, planetId: string, object: string) =>
  call(`/v1/universes/${universe}/planets/${planetId}/buildings/${object}`, { method: "POST", token: user.accessToken });

/** The player's points as the D1 highscore shows them. */
export async function highscorePoints(user: TestUser, universe: string): Promise<number> {
  return (await json(await call(`/v1/universes/${universe}/highscore`, { token: user.accessToken }))).me.points;
}

/** The player's points as the shard computes them. */
export async function shardPoints(user: TestUser, universe: string): Promise<number> {
  return (await json(await call(`/v1/universes/${universe}/empire`, { token: user.accessToken }))).score.total;
}

export async function until(check: () => boolean, timeoutMs = 5_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check() && Date.now() < end) await sleep(20);
  expect(check()).toBe(true);
}

/** The player's socket to its shard, accepted, with everything it receives collected. */
export async function openUniverseSocket(universe: string, token: string) {
  const res = await SELF.fetch(`http://orrery.test/v1/universes/${universe}/ws`, {
    headers: { Upgrade: "websocket", "Sec-WebSocket-Protocol": `orrery.v1, bearer.${token}`, "CF-Connecting-IP": uniqueIp() },
  });
  expect(res.status).toBe(101);
  const ws = res.webSocket!;
  ws.accept();
  return { ws, inbox: collect(ws) };
}
