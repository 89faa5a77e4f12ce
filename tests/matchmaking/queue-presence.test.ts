import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { Matchmaker } from "../../durable-objects/matchmaker/matchmaker";
import { fireTimer, freshMatchmaker, type matchmakerStub, tick } from "./helpers";

const GAME = "golf";

function player(rating: number, userId = `u-${crypto.randomUUID()}`) {
  return { game: GAME, userId, name: userId.slice(0, 10), rating };
}

/** As if these players had not polled for `ms` (instead of waiting). */
async function unseenFor(stub: ReturnType<typeof matchmakerStub>, ms: number, userIds: string[]): Promise<void> {
  await runInDurableObject(stub, (_: Matchmaker, state) => {
    for (const u of userIds) state.storage.sql.exec("UPDATE queue SET seen_at = seen_at - ? WHERE user_id = ?", ms, u);
  });
}

describe("queue presence", () => {
  it("removes an entry nobody polled for 60 s, and keeps one that polls", async () => {
    const { stub, mm } = freshMatchmaker();
    const gone = player(1500);
    const polling = player(2400);
    await mm.enqueue(gone);
    await mm.enqueue(polling);
    expect((await mm.inspect()).timers.map((t) => t.key)).toContain("sweep");

    await unseenFor(stub, 61_000, [gone.userId, polling.userId]);
    expect((await mm.status(GAME, polling.userId)).state).toBe("queued");
    await fireTimer(stub, "sweep");

    expect((await mm.inspect()).queue.map((q) => q.user_id)).toEqual([polling.userId]);
    expect(await mm.status(GAME, gone.userId)).toMatchObject({ state: "idle", notice: null });
    // The sweep follows the remaining entry; with one player left there is nothing to tick for.
    const timers = (await mm.inspect()).timers;
    expect(timers.find((t) => t.key === "sweep")!.at).toBeGreaterThan(Date.now() + 50_000);
    expect(timers.map((t) => t.key)).not.toContain("tick");
  });

  it("never matches a stale entry", async () => {
    const { stub, mm } = freshMatchmaker();
    const here = player(1500);
    const stale = player(1510);
    await mm.enqueue(here);
    await mm.enqueue(stale);
    await unseenFor(stub, 61_000, [stale.userId]);
    await tick(stub);
    const state = await mm.inspect();
    expect(state.matches).toEqual([]);
    expect(state.queue.map((q) => q.user_id)).toEqual([here.userId]);
  });
});
