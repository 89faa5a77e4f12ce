import { describe, expect, it } from "vitest";
import { call, expectError, json, loginAdmin } from "../helpers/http";
import { connect, createRoom, fire, inspect, timerKeys, users } from "../rooms/helpers";

describe("admin console: rooms", () => {
  it("lists live rooms, inspects one as an omniscient viewer and closes it for everyone", async () => {
    const admin = await loginAdmin();
    const [h, w] = await users(2, "adm");
    const room = await createRoom(h!, { game: "golf", options: { rounds: 1 }, visibility: "public" });
    const human = await connect(room.id, h!);
    await human.join();
    await human.ok({ type: "add_cpu", profile: "Maya" });
    await human.ok({ type: "start" });
    await human.waitFor((m) => m.type === "state" && m.room.status === "playing");
    const watcher = await connect(room.id, w!);
    await watcher.join({ mode: "watch" });

    const listed = await json(await call("/v1/admin/rooms?game=golf&status=playing&limit=100", { token: admin }));
    expect(listed.rooms).toContainEqual(expect.objectContaining({ id: room.id, visibility: "public", status: "playing", seatsTaken: 2 }));

    const res = await call(`/v1/admin/rooms/${room.id}`, { token: admin });
    expect(res.status).toBe(200);
    const detail = await json(res);
    const stored = await inspect(room.id);
    expect(detail.room).toMatchObject({ id: room.id, status: "playing" });
    expect(detail.room.seats.map((s: { kind: string }) => s.kind)).toEqual(["human", "cpu"]);
    expect(detail.view.viewer).toEqual({ kind: "omniscient" });
    // The operator's view holds what no player sees: the deck order.
    expect(detail.view.deck).toEqual((stored.state as { deck: unknown }).deck);
    expect(detail.logLength).toBeGreaterThanOrEqual(1);

    const closed = await call(`/v1/admin/rooms/${room.id}/close`, { token: admin, body: { reason: "maintenance" } });
    expect(closed.status).toBe(200);
    expect((await json(closed)).room).toMatchObject({ status: "closed" });
    for (const client of [human, watcher]) {
      expect(await client.waitFor((m) => m.type === "room_closed")).toMatchObject({ reason: "closed_by_admin" });
    }
    await expectError(await call(`/v1/admin/rooms/${room.id}/close`, { method: "POST", token: admin }), 410, "room_closed");
    const after = await json(await call("/v1/admin/rooms?limit=100", { token: admin }));
    expect(after.rooms.map((r: { id: string }) => r.id)).not.toContain(room.id);
    // The interrupted game reaches the history as abandoned, which counts for no stats.
    await fire(room.id);
    expect(await timerKeys(room.id)).toEqual([]);
    const game = await call(`/v1/games/${room.id}`, { token: admin });
    expect(game.status).toBe(200);
    expect(await json(game)).toMatchObject({ status: "abandoned" });
    const log = await json(await call(`/v1/admin/audit?action=room.close&target=${room.id}`, { token: admin }));
    expect(log.entries).toEqual([expect.objectContaining({ reason: "maintenance", targetType: "room" })]);
  });

  it("answers 404 room_not_found for an unknown or malformed room id", async () => {
    const admin = await loginAdmin();
    await expectError(await call("/v1/admin/rooms/not-a-room-id", { token: admin }), 404, "room_not_found");
    await expectError(await call(`/v1/admin/rooms/${"ab".repeat(32)}`, { token: admin }), 404, "room_not_found");
    await expectError(await call(`/v1/admin/rooms/${"ab".repeat(32)}/close`, { method: "POST", token: admin }), 404, "room_not_found");
  });
});
