import { env, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { appendLog, eventsBetween, readLog } from "../../durable-objects/room/log";
import type { Room } from "../../durable-objects/room/room";
import { ROOM_MIGRATIONS } from "../../durable-objects/room/schema";
import type { Sentinel } from "../../durable-objects/sentinel";
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

  it("moves a log written before migration 102 (events in their own table) into the action rows unchanged", async () => {
    const stub = env.SENTINEL.get(env.SENTINEL.idFromName(`room-log-${crypto.randomUUID()}`));
    const moved = await runInDurableObject(stub, (_: Sentinel, state) => {
      const sql = state.storage.sql;
      for (const m of ROOM_MIGRATIONS.filter((m) => m.version < 102)) sql.exec(m.sql);
      const action = "INSERT INTO actions (n, seat, source, action, at, first_seq, event_count) VALUES (?, ?, ?, ?, ?, ?, ?)";
      sql.exec(action, 0, null, "setup", JSON.stringify({ seats: [], options: {} }), 1, 1, 2);
      sql.exec(action, 1, 0, "human", JSON.stringify({ type: "pass" }), 2, 3, 0);
      sql.exec(action, 2, 1, "cpu", JSON.stringify({ type: "add", n: 2 }), 3, 3, 3);
      // Written out of seq order, to show the migration orders each action's events by seq.
      for (const [seq, n, type, data] of [
        [4, 2, "b", { x: [1, "two"] }],
        [1, 0, "dealt", { cards: [3, 4] }],
        [3, 2, "a", {}],
        [2, 0, "started", { seat: 0 }],
        [5, 2, "c", { nested: { ok: true } }],
      ] as const) {
        sql.exec("INSERT INTO events (seq, action_n, type, data) VALUES (?, ?, ?, ?)", seq, n, type, JSON.stringify(data));
      }
      const [migration] = ROOM_MIGRATIONS.filter((m) => m.version === 102);
      state.storage.transactionSync(() => sql.exec(migration!.sql));
      const tables = sql.exec<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'events'").toArray();
      return { log: readLog(sql), between: eventsBetween(sql, 2, 4), tables };
    });
    expect(moved.tables).toEqual([]);
    expect(moved.log.map((e) => [e.n, e.firstSeq, e.events])).toEqual([
      [0, 1, [{ type: "dealt", data: { cards: [3, 4] } }, { type: "started", data: { seat: 0 } }]],
      [1, 3, []],
      [2, 3, [{ type: "a", data: {} }, { type: "b", data: { x: [1, "two"] } }, { type: "c", data: { nested: { ok: true } } }]],
    ]);
    expect(moved.log[2]).toMatchObject({ seat: 1, source: "cpu", action: { type: "add", n: 2 }, at: 3 });
    expect(moved.between).toEqual([
      { seq: 2, event: { type: "started", data: { seat: 0 } } },
      { seq: 3, event: { type: "a", data: {} } },
      { seq: 4, event: { type: "b", data: { x: [1, "two"] } } },
    ]);
  });
});
