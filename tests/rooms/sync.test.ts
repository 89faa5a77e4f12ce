import { describe, expect, it } from "vitest";
import type { GolfState } from "../../src/games/golf";
import { golf } from "../../src/games/golf";
import { createRng } from "../../src/lib/rng";
import { assertNothingHidden, cardsIn, hiddenCards, same } from "./golf-leaks";
import { connect, createRoom, fire, inspect, joinByCode, users } from "./helpers";

async function golfState(roomId: string): Promise<GolfState> {
  return (await inspect(roomId)).state as GolfState;
}

describe("sync: the current view without joining again", () => {
  it("is refused before join", async () => {
    const [h] = await users(1, "sy");
    const room = await createRoom(h!, { game: "counter", visibility: "public" });
    const c = await connect(room.id, h!);
    expect(await c.request({ type: "sync" })).toMatchObject({ type: "error", code: "not_joined" });
    c.close();
  });

  it("answers a player and a spectator with their own projections, and hides every hidden card from the spectator", async () => {
    const [h, spec] = await users(2, "sy");
    const room = await createRoom(h!, { game: "golf", options: { rounds: 1 }, visibility: "public" });
    const player = await connect(room.id, h!);
    await player.join();
    await player.ok({ type: "add_cpu", profile: "Maya" });
    const watcher = await connect(room.id, spec!);
    await watcher.join({ mode: "watch" });
    await player.ok({ type: "start" });
    await player.waitFor((m) => m.type === "state" && m.room.status === "playing");

    // Play until the human holds a card drawn from the deck: the one moment a seat knows a card
    // that nobody else may know.
    const rng = createRng(3);
    let s = await golfState(room.id);
    for (let step = 0; step < 60 && !(s.drawn?.source === "deck" && s.current === 0); step++) {
      if (golf.awaiting(s).includes(0)) {
        const turn = s.phase === "playing" || s.phase === "final_turn";
        const action = turn && !s.drawn ? { type: "draw_deck" } : golf.cpuMove(s, 0, "Sofia", rng);
        await player.request({ type: "action", action });
      } else {
        await fire(room.id, ["cpu_move"]);
      }
      s = await golfState(room.id);
    }
    expect(s.drawn?.source).toBe("deck");
    const seqBefore = (await inspect(room.id)).doc!.seq;

    const mine = player.messages.length;
    const ack = await player.ok({ type: "sync" });
    expect(ack).toMatchObject({ command: "sync", result: { seq: seqBefore } });
    const own = player.since(mine).find((m) => m.type === "state")!;
    expect(own.seq).toBe(seqBefore);
    expect(own.you).toMatchObject({ seat: 0, mode: "play", canAct: true });
    expect(own.view).toEqual(JSON.parse(JSON.stringify(golf.view(s, { kind: "seat", seat: 0 }))));
    expect(own.view.drawn.card).toEqual(s.drawn!.card);

    const theirs = watcher.messages.length;
    await watcher.ok({ type: "sync" });
    const seen = watcher.since(theirs).find((m) => m.type === "state")!;
    expect(seen.you).toMatchObject({ seat: null, mode: "watch", canAct: false });
    expect(seen.view.viewer).toEqual({ kind: "spectator" });
    expect(seen.view.drawn).toEqual({ seat: 0, source: "deck" });
    // The check can see a leak: the hidden cards are named in the omniscient view.
    const all = cardsIn(golf.view(s, { kind: "omniscient" }));
    expect(hiddenCards(s).every((h) => all.some((c) => same(c, h)))).toBe(true);
    assertNothingHidden(watcher, s);

    // Sync changes nothing: same seq, same game state, and no one else is told anything.
    const after = await inspect(room.id);
    expect(after.doc!.seq).toBe(seqBefore);
    expect(after.state).toEqual(s);
    expect(player.since(mine).map((m) => m.type)).toEqual(["state", "action_result"]);
    player.close();
    watcher.close();
  });

  it("a Counter seat sees its own secret in the synced view and no one else's", async () => {
    const [a, b] = await users(2, "sy");
    const room = await createRoom(a!, { game: "counter", options: { target: 50 }, visibility: "public" });
    const joined = await joinByCode(b!, room.code);
    expect(joined.status).toBe(200);
    const ca = await connect(room.id, a!);
    const cb = await connect(room.id, b!);
    await ca.join();
    await cb.join();
    await ca.ok({ type: "start" });
    await cb.waitFor((m) => m.type === "state" && m.room.status === "playing");
    const from = cb.messages.length;
    await cb.ok({ type: "sync" });
    const state = cb.since(from).find((m) => m.type === "state")!;
    expect(state.view.players[1]).toHaveProperty("secret");
    expect(state.view.players[0]).not.toHaveProperty("secret");
    ca.close();
    cb.close();
  });
});
