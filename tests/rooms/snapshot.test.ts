/**
 * The game state is stored as a snapshot every SNAPSHOT_EVERY actions; a room that loads between
 * two snapshots replays the logged actions since the last one and must reach exactly the state
 * and RNG position it had.
 */
import { evictDurableObject, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { Room } from "../../durable-objects/room/room";
import { SNAPSHOT_EVERY } from "../../durable-objects/room/store";
import { connect, createRoom, eventually, fire, inspect, joinByCode, roomStub, users, verifyReplay } from "./helpers";

/** The last action the stored snapshot includes. */
function snapshotThrough(roomId: string): Promise<number> {
  return runInDurableObject(roomStub(roomId), (_: Room, state) => state.storage.sql.exec<{ through: number }>("SELECT through FROM game").one().through);
}

async function cpuTable(game: string, profiles: string[]): Promise<string> {
  const [h] = await users(1, `snap-${game}`);
  const room = await createRoom(h!, { game, seat: false, visibility: "private" });
  const host = await connect(room.id, h!);
  await host.join();
  for (const profile of profiles) await host.ok({ type: "add_cpu", profile });
  await host.ok({ type: "start" });
  return room.id;
}

describe.each([
  { game: "golf", profiles: ["Maya", "Marcus", "Sofia"] },
  { game: "tcg", profiles: ["tactician", "basic"] },
])("game state snapshots ($game)", ({ game, profiles }) => {
  it("reloads between snapshots by replaying the log's tail, exactly, and snapshots the end", async () => {
    // The seed is random, and a Familiars game may end (a knockout) before the third snapshot:
    // such a game proves nothing here, so it is replaced by a new table.
    const target = 2 * SNAPSHOT_EVERY + 5;
    let roomId = "";
    let before: Awaited<ReturnType<typeof inspect>> | undefined;
    for (let attempt = 1; attempt <= 5 && before?.doc?.status !== "playing"; attempt++) {
      roomId = await cpuTable(game, profiles);
      for (let i = 0; i < 400 && (await inspect(roomId)).doc!.actions <= target; i++) await fire(roomId, ["cpu_move"]);
      before = await inspect(roomId);
    }
    if (!before) throw new Error("no table was set");
    expect(before.doc!.status).toBe("playing");
    const last = before.doc!.actions - 1;
    const through = await snapshotThrough(roomId);
    // The snapshot lags the log by less than SNAPSHOT_EVERY actions, and here by at least one.
    expect(through).toBeLessThan(last);
    expect(last - through).toBeLessThanOrEqual(SNAPSHOT_EVERY);

    await evictDurableObject(roomStub(roomId));
    const after = await inspect(roomId);
    expect(after.doc).toEqual(before.doc);
    expect(after.state).toEqual(before.state);
    expect(after.rng).toEqual(before.rng);

    // Play on from the replayed state to the end: the game over writes a current snapshot.
    for (let i = 0; i < 2000 && (await inspect(roomId)).doc!.status === "playing"; i++) await fire(roomId, ["cpu_move"]);
    const end = await inspect(roomId);
    expect(end.doc!.status).toBe("finished");
    expect(await snapshotThrough(roomId)).toBe(end.doc!.actions - 1);
    expect(await verifyReplay(roomId)).toMatchObject({ stateMatches: true, rngMatches: true, eventsMatch: true, error: null });
  });
});

describe("the room document's rows", () => {
  /** The `room` row alone, the `room_hot` row and the last action row's hot fields, as stored. */
  function rows(roomId: string) {
    return runInDurableObject(roomStub(roomId), (_: Room, state) => {
      const sql = state.storage.sql;
      const hot = sql.exec<{ hot: string }>("SELECT hot FROM room_hot WHERE id = 1").toArray()[0];
      const last = sql.exec<{ n: number; hot: string | null }>("SELECT n, hot FROM actions ORDER BY n DESC LIMIT 1").one();
      return {
        room: JSON.parse(sql.exec<{ doc: string }>("SELECT doc FROM room WHERE id = 1").one().doc),
        hot: hot ? JSON.parse(hot.hot) : null,
        lastAction: { n: last.n, hot: last.hot === null ? null : JSON.parse(last.hot) },
      };
    });
  }

  it("writes a move's hot fields in its action row, the room row only when a seat changes, and reloads the newer of the two", async () => {
    const [h, g] = await users(2, "hotrow");
    const room = await createRoom(h!, { game: "counter", visibility: "private", options: { target: 10_000, max_turns: 100 } });
    expect((await joinByCode(g!, room.code)).status).toBe(200);
    const host = await connect(room.id, h!);
    const guest = await connect(room.id, g!);
    await host.join();
    await guest.join();
    await host.ok({ type: "start" });
    const started = await rows(room.id);

    for (let i = 0; i < 3; i++) {
      await host.ok({ type: "action", action: { type: "add", amount: 1 } });
      await guest.ok({ type: "action", action: { type: "add", amount: 2 } });
    }
    const moved = await rows(room.id);
    const live = (await inspect(room.id)).doc!;
    // Six moves left the room row and the room_hot row as they were; the last action row holds where the game is.
    expect(moved.room).toEqual(started.room);
    expect(moved.hot).toEqual(started.hot);
    expect(moved.lastAction.hot).toMatchObject({ actions: live.actions, seq: live.seq, turns: live.turns });
    expect(live.actions).toBe(started.lastAction.hot.actions + 6);

    // The guest leaves the socket: presence is a seat field, so the room row is rewritten, and
    // the change logs no action, so its hot fields go to room_hot, which now counts the last row.
    guest.close();
    await eventually(async () => expect((await inspect(room.id)).doc!.seats[1]!.connected).toBe(false));
    const away = await rows(room.id);
    expect(away.room.seats[1].connected).toBe(false);
    expect(away.room.actions).toBe(live.actions);
    expect(away.hot.actions).toBeGreaterThan(away.lastAction.n);

    const before = await inspect(room.id);
    await evictDurableObject(roomStub(room.id));
    expect((await inspect(room.id)).doc).toEqual(before.doc);

    // A move after it: the action row is the newer again, and a reload takes its fields.
    await host.ok({ type: "action", action: { type: "add", amount: 3 } });
    const after = await rows(room.id);
    expect(after.hot).toEqual(away.hot);
    expect(after.lastAction.hot.actions).toBe(after.lastAction.n + 1);
    const current = await inspect(room.id);
    await evictDurableObject(roomStub(room.id));
    expect((await inspect(room.id)).doc).toEqual(current.doc);

    // A room stored before room migration 104 kept its hot fields in room_hot alone, its action rows without them.
    await runInDurableObject(roomStub(room.id), (_: Room, state) => {
      state.storage.sql.exec("UPDATE actions SET hot = NULL");
      state.storage.sql.exec("UPDATE room_hot SET hot = ? WHERE id = 1", JSON.stringify(after.lastAction.hot));
    });
    await evictDurableObject(roomStub(room.id));
    expect((await inspect(room.id)).doc).toEqual(current.doc);
  });
});
