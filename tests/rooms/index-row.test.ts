import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { call, json } from "../helpers/http";
import { createRoom, eventually, fireKey, inspect, matchedGolfRoom, timerKeys, users } from "./helpers";

const dropRow = (id: string) => env.DB.prepare("DELETE FROM rooms WHERE id = ?").bind(id).run();
const rowOf = (id: string) =>
  env.DB.prepare("SELECT code, status FROM rooms WHERE id = ?").bind(id).first<{ code: string; status: string }>();

describe("the room's D1 index row", () => {
  it("is restored under the room's own code when a live room finds it missing", async () => {
    const [a, b] = await users(2);
    const { roomId, code } = await matchedGolfRoom([a!, b!]);
    // As a quick match given up after its room was in fact created used to leave it.
    await dropRow(roomId);
    await fireKey(roomId, "auto_start");
    expect((await inspect(roomId)).doc!.status).toBe("playing");
    await eventually(async () => expect(await rowOf(roomId)).toEqual({ code, status: "playing" }));
    const active = await json(await call("/v1/rooms/me/active", { token: a!.accessToken }));
    expect(active.rooms.map((r: { id: string }) => r.id)).toEqual([roomId]);
    expect(await timerKeys(roomId)).not.toContain("index");
  });

  it("is not retried for a closed room whose row is gone", async () => {
    const [h] = await users(1);
    const room = await createRoom(h!, { game: "counter" });
    await dropRow(room.id);
    await fireKey(room.id, "idle");
    expect((await inspect(room.id)).doc!.status).toBe("closed");
    await eventually(async () => expect(await timerKeys(room.id)).toEqual([]));
    expect(await rowOf(room.id)).toBeNull();
  });
});
