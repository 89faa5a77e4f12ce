import { runInDurableObject } from "cloudflare:test";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { registerUser, type TestUser } from "../helpers/http";
import { build, createUniverse, highscorePoints, joined, planet, shardPoints, shardStub, sleep, until } from "./helpers";
import { clearTimers, runScoreRetries, scoreIntent, scriptD1 } from "./shard-faults";

const step = fc.record({
  /** Score pushes of the shard that fail from this step on. */
  failures: fc.integer({ min: 0, max: 3 }),
  /** build: queue a level; change: queue one and wait until it completes; retry: run the due score retries. */
  action: fc.constantFrom("build", "change", "change", "retry", "retry"),
  object: fc.constantFrom("metal_store", "crystal_store", "deuterium_tank"),
});

function runAlarm(stub: DurableObjectStub) {
  return runInDurableObject(stub, (instance: object) => (instance as { alarm(): Promise<void> }).alarm());
}

/**
 * While the highscore is behind the shard, the intent to publish must exist. Checked only with
 * nothing queued, so no completion can change the score between the reads.
 */
async function expectIntentWhileBehind(user: TestUser, universe: string, planetId: string, stub: DurableObjectStub) {
  if ((await planet(user, universe, planetId)).buildQueue.length > 0) return;
  const intent = await scoreIntent(stub, user.id);
  const shard = await shardPoints(user, universe);
  const published = await highscorePoints(user, universe);
  if (published !== shard) expect(intent, `highscore ${published} behind shard ${shard} with no intent to publish`).not.toBeNull();
}

describe("shard invariants", () => {
  it("never loses a score push, and brings the highscore to the shard's score once D1 is back", async () => {
    const universe = await createUniverse();
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 5 }), async (steps) => {
        const user = await registerUser("prop");
        const { planetId } = await joined(user, universe);
        const stub = shardStub(universe, user.id);
        const d1 = await scriptD1(stub);
        try {
          for (const s of steps) {
            d1.failNext(s.failures);
            if (s.action === "retry") await runScoreRetries(stub);
            else await build(user, universe, planetId, s.object);
            // The completion runs on the shard's own alarm while this waits.
            if (s.action === "change") await sleep(1050);
            await until(() => d1.settled === d1.executed);
            await expectIntentWhileBehind(user, universe, planetId, stub);
          }
          // Every queued level completes (their pushes may still fail), so the shard's score is final.
          for (let i = 0; i < 12 && (await planet(user, universe, planetId)).buildQueue.length > 0; i++) await sleep(500);
          await runAlarm(stub);
          await until(() => d1.settled === d1.executed);
          await expectIntentWhileBehind(user, universe, planetId, stub);

          d1.heal();
          await runScoreRetries(stub);
          expect(await highscorePoints(user, universe)).toBe(await shardPoints(user, universe));
          expect(await scoreIntent(stub, user.id)).toBeNull();
        } finally {
          await d1.restore();
          await clearTimers(stub);
        }
      }),
      { numRuns: 12 },
    );
  }, 180_000);
});
