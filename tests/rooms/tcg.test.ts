/**
 * Familiars (tcg) over WebSockets: whole games against a CPU, and on after a CPU took an absent
 * human's seat (CPU against CPU from the start, watched by its host, is in exhibition.test.ts), a
 * spectator that never sees a hidden card, reconnection mid-turn, and the game's timers (180 s
 * turns, warnings, a whole-game timeout count whose third timeout forfeits).
 */
import { evictDurableObject, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { Room } from "../../durable-objects/room/room";
import { type FamiliarCard, findCard, inPlay, STARTER_DECKS, type TcgState, tcg } from "../../src/games/tcg/index";
import { createRng } from "../../src/lib/rng";
import { call, json } from "../helpers/http";
import { active, bench, board } from "../tcg/helpers";
import { connect, createRoom, eventually, expireTurn, fire, inspect, type RoomClient, roomStub, users, verifyReplay } from "./helpers";
import { alwaysHidden, idsIn } from "./tcg-leaks";

type Inspected = Awaited<ReturnType<typeof inspect>>;

async function until(id: string, pred: (r: Inspected) => boolean, what: string): Promise<Inspected> {
  for (let i = 0; i < 60; i++) {
    const r = await inspect(id);
    if (pred(r)) return r;
    await fire(id, ["cpu_move"]);
  }
  throw new Error(`never reached: ${what}`);
}

/** Plays seat 0 with the `basic` CPU's choices as a human, and lets the CPU seat move, to the end. */
async function playOut(roomId: string, human: RoomClient | null, onStep?: (s: TcgState) => Promise<void>): Promise<void> {
  const rng = createRng(3);
  for (let step = 0; step < 600; step++) {
    const { doc, state } = await inspect(roomId);
    if (doc!.status !== "playing") return;
    const s = state as TcgState;
    await onStep?.(s);
    if (human && tcg.awaiting(s).includes(0) && doc!.seats[0]!.control === "human") {
      const res = await human.request({ type: "action", action: tcg.cpuMove(s, 0, "basic", rng) });
      expect(res.type, JSON.stringify(res)).toBe("action_result");
    } else {
      await fire(roomId, ["cpu_move"]);
    }
  }
  throw new Error("the game did not end");
}

describe("Familiars rooms", () => {
  it("a human plays a CPU to the end; a spectator never sees a hidden card; replay and history work", async () => {
    const [h, spec] = await users(2, "tcg");
    // A raised message limit: the test plays its turns as fast as it can.
    const config = { turnSeconds: 180, timeoutPolicy: "forfeit", messagesPer10s: 10_000 };
    const room = await createRoom(h!, { game: "tcg", visibility: "public", config });
    const human = await connect(room.id, h!);
    await human.join();
    await human.ok({ type: "add_cpu", profile: "tactician" });
    const watcher = await connect(room.id, spec!);
    await watcher.join({ mode: "watch" });
    await human.ok({ type: "start" });
    const start = await human.waitFor((m) => m.type === "state" && m.room.status === "playing");
    expect(start.view.players[1].hand).toBeNull();
    expect(start.view.players[0].hand).toHaveLength(5);
    const turn = await human.waitFor((m) => m.type === "turn_start" && m.seat === 0);
    expect(turn.deadline - turn.startedAt).toBe(180_000);
    expect((await inspect(room.id)).timers).toEqual(
      expect.arrayContaining([expect.objectContaining({ key: "turn:0", kind: "timer_warning", at: turn.deadline - 90_000 })]),
    );

    await playOut(room.id, human);
    const { doc, state } = await inspect(room.id);
    expect(doc!.status).toBe("finished");
    const over = await human.type("game_over");
    expect(over.result).toMatchObject({ reason: "completed", scores: tcg.result(state as TcgState)!.scores });
    expect((await watcher.type("game_over")).result).toEqual(over.result);

    // Decks, prizes and energy decks at the end were hidden throughout: the spectator never got one.
    const hidden = alwaysHidden(state as TcgState);
    expect(hidden.length).toBeGreaterThan(10);
    const seen = idsIn(watcher.messages);
    expect(hidden.filter((id) => seen.has(id))).toEqual([]);
    expect(seen.size).toBeGreaterThan(0);

    expect(await verifyReplay(room.id)).toMatchObject({ stateMatches: true, rngMatches: true, eventsMatch: true, error: null });
    const history = await eventually(async () => {
      const mine = await json(await call("/v1/me/games", { token: h!.accessToken }));
      const game = mine.games.find((g: any) => g.id === room.id);
      expect(game).toBeTruthy();
      return game;
    });
    expect(history).toMatchObject({ game: "tcg", status: "finished", mySeat: 0 });
    const frames = await json(await call(`/v1/games/${room.id}/replay?limit=500`, { token: h!.accessToken }));
    expect(frames.frames.length).toBeGreaterThan(0);
    // Stats and the Glicko-2 rating count the game (default rules are ranked).
    const stats = await eventually(async () => {
      const mine = await json(await call("/v1/me/stats", { token: h!.accessToken }));
      const tcgStats = mine.stats.find((x: any) => x.game === "tcg");
      expect(tcgStats?.gamesPlayed).toBe(1);
      return tcgStats;
    });
    expect(stats.gamesWon).toBe(over.result.winnerSeat === 0 ? 1 : 0);
    expect(stats.rating.rating).not.toBe(1500);
  });

  it("a CPU takes an absent human's seat after the grace period and plays on to the end; a spectator never sees a hidden card", async () => {
    const [h, spec] = await users(2, "tcg");
    const room = await createRoom(h!, { game: "tcg", visibility: "public" });
    const human = await connect(room.id, h!);
    await human.join();
    await human.ok({ type: "add_cpu", profile: "tactician" });
    const watcher = await connect(room.id, spec!);
    await watcher.join({ mode: "watch" });
    await human.ok({ type: "start" });
    human.close();
    await eventually(async () => expect((await inspect(room.id)).doc!.seats[0]!.connected).toBe(false));
    await fire(room.id, ["grace_expired"]);
    expect((await inspect(room.id)).doc!.seats[0]).toMatchObject({ control: "cpu", cpuReason: "disconnected" });
    await playOut(room.id, null);
    const over = await watcher.type("game_over");
    expect(over.result.reason).toBe("completed");
    const start = watcher.messages.find((m) => m.type === "state" && m.room.status === "playing");
    expect(start?.view.players.map((p: any) => p.hand)).toEqual([null, null]);
    const { state } = await inspect(room.id);
    const seen = idsIn(watcher.messages);
    expect(alwaysHidden(state as TcgState).filter((id) => seen.has(id))).toEqual([]);
    expect((await verifyReplay(room.id))?.stateMatches).toBe(true);
  });

  it("a player reconnecting mid-turn resumes from lastSeq and gets 15 s more, once", async () => {
    const [h] = await users(1, "tcg");
    const room = await createRoom(h!, { game: "tcg" });
    let human = await connect(room.id, h!);
    await human.join();
    await human.ok({ type: "add_cpu", profile: "basic" });
    await human.ok({ type: "start" });
    const rng = createRng(1);
    // Through setup into seat 0's first main-phase turn.
    let r = await inspect(room.id);
    for (let i = 0; i < 60; i++) {
      const s = r.state as TcgState;
      if (s.phase === "main" && tcg.awaiting(s).includes(0)) break;
      if (tcg.awaiting(s).includes(0)) await human.ok({ type: "action", action: tcg.cpuMove(s, 0, "basic", rng) });
      else await fire(room.id, ["cpu_move"]);
      r = await inspect(room.id);
    }
    const clock = r.doc!.turns.find((t) => t.seat === 0)!;
    const lastSeq = Math.max(...human.messages.filter((m) => m.type === "event").map((m) => m.seq), 0);
    human.close();
    await eventually(async () => expect((await inspect(room.id)).doc!.seats[0]!.connected).toBe(false));
    human = await connect(room.id, h!);
    const ack = await human.join({ lastSeq });
    expect(ack.result).toMatchObject({ resumed: true });
    const after = await inspect(room.id);
    const resumedClock = after.doc!.turns.find((t) => t.seat === 0)!;
    expect(resumedClock.turnId).toBe(clock.turnId);
    expect(resumedClock.deadline).toBe(clock.deadline + 15_000);
    // The turn goes on: the player still acts in it.
    const s = after.state as TcgState;
    expect(tcg.awaiting(s)).toEqual([0]);
    expect(inPlay(s.players[0]!).length).toBeGreaterThan(0);
    await human.ok({ type: "action", action: { type: "end_turn" } });
  });

  it("a forced choice mid-turn does not cost the acting player: their clock resumes with the time it had left", async () => {
    const [a, b] = await users(2, "tcg");
    const room = await createRoom(a!, { game: "tcg", visibility: "private", config: { turnSeconds: 180, timeoutPolicy: "forfeit" } });
    expect((await call("/v1/rooms/join", { token: b!.accessToken, body: { code: room.code } })).status).toBe(200);
    const [p0, p1] = [await connect(room.id, a!), await connect(room.id, b!)];
    await p0.join();
    await p1.join();
    await p0.ok({ type: "start" });
    // Seat 0's turn 3, 80 s of its 180 s used: Static Field (10 damage) will knock out seat 1's active.
    const s = board({
      players: [
        { active: { card: "teslashell", stack: ["coilsnail"] } },
        { active: { card: "pebblepup", damage: (findCard("pebblepup") as FamiliarCard).hp - 10 }, bench: ["sproutle"] },
      ],
    });
    const turnId = 100;
    const live = (await inspect(room.id)).doc!;
    await runInDurableObject(roomStub(room.id), (_: Room, state) => {
      // The whole document goes to the room row; the hot fields stored elsewhere (store.ts) are dropped.
      const doc = structuredClone(live);
      const now = Date.now();
      doc.turns = [{ seat: 0, turnId, startedAt: now - 80_000, deadline: now + 100_000, extended: false, warned: [0.5] }];
      doc.turnCounter = turnId;
      state.storage.sql.exec("UPDATE room SET doc = ? WHERE id = 1", JSON.stringify(doc));
      state.storage.sql.exec("DELETE FROM room_hot");
      state.storage.sql.exec("UPDATE actions SET hot = NULL");
      state.storage.sql.exec("UPDATE game SET state = ? WHERE id = 1", JSON.stringify(s));
    });
    await evictDurableObject(roomStub(room.id));
    p1.skipAll();
    p0.skipAll();
    await p0.ok({ type: "action", action: { type: "use_ability", familiar: active(s, 0).id } });
    const forced = await p1.waitFor((m) => m.type === "turn_start" && m.seat === 1);
    expect(forced.deadline - forced.startedAt).toBe(180_000);
    await p1.ok({ type: "action", action: { type: "select_active", familiar: bench(s, 1, 0).id } });
    const back = await p0.waitFor((m) => m.type === "turn_start" && m.seat === 0);
    expect(back.turnId).toBe(turnId);
    const left = back.deadline - back.serverTime;
    // What seat 0 had left, not a fresh 180 s (the pure runtime test times the pause exactly).
    expect(left).toBeLessThanOrEqual(100_000);
    expect(left).toBeGreaterThan(90_000);
    const { doc, timers } = await inspect(room.id);
    expect(doc!.turns).toEqual([expect.objectContaining({ seat: 0, turnId, deadline: back.deadline, warned: [0.5] })]);
    // The 50 % warning went out before; the 25 % one is due when 45 s are left.
    expect(timers.filter((t) => t.key.startsWith("turn:")).map((t) => [t.key, t.kind, t.at])).toEqual([
      ["turn:0", "timer_warning", back.deadline - 45_000],
    ]);
    await p0.ok({ type: "resign" });
  });

  it("each expired turn counts for the whole game, and the third forfeits it", async () => {
    // The room's seed is random: a game that ends first (a knockout leaving seat 0 with no
    // familiar in play, even in the checkup of the third timed-out turn) proves nothing about
    // timeouts, so such a game is replaced by a new room.
    for (let attempt = 1; ; attempt++) {
      const [h] = await users(1, "tcg");
      const room = await createRoom(h!, { game: "tcg", options: { rules: { points_to_win: 10 } } });
      expect(room.config).toMatchObject({ turnSeconds: 180, timeoutPolicy: "forfeit" });
      const human = await connect(room.id, h!);
      await human.join();
      await human.ok({ type: "add_cpu", profile: "basic" });
      await human.ok({ type: "start" });
      const awaitingHuman = (x: Inspected) => x.doc!.status !== "playing" || x.doc!.turns.some((t) => t.seat === 0);
      let endedEarly = false;
      for (let n = 1; n <= 3; n++) {
        const r = await until(room.id, awaitingHuman, "seat 0's turn");
        if (r.doc!.status !== "playing") {
          endedEarly = true;
          break;
        }
        await expireTurn(room.id);
        if (n === 3) break;
        const after = await inspect(room.id);
        expect(after.doc!.seats[0]).toMatchObject({ timeouts: n, control: "human" });
        // The first expiry is in setup: one timeout places the active and confirms (under a turn
        // key no phase change is inferred, so the placement does not start a new setup clock).
        if (n === 1) expect((after.state as TcgState).players[0]!.ready).toBe(true);
        // Acting in between does not reset the count (a streak would). One action of the turn
        // (benching or attaching, as basic would): the next timeout may end this same turn.
        const next = await until(room.id, awaitingHuman, "seat 0's next turn");
        if (next.doc!.status !== "playing") {
          endedEarly = true;
          break;
        }
        const s = next.state as TcgState;
        await human.ok({ type: "action", action: tcg.cpuMove(s, 0, "basic", createRng(1)) });
        expect((await inspect(room.id)).doc!.seats[0]!.timeouts).toBe(n);
      }
      if (!endedEarly && (await inspect(room.id)).doc!.result?.reason !== "forfeit") endedEarly = true;
      if (endedEarly) {
        expect(attempt).toBeLessThan(6);
        continue;
      }
      const over = await human.type("game_over");
      expect(over.result).toMatchObject({ reason: "forfeit", forfeited: [0], winnerSeat: 1, ranks: [2, 1] });
      expect((await inspect(room.id)).timers.map((t) => t.key)).toEqual(["idle"]);
      return;
    }
  });

  it("a seat picks a saved deck when it readies; nobody else sees the list", async () => {
    const [h, spec] = await users(2, "tcg");
    const cards = [...STARTER_DECKS.ember.cards.slice(0, 39), "sproutle"];
    const saved = await json(
      await call("/v1/tcg/decks", { token: h!.accessToken, body: { name: "Mine", cards, energy: { ember: 12, grove: 8 } } }),
    );
    const room = await createRoom(h!, { game: "tcg", visibility: "public" });
    const human = await connect(room.id, h!);
    await human.join();
    await human.ok({ type: "add_cpu", profile: "basic" });
    const refused = await human.request({ type: "ready", choice: { deck: "not-mine" } });
    expect(refused).toMatchObject({ type: "error", code: "invalid_choice" });
    expect(await human.request({ type: "ready", choice: { starter: "plain" } })).toMatchObject({ type: "error", code: "invalid_choice" });
    await human.ok({ type: "ready", choice: { deck: saved.id } });
    const watcher = await connect(room.id, spec!);
    await watcher.join({ mode: "watch" });
    await human.ok({ type: "start" });
    const start = await watcher.waitFor((m) => m.type === "state" && m.room.status === "playing");
    expect(start.room.options.decks).toEqual([]);
    expect(start.view.players[0].deck_label).toBe("custom");
    const info = await json(await call(`/v1/rooms/${room.id}`, { token: spec!.accessToken }));
    expect(JSON.stringify(info)).not.toContain("sproutle");
    // The game was dealt from the saved list.
    const s = (await inspect(room.id)).state as TcgState;
    const mine = Object.entries(s.cards)
      .filter(([id]) => id.startsWith("0c"))
      .map(([, card]) => card);
    const expected = [...cards, ...Array(12).fill("energy_ember"), ...Array(8).fill("energy_grove")];
    expect(mine.sort()).toEqual(expected.sort());
    expect(JSON.stringify(watcher.messages)).not.toContain('"cards":["cinderkit"');
  });
});
