/** The runtime's cap on logged actions per game (pure runtime, no storage). */
import { describe, expect, it } from "vitest";
import { counter } from "../../src/games/counter";
import { handleCommand } from "../../src/rooms/runtime/commands";
import { startGame } from "../../src/rooms/runtime/machine";
import { DEFAULT_ROOM_CONFIG, LIMITS } from "../../src/rooms/runtime/model";
import { claimSeat, newRoom } from "../../src/rooms/runtime/seats";

const T0 = 1_000_000;

function playingCounter() {
  let doc = newRoom({
    id: "r1",
    code: "ABCD",
    game: "counter",
    visibility: "private",
    options: counter.optionsSchema.parse({ target: 10_000, max_turns: 1_000 }),
    config: DEFAULT_ROOM_CONFIG,
    creator: { userId: "a", name: "A" },
    now: T0,
  });
  const seated = claimSeat(doc, { userId: "b", name: "B" }, 4, T0);
  if (!seated.ok) throw new Error(seated.code);
  doc = seated.doc;
  const started = startGame(counter, doc, 7, T0);
  if (!started.ok) throw new Error(started.code);
  return started;
}

describe("actions per game", () => {
  it("closes the room with action_limit_reached when a game reaches the cap, so its log stays recordable", () => {
    const started = playingCounter();
    const seat = counter.awaiting(started.session.state as never)[0] as number;
    const userId = seat === 0 ? "a" : "b";
    const nearCap = { ...started.doc, actions: LIMITS.maxActionsPerGame - 1 };
    const ctx = {
      game: counter,
      session: started.session,
      userId,
      spectator: false,
      now: T0 + 1,
      newSeed: () => 1,
      pick: (u: string[]) => u[0] as string,
    };
    const h = handleCommand({ ...ctx, doc: nearCap }, { type: "action", action: { type: "add", amount: 1 } });
    expect(h.answer.ok).toBe(true);
    expect(h.change?.doc).toMatchObject({
      status: "closed",
      closeReason: "action_limit_reached",
      actions: LIMITS.maxActionsPerGame,
      turns: [],
    });
    const after = handleCommand(
      { ...ctx, doc: h.change!.doc, session: h.change!.session! },
      { type: "action", action: { type: "add", amount: 1 } },
    );
    expect(after.answer).toMatchObject({ ok: false, code: "room_closed" });
  });

  it("leaves a game below the cap running", () => {
    const started = playingCounter();
    const seat = counter.awaiting(started.session.state as never)[0] as number;
    const h = handleCommand(
      {
        game: counter,
        doc: started.doc,
        session: started.session,
        userId: seat === 0 ? "a" : "b",
        spectator: false,
        now: T0 + 1,
        newSeed: () => 1,
        pick: (u) => u[0] as string,
      },
      { type: "action", action: { type: "add", amount: 1 } },
    );
    expect(h.change?.doc).toMatchObject({ status: "playing", closeReason: null, actions: 2 });
  });
});
