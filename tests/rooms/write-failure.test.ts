/**
 * A change's writes are all or nothing (room.ts `atomically`): they ride the event's implicit
 * transaction, and a write that fails half-way resets the object, so the part already written is
 * never committed and nobody hears of the change. Storage refuses the write here through a trigger,
 * as a full disk would.
 */
import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { Room } from "../../durable-objects/room/room";
import { connect, counterForTwo, inspect, roomStub, verifyReplay } from "./helpers";

/** The stored rows a change writes: the room row, the log and the game snapshot. */
function storedRows(roomId: string) {
  return runInDurableObject(roomStub(roomId), (_: Room, state) => {
    const sql = state.storage.sql;
    return {
      room: sql.exec<{ doc: string }>("SELECT doc FROM room WHERE id = 1").one().doc,
      log: sql.exec<{ n: number }>("SELECT n FROM actions ORDER BY n").toArray().map((r) => r.n),
      game: sql.exec<{ state: string; through: number }>("SELECT state, through FROM game WHERE id = 1").one(),
    };
  });
}

function refuseLogWrites(roomId: string, refuse: boolean) {
  return runInDurableObject(roomStub(roomId), (_: Room, state) => {
    state.storage.sql.exec(
      refuse
        ? "CREATE TRIGGER refuse_log BEFORE INSERT ON actions BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END"
        : "DROP TRIGGER refuse_log",
    );
  });
}

describe("a room write that fails half-way", () => {
  it("commits nothing of the change, tells nobody, and the same move goes through once storage takes it", async () => {
    // A target of 10 makes the first move (adding 10) end the game: that change rewrites the room
    // row (the status) before it appends to the log, so a refused log row fails it half-way.
    const { room, mover, waiting, moverUser } = await counterForTwo({ target: 10 });
    const inspected = await inspect(room.id);
    expect(inspected.doc?.status).toBe("playing");
    const before = await storedRows(room.id);

    await refuseLogWrites(room.id, true);
    mover.skipAll();
    waiting.skipAll();
    const move = { type: "action", messageId: "final-move", action: { type: "add", amount: 10 } };
    mover.send(move);
    // The object resets: both sockets end, and neither hears of the move.
    await mover.closed();
    await waiting.closed();
    expect([...mover.since(mover.floor), ...waiting.since(waiting.floor)].map((m) => m.type)).toEqual([]);

    // Loaded from storage: the room row the change had already rewritten is as it was.
    expect(await storedRows(room.id)).toEqual(before);
    const reloaded = await inspect(room.id);
    expect(reloaded.doc).toEqual(inspected.doc);
    expect(reloaded.state).toEqual(inspected.state);

    // The client retries the unanswered move under its id once storage takes writes again.
    await refuseLogWrites(room.id, false);
    const again = await connect(room.id, moverUser);
    await again.join();
    const answer = await again.request(move);
    expect(answer).toMatchObject({ type: "action_result", ok: true });
    expect(answer.replayed).toBeUndefined();
    await again.type("game_over");
    const after = await storedRows(room.id);
    expect(after.log).toEqual([...before.log, before.log.length]);
    expect(JSON.parse(after.room).status).toBe("finished");
    expect(await verifyReplay(room.id)).toMatchObject({ stateMatches: true, rngMatches: true, eventsMatch: true, error: null });
  });
});
