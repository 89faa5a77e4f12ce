import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { appendLog, eventsBetween, readLog } from "../../durable-objects/room/log";
import type { Room } from "../../durable-objects/room/room";
import type { LogEntry } from "../../src/rooms/runtime/machine";
import { createRoom, roomStub, users } from "./helpers";

describe("the room's event log", () => {
  it("stores an action's events in order and numbered, however many (they are written several per statement)", async () => {
    const [h] = await users(1);
    const room = await createRoom(h!, { game: "counter" });
    const events = Array.from({ length: 45 }, (_, i) => ({ type: "tick", data: { i } }));
    const entries: LogEntry[] = [
      { n: 0, seat: null, source: "setup", action: { seats: [], options: {} }, at: 1, events: events.slice(0, 3), firstSeq: 1 },
      { n: 1, seat: 0, source: "human", action: { type: "add" }, at: 2, events, firstSeq: 4 },
    ];
    const stored = await runInDurableObject(roomStub(room.id), (_: Room, state) => {
      state.storage.transactionSync(() => appendLog(state.storage.sql, entries));
      return { between: eventsBetween(state.storage.sql, 1, 48), log: readLog(state.storage.sql) };
    });
    expect(stored.between.map((e) => e.seq)).toEqual(Array.from({ length: 48 }, (_, i) => i + 1));
    expect(stored.between.slice(3).map((e) => e.event)).toEqual(events);
    expect(stored.log).toEqual(entries);
  });
});
