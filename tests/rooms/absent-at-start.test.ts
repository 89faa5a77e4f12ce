import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { createMatchedRoom } from "../../src/matchmaking/create-room";
import { connect, fireKey, inspect, users } from "./helpers";

describe("a matched player who never connects", () => {
  it("gets the grace period from the start, then a CPU plays the seat (not three timed-out turns)", async () => {
    const [a, b] = await users(2);
    const roomId = env.ROOMS.newUniqueId().toString();
    const created = await createMatchedRoom(env, {
      roomId,
      game: "golf",
      players: [
        { userId: a!.id, name: a!.username },
        { userId: b!.id, name: b!.username },
      ],
      startsAt: Date.now() + 5_000,
    });
    expect(created.ok).toBe(true);
    const ca = await connect(roomId, a!);
    await ca.join();
    const before = Date.now();
    await fireKey(roomId, "auto_start");

    let r = await inspect(roomId);
    expect(r.doc!.status).toBe("playing");
    const keys = r.timers.map((t) => t.key);
    expect(keys).toContain(`grace:${b!.id}`);
    expect(keys).not.toContain(`grace:${a!.id}`);
    expect(r.timers.find((t) => t.key === `grace:${b!.id}`)!.at).toBeGreaterThanOrEqual(before + 60_000);
    expect(r.doc!.seats[1]).toMatchObject({ connected: false, control: "human" });
    expect(r.doc!.seats[1]!.awaySince).toBeGreaterThanOrEqual(before);

    await fireKey(roomId, `grace:${b!.id}`);
    r = await inspect(roomId);
    expect(r.doc!.seats[1]).toMatchObject({ control: "cpu", cpuReason: "disconnected" });
    expect(r.doc!.seats[0]).toMatchObject({ control: "human", connected: true });
    ca.close();
  });
});
