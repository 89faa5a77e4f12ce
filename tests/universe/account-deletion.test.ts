import { env, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { forgetName } from "../../durable-objects/universe-shard/forget-name";
import { anonymisedName } from "../../src/auth/deletion";
import { shardName, shardOf } from "../../src/universe/registry";
import { login } from "../accounts/helpers";
import { call, expectError, json, registerUser, uniqueIp } from "../helpers/http";
import { arm, driveUntil, fleets, giveResearch, giveShips, launch, type Player, quiet, quietSystem, to, twoPlayers } from "./fleet-helpers";
import { build, createUniverse, FAST, joined, planet, runAlarmHurried, systemStub } from "./helpers";

/** War flights take the 1-second minimum; a transport or a colony ship stays in flight for the whole test. */
const SLOW_PEACE = { ...FAST, fleetSpeedWar: 10_000 };

const shard = (universe: string, n: number) => env.UNIVERSE_SHARDS.get(env.UNIVERSE_SHARDS.idFromName(shardName(universe, n)));

/** Every row of every table of an object's SQLite, and its key-value entries, as text. */
async function storageText(stub: DurableObjectStub): Promise<string> {
  return runInDurableObject(stub, (_: unknown, state: DurableObjectState) => {
    const tables = state.storage.sql
      .exec<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%'")
      .toArray();
    const rows = tables.map(({ name }) => [name, state.storage.sql.exec(`SELECT * FROM "${name}"`).toArray()]);
    return JSON.stringify([rows, [...state.storage.kv.list()]]);
  });
}

/** Every row of every table of an object's SQLite, by table. */
async function storageRows(stub: DurableObjectStub): Promise<Record<string, Record<string, unknown>[]>> {
  return runInDurableObject(stub, (_: unknown, state: DurableObjectState) => {
    const tables = state.storage.sql
      .exec<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%'")
      .toArray();
    return Object.fromEntries(tables.map(({ name }) => [name, state.storage.sql.exec(`SELECT * FROM "${name}"`).toArray()]));
  });
}

interface Change {
  path: string;
  before: unknown;
  after: unknown;
}

/** The leaves that differ between two snapshots, stored JSON documents compared by their contents. */
function changes(before: unknown, after: unknown, path = ""): Change[] {
  const document = (v: unknown) => {
    if (typeof v !== "string" || !/^\s*[[{]/.test(v)) return null;
    try {
      return JSON.parse(v) as unknown;
    } catch {
      return null;
    }
  };
  const [b, a] = [document(before) ?? before, document(after) ?? after];
  if (b !== null && a !== null && typeof b === "object" && typeof a === "object") {
    const keys = new Set([...Object.keys(b), ...Object.keys(a)]);
    return [...keys].flatMap((k) => changes((b as Record<string, unknown>)[k], (a as Record<string, unknown>)[k], `${path}.${k}`));
  }
  return Object.is(b, a) ? [] : [{ path, before, after }];
}

/** Every string stored under a key that names a person (JSON documents read by their contents). */
function personNames(value: unknown, key = ""): unknown[] {
  if (typeof value === "string" && /^\s*[[{]/.test(value)) {
    try {
      return personNames(JSON.parse(value), key);
    } catch {
      // Plain text.
    }
  }
  if (value !== null && typeof value === "object") return Object.entries(value).flatMap(([k, v]) => personNames(v, k));
  return /^(username|ownerUsername|by|owner)$/.test(key) ? [value] : [];
}

/** Runs both shards' alarms until neither has an effect to send or a timer due, so nothing changes on its own meanwhile. */
async function settle(stubs: DurableObjectStub[]): Promise<void> {
  const busy = (stub: DurableObjectStub) =>
    runInDurableObject(stub, (_: unknown, state: DurableObjectState) => {
      const now = Date.now();
      const outbox = state.storage.sql.exec<{ n: number }>("SELECT count(*) AS n FROM _outbox").one().n;
      return outbox + state.storage.sql.exec<{ n: number }>("SELECT count(*) AS n FROM _timers WHERE at <= ?", now).one().n > 0;
    });
  for (let round = 0; round < 20; round++) {
    const pending = await Promise.all(stubs.map(busy));
    if (!pending.some(Boolean)) return;
    for (const stub of stubs) await runAlarmHurried(stub);
  }
  throw new Error("the shards did not settle");
}

/** A free position in the player's own system, for a colony ship. */
async function freeSlot(universe: string, p: Player) {
  const { galaxy, system } = p.coords;
  const slots = await json(await call(`/v1/universes/${universe}/slots?galaxy=${galaxy}&system=${system}`));
  return { galaxy, system, position: (slots.free as number[]).find((x) => x >= 4 && x <= 12)! };
}

const deleteAccount = (p: Player, token = p.user.accessToken) =>
  call("/v1/me", { method: "DELETE", body: { password: p.user.password }, token });

describe("account deletion in a universe", () => {
  it("leaves the name in no shard, system object or shared report: every view another player fetches shows the anonymised name", async () => {
    const { universe, a: gone, b: other } = await twoPlayers(SLOW_PEACE, true);
    const old = gone.user.username;
    await giveShips(universe, gone, { espionage_probe: 1, small_cargo: 1, colony_ship: 1 });
    // Two fleet slots, and room for a colony.
    await giveResearch(universe, gone, { computer_technology: 1, astrophysics: 1 });
    // 100 fighters against one probe: a sure counter-espionage, so both keep a battle report naming both.
    await giveShips(universe, other, { light_fighter: 100 });
    const spy = await json(await launch(universe, gone, { to: to(other), mission: "espionage", ships: { espionage_probe: 1 } }));
    await driveUntil(universe, [gone, other], async () => (await fleets(universe, gone)).fleets.length === 0);
    // Two fleets stay in flight: one to the other player's planet, one to an empty position (its system object's arrival).
    expect((await launch(universe, gone, { to: to(other), mission: "transport", ships: { small_cargo: 1 } })).status).toBe(201);
    const slot = await freeSlot(universe, gone);
    expect((await launch(universe, gone, { to: { ...slot, kind: "planet" }, mission: "colonise", ships: { colony_ship: 1 } })).status).toBe(
      201,
    );
    const share = await json(
      await call(`/v1/universes/${universe}/reports/${spy.id}/share`, { method: "POST", token: other.user.accessToken }),
    );

    const token = other.user.accessToken;
    const views = async () => {
      const paths = [
        `/v1/universes/${universe}/fleets`,
        `/v1/universes/${universe}/reports`,
        `/v1/universes/${universe}/reports/${spy.id}`,
        share.url,
        `/v1/universes/${universe}/notifications`,
        `/v1/universes/${universe}/highscore`,
        `/v1/universes/${universe}/galaxy/${gone.coords.galaxy}/${gone.coords.system}`,
        `/v1/universes/${universe}/galaxy/${other.coords.galaxy}/${other.coords.system}`,
      ];
      const texts = [];
      for (const path of paths) {
        const res = await call(path, { token });
        expect(res.status, path).toBe(200);
        texts.push(await res.text());
      }
      texts.push(JSON.stringify(await planet(other.user, universe, other.planetId)));
      return texts;
    };
    const before = await views();
    expect(JSON.parse(before[0]!).incoming).toEqual([expect.objectContaining({ ownerUsername: old })]);
    expect(before.filter((t) => t.includes(old)).length).toBeGreaterThanOrEqual(6);
    const holders = [shard(universe, 0), shard(universe, 1), systemStub(universe, slot), systemStub(universe, other.coords)];
    // The other player's shard and the colony's system object hold copies of the name (reports, notices, arrivals).
    for (const stub of holders.slice(0, 3)) expect(await storageText(stub)).toContain(old);

    expect((await deleteAccount(gone)).status).toBe(200);
    const anon = anonymisedName(gone.user.id);
    const after = await views();
    expect(JSON.parse(after[0]!).incoming).toEqual([expect.objectContaining({ ownerUsername: anon })]);
    expect(JSON.parse(after[2]!).report.attackers).toEqual([{ playerId: gone.user.id, name: anon }]);
    const notice = JSON.parse(after[4]!).notifications.find((n: { kind: string }) => n.kind === "espionage_notice");
    expect(notice).toMatchObject({ message: expect.stringMatching(new RegExp(`^${anon}'s probes`)), data: { by: anon } });
    for (const text of after) expect(text).not.toContain(old);

    // Nothing stays behind to be served later: no shard, no system object, no D1 copy holds the name.
    for (const stub of holders) expect(await storageText(stub)).not.toContain(old);
    const { results } = await env.DB.prepare("SELECT * FROM battle_reports WHERE universe_id = ?").bind(universe).all();
    expect(results).toHaveLength(1);
    expect(JSON.stringify(results)).not.toContain(old);
    await quiet(universe, [gone, other]);
    await quietSystem(universe, slot);
  });

  it("answers 503 universe_unavailable while a shard cannot rename, with the account untouched; a retry finishes it", async () => {
    const { universe, a: gone, b: other } = await twoPlayers(FAST, true);
    await arm(universe, other, "before_commit");
    await expectError(await deleteAccount(gone), 503, "universe_unavailable");
    const again = await login(gone.user.username, gone.user.password);
    expect(again.status).toBe(200);
    expect((await deleteAccount(gone, (await json(again)).accessToken)).status).toBe(200);
    const ranks = await call(`/v1/universes/${universe}/highscore`, { token: other.user.accessToken });
    expect(await ranks.text()).toContain(anonymisedName(gone.user.id));
    for (const n of [0, 1]) expect(await storageText(shard(universe, n))).not.toContain(gone.user.username);
  });

  it("renames only where the player is named: a player called like a mission leaves every fleet, resource and queue as it was", async () => {
    // Flights between positions 4 and 8 of one system take about 5 s: long enough to delete the account meanwhile.
    const universe = await createUniverse({ ...FAST, economySpeed: 1, fleetSpeedPeaceful: 1_000, allowChoosePosition: true });
    const old = "transport";
    const password = "correct horse battery";
    const ip = uniqueIp();
    const registered = await json(await call("/v1/auth/register", { body: { username: old, password }, ip }));
    const { accessToken, refreshToken, sessionId } = registered;
    const user = { id: registered.user.id as string, username: old, password, accessToken, refreshToken, sessionId, ip };
    const gone: Player = {
      user,
      planetId: (await joined(user, universe, { galaxy: 1, system: 1, position: 4 })).planetId,
      coords: { galaxy: 1, system: 1, position: 4 },
    };
    let neighbour = await registerUser("flb");
    while (shardOf(neighbour.id, FAST.shardCount) === shardOf(user.id, FAST.shardCount)) neighbour = await registerUser("flb");
    const other: Player = {
      user: neighbour,
      planetId: (await joined(neighbour, universe, { galaxy: 1, system: 1, position: 8 })).planetId,
      coords: { galaxy: 1, system: 1, position: 8 },
    };
    await giveShips(universe, gone, { small_cargo: 1 });
    await giveShips(universe, other, { small_cargo: 1 });
    // Each sends the other a transport with cargo, and queues a building: "transport" is stored as a mission in both shards.
    const cargo = { metal: 100, crystal: 200, deuterium: 0 };
    const send = async (from: Player, target: Player) => {
      expect((await launch(universe, from, { to: to(target), mission: "transport", ships: { small_cargo: 1 }, cargo })).status).toBe(201);
      expect((await build(from.user, universe, from.planetId, "metal_mine")).status).toBe(200);
    };
    await send(gone, other);
    await send(other, gone);
    const stubs = [shard(universe, 0), shard(universe, 1)];
    await settle(stubs);
    const before = await Promise.all(stubs.map(storageRows));
    // Stored JSON, seen in the rows' text: each shard keeps a fleet and an arrival on that mission.
    expect(JSON.stringify(before).match(/\\"mission\\":\\"transport\\"/g)).toHaveLength(4);

    expect((await deleteAccount(gone)).status).toBe(200);
    const anon = anonymisedName(gone.user.id);
    const after = await Promise.all(stubs.map(storageRows));
    const arrivals = (await fleets(universe, other)).incoming as { arrivalAt: number; ownerUsername: string; mission: string }[];
    // Both snapshots were taken with the fleets still in flight: nothing but the rename ran between them.
    expect(Date.now()).toBeLessThan(Math.min(...arrivals.map((a) => a.arrivalAt)));
    expect(arrivals).toEqual([expect.objectContaining({ ownerUsername: anon, mission: "transport" })]);

    // Every stored change is a person's name (the empire's, an arrival's owner, a timer's or effect's copy), and nothing else.
    const renamed = changes(before, after);
    expect(renamed.map((c) => c.path)).toEqual(
      expect.arrayContaining([expect.stringMatching(/\.username$/), expect.stringMatching(/\.ownerUsername$/)]),
    );
    for (const c of renamed) {
      expect(c.path).toMatch(/\.(username|ownerUsername)$/);
      expect([c.before, c.after]).toEqual([old, anon]);
    }
    expect(personNames(after)).not.toContain(old);

    // The fleets land and deliver their cargo: the other player is told by the anonymised name.
    await driveUntil(universe, [gone, other], async () => {
      const seen = await json(await call(`/v1/universes/${universe}/notifications`, { token: other.user.accessToken }));
      return seen.notifications.some((n: { kind: string }) => n.kind === "fleet_delivered");
    });
    const seen = await json(await call(`/v1/universes/${universe}/notifications`, { token: other.user.accessToken }));
    const delivered = seen.notifications.find((n: { kind: string }) => n.kind === "fleet_delivered");
    expect(delivered).toMatchObject({ message: `${anon}'s fleet delivered its cargo`, data: { cargo } });
    await driveUntil(universe, [gone, other], async () =>
      (await fleets(universe, other)).fleets.some(
        (f: { state: string; mission: string }) => f.state === "returning" && f.mission === "transport",
      ),
    );
    const ranks = await json(await call(`/v1/universes/${universe}/highscore`, { token: other.user.accessToken }));
    expect(ranks.entries.map((e: { username: string }) => e.username)).toEqual(expect.arrayContaining([anon]));
    expect(ranks.entries.map((e: { username: string }) => e.username)).not.toContain(old);
    await quiet(universe, [gone, other]);
  });

  it("renames by a table's primary key, a table without rowid included, and only the player's copies", async () => {
    const universe = await createUniverse(FAST);
    const change = { playerId: "p1", from: "crystal", to: "deleted_00000001" };
    const rows = await runInDurableObject(shard(universe, 0), (_: unknown, state: DurableObjectState) => {
      const sql = state.storage.sql;
      sql.exec("CREATE TABLE keyed (a TEXT NOT NULL, b INTEGER NOT NULL, data TEXT NOT NULL, PRIMARY KEY (a, b)) WITHOUT ROWID");
      const insert = (a: string, b: number, data: object) => sql.exec("INSERT INTO keyed VALUES (?, ?, ?)", a, b, JSON.stringify(data));
      insert("crystal", 1, { ownerUsername: "crystal", resource: "crystal" });
      insert("crystal", 2, { ownerUsername: "altair", resource: "crystal" });
      forgetName(state.storage, change);
      const out = sql.exec("SELECT * FROM keyed ORDER BY b").toArray();
      sql.exec("DROP TABLE keyed");
      return out;
    });
    expect(rows.map((r) => JSON.parse(r.data as string))).toEqual([
      { ownerUsername: change.to, resource: "crystal" },
      { ownerUsername: "altair", resource: "crystal" },
    ]);
    expect(rows.map((r) => r.a)).toEqual(["crystal", "crystal"]);
  });
});
