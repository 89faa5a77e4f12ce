/** The pure side of quick-match rooms: seating a matched group, the fixed table, and starting on the timer. */
import { describe, expect, it } from "vitest";
import { golf } from "../../src/games/golf";
import { isStandardRules } from "../../src/games/golf/options";
import { quickMatchOptions } from "../../src/matchmaking/create-room";
import { type Command, handleCommand } from "../../src/rooms/runtime/commands";
import { autoStart, newMatchedRoom } from "../../src/rooms/runtime/matched";
import { DEFAULT_ROOM_CONFIG, type RoomDoc, seatCapacity } from "../../src/rooms/runtime/model";
import { claimSeat, leave } from "../../src/rooms/runtime/seats";

const T0 = 1_000_000;
const players = [
  { userId: "a", name: "Ada" },
  { userId: "b", name: "Bo" },
  { userId: "c", name: "Cy" },
];

function matched(n = 3): RoomDoc {
  return newMatchedRoom(
    {
      id: "r1",
      code: "QRTX",
      game: "golf",
      options: quickMatchOptions("golf"),
      config: DEFAULT_ROOM_CONFIG,
      players: players.slice(0, n),
      startsAt: T0 + 5_000,
      now: T0,
    },
    golf.maxPlayers,
  );
}

function run(doc: RoomDoc, userId: string, cmd: Command) {
  return handleCommand(
    { game: golf, doc, session: null, userId, spectator: false, now: T0 + 1, newSeed: () => 7, pick: (xs) => xs[0] as string },
    cmd,
  );
}

describe("quick-match rooms", () => {
  it("are played with Golf's standard rules over 9 holes", () => {
    const options = golf.optionsSchema.parse(quickMatchOptions("golf"));
    expect(options.rounds).toBe(9);
    expect(isStandardRules(options)).toBe(true);
  });

  it("seat every matched player, ready, in order, with no open seat", () => {
    const doc = matched();
    expect(doc).toMatchObject({ status: "waiting", visibility: "public", matched: true, autoStartAt: T0 + 5_000, hostUserId: "a" });
    expect(doc.seats.map((s) => [s.seat, s.userId, s.name, s.ready])).toEqual([
      [0, "a", "Ada", true],
      [1, "b", "Bo", true],
      [2, "c", "Cy", true],
    ]);
    expect(seatCapacity(doc, golf.maxPlayers)).toBe(3);
    expect(claimSeat(doc, { userId: "z", name: "Zed" }, seatCapacity(doc, golf.maxPlayers), T0)).toMatchObject({
      ok: false,
      code: "room_full",
    });
  });

  it("need no host: host commands are refused while the countdown runs", () => {
    const doc = matched();
    for (const cmd of [
      { type: "start" },
      { type: "add_cpu" },
      { type: "remove_cpu", profile: "Sofia" },
      { type: "kick", userId: "b" },
    ] as Command[]) {
      expect(run(doc, "a", cmd).answer).toMatchObject({ ok: false, code: "matched_room" });
    }
    expect(run(doc, "b", { type: "ready", ready: false }).answer.ok).toBe(true);
  });

  it("start themselves when the countdown ends, once", () => {
    const doc = matched();
    const started = autoStart(golf, doc, 42, T0 + 5_000);
    expect(started?.doc).toMatchObject({ status: "playing", startedAt: T0 + 5_000, seed: 42 });
    expect(started?.log?.[0]?.source).toBe("setup");
    expect(golf.awaiting(started!.session!.state as Parameters<typeof golf.awaiting>[0])).toEqual([0, 1, 2]);
    expect(autoStart(golf, started!.doc, 43, T0 + 6_000)).toBeNull();
  });

  it("close instead when players left during the countdown and too few remain", () => {
    const left = leave(matched(2), "b");
    if (!left.ok) throw new Error(left.code);
    const r = autoStart(golf, left.doc, 42, T0 + 5_000);
    expect(r?.doc).toMatchObject({ status: "closed", closeReason: "match_cancelled" });
    expect(r?.session).toBeUndefined();
  });
});
