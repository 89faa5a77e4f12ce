import { env, runInDurableObject, SELF } from "cloudflare:test";
import { expect } from "vitest";
import type { Faults, FaultStep } from "../../durable-objects/kit";
import { marketName } from "../../src/universe/addressing";
import { shardName, shardOf } from "../../src/universe/registry";
import { call, json, registerUser, type TestUser, uniqueIp } from "../helpers/http";
import { createUniverse, joined } from "../universe/helpers";

export type Stock = { metal: number; crystal: number; deuterium: number };

export const START: Stock = { metal: 100_000, crystal: 100_000, deuterium: 100_000 };

/**
 * A universe with no production at all (no basic income, mines at level 0), so every resource in
 * it comes from the starting stock and the ledger must balance exactly.
 */
export const MARKET_SETTINGS = {
  economySpeed: 1,
  basicIncome: { metal: 0, crystal: 0, deuterium: 0, energy: 0 },
  startingResources: START,
  shardCount: 2,
  marketShards: 2,
};

export interface Trader extends TestUser {
  planetId: string;
}

export async function marketUniverse(players: number, settings: Record<string, unknown> = {}) {
  const all = { ...MARKET_SETTINGS, ...settings };
  const universe = await createUniverse(all);
  const traders: Trader[] = [];
  for (let i = 0; i < players; i++) {
    const user = await registerUser(`mk${i}`);
    traders.push({ ...user, planetId: (await joined(user, universe)).planetId });
  }
  return { universe, traders, shardCount: all.shardCount, marketShards: all.marketShards };
}

export const lot = (resource: keyof Stock, amount: number) => ({ resource, amount });

export function offer(universe: string, t: Trader, offered: ReturnType<typeof lot>, requested: ReturnType<typeof lot>, key?: string) {
  return call(`/v1/universes/${universe}/market/offers`, {
    token: t.accessToken,
    body: { planet: t.planetId, offered, requested },
    ...(key ? { headers: { "Idempotency-Key": key } } : {}),
  });
}

export async function opened(universe: string, t: Trader, offered = lot("metal", 3000), requested = lot("crystal", 2000)) {
  const res = await offer(universe, t, offered, requested);
  expect(res.status).toBe(201);
  return json(res);
}

export function accept(universe: string, t: Trader, offerId: string, key?: string) {
  return call(`/v1/universes/${universe}/market/offers/${offerId}/accept`, {
    token: t.accessToken,
    body: { planet: t.planetId },
    ...(key ? { headers: { "Idempotency-Key": key } } : {}),
  });
}

export function cancel(universe: string, t: Trader, offerId: string) {
  return call(`/v1/universes/${universe}/market/offers/${offerId}`, { method: "DELETE", token: t.accessToken });
}

export async function stock(universe: string, t: Trader): Promise<Stock> {
  const res = await call(`/v1/universes/${universe}/planets/${t.planetId}`, { token: t.accessToken });
  expect(res.status).toBe(200);
  const { metal, crystal, deuterium } = (await json(res)).resources;
  return { metal, crystal, deuterium };
}

export function shardStubOf(universe: string, userId: string, shardCount: number) {
  return env.UNIVERSE_SHARDS.get(env.UNIVERSE_SHARDS.idFromName(shardName(universe, shardOf(userId, shardCount))));
}

export function marketStub(universe: string, m: number) {
  return env.UNIVERSE_MARKETS.get(env.UNIVERSE_MARKETS.idFromName(marketName(universe, m)));
}

/** Every object of the universe that takes part in trades. */
export function objects(universe: string, shardCount: number, marketShards: number): DurableObjectStub[] {
  const shards = Array.from({ length: shardCount }, (_, i) =>
    env.UNIVERSE_SHARDS.get(env.UNIVERSE_SHARDS.idFromName(shardName(universe, i))),
  );
  return [...shards, ...Array.from({ length: marketShards }, (_, m) => marketStub(universe, m))];
}

/**
 * Runs an object's alarm now, with every outbox row due, as if each backoff had elapsed. A crash
 * injected on the way surfaces as a rejection, which is what a test that armed one expects.
 */
export async function kick(stub: DurableObjectStub): Promise<void> {
  await runInDurableObject(stub, async (instance: object, state: DurableObjectState) => {
    state.storage.sql.exec("UPDATE _outbox SET next_at = ?", Date.now());
    await (instance as { alarm(): Promise<void> }).alarm();
  }).catch(() => null);
}

/** Rows waiting in an object's outbox; a crash meanwhile (a delivery reaching an armed fault) counts as one, to look again. */
function pendingRows(stub: DurableObjectStub): Promise<number> {
  return runInDurableObject(
    stub,
    (_: unknown, state: DurableObjectState) => state.storage.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM _outbox").one().n,
  ).catch(() => 1);
}

/**
 * Drives every object's deliveries until no effect is left in any outbox. A stub breaks with its
 * object when the object crashes, so each round asks `stubs` for fresh ones.
 */
export async function drain(stubs: () => DurableObjectStub[]): Promise<void> {
  for (let round = 0; round < 20; round++) {
    let pending = 0;
    for (const stub of stubs()) pending += await pendingRows(stub);
    if (pending === 0) return;
    // The runtime's own alarm may hold a delivery on the wire; a later round finds it done.
    if (round > 0) await new Promise((r) => setTimeout(r, 20));
    for (const stub of stubs()) await kick(stub);
  }
  throw new Error("effects still pending after 20 rounds");
}

/** Crashes `stub` when it next reaches `step` (durable-objects/kit/faults.ts). */
export async function crashAt(stub: DurableObjectStub, step: FaultStep): Promise<void> {
  await runInDurableObject(stub, (instance: object) => (instance as { faults: Faults }).faults.arm(step));
}

const add = (a: Stock, r: string, n: number) => ({ ...a, [r]: a[r as keyof Stock] + n });
const ZERO: Stock = { metal: 0, crystal: 0, deuterium: 0 };

export interface Ledger {
  stocks: Stock;
  escrow: Stock;
  inFlight: Stock;
  fees: Stock;
  total: Stock;
}

/**
 * Where every resource of the universe is, read from the objects' storage: planet stocks,
 * escrow of open offers, lots travelling in outbox rows, and fees destroyed.
 */
export async function ledger(universe: string, shardCount: number, marketShards: number): Promise<Ledger> {
  let stocks = ZERO;
  let escrow = ZERO;
  let inFlight = ZERO;
  let fees = ZERO;
  for (const stub of objects(universe, shardCount, marketShards)) {
    const part = await runInDurableObject(stub, (_: unknown, state: DurableObjectState) => {
      const sql = state.storage.sql;
      const has = (t: string) => sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM sqlite_master WHERE name = ?", t).one().n > 0;
      const out = { stocks: ZERO, escrow: ZERO, inFlight: ZERO, fees: ZERO };
      for (const row of sql.exec<{ payload: string }>("SELECT payload FROM _outbox").toArray()) {
        const l = (JSON.parse(row.payload) as { lot?: { resource: string; amount: number } }).lot;
        if (l) out.inFlight = add(out.inFlight, l.resource, l.amount);
      }
      if (has("empires")) {
        for (const row of sql.exec<{ state: string }>("SELECT state FROM empires").toArray()) {
          for (const p of (JSON.parse(row.state) as { planets: { resources: Stock }[] }).planets) {
            for (const r of ["metal", "crystal", "deuterium"]) out.stocks = add(out.stocks, r, p.resources[r as keyof Stock]);
          }
        }
      }
      if (has("offers")) {
        for (const o of sql
          .exec<{ status: string; offered_resource: string; offered_amount: number; requested_resource: string; fee: number | null }>(
            "SELECT * FROM offers",
          )
          .toArray()) {
          if (o.status === "open") out.escrow = add(out.escrow, o.offered_resource, o.offered_amount);
          if (o.fee) out.fees = add(out.fees, o.requested_resource, o.fee);
        }
      }
      return out;
    });
    const sum = (a: Stock, b: Stock) => ({
      metal: a.metal + b.metal,
      crystal: a.crystal + b.crystal,
      deuterium: a.deuterium + b.deuterium,
    });
    stocks = sum(stocks, part.stocks);
    escrow = sum(escrow, part.escrow);
    inFlight = sum(inFlight, part.inFlight);
    fees = sum(fees, part.fees);
  }
  const total = [stocks, escrow, inFlight, fees].reduce((a, b) => ({
    metal: a.metal + b.metal,
    crystal: a.crystal + b.crystal,
    deuterium: a.deuterium + b.deuterium,
  }));
  return { stocks, escrow, inFlight, fees, total };
}

export const initial = (players: number): Stock => ({
  metal: START.metal * players,
  crystal: START.crystal * players,
  deuterium: START.deuterium * players,
});

/** A universe socket, with every frame it receives collected. */
export async function socket(universe: string, token: string) {
  const res = await SELF.fetch(`http://orrery.test/v1/universes/${universe}/ws`, {
    headers: { Upgrade: "websocket", "Sec-WebSocket-Protocol": `orrery.v1, bearer.${token}`, "CF-Connecting-IP": uniqueIp() },
  });
  expect(res.status).toBe(101);
  const ws = res.webSocket as WebSocket;
  ws.accept();
  const frames: any[] = [];
  ws.addEventListener("message", (e) => frames.push(JSON.parse(String(e.data))));
  return { ws, frames };
}

/**
 * Registers players until one lives on each of the universe's shards, so every trade between
 * them crosses objects (a seller's shard, the market, a buyer's shard).
 */
export async function tradersOnShards(universe: string, shardCount: number): Promise<Trader[]> {
  const found = new Map<number, Trader>();
  for (let i = 0; found.size < shardCount && i < 40; i++) {
    const user = await registerUser(`ms${i}`);
    const shard = shardOf(user.id, shardCount);
    if (found.has(shard)) continue;
    found.set(shard, { ...user, planetId: (await joined(user, universe)).planetId });
  }
  return [...found.entries()].sort(([a], [b]) => a - b).map(([, t]) => t);
}
