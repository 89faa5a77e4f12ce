import { env, evictDurableObject, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { scoreRetryDelay } from "../../durable-objects/universe-shard/scores";
import { registerUser } from "../helpers/http";
import { build, createUniverse, highscorePoints, joined, shardPoints, shardStub, sleep, until } from "./helpers";
import { clearTimers, runScoreRetries, scoreIntent, scriptD1 } from "./shard-faults";

/** A fresh player whose shard talks to a scripted D1. Metal storage levels score 1, then 3 points. */
async function player() {
  const universe = await createUniverse();
  const user = await registerUser("sp");
  const { planetId } = await joined(user, universe);
  const stub = shardStub(universe, user.id);
  return { universe, user, planetId, stub, d1: await scriptD1(stub) };
}

describe("score push to the highscore", () => {
  it("converges after any number of consecutive D1 failures, backing off between retries", async () => {
    const { universe, user, planetId, stub, d1 } = await player();
    const failures = 6;
    d1.failNext(1 + failures);
    await build(user, universe, planetId, "metal_store");
    // The completion's alarm pushes 1 point, and fails.
    await until(() => d1.settled === 1);
    expect(await scoreIntent(stub, user.id)).not.toBeNull();
    for (let attempt = 1; attempt <= failures; attempt++) {
      const before = Date.now();
      await runScoreRetries(stub);
      const intent = await scoreIntent(stub, user.id);
      expect(intent).not.toBeNull();
      expect(intent!.attempt).toBe(attempt);
      expect(intent!.at).toBeGreaterThanOrEqual(before + scoreRetryDelay(attempt));
    }
    expect(d1.settled).toBe(1 + failures);
    expect(await highscorePoints(user, universe)).toBe(0);

    await runScoreRetries(stub);
    expect(await shardPoints(user, universe)).toBe(1);
    expect(await highscorePoints(user, universe)).toBe(1);
    expect(await scoreIntent(stub, user.id)).toBeNull();
    await d1.restore();
    await clearTimers(stub);
  });

  it("never lets an older push that lands late overwrite a newer one", async () => {
    const { universe, user, planetId, stub, d1 } = await player();
    await build(user, universe, planetId, "metal_store");
    await build(user, universe, planetId, "metal_store");
    const base = d1.executed;
    const slow = d1.holdNext();
    // Level 1 completes (1 point, version 1); its push is held.
    await until(() => d1.executed === base + 1);
    await sleep(1100);
    // This command settles level 2 (3 points, version 2) and pushes it after answering.
    expect((await build(user, universe, planetId, "crystal_store")).status).toBe(200);
    await until(() => d1.settled === base + 1);
    expect(await highscorePoints(user, universe)).toBe(3);
    slow.release();
    await until(() => d1.settled === d1.executed);
    expect(await highscorePoints(user, universe)).toBe(3);
    expect(await shardPoints(user, universe)).toBe(3);
    expect(await scoreIntent(stub, user.id)).toBeNull();
    await d1.restore();
    await clearTimers(stub);
  });

  it("never lets a slow older push cancel the retry of a newer one", async () => {
    const { universe, user, planetId, stub, d1 } = await player();
    await build(user, universe, planetId, "metal_store");
    await build(user, universe, planetId, "metal_store");
    const base = d1.executed;
    const slow = d1.holdNext();
    d1.failNext(1);
    await until(() => d1.executed === base + 1);
    await sleep(1100);
    // Version 2 fails to reach D1 while version 1 is still in flight.
    expect((await build(user, universe, planetId, "crystal_store")).status).toBe(200);
    await until(() => d1.settled === base + 1);
    slow.release();
    await until(() => d1.settled === base + 2);
    expect(await highscorePoints(user, universe)).toBe(1);
    expect(await scoreIntent(stub, user.id)).not.toBeNull();

    await runScoreRetries(stub);
    expect(await highscorePoints(user, universe)).toBe(3);
    expect(await scoreIntent(stub, user.id)).toBeNull();
    await d1.restore();
    await clearTimers(stub);
  });

  it("answers a command without waiting for its score push to reach D1", async () => {
    const { universe, user, planetId, stub, d1 } = await player();
    await build(user, universe, planetId, "metal_store");
    await build(user, universe, planetId, "metal_store");
    const base = d1.executed;
    // Level 1's push (the alarm's) and the command's push below are both held by D1.
    const first = d1.holdNext();
    const second = d1.holdNext();
    await until(() => d1.executed === base + 1);
    await sleep(1100);
    // This command settles level 2 (3 points) and answers while its push is still held.
    expect((await build(user, universe, planetId, "crystal_store")).status).toBe(200);
    expect(d1.executed).toBe(base + 2);
    expect(d1.settled).toBe(base);
    expect(await shardPoints(user, universe)).toBe(3);
    expect(await scoreIntent(stub, user.id)).not.toBeNull();
    first.release();
    second.release();
    await until(() => d1.settled === base + 2);
    expect(await highscorePoints(user, universe)).toBe(3);
    expect(await scoreIntent(stub, user.id)).toBeNull();
    await d1.restore();
    await clearTimers(stub);
  });

  it("republishes existing scores once when a shard upgrades to versioned pushes", async () => {
    const { universe, user, planetId, stub, d1 } = await player();
    await build(user, universe, planetId, "metal_store");
    await until(() => d1.settled === 1);
    await d1.restore();
    expect(await highscorePoints(user, universe)).toBe(1);
    // As an older shard left it: no score versions, and a push that was dropped.
    await env.DB.prepare("UPDATE universe_players SET points = 0, points_version = 0 WHERE user_id = ?").bind(user.id).run();
    await runInDurableObject(stub, (_: unknown, state: DurableObjectState) => {
      state.storage.sql.exec("ALTER TABLE empires DROP COLUMN score_version");
      state.storage.sql.exec("DELETE FROM _migrations WHERE version = 101");
      state.storage.sql.exec("DELETE FROM _timers");
    });
    await evictDurableObject(stub);
    expect(await scoreIntent(stub, user.id)).not.toBeNull();
    await runScoreRetries(stub);
    expect(await highscorePoints(user, universe)).toBe(1);
    expect(await scoreIntent(stub, user.id)).toBeNull();
    await clearTimers(stub);
  });
});
