import { evictDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { GolfState } from "../../src/games/golf";
import { golf } from "../../src/games/golf";
import { createRng } from "../../src/lib/rng";
import { call, json } from "../helpers/http";
import { assertNothingHidden, cardsIn, hiddenCards, same } from "./golf-leaks";
import { connect, createRoom, eventually, fire, inspect, type Msg, roomStub, users, verifyReplay } from "./helpers";

function eventSeqs(msgs: readonly Msg[]): number[] {
  return msgs.filter((m) => m.type === "event").map((m) => m.seq);
}

describe("a whole Golf game over WebSockets", () => {
  it("plays 1 human + 2 CPUs to the end, hides face-down cards from spectators, resumes and replays exactly", async () => {
    const [h, spec] = await users(2);
    const room = await createRoom(h!, { game: "golf", options: { rounds: 1 }, visibility: "public" });
    const human = await connect(room.id, h!);
    await human.join();
    await human.ok({ type: "add_cpu", profile: "Maya" });
    await human.ok({ type: "add_cpu", profile: "Marcus" });
    let watcher = await connect(room.id, spec!);
    await watcher.join({ mode: "play" });
    await human.ok({ type: "start" });
    const start = await human.waitFor((m) => m.type === "state" && m.room.status === "playing");
    expect(start.seq).toBeGreaterThan(0);
    const specStart = await watcher.waitFor((m) => m.type === "state" && m.room.status === "playing");
    expect(specStart.you).toMatchObject({ mode: "watch", seat: null, canAct: false });
    expect(specStart.view.viewer).toEqual({ kind: "spectator" });
    // Spectators get the spectator view: every face-down slot is only a card back.
    for (const p of specStart.view.players) for (const slot of p.hand) expect(Object.keys(slot).sort()).toEqual(["deckId", "faceUp"]);

    const rng = createRng(7);
    let resumed = false;
    let evicted = false;
    let duplicateChecked = false;
    for (let step = 0; step < 600; step++) {
      const { doc, state } = await inspect(room.id);
      if (doc!.status !== "playing") break;
      const s = state as GolfState;
      if (step === 0) {
        // The check below can see a leak: the omniscient view names every hidden card.
        const all = cardsIn(golf.view(s, { kind: "omniscient" }));
        expect(hiddenCards(s).every((h) => all.some((c) => same(c, h)))).toBe(true);
      }
      assertNothingHidden(watcher, s);

      // Part-way through: the spectator drops and resumes from its last seq; the room is evicted.
      if (!resumed && doc!.seq > start.seq + 10) {
        resumed = true;
        const lastSeq = Math.max(...eventSeqs(watcher.messages));
        const before = watcher.raw.length;
        watcher.close();
        if (golf.awaiting(s).includes(0)) await human.request({ type: "action", action: golf.cpuMove(s, 0, "Sofia", rng) });
        await fire(room.id, ["cpu_move"]);
        const current = (await inspect(room.id)).doc!.seq;
        const rawBefore = watcher.raw.slice(0, before);
        watcher = await connect(room.id, spec!);
        watcher.raw.unshift(...rawBefore);
        const ack = await watcher.join({ mode: "watch", lastSeq });
        expect(ack.result).toMatchObject({ resumed: true, fromSeq: lastSeq + 1, toSeq: current });
        // Exactly the missed events, in order, each once, then the room.
        const got = watcher.messages.filter((m) => m.type === "event").map((m) => m.seq);
        expect(got).toEqual(Array.from({ length: current - lastSeq }, (_, i) => lastSeq + 1 + i));
        expect(watcher.messages.some((m) => m.type === "room")).toBe(true);
        expect(watcher.messages.some((m) => m.type === "state")).toBe(false);
        continue;
      }
      if (resumed && !evicted && doc!.seq > start.seq + 20) {
        evicted = true;
        // Nothing is lost across a restart: document, game state, RNG and timers reload from SQLite.
        const before = await inspect(room.id);
        await evictDurableObject(roomStub(room.id));
        const after = await inspect(room.id);
        // (A CPU timer may fire on its own meanwhile; then the replay below still has to match.)
        if (after.doc!.seq === before.doc!.seq) {
          expect(after.doc).toEqual(before.doc);
          expect(after.state).toEqual(before.state);
          expect(after.rng).toEqual(before.rng);
        }
        expect((await verifyReplay(room.id))?.stateMatches).toBe(true);
        continue;
      }

      if (golf.awaiting(s).includes(0)) {
        const action = golf.cpuMove(s, 0, "Sofia", rng);
        const messageId = `golf-${step}`;
        const res = await human.request({ type: "action", messageId, action });
        if (res.type === "error") {
          // In round_over anyone may advance; a CPU can get there first.
          expect(s.phase).toBe("round_over");
          continue;
        }
        if (!duplicateChecked) {
          duplicateChecked = true;
          const again = await human.request({ type: "action", messageId, action });
          expect(again).toMatchObject({ type: "action_result", replayed: true, result: res.result });
          expect((await inspect(room.id)).doc!.seq).toBe(res.result.seq);
        }
      } else {
        await fire(room.id, ["cpu_move"]);
      }
    }
    expect(resumed && evicted && duplicateChecked).toBe(true);

    const { doc, state } = await inspect(room.id);
    expect(doc!.status).toBe("finished");
    const over = await human.type("game_over");
    expect(over.result).toMatchObject({ reason: "completed", forfeited: [] });
    expect(over.result.ranks).toHaveLength(3);
    expect(over.result.scores).toEqual(golf.result(state as GolfState)!.scores);
    expect((await watcher.type("game_over")).result).toEqual(over.result);

    // The human saw every event after the start state exactly once, in order.
    const seqs = eventSeqs(human.messages);
    expect(seqs).toEqual(Array.from({ length: doc!.seq - start.seq }, (_, i) => start.seq + 1 + i));

    // Replaying the log from the seed reaches exactly the stored state and RNG position.
    const report = await verifyReplay(room.id);
    expect(report).toMatchObject({ stateMatches: true, rngMatches: true, eventsMatch: true, error: null, events: doc!.seq });
    expect(report!.actions).toBe(doc!.actions);

    // The index learns the room is finished.
    await eventually(async () => {
      const info = await json(await call(`/v1/rooms/${room.id}`, { token: h!.accessToken }));
      expect(info.status).toBe("finished");
      const mine = await json(await call("/v1/rooms/me/active", { token: h!.accessToken }));
      expect(mine.rooms.map((r: any) => r.id)).not.toContain(room.id);
    });
    // The game reaches the history, replayable, with the same result.
    const history = await eventually(async () => {
      const mine = await json(await call("/v1/me/games", { token: h!.accessToken }));
      const game = mine.games.find((g: any) => g.id === room.id);
      expect(game).toBeTruthy();
      return game;
    });
    expect(history).toMatchObject({ game: "golf", status: "finished", imported: false, mySeat: 0 });
    expect(history.result.scores).toEqual(over.result.scores);
    const frames = await json(await call(`/v1/games/${room.id}/replay?limit=500`, { token: h!.accessToken }));
    expect(frames.frames.length).toBeGreaterThan(0);
    expect((await inspect(room.id)).timers.map((t) => t.key)).toEqual(["idle"]);
  });
});
