import { describe, expect, it } from "vitest";
import type { FaultStep } from "../../durable-objects/kit";
import { json } from "../helpers/http";
import {
  arm,
  armed,
  driveUntil,
  fleets,
  giveShips,
  launch,
  type Player,
  QUICK_FLIGHTS,
  quiet,
  recall,
  stock,
  to,
  total,
  twoPlayers,
} from "./fleet-helpers";
import { FAST, sleep } from "./helpers";

/*
 * The restart table of docs/universe-cross-shard.md §3, for a transport from A's shard to B's:
 * `incoming` travels A → B, the arrival runs in B, `arrived` travels B → A, the return runs in A.
 * Each case crashes one object at one step, then drives both shards' alarms until the fleet is
 * home, and checks the cargo reached B exactly once and nothing was created or lost.
 */
const cases: { who: "A" | "B"; step: FaultStep; when: string }[] = [
  { who: "A", step: "after_commit", when: "A dies right after committing the launch" },
  { who: "B", step: "during_apply", when: "B dies while applying `incoming`" },
  { who: "B", step: "after_apply", when: "B dies after applying `incoming`, before answering" },
  { who: "A", step: "before_ack", when: "A dies with B's answer to `incoming` before deleting its row" },
  { who: "A", step: "after_ack", when: "A dies right after `incoming` is acknowledged" },
  { who: "B", step: "after_commit", when: "B dies right after committing the arrival" },
  { who: "A", step: "during_apply", when: "A dies while applying `arrived`" },
  { who: "A", step: "after_apply", when: "A dies after applying `arrived`, before answering" },
  { who: "B", step: "before_ack", when: "B dies with A's answer to `arrived` before deleting its row" },
  { who: "B", step: "after_ack", when: "B dies right after `arrived` is acknowledged" },
];

async function transportWithCrash(crash: (a: Player, b: Player, universe: string) => Promise<void>, launchMayFail = false) {
  const { universe, a, b } = await twoPlayers(QUICK_FLIGHTS, true);
  await giveShips(universe, a, { small_cargo: 3 });
  const [a0, b0] = [await stock(universe, a), await stock(universe, b)];
  await crash(a, b, universe);
  const res = await launch(universe, a, { to: to(b), mission: "transport", ships: { small_cargo: 3 }, cargo: { metal: 2000, crystal: 700, deuterium: 300 } });
  if (!launchMayFail) expect(res.status).toBe(201);
  await driveUntil(universe, [a, b], async () => (await fleets(universe, a)).fleets.length === 0);
  // The crash really happened: no step is left armed.
  expect([...(await armed(universe, a)), ...(await armed(universe, b))]).toEqual([]);
  const [a1, b1] = [await stock(universe, a), await stock(universe, b)];
  await quiet(universe, [a, b]);
  return { a0, b0, a1, b1, launched: res.status === 201 ? await json(res) : null };
}

describe("fleets survive a crash at every protocol step", () => {
  for (const { who, step, when } of cases) {
    it(`${when}: the cargo arrives once and resources are conserved`, async () => {
      const { a0, b0, a1, b1 } = await transportWithCrash((a, b, universe) => arm(universe, who === "A" ? a : b, step), true);
      expect(a1.ships).toEqual({ small_cargo: 3 });
      expect([b1.resources.metal - b0.resources.metal, b1.resources.crystal - b0.resources.crystal]).toEqual([2000, 700]);
      expect(b1.resources.deuterium - b0.resources.deuterium).toBe(300);
      const fuel = a0.resources.deuterium - a1.resources.deuterium - 300;
      expect(fuel).toBeGreaterThan(0);
      expect(total(a0.resources) + total(b0.resources)).toBe(total(a1.resources) + total(b1.resources) + fuel);
    });
  }

  it("A dies before committing the launch: nothing happened", async () => {
    const { universe, a, b } = await twoPlayers(QUICK_FLIGHTS, true);
    await giveShips(universe, a, { small_cargo: 3 });
    const [a0, b0] = [await stock(universe, a), await stock(universe, b)];
    await arm(universe, a, "before_commit");
    const res = await launch(universe, a, { to: to(b), mission: "transport", ships: { small_cargo: 3 }, cargo: { metal: 2000, crystal: 0, deuterium: 0 } });
    expect(res.status).toBe(500);
    expect((await fleets(universe, a)).fleets).toEqual([]);
    expect(await stock(universe, a)).toEqual(a0);
    expect(await stock(universe, b)).toEqual(b0);
    await quiet(universe, [a, b]);
  });
});

/* The recall's own round trip, A → B (`recall`) and B's answer, with a crash at each step of it. */
const recallCases: { who: "A" | "B"; step: FaultStep }[] = [
  { who: "B", step: "during_apply" },
  { who: "B", step: "after_apply" },
  { who: "A", step: "before_ack" },
  { who: "A", step: "after_ack" },
];

describe("a recall survives a crash at every protocol step", () => {
  for (const { who, step } of recallCases) {
    it(`${who} dies at ${step} of the recall: the fleet turns once, home with its cargo, B untouched`, async () => {
      // Default fleet speeds: the flight takes hours, so the recall is surely before the arrival.
      const { universe, a, b } = await twoPlayers(FAST, true);
      await giveShips(universe, a, { small_cargo: 2 });
      const [a0, b0] = [await stock(universe, a), await stock(universe, b)];
      const cargo = { metal: 2000, crystal: 700, deuterium: 300 };
      const fleet = await json(await launch(universe, a, { to: to(b), mission: "transport", ships: { small_cargo: 2 }, cargo }));
      await driveUntil(universe, [a, b], async () => (await fleets(universe, a)).fleets.length === 1);
      await sleep(1000);
      await arm(universe, who === "A" ? a : b, step);
      expect((await recall(universe, a, fleet.id)).status).toBe(200);
      await driveUntil(universe, [a, b], async () => (await fleets(universe, a)).fleets[0]?.state === "returning");
      const turned = (await fleets(universe, a)).fleets[0];
      expect(turned.returnAt - turned.recalledAt).toBe(turned.recalledAt - fleet.departureAt);
      await driveUntil(universe, [a, b], async () => (await fleets(universe, a)).fleets.length === 0);
      expect([...(await armed(universe, a)), ...(await armed(universe, b))]).toEqual([]);
      const [a1, b1] = [await stock(universe, a), await stock(universe, b)];
      expect(a1.ships).toEqual({ small_cargo: 2 });
      expect(b1.resources).toEqual(b0.resources);
      expect(total(a0.resources) - total(a1.resources)).toBe(fleet.fuel);
      await quiet(universe, [a, b]);
    });
  }
});
