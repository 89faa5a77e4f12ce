import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { Room } from "../../durable-objects/room/room";
import { breakD1, restoreD1 } from "../helpers/failing-d1";
import { call, json, type TestUser } from "../helpers/http";
import { connect, createRoom, eventually, fire, fireKey, inspect, roomStub, users } from "./helpers";

/** A counter game that the first action ends, played with D1 broken so its record fails. */
async function endedWithD1Broken(message?: string): Promise<{ h: TestUser; id: string }> {
  const [h] = await users(1);
  const room = await createRoom(h!, { game: "counter", options: { target: 1 } });
  const c = await connect(room.id, h!);
  await c.join();
  await c.ok({ type: "add_cpu" });
  await breakD1(roomStub(room.id), message);
  await c.ok({ type: "start" });
  for (let i = 0; i < 5 && (await inspect(room.id)).doc!.status === "playing"; i++) {
    const r = await inspect(room.id);
    if (r.doc!.turns.some((t) => t.seat === 0)) await c.ok({ type: "action", action: { type: "add", amount: 1 } });
    else await fire(room.id, ["cpu_move"]);
  }
  expect((await inspect(room.id)).doc!.status).toBe("finished");
  c.close();
  return { h: h!, id: room.id };
}

async function meta(id: string, key: string): Promise<string | null> {
  return runInDurableObject(roomStub(id), (_: Room, state) => {
    const row = state.storage.sql.exec<{ value: string }>("SELECT value FROM meta WHERE key = ?", key).toArray()[0];
    return row?.value ?? null;
  });
}

const recordTimer = async (id: string) => (await inspect(id)).timers.find((t) => t.key === "record");

describe("recording a room's game in the history", () => {
  it("marks a record D1 can never accept once, and stops retrying it", async () => {
    const { id } = await endedWithD1Broken("D1_ERROR: string or blob too big: SQLITE_TOOBIG");
    await eventually(async () => expect(await meta(id, "recorded")).toBe("rejected_by_d1"));
    expect(await recordTimer(id)).toBeUndefined();
    await restoreD1(roomStub(id));
  });

  it("retries a transient failure with backoff until it succeeds", async () => {
    const { h, id } = await endedWithD1Broken();
    await eventually(async () => expect(await meta(id, "record_failures")).toBe("1"));
    expect((await recordTimer(id))!.at).toBeGreaterThan(Date.now() + 25_000);
    await fireKey(id, "record");
    expect(await meta(id, "record_failures")).toBe("2");
    expect((await recordTimer(id))!.at).toBeGreaterThan(Date.now() + 55_000);
    await restoreD1(roomStub(id));
    await fireKey(id, "record");
    expect(await meta(id, "recorded")).toBe("1");
    expect(await recordTimer(id)).toBeUndefined();
    const mine = await json(await call("/v1/me/games", { token: h.accessToken }));
    expect(mine.games.map((g: { id: string }) => g.id)).toContain(id);
  });
});
