import { describe, expect, it } from "vitest";
import { connect, fireKey, inspect, matchedGolfRoom, users } from "./helpers";

describe("a matched player who never connects", () => {
  it("gets the grace period from the start, then a CPU plays the seat (not three timed-out turns)", async () => {
    const [a, b] = await users(2);
    const { roomId } = await matchedGolfRoom([a!, b!]);
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
