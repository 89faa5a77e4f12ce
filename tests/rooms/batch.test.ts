import { describe, expect, it } from "vitest";
import type { GolfState } from "../../src/games/golf";
import { golf } from "../../src/games/golf";
import { createRng } from "../../src/lib/rng";
import { assertNothingHidden } from "./golf-leaks";
import { connect, createRoom, fire, inspect, type Msg, type RoomClient, users } from "./helpers";

/** What a client learns, without the server clock (frames sent apart differ) and who it is. */
const logical = (msgs: readonly Msg[]) => msgs.map(({ serverTime: _, you: __, ...m }) => m);

/** The frames a client received, each as the list of messages it carried. */
function frames(client: RoomClient, from = 0): Msg[][] {
  return client.raw.slice(from).flatMap((text) => {
    if (text === "pong") return [];
    const frame = JSON.parse(text) as Msg;
    return [frame.type === "batch" ? (frame.messages as Msg[]) : [frame]];
  });
}

describe("batch frames (join with batch: true)", () => {
  it("carry each change in one frame: the same messages, in the same order, as one message per frame, and nothing hidden", async () => {
    const [h, a, b] = await users(3);
    const room = await createRoom(h!, { game: "golf", options: { rounds: 1 }, visibility: "public" });
    const human = await connect(room.id, h!);
    await human.join({ batch: true });
    await human.ok({ type: "add_cpu", profile: "Maya" });
    await human.ok({ type: "add_cpu", profile: "Marcus" });
    const batched = await connect(room.id, a!);
    await batched.join({ mode: "watch", batch: true });
    const single = await connect(room.id, b!);
    await single.join({ mode: "watch" });
    const marks = { batched: batched.messages.length, single: single.messages.length, rawBatched: batched.raw.length };
    const rawHuman = human.raw.length;
    await human.ok({ type: "start" });

    const rng = createRng(11);
    const answers: string[] = [];
    for (let step = 0; step < 600; step++) {
      const { doc, state } = await inspect(room.id);
      if (doc!.status !== "playing") break;
      const s = state as GolfState;
      assertNothingHidden(batched, s);
      if (golf.awaiting(s).includes(0)) {
        const messageId = `b-${step}`;
        const res = await human.request({ type: "action", messageId, action: golf.cpuMove(s, 0, "Sofia", rng) });
        if (res.type === "action_result") answers.push(messageId);
      } else {
        await fire(room.id, ["cpu_move"]);
      }
    }
    expect((await inspect(room.id)).doc!.status).toBe("finished");
    await batched.type("game_over");
    await single.type("game_over");

    // Both spectators learnt exactly the same things, in the same order.
    const got = logical(batched.since(marks.batched));
    expect(got.length).toBeGreaterThan(50);
    expect(got).toEqual(logical(single.since(marks.single)));
    expect(batched.violations).toEqual([]);

    // In far fewer frames: every frame is one change, and a batch has at least two messages.
    const batchedFrames = frames(batched, marks.rawBatched);
    expect(batchedFrames.flat()).toHaveLength(got.length);
    expect(batchedFrames.length).toBeLessThan(got.length * 0.6);
    // A turn passing rides in the frame of the event that passed it, never in a frame of its own.
    for (const f of batchedFrames) {
      const first = f[0]!;
      expect(first.type === "turn_start" || (first.type === "event" && first.event.type === "turn_started"), JSON.stringify(f)).toBe(false);
    }
    for (const text of batched.raw.slice(marks.rawBatched)) {
      const frame = JSON.parse(text);
      if (frame.type === "batch") expect(frame.messages.length).toBeGreaterThanOrEqual(2);
    }

    // The actor's frame starts with its answer and carries what the action changed.
    const humanFrames = frames(human, rawHuman);
    expect(answers.length).toBeGreaterThan(3);
    for (const id of answers) {
      const frame = humanFrames.find((f) => f[0]?.type === "action_result" && f[0].messageId === id);
      expect(frame, id).toBeDefined();
      expect(frame!.slice(1).some((m) => m.type === "event")).toBe(true);
    }
    // A turn passing is announced in the frame of the action that passed it.
    expect(humanFrames.some((f) => f[0]?.type === "action_result" && f.some((m) => m.type === "turn_start"))).toBe(true);
  });

  it("a resuming join gets the missed events, the room and its answer as one frame", async () => {
    const [h, w] = await users(2);
    const room = await createRoom(h!, { game: "golf", options: { rounds: 1 }, visibility: "public" });
    const human = await connect(room.id, h!);
    await human.join();
    await human.ok({ type: "add_cpu", profile: "Maya" });
    let watcher = await connect(room.id, w!);
    await watcher.join({ mode: "watch", batch: true });
    await human.ok({ type: "start" });
    const start = await watcher.waitFor((m) => m.type === "state" && m.room.status === "playing");
    watcher.close();
    for (let i = 0; i < 4; i++) {
      const { state } = await inspect(room.id);
      const s = state as GolfState;
      if (golf.awaiting(s).includes(0)) await human.ok({ type: "action", action: golf.cpuMove(s, 0, "Sofia", createRng(i)) });
      else await fire(room.id, ["cpu_move"]);
    }
    const seq = (await inspect(room.id)).doc!.seq;
    expect(seq).toBeGreaterThan(start.seq + 1);

    watcher = await connect(room.id, w!);
    const ack = await watcher.join({ mode: "watch", lastSeq: start.seq, batch: true });
    expect(ack.result).toMatchObject({ resumed: true, fromSeq: start.seq + 1, toSeq: seq });
    const [frame] = frames(watcher).filter((f) => f.some((m) => m.type === "action_result"));
    const events = frame!.filter((m) => m.type === "event").map((m) => m.seq);
    expect(events).toEqual(Array.from({ length: seq - start.seq }, (_, i) => start.seq + 1 + i));
    expect(frame!.at(-2)?.type).toBe("room");
    expect(frame!.at(-1)).toMatchObject({ type: "action_result", command: "join" });
  });
});
