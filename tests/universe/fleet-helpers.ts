import { env, evictDurableObject, runInDurableObject } from "cloudflare:test";
import { expect } from "vitest";
import type { FaultStep } from "../../durable-objects/kit";
import type { UniverseShard } from "../../durable-objects/universe-shard/shard";
import { shardOf } from "../../src/universe/registry";
import { call, json, registerUser, type TestUser } from "../helpers/http";
import { createUniverse, FAST, joined, openUniverseSocket, planet, runAlarmHurried, shardStub, sleep, systemStub } from "./helpers";

/** FAST, with peaceful flights at the 1-second minimum: a transport lands a second after launch and is home a second later. */
export const QUICK_FLIGHTS = { ...FAST, fleetSpeedPeaceful: 10_000 };

/** QUICK_FLIGHTS with war flights (attack, espionage, recycling) at the 1-second minimum too. */
export const WAR_FLIGHTS = { ...QUICK_FLIGHTS, fleetSpeedWar: 10_000 };

export interface Player {
  user: TestUser;
  planetId: string;
  coords: { galaxy: number; system: number; position: number };
}

type Home = { galaxy: number; system: number; position: number };

async function player(universe: string, user: TestUser, home?: Home): Promise<Player> {
  const { planetId, body } = await joined(user, universe, home);
  return { user, planetId, coords: body.empire.planets[0].coords };
}

/** Two joined players whose empires live on different shards (`apart`) or on the same one; `homes` places their homeworlds. */
export async function twoPlayers(settings: Record<string, unknown>, apart: boolean, homes?: [Home, Home]) {
  const universe = await createUniverse(settings);
  const count = (settings.shardCount as number | undefined) ?? FAST.shardCount;
  const a = await registerUser("fla");
  let b = await registerUser("flb");
  while ((shardOf(b.id, count) !== shardOf(a.id, count)) !== apart) b = await registerUser("flb");
  return { universe, a: await player(universe, a, homes?.[0]), b: await player(universe, b, homes?.[1]) };
}

/** Another joined player of the universe whose empire lives on shard `shard` (of `count`). */
export async function playerOnShard(universe: string, shard: number, count: number = FAST.shardCount): Promise<Player> {
  let u = await registerUser("flc");
  while (shardOf(u.id, count) !== shard) u = await registerUser("flc");
  return player(universe, u);
}

/** Makes two players buddies (request and accept), which ACS defend needs. */
export async function befriend(universe: string, a: Player, b: Player): Promise<void> {
  const asked = await call(`/v1/universes/${universe}/buddies`, { body: { username: b.user.username }, token: a.user.accessToken });
  expect(asked.status).toBe(201);
  const accepted = await call(`/v1/universes/${universe}/buddies/${a.user.id}/accept`, { method: "POST", token: b.user.accessToken });
  expect(accepted.status).toBe(200);
}

/** Makes a pending timer of the player's shard due now (a fixture for hours-long holds), then runs the alarm. */
export async function hurryTimer(universe: string, p: Player, key: string): Promise<void> {
  const stub = shardStub(universe, p.user.id);
  await runInDurableObject(stub, (_: unknown, state: DurableObjectState) => {
    state.storage.sql.exec("UPDATE _timers SET at = ? WHERE key = ?", Date.now(), key);
  });
  await runAlarmHurried(stub);
}

/** Puts ships on a planet directly in the shard's storage (a fixture: building them takes a shipyard and minutes). */
export async function giveShips(universe: string, p: Player, ships: Record<string, number>): Promise<void> {
  const stub = shardStub(universe, p.user.id);
  await runInDurableObject(stub, (_: unknown, state: DurableObjectState) => {
    const row = state.storage.sql.exec<{ state: string }>("SELECT state FROM empires WHERE player_id = ?", p.user.id).one();
    const empire = JSON.parse(row.state);
    const target = empire.planets.find((x: { id: string }) => x.id === p.planetId);
    target.units = { ...target.units, ...ships };
    state.storage.sql.exec("UPDATE empires SET state = ? WHERE player_id = ?", JSON.stringify(empire), p.user.id);
  });
  // The shard caches empires in memory: a restart makes it read the row again.
  await evictDurableObject(stub);
}

/** Sets research levels directly (a fixture, like `giveShips`). */
export async function giveResearch(universe: string, p: Player, levels: Record<string, number>): Promise<void> {
  const stub = shardStub(universe, p.user.id);
  await runInDurableObject(stub, (_: unknown, state: DurableObjectState) => {
    const row = state.storage.sql.exec<{ state: string }>("SELECT state FROM empires WHERE player_id = ?", p.user.id).one();
    const empire = JSON.parse(row.state);
    empire.research = { ...empire.research, ...levels };
    state.storage.sql.exec("UPDATE empires SET state = ? WHERE player_id = ?", JSON.stringify(empire), p.user.id);
  });
  await evictDurableObject(stub);
}

export const to = (p: Player, kind = "planet") => ({ ...p.coords, kind });

export function launch(universe: string, p: Player, body: Record<string, unknown>, headers: Record<string, string> = {}) {
  return call(`/v1/universes/${universe}/fleets`, { body: { from: p.planetId, speed: 100, ...body }, token: p.user.accessToken, headers });
}

export async function fleets(universe: string, p: Player) {
  const res = await call(`/v1/universes/${universe}/fleets`, { token: p.user.accessToken });
  expect(res.status).toBe(200);
  return json(res);
}

export const recall = (universe: string, p: Player, id: string) =>
  call(`/v1/universes/${universe}/fleets/${id}/recall`, { method: "POST", token: p.user.accessToken });

export async function stock(universe: string, p: Player) {
  const view = await planet(p.user, universe, p.planetId);
  return {
    resources: view.resources as { metal: number; crystal: number; deuterium: number },
    ships: view.ships as Record<string, number>,
  };
}

export async function arm(universe: string, p: Player, step: FaultStep): Promise<void> {
  await runInDurableObject(shardStub(universe, p.user.id), (instance: UniverseShard) => instance.faults.arm(step));
}

/** Steps armed on the player's shard that it has not reached (empty once the crash happened). */
export async function armed(universe: string, p: Player): Promise<FaultStep[]> {
  return runInDurableObject(shardStub(universe, p.user.id), (instance: UniverseShard) => instance.faults.pending());
}

/**
 * Runs both shards' alarms (with every outbox row made due, as if its backoff had passed) until
 * `done` holds. A crash injected in an alarm shows as a rejected run here, and the next round
 * runs on the restarted object. Arrival and return timers are not hurried: flights take a second.
 */
export async function driveUntil(universe: string, players: Player[], done: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    // A request that meets an object as it crashes fails: the next round asks again.
    if (await done().catch(() => false)) return;
    for (const p of players) await runAlarmHurried(shardStub(universe, p.user.id));
    await sleep(100);
  }
  expect(await done()).toBe(true);
}

/** Drops every timer and alarm of both shards, so nothing of this test fires during the next one. */
export async function quiet(universe: string, players: Player[]): Promise<void> {
  for (const p of players) {
    await runInDurableObject(shardStub(universe, p.user.id), async (_: unknown, state: DurableObjectState) => {
      state.storage.sql.exec("DELETE FROM _timers");
      await state.storage.deleteAlarm();
    });
  }
}

/** Drops every timer, outbox row and the alarm of a system object, so nothing of this test reaches the next one. */
export async function quietSystem(universe: string, c: { galaxy: number; system: number }): Promise<void> {
  await runInDurableObject(systemStub(universe, c), async (_: unknown, state: DurableObjectState) => {
    state.storage.sql.exec("DELETE FROM _timers");
    state.storage.sql.exec("DELETE FROM _outbox");
    await state.storage.deleteAlarm();
  });
}

export const total = (r: { metal: number; crystal: number; deuterium: number }) => r.metal + r.crystal + r.deuterium;

/**
 * Gives the player a second planet in a free position of its homeworld's system (or of that
 * system in another galaxy): a fixture for deploys until colonisation lands (the empire row in
 * the shard and the slot in D1).
 */
export async function givePlanet(universe: string, p: Player, galaxy = p.coords.galaxy): Promise<Player> {
  const taken = await env.DB.prepare("SELECT position FROM planet_slots WHERE universe_id = ? AND galaxy = ? AND system = ?")
    .bind(universe, galaxy, p.coords.system)
    .all<{ position: number }>();
  const used = new Set(taken.results.map((r) => r.position));
  const position = [4, 5, 6, 7, 8, 9, 10, 11, 12, 3, 2, 1, 13, 14, 15].find((x) => !used.has(x)) ?? 15;
  const coords = { ...p.coords, galaxy, position };
  const planetId = crypto.randomUUID();
  await env.DB.prepare(
    "INSERT INTO planet_slots (universe_id, galaxy, system, position, planet_id, owner_id, planet_name, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
  )
    .bind(universe, coords.galaxy, coords.system, coords.position, planetId, p.user.id, "Colony", Date.now())
    .run();
  const stub = shardStub(universe, p.user.id);
  await runInDurableObject(stub, (_: unknown, state: DurableObjectState) => {
    const row = state.storage.sql.exec<{ state: string }>("SELECT state FROM empires WHERE player_id = ?", p.user.id).one();
    const empire = JSON.parse(row.state);
    const home = empire.planets[0];
    empire.planets.push({ ...home, id: planetId, name: "Colony", coords, buildings: {}, buildQueue: [], units: {}, unitQueue: [] });
    state.storage.sql.exec("UPDATE empires SET state = ? WHERE player_id = ?", JSON.stringify(empire), p.user.id);
  });
  await evictDurableObject(stub);
  return { user: p.user, planetId, coords };
}

/** Sets the player's points in the D1 highscore, which launches read for newbie protection. */
export async function setPoints(universe: string, p: Player, points: number): Promise<void> {
  await env.DB.prepare("UPDATE universe_players SET points = ? WHERE universe_id = ? AND user_id = ?").bind(points, universe, p.user.id).run();
}

/** Sets a planet's stock of one resource directly (a fixture, like `giveShips`). */
export async function setStock(universe: string, p: Player, resource: "metal" | "crystal" | "deuterium", amount: number): Promise<void> {
  const stub = shardStub(universe, p.user.id);
  await runInDurableObject(stub, (_: unknown, state: DurableObjectState) => {
    const row = state.storage.sql.exec<{ state: string }>("SELECT state FROM empires WHERE player_id = ?", p.user.id).one();
    const empire = JSON.parse(row.state);
    const target = empire.planets.find((x: { id: string }) => x.id === p.planetId);
    target.resources = { ...target.resources, [resource]: amount };
    state.storage.sql.exec("UPDATE empires SET state = ? WHERE player_id = ?", JSON.stringify(empire), p.user.id);
  });
  await evictDurableObject(stub);
}

/** The player's socket to its shard, accepted, with every frame it receives collected. */
export async function openSocket(universe: string, p: Player) {
  const { ws, inbox } = await openUniverseSocket(universe, p.user.accessToken);
  return { ws, seen: inbox.seen, next: (type: string, timeoutMs = 5_000) => inbox.next((m) => m.type === type, timeoutMs) };
}
