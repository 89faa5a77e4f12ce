import { describe, expect, it } from "vitest";
import { connect, createRoom, fireKey, inspect, joinByCode, timerKeys, users } from "./helpers";

async function twoSeated(game: "counter" | "golf" = "counter") {
  const [h, a] = await users(2);
  const room = await createRoom(h!, { game, options: game === "counter" ? { target: 10_000 } : {} });
  expect((await joinByCode(a!, room.code)).status).toBe(200);
  const ch = await connect(room.id, h!);
  await ch.join();
  const ca = await connect(room.id, a!);
  await ca.join();
  return { h: h!, a: a!, room, ch, ca };
}

describe("switching a playing socket to watch mode", () => {
  it("releases the seat: presence, grace and CPU takeover work as after a disconnect", async () => {
    const { a, room, ch, ca } = await twoSeated();
    await ch.ok({ type: "start" });
    const res = await ca.join({ mode: "watch" });
    expect(res.result).toMatchObject({ mode: "watch", seat: null });
    let r = await inspect(room.id);
    expect(r.doc!.seats[1]).toMatchObject({ userId: a.id, connected: false });
    expect(r.doc!.seats[1]!.awaySince).not.toBeNull();
    expect(await timerKeys(room.id)).toContain(`grace:${a.id}`);

    await fireKey(room.id, `grace:${a.id}`);
    r = await inspect(room.id);
    expect(r.doc!.seats[1]).toMatchObject({ control: "cpu", cpuReason: "disconnected" });
    ch.close();
    ca.close();
  });

  it("hands the host role over after the grace period when the host only watches", async () => {
    const { h, a, room, ch, ca } = await twoSeated();
    await ch.join({ mode: "watch" });
    expect((await inspect(room.id)).doc!.seats[0]).toMatchObject({ userId: h.id, connected: false });
    await fireKey(room.id, `grace:${h.id}`);
    expect((await inspect(room.id)).doc!.hostUserId).toBe(a.id);
    ch.close();
    ca.close();
  });
});
