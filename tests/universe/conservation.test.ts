import { evictDurableObject, runInDurableObject } from "cloudflare:test";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { FaultStep } from "../../durable-objects/kit";
import { call, json, loginAdmin } from "../helpers/http";
import { accept, cancel, ledger, lot, marketStub, offer, type Trader } from "../market/helpers";
import { seedColony, seedEmpire, withResearch, withUnits } from "./colony-helpers";
import { launch, type Player, QUICK_FLIGHTS, recall, twoPlayers } from "./fleet-helpers";
import { runAlarmHurried, shardStub, sleep, systemStub } from "./helpers";

/*
 * The conservation property of docs/universe-cross-shard.md §3, over two shards, the system
 * objects of both home systems and two market objects: random launches (transport, deploy,
 * recycle, colonise), recalls at random moments, offers, accepts and cancels, alarm runs at random
 * times, and crashes (an armed fault step or an eviction) between steps. Once every object is
 * driven quiet, the ledger must balance:
 *
 *   planet stocks + debris + escrow + fees + fuel burnt = initial total + debris the test added
 *
 * (cargo in flight and outbox payloads are zero once quiet, which the test checks). There is no
 * basic income and every stock is kept at or above its storage capacity, so nothing is produced.
 */

type Coords = { galaxy: number; system: number; position: number };
type Resources = { metal: number; crystal: number; deuterium: number };

/** Peaceful and war flights at the 1-second minimum. */
const SETTINGS = {
  ...QUICK_FLIGHTS,
  fleetSpeedWar: 10_000,
  basicIncome: { metal: 0, crystal: 0, deuterium: 0, energy: 0 },
  marketShards: 2,
  marketFeeRate: 0.05,
};
const RESOURCES = ["metal", "crystal", "deuterium"] as const;
/** The market's guidance ratio (§13), which prices must lie near. */
const WORTH = { metal: 3, crystal: 2, deuterium: 1 };
/** Above the 10,000 a level-0 store holds, so no planet ever produces. */
const FULL: Resources = { metal: 50_000, crystal: 50_000, deuterium: 50_000 };
const COLONY_CARGO: Resources = { metal: 12_000, crystal: 12_000, deuterium: 12_000 };
/** Positions a colony ship may aim at in a home system (astrophysics 0 reaches 4–12). */
const COLONY_POSITIONS = [4, 5, 6, 7, 8];
const FIELD_POSITION = 15;
const STEPS: FaultStep[] = ["before_commit", "after_commit", "during_apply", "after_apply", "before_ack", "after_ack"];

const sum = (r: Resources) => r.metal + r.crystal + r.deuterium;

const action = fc.oneof(
  fc.record({ kind: fc.constant("transport" as const), from: fc.nat(1), metal: fc.integer({ min: 0, max: 20_000 }) }),
  fc.record({ kind: fc.constant("deploy" as const), from: fc.nat(1), metal: fc.integer({ min: 0, max: 10_000 }) }),
  fc.record({ kind: fc.constant("recycle" as const), from: fc.nat(1) }),
  fc.record({ kind: fc.constant("colonise" as const), from: fc.nat(1), position: fc.constantFrom(...COLONY_POSITIONS) }),
  fc.record({ kind: fc.constant("recall" as const), from: fc.nat(1), pick: fc.nat(5) }),
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("offer" as const),
      from: fc.nat(1),
      offered: fc.nat(2),
      requested: fc.nat(1),
      amount: fc.integer({ min: 1, max: 20_000 }),
      // Mostly inside the market's ratio band [0.5, 2], sometimes outside.
      ratio: fc.double({ min: 0.4, max: 2.2, noNaN: true }),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("accept" as const), from: fc.nat(1), pick: fc.nat(9) }) },
  fc.record({ kind: fc.constant("cancel" as const), from: fc.nat(1), pick: fc.nat(9) }),
  fc.record({
    kind: fc.constant("debris" as const),
    metal: fc.integer({ min: 1, max: 30_000 }),
    crystal: fc.integer({ min: 0, max: 10_000 }),
  }),
  fc.record({ kind: fc.constant("alarms" as const), waitMs: fc.integer({ min: 0, max: 1_200 }) }),
  fc.record({ kind: fc.constant("crash" as const), object: fc.nat(5), step: fc.constantFrom(...STEPS) }),
  fc.record({ kind: fc.constant("evict" as const), object: fc.nat(5) }),
);

type Armable = { faults: { arm(step: FaultStep): void } };
type Action = typeof action extends fc.Arbitrary<infer T> ? T : never;

interface World {
  universe: string;
  players: Player[];
  /** The field's system (player 0's home system) and player 1's home system. */
  systems: Coords[];
  field: Coords;
  /** Offers opened so far, for accepts and cancels to pick from. */
  offers: { id: string; seller: number }[];
  fuel: number;
  added: number;
}

const stubs = (w: World) => [
  ...w.players.map((p) => shardStub(w.universe, p.user.id)),
  ...w.systems.map((c) => systemStub(w.universe, c)),
  ...[0, 1].map((m) => marketStub(w.universe, m)),
];

const trader = (p: Player): Trader => ({ ...p.user, planetId: p.planetId });

/** A request that meets an object as it crashes fails with a 500: ask again, as a client would. */
async function settled(send: () => Promise<Response>): Promise<Response> {
  for (let attempt = 0; ; attempt++) {
    const res = await send();
    if (res.status < 500 || attempt === 5) return res;
    await res.body?.cancel();
  }
}

async function read(w: World, p: Player, path: string) {
  const res = await settled(() => call(`/v1/universes/${w.universe}${path}`, { token: p.user.accessToken }));
  expect(res.status).toBe(200);
  return json(res);
}

/**
 * Launches with an Idempotency-Key, retried after a crash: a retry after an unseen commit is a
 * replay of the first answer, so the fuel of each fleet is counted once.
 */
async function send(w: World, p: Player, body: Record<string, unknown>): Promise<void> {
  const key = crypto.randomUUID();
  const res = await settled(() => launch(w.universe, p, body, { "Idempotency-Key": key }));
  if (res.status === 201) w.fuel += (await json(res)).fuel;
  else expect(res.status, JSON.stringify(await json(res))).toBeLessThan(500);
}

async function planetsOf(w: World, p: Player): Promise<{ id: string; coords: Coords }[]> {
  return (await read(w, p, "/empire")).planets;
}

async function apply(w: World, a: Action): Promise<void> {
  const from = "from" in a ? a.from : 0;
  const p = w.players[from]!;
  const other = w.players[1 - from]!;
  switch (a.kind) {
    case "transport":
      return send(w, p, {
        to: { ...other.coords, kind: "planet" },
        mission: "transport",
        ships: { small_cargo: 5 },
        cargo: { metal: a.metal, crystal: 1_000, deuterium: 500 },
      });
    case "deploy": {
      const own = (await planetsOf(w, p)).filter((x) => x.id !== p.planetId);
      return send(w, p, {
        to: { ...own[0]!.coords, kind: "planet" },
        mission: "deploy",
        ships: { small_cargo: 2 },
        cargo: { metal: a.metal, crystal: 0, deuterium: 0 },
      });
    }
    case "recycle":
      return send(w, p, { to: { ...w.field, kind: "debris" }, mission: "recycle", ships: { recycler: 1 } });
    case "colonise":
      return send(w, p, {
        to: { ...w.systems[0]!, position: a.position, kind: "planet" },
        mission: "colonise",
        ships: { colony_ship: 1, large_cargo: 2 },
        cargo: COLONY_CARGO,
      });
    case "recall": {
      const flying = (await read(w, p, "/fleets")).fleets as { id: string }[];
      if (flying.length === 0) return;
      const res = await settled(() => recall(w.universe, p, flying[a.pick % flying.length]!.id));
      // Too late (already arrived or returning) is a refusal, not a fault.
      expect(res.status).toBeLessThan(500);
      return;
    }
    case "offer": {
      const offered = RESOURCES[a.offered]!;
      const requested = RESOURCES.filter((r) => r !== offered)[a.requested]!;
      const price = Math.max(1, Math.round(((a.amount * WORTH[requested]) / WORTH[offered]) * a.ratio));
      const key = crypto.randomUUID();
      const res = await settled(() => offer(w.universe, trader(p), lot(offered, a.amount), lot(requested, price), key));
      if (res.status === 201) w.offers.push({ id: (await json(res)).id, seller: from });
      else expect(res.status).toBeLessThan(500);
      return;
    }
    case "accept": {
      // Mostly another's offer; sometimes one's own, which the market refuses.
      const pool = w.offers.filter((o) => o.seller !== from);
      const list = pool.length > 0 && a.pick % 4 !== 0 ? pool : w.offers;
      const picked = list[a.pick % Math.max(1, list.length)];
      if (!picked) return;
      const key = crypto.randomUUID();
      const res = await settled(() => accept(w.universe, trader(p), picked.id, key));
      expect(res.status).toBeLessThan(500);
      return;
    }
    case "cancel": {
      if (w.offers.length === 0) return;
      const res = await settled(() => cancel(w.universe, trader(p), w.offers[a.pick % w.offers.length]!.id));
      expect(res.status).toBeLessThan(500);
      return;
    }
    case "debris": {
      const amounts = { metal: a.metal, crystal: a.crystal, deuterium: 0 };
      // Retried after a crash with the same key, so the field grows once (a new key would add again).
      const headers = { "Idempotency-Key": crypto.randomUUID() };
      const res = await settled(async () =>
        call(`/v1/admin/universes/${w.universe}/debris`, { token: await loginAdmin(), headers, body: { ...w.field, ...amounts } }),
      );
      expect(res.status).toBe(201);
      w.added += sum(amounts);
      return;
    }
    case "alarms":
      await sleep(a.waitMs);
      return runAlarms(w);
    case "crash": {
      const stub = stubs(w)[a.object]!;
      await runInDurableObject(stub, (instance: object) => (instance as Armable).faults.arm(a.step));
      return;
    }
    case "evict":
      return restart(stubs(w)[a.object]!);
  }
}

/** Runs every object's alarm once, outbox rows made due as if their backoff had passed; a crash in one is a rejected run. */
async function runAlarms(w: World): Promise<void> {
  for (const stub of stubs(w)) await runAlarmHurried(stub);
}

/** Evicts the object (which also drops faults armed in its memory); waking it first, as eviction needs it running. */
async function restart(stub: DurableObjectStub): Promise<void> {
  await runInDurableObject(stub, () => null);
  await evictDurableObject(stub);
}

const outboxRows = (stub: DurableObjectStub) =>
  runInDurableObject(
    stub,
    (_: unknown, state: DurableObjectState) => state.storage.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM _outbox").one().n,
  );

/** Drives every object until no fleet flies and no outbox holds a row, then drops faults left armed. */
async function driveQuiet(w: World): Promise<void> {
  for (let round = 0; round < 150; round++) {
    const flying = (await Promise.all(w.players.map(async (p) => (await read(w, p, "/fleets")).fleets.length))).reduce((x, y) => x + y);
    const queued = (await Promise.all(stubs(w).map((s) => outboxRows(s).catch(() => 1)))).reduce((x, y) => x + y);
    if (flying === 0 && queued === 0) {
      for (const stub of stubs(w)) await restart(stub);
      return;
    }
    await runAlarms(w);
    await sleep(100);
  }
  throw new Error("the objects never went quiet");
}

/** Every resource the ledger counts: all planets' stocks, the field's debris, the market's escrow and fees. */
async function holdings(w: World): Promise<number> {
  const market = await ledger(w.universe, SETTINGS.shardCount, SETTINGS.marketShards);
  expect(sum(market.inFlight)).toBe(0);
  let total = sum(market.escrow) + sum(market.fees);
  for (const p of w.players) {
    for (const { id } of await planetsOf(w, p)) {
      const view = await read(w, p, `/planets/${encodeURIComponent(id)}`);
      for (const r of ["metal", "crystal", "deuterium"] as const) {
        // The ledger's assumption: a store that is full never produces.
        expect(view.resources[r], `${id} ${r} below capacity: production would blur the ledger`).toBeGreaterThanOrEqual(view.capacity[r]);
      }
      total += sum(view.resources);
    }
  }
  const galaxy = await json(await call(`/v1/universes/${w.universe}/galaxy/${w.field.galaxy}/${w.field.system}`));
  const debris = galaxy.positions[w.field.position - 1].debris as Resources | null;
  return total + (debris ? sum(debris) : 0);
}

async function world(): Promise<World> {
  const { universe, a, b } = await twoPlayers(SETTINGS, true);
  for (const [p, position] of [
    [a, 13],
    [b, 14],
  ] as const) {
    await seedColony(universe, p.user, position, { resources: FULL });
    await seedEmpire(universe, p.user, withResearch({ astrophysics: 6, computer_technology: 10 }));
    await seedEmpire(universe, p.user, withUnits({ small_cargo: 40, large_cargo: 20, recycler: 6, colony_ship: 4 }));
  }
  const systems = [a.coords, b.coords].map(({ galaxy, system }) => ({ galaxy, system, position: 0 }));
  const w: World = {
    universe,
    players: [a, b],
    systems,
    field: { ...systems[0]!, position: FIELD_POSITION },
    offers: [],
    fuel: 0,
    added: 0,
  };
  // A field from the start, so recyclers have something to collect before the first random one.
  await apply(w, { kind: "debris", metal: 25_000, crystal: 10_000 });
  return w;
}

async function silence(w: World): Promise<void> {
  for (const stub of stubs(w)) {
    await runInDurableObject(stub, async (_: unknown, state: DurableObjectState) => {
      state.storage.sql.exec("DELETE FROM _timers");
      await state.storage.deleteAlarm();
    });
  }
}

describe("conservation across shards", () => {
  it("planet stocks, debris, escrow, fees and fuel burnt balance after random fleets, recalls, trades, alarms and crashes", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(action, { minLength: 6, maxLength: 14 }), async (actions) => {
        const w = await world();
        try {
          const initial = (await holdings(w)) - w.added;
          for (const a of actions) await apply(w, a);
          await driveQuiet(w);
          expect(await holdings(w)).toBe(initial + w.added - w.fuel);
        } finally {
          await silence(w);
        }
      }),
      { numRuns: 8 },
    );
  }, 120_000);
});
