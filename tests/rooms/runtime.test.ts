/** Fast unit tests of the pure room runtime (no storage, sockets or clocks). */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { replay } from "../../durable-objects/room/log";
import { counter } from "../../src/games/counter";
import { type GolfState, golf } from "../../src/games/golf";
import { type FamiliarCard, findCard, type TcgState, tcg } from "../../src/games/tcg/index";
import { createRng } from "../../src/lib/rng";
import { handleCommand } from "../../src/rooms/runtime/commands";
import { takeFrame } from "../../durable-objects/kit/frame-limits";
import { overBytes, resumePlan } from "../../src/rooms/runtime/limits";
import { cpuTurn, humanAction, type LogEntry, type Session, startGame, turnTimeout } from "../../src/rooms/runtime/machine";
import { DEFAULT_ROOM_CONFIG, type RoomDoc } from "../../src/rooms/runtime/model";
import { completedResult, forfeitResult } from "../../src/rooms/runtime/result";
import {
  addCpu,
  claimSeat,
  connect,
  disconnect,
  graceExpired,
  kick,
  leave,
  nextHost,
  newRoom,
  removeCpu,
  resign,
  shouldClose,
  shouldEndByForfeit,
} from "../../src/rooms/runtime/seats";
import { desiredTimers, reconcile } from "../../src/rooms/runtime/timers";
import { diffAwaiting, extendTurn, timeoutVerdict, updateClocks } from "../../src/rooms/runtime/turns";
import { notifications } from "../../src/rooms/runtime/view";
import { active, bench, board } from "../tcg/helpers";

const T0 = 1_000_000;

function room(game = "golf", config = DEFAULT_ROOM_CONFIG): RoomDoc {
  return newRoom({
    id: "r1",
    code: "ABCD",
    game,
    visibility: "private",
    options: game === "golf" ? golf.optionsSchema.parse({ rounds: 1 }) : counter.optionsSchema.parse({}),
    config,
    creator: { userId: "host", name: "Host" },
    now: T0,
  });
}

function ok<T>(r: T): Exclude<T, { ok: false }> {
  if ((r as { ok: boolean }).ok === false) throw new Error(JSON.stringify(r));
  return r as Exclude<T, { ok: false }>;
}

function seat(doc: RoomDoc, userId: string, now: number): RoomDoc {
  return ok(claimSeat(doc, { userId, name: userId }, 6, now)).doc;
}

const first = (xs: string[]) => xs[0] as string;

describe("seats", () => {
  it("seats humans in order, refuses when full, not waiting or kicked, and is idempotent", () => {
    let d = seat(room(), "a", T0 + 1);
    expect(d.seats.map((s) => s.userId)).toEqual(["host", "a"]);
    expect(ok(claimSeat(d, { userId: "a", name: "a" }, 6, T0 + 2))).toMatchObject({ seat: 1, already: true });
    expect(claimSeat(d, { userId: "b", name: "b" }, 2, T0 + 2)).toMatchObject({ ok: false, code: "room_full" });
    d = ok(kick(d, "a")).doc;
    expect(claimSeat(d, { userId: "a", name: "a" }, 6, T0 + 3)).toMatchObject({ ok: false, code: "kicked_from_room" });
    expect(claimSeat({ ...d, status: "playing" }, { userId: "b", name: "b" }, 6, T0)).toMatchObject({ code: "room_not_waiting" });
  });

  it("keeps CPU personalities unique and picks unused ones", () => {
    let d = room();
    d = ok(addCpu(d, golf.cpuProfiles, "Sofia", 6, first, T0)).doc;
    expect(addCpu(d, golf.cpuProfiles, "Sofia", 6, first, T0)).toMatchObject({ code: "cpu_profile_taken" });
    const picked = ok(addCpu(d, golf.cpuProfiles, undefined, 6, first, T0));
    expect(picked.profile).toBe("Maya");
    expect(addCpu(d, ["Sofia"], undefined, 6, first, T0)).toMatchObject({ code: "no_cpu_profiles_left" });
    d = ok(removeCpu(picked.doc, "Sofia")).doc;
    expect(d.seats.map((s) => [s.seat, s.name])).toEqual([
      [0, "Host"],
      [1, "Maya"],
    ]);
  });

  it("hands the host role to the longest-present human, preferring connected ones, never a CPU", () => {
    let d = ok(addCpu(room(), golf.cpuProfiles, "Sofia", 6, first, T0)).doc;
    d = seat(d, "a", T0 + 10);
    d = seat(d, "b", T0 + 20);
    expect(nextHost(d, "host")).toBe("a");
    d = connect(d, "b").doc;
    expect(nextHost(d, "host")).toBe("b");
    d = ok(leave(d, "host")).doc;
    expect(d.hostUserId).toBe("b");
    d = ok(leave(d, "b")).doc;
    expect(d.hostUserId).toBe("a");
    d = ok(leave(d, "a")).doc;
    expect(d.hostUserId).toBeNull();
    expect(shouldClose(d)).toBe(true);
  });

  it("ends a game by forfeit when at most one seat or no human is left in the running", () => {
    let d = seat(ok(addCpu(room(), golf.cpuProfiles, "Sofia", 6, first, T0)).doc, "a", T0 + 1);
    d = { ...d, status: "playing" };
    d = ok(resign(d, "host")).doc;
    expect(d.seats[0]).toMatchObject({ out: "resigned", control: "cpu" });
    expect(shouldEndByForfeit(d)).toBe(false);
    d = ok(leave(d, "a")).doc;
    expect(shouldEndByForfeit(d)).toBe(true);
    expect(forfeitResult(d)).toMatchObject({ winnerSeat: 1, ranks: [2, 1, 2], forfeited: [0, 2] });
  });

  it("a watching host keeps the room and the host role; a table of CPUs only plays on to its end", () => {
    let d = newRoom({ ...room(), creator: { userId: "host", name: "Host" }, seat: false, now: T0 });
    expect(d).toMatchObject({ seats: [], hostUserId: "host", hostWatches: true });
    expect(shouldClose(d)).toBe(false);
    d = ok(leave(seat(d, "a", T0 + 1), "a")).doc;
    expect(d).toMatchObject({ hostUserId: "host", seats: [] });
    expect(shouldClose(d)).toBe(false);
    for (const p of ["Sofia", "Maya"]) d = ok(addCpu(d, golf.cpuProfiles, p, 6, first, T0)).doc;
    const started = ok(startGame(golf, d, 7, T0)).doc;
    expect(started.unranked).toBe(true);
    expect(shouldEndByForfeit(started)).toBe(false);
    // A seated game whose humans are all gone still ends by forfeit.
    let seated = room();
    for (const p of ["Sofia", "Maya"]) seated = ok(addCpu(seated, golf.cpuProfiles, p, 6, first, T0)).doc;
    expect(shouldEndByForfeit(ok(leave({ ...seated, status: "playing" }, "host")).doc)).toBe(true);
    // The host takes a seat after all: a seated host, who hands over like any other.
    expect(seat(room(), "x", T0).hostWatches).toBeUndefined();
    expect(seat(newRoom({ ...room(), creator: { userId: "host", name: "Host" }, seat: false, now: T0 }), "host", T0).hostWatches).toBeUndefined();
  });

  it("during a game, grace expiry gives the seat to a CPU and moves an away host to a connected human", () => {
    let d = connect(connect(seat(room(), "a", T0 + 1), "host").doc, "a").doc;
    d = { ...d, status: "playing" };
    d = disconnect(d, "host", T0 + 5);
    expect(d.seats[0]).toMatchObject({ connected: false, awaySince: T0 + 5 });
    const g = graceExpired(d, "host");
    expect(g.takenOver).toBe(true);
    expect(g.doc.seats[0]).toMatchObject({ control: "cpu", cpuReason: "disconnected" });
    expect(g.doc.hostUserId).toBe("a");
    const back = connect(g.doc, "host");
    expect(back.reclaimed).toBe(true);
    expect(back.doc.seats[0]).toMatchObject({ control: "human", connected: true });
  });
});

describe("turns", () => {
  it("continues a multi-action turn, starts newly awaited seats, and restarts everyone on a phase change", () => {
    expect(diffAwaiting([1], [1], 1)).toEqual({ started: [], continued: [1], stopped: [] });
    expect(diffAwaiting([1], [2], 1)).toEqual({ started: [2], continued: [], stopped: [1] });
    expect(diffAwaiting([0, 1, 2], [1, 2], 0)).toEqual({ started: [], continued: [1, 2], stopped: [0] });
    // Golf: next_round in round_over deals the next hole, where everyone flips again.
    expect(diffAwaiting([0, 1, 2], [0, 1, 2], 0)).toEqual({ started: [0, 1, 2], continued: [], stopped: [] });
    // A game's explicit turn boundary (turnKey changed): the seat that stays awaited starts afresh.
    expect(diffAwaiting([1], [1], 1, "new")).toEqual({ started: [1], continued: [], stopped: [], turn: "new" });
    // While the key stays equal, nothing is inferred: seats awaited together keep their clocks.
    expect(diffAwaiting([0, 1], [0, 1], 0, "same")).toEqual({ started: [], continued: [0, 1], stopped: [], turn: "same" });
  });

  it("gives clocks only to human-controlled seats, extends once, and escalates after 3 timeouts", () => {
    let d: RoomDoc = { ...ok(addCpu(room(), golf.cpuProfiles, "Sofia", 6, first, T0)).doc, status: "playing" };
    d = updateClocks(d, [0, 1], diffAwaiting([], [0, 1], null), T0);
    expect(d.turns).toEqual([{ seat: 0, turnId: 1, startedAt: T0, deadline: T0 + 60_000, extended: false, warned: [] }]);
    const kept = updateClocks(d, [0], diffAwaiting([0, 1], [0], 1), T0 + 5);
    expect(kept.turns[0]!.turnId).toBe(1);
    d = extendTurn(d, 0);
    expect(d.turns[0]).toMatchObject({ deadline: T0 + 75_000, extended: true });
    expect(extendTurn(d, 0)).toBe(d);
    expect([1, 2, 3].map((n) => timeoutVerdict(n, "cpu"))).toEqual(["continue", "continue", "cpu"]);
    expect(timeoutVerdict(3, "forfeit")).toBe("forfeit");
  });

  it("resumes a seat's clock when its turn comes back after another seat's forced choice", () => {
    // Familiars (a turn key): seat 0's ability knocks out seat 1's active mid-turn, seat 1 picks a
    // new one, and the turn goes on. The time seat 1 spent is not seat 0's.
    const s = board({
      players: [
        { active: { card: "teslashell", stack: ["coilsnail"] } },
        { active: { card: "pebblepup", damage: (findCard("pebblepup") as FamiliarCard).hp - 10 }, bench: ["sproutle"] },
      ],
    });
    const input = { ...room(), game: "tcg", options: tcg.optionsSchema.parse({}), creator: { userId: "host", name: "Host" }, now: T0 };
    let d = seat(newRoom(input), "b", T0);
    d = { ...ok(startGame(tcg, d, 1, T0)).doc, turns: [] };
    d = updateClocks(d, [0], diffAwaiting([], [0], null), T0);
    const clock = d.turns[0]!;
    const session = { state: s, rng: createRng(1).save() };
    const used = ok(humanAction(tcg, d, session, "host", { type: "use_ability", familiar: active(s, 0).id }, T0 + 20_000));
    expect(tcg.awaiting(used.session.state as TcgState)).toEqual([1]);
    expect(used.doc.turns).toEqual([{ seat: 1, turnId: clock.turnId + 1, startedAt: T0 + 20_000, deadline: T0 + 80_000, extended: false, warned: [] }]);
    const chosen = { type: "select_active", familiar: bench(s, 1, 0).id };
    const back = ok(humanAction(tcg, used.doc, used.session, "b", chosen, T0 + 50_000));
    expect(tcg.awaiting(back.session.state as TcgState)).toEqual([0]);
    // 40 s were left when the choice began; they are left now.
    expect(back.doc.turns).toEqual([{ ...clock, deadline: T0 + 90_000 }]);
    // The clock's timer stands for its next step: the 50 % warning.
    expect(desiredTimers(back.doc, [0], [], T0 + 50_000, () => 1).map((t) => [t.key, t.kind, t.at - T0])).toEqual([
      ["turn:0", "timer_warning", 60_000],
    ]);
    // The next turn starts afresh.
    const ended = ok(humanAction(tcg, back.doc, back.session, "host", { type: "end_turn" }, T0 + 55_000));
    expect(ended.doc.turns).toMatchObject([{ seat: 1, startedAt: T0 + 55_000, deadline: T0 + 115_000 }]);
    expect(ended.doc.pausedTurns ?? []).toEqual([]);
  });

  it("derives turn, warning and CPU timers from the document and reconciles only the difference", () => {
    let d: RoomDoc = { ...ok(addCpu(room(), golf.cpuProfiles, "Sofia", 6, first, T0)).doc, status: "playing" };
    d = updateClocks(d, [0, 1], diffAwaiting([], [0, 1], null), T0);
    const want = desiredTimers(d, [0, 1], [], T0, () => 500);
    expect(want.map((t) => [t.key, t.kind, t.at - T0])).toEqual([
      ["turn:0", "timer_warning", 30_000],
      ["cpu:1", "cpu_move", 500],
    ]);
    // Once both warnings went out, the same timer stands for the timeout.
    const warned = { ...d, turns: d.turns.map((t) => ({ ...t, warned: [0.5, 0.25] })) };
    expect(desiredTimers(warned, [0, 1], want, T0, () => 500).map((t) => [t.key, t.kind, t.at - T0])).toEqual([
      ["turn:0", "turn_timeout", 60_000],
      ["cpu:1", "cpu_move", 500],
    ]);
    // A pending CPU move keeps its time; a finished turn's timers are cancelled.
    const again = desiredTimers(d, [0, 1], want, T0 + 100, () => 999);
    expect(reconcile(again, want)).toEqual({ schedule: [], cancel: [] });
    const later = updateClocks(d, [1], diffAwaiting([0, 1], [1], 0), T0 + 200);
    const diff = reconcile(
      desiredTimers(later, [1], want, T0 + 200, () => 1),
      want,
    );
    expect(diff.schedule).toEqual([]);
    expect(diff.cancel).toEqual(["turn:0"]);
  });

  it("keys a clock's timer by its slot, so a turn passing rewrites the same timer and cancels none", () => {
    let d: RoomDoc = { ...seat(room(), "b", T0), status: "playing" };
    d = updateClocks(d, [0], diffAwaiting([], [0], null), T0);
    const before = desiredTimers(d, [0], [], T0, () => 1);
    const passed = updateClocks(d, [1], diffAwaiting([0], [1], 0), T0 + 5_000);
    const after = desiredTimers(passed, [1], before, T0 + 5_000, () => 1);
    expect(after.map((t) => [t.key, t.payload])).toEqual([["turn:0", { seat: 1, turnId: passed.turns[0]?.turnId, fraction: 0.5 }]]);
    const diff = reconcile(after, before);
    expect(diff.cancel).toEqual([]);
    expect(diff.schedule.map((t) => t.key)).toEqual(["turn:0"]);
  });
});

describe("limits", () => {
  it("allows 30 messages per 10 s window per connection", () => {
    let w: Parameters<typeof takeFrame>[0];
    for (let i = 0; i < 30; i++) {
      const d = takeFrame(w, [], T0 + i);
      expect(d.allowed).toBe(true);
      w = d.window;
    }
    const refused = takeFrame(w, [], T0 + 100);
    expect(refused).toMatchObject({ allowed: false, retryAfterMs: 9_900 });
    expect(takeFrame(refused.window, [], T0 + 10_000).allowed).toBe(true);
    // Text is measured in UTF-8 bytes: "é" is 2, "€" is 3.
    expect(overBytes("a".repeat(8192), 8192)).toBe(false);
    expect(overBytes("a".repeat(8193), 8192)).toBe(true);
    expect(overBytes("é".repeat(4096), 8192)).toBe(false);
    expect(overBytes("é".repeat(4097), 8192)).toBe(true);
    expect(overBytes("€".repeat(2731), 8192)).toBe(true);
    expect(overBytes(new ArrayBuffer(8193), 8192)).toBe(true);
  });

  it("resumes with events when a little behind, and with a state otherwise", () => {
    expect(resumePlan(5, 9)).toEqual({ kind: "events", fromSeq: 6, toSeq: 9 });
    expect(resumePlan(9, 9)).toEqual({ kind: "events", fromSeq: 10, toSeq: 9 });
    expect(resumePlan(1, 300)).toEqual({ kind: "state" });
    expect(resumePlan(10, 9)).toEqual({ kind: "state" });
    expect(resumePlan(undefined, 9)).toEqual({ kind: "state" });
  });
});

describe("results", () => {
  it("ranks forfeited seats after everyone who played on", () => {
    const d: RoomDoc = { ...seat(seat(room(), "a", T0), "b", T0), status: "playing" };
    const out = ok(resign(d, "host")).doc;
    const r = completedResult(out, { scores: [1, 5, 5], winnerSeat: 0, ranks: [1, 2, 2] });
    expect(r).toMatchObject({ ranks: [3, 1, 1], winnerSeat: null, forfeited: [0], reason: "completed" });
    const r2 = completedResult(out, { scores: [1, 5, 7], winnerSeat: 0, ranks: [1, 2, 3] });
    expect(r2).toMatchObject({ ranks: [3, 1, 2], winnerSeat: 1 });
  });
});

describe("the game machine", () => {
  function playing(game: "golf" | "counter", cpus: string[]): { doc: RoomDoc; session: Session; log: LogEntry[] } {
    let d = room(game);
    for (const p of cpus) d = ok(addCpu(d, game === "golf" ? golf.cpuProfiles : counter.cpuProfiles, p, 6, first, T0)).doc;
    const s = ok(startGame(game === "golf" ? golf : counter, d, 42, T0));
    return { doc: s.doc, session: s.session, log: s.log };
  }

  it("a timeout applies at most a bounded run of moves for one expiry, then counts it", () => {
    // Counter alone: the same seat stays awaited after every move, so only the bound stops the run.
    const g = playing("counter", []);
    const t = turnTimeout(counter, g.doc, g.session, 0, g.doc.turns[0]!.turnId, T0 + 60_000)!;
    expect(t.log.map((e) => e.source)).toEqual(["timeout", "timeout", "timeout", "timeout"]);
    expect(t.doc.seats[0]!.timeouts).toBe(1);
    expect(t.doc.turns).toHaveLength(1);
    expect(t.doc.turns[0]!.startedAt).toBe(T0 + 60_000);
    expect(turnTimeout(counter, t.doc, t.session, 0, g.doc.turns[0]!.turnId, T0)).toBeNull();
  });

  it("rejects start without enough players and commands from spectators", () => {
    const d = room("golf");
    expect(startGame(golf, d, 1, T0)).toMatchObject({ ok: false, code: "not_enough_players" });
    const h = handleCommand(
      { game: golf, doc: d, session: null, userId: "host", spectator: true, now: T0, newSeed: () => 1, pick: first },
      { type: "start" },
    );
    expect(h.answer).toMatchObject({ ok: false, code: "spectators_cannot_act" });
    // A watching host's spectating connection sends host commands, and nothing else.
    const watched = newRoom({ ...d, creator: { userId: "host", name: "Host" }, seat: false, now: T0 });
    const as = (userId: string, cmd: Parameters<typeof handleCommand>[1]) =>
      handleCommand({ game: golf, doc: watched, session: null, userId, spectator: true, now: T0, newSeed: () => 1, pick: first }, cmd).answer;
    expect(as("host", { type: "add_cpu", profile: "Sofia" })).toMatchObject({ ok: true });
    expect(as("host", { type: "ready", ready: true })).toMatchObject({ ok: false, code: "spectators_cannot_act" });
    expect(as("host", { type: "action", action: {} })).toMatchObject({ ok: false, code: "spectators_cannot_act" });
    expect(as("other", { type: "add_cpu", profile: "Sofia" })).toMatchObject({ ok: false, code: "spectators_cannot_act" });
  });

  it("replays any CPU-played Golf game from its seed to exactly the final state", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.integer({ min: 1, max: 4 }), (seed, cpus) => {
        let d = room("golf");
        d = { ...d, seats: [] };
        for (const p of golf.cpuProfiles.slice(0, cpus + 1)) d = ok(addCpu(d, golf.cpuProfiles, p, 6, first, T0)).doc;
        const s = ok(startGame(golf, d, seed, T0));
        let doc = s.doc;
        let session = s.session;
        const log = [...s.log];
        for (let i = 0; i < 2000 && doc.status === "playing"; i++) {
          const seatNo = golf.awaiting(session.state as GolfState)[0] as number;
          const step = cpuTurn(golf, doc, session, seatNo, T0 + i)!;
          doc = step.doc;
          session = step.session;
          log.push(...step.log);
        }
        expect(doc.status).toBe("finished");
        expect(log.reduce((n, e) => n + e.events.length, 0)).toBe(doc.seq);
        const report = replay(golf, seed, log, session);
        expect(report).toMatchObject({ stateMatches: true, rngMatches: true, eventsMatch: true, error: null });
      }),
      { numRuns: 8 },
    );
  });

  it("announces exactly what changed", () => {
    const d = seat(room(), "a", T0);
    const n = notifications(d, connect(d, "a").doc);
    expect(n).toMatchObject({ room: false, presence: true, gameOver: false, closed: false });
    expect(notifications(d, ok(kick(d, "a")).doc).room).toBe(true);
  });
});
