/**
 * The room's path into history: drive the pure room runtime (as the Room object does) through a
 * whole Golf game, map it with `gameRecordFromRoom` and record it with `recordGame`.
 */
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { type GolfState, golf } from "../../src/games/golf/index";
import { gameRecordFromRoom } from "../../src/history/from-room";
import { recordGame } from "../../src/history/record";
import { createRng, deriveSeed } from "../../src/lib/rng";
import { endIfForfeited, humanAction, type LogEntry, type Session, startGame, cpuTurn } from "../../src/rooms/runtime/machine";
import { DEFAULT_ROOM_CONFIG, type RoomDoc } from "../../src/rooms/runtime/model";
import { addCpu, claimSeat, newRoom, resign } from "../../src/rooms/runtime/seats";
import { call, json, registerUser, type TestUser } from "../helpers/http";

const T0 = 1_767_225_600_000;

function room(creator: TestUser, options: Record<string, unknown>): RoomDoc {
  return newRoom({
    id: crypto.randomUUID().replace(/-/g, ""),
    code: "ABCD",
    game: "golf",
    visibility: "private",
    options: golf.optionsSchema.parse(options),
    config: DEFAULT_ROOM_CONFIG,
    creator: { userId: creator.id, name: creator.username },
    now: T0,
  });
}

function must<T>(o: { ok: true } & T): T;
function must<T>(o: ({ ok: true } & T) | { ok: false; code: string }): T;
function must<T>(o: ({ ok: true } & T) | { ok: false; code: string }): T {
  if (!o.ok) throw new Error(`runtime refused: ${o.code}`);
  return o;
}

/** Plays until the room finishes or `stop` says so; humans play the CPU's move for their seat. */
function play(doc: RoomDoc, session: Session, log: LogEntry[], stop?: (actions: number) => boolean) {
  let now = T0 + 1000;
  let n = 0;
  while (doc.status === "playing" && !(stop?.(log.length - 1) ?? false)) {
    now += 1000;
    const state = session.state as GolfState;
    const seat = golf.awaiting(state)[0] as number;
    const record = doc.seats[seat]!;
    const step =
      record.control === "cpu"
        ? cpuTurn(golf, doc, session, seat, now)
        : must(humanAction(golf, doc, session, record.userId!, golf.cpuMove(state, seat, "Sofia", createRng(deriveSeed(7, n++))), now));
    if (!step) throw new Error("CPU did not move");
    doc = step.doc;
    session = step.session;
    log.push(...step.log);
  }
  return { doc, session, now };
}

describe("recording a room's game", () => {
  it("records a finished room game that replays to the room's final state", async () => {
    const ada = await registerUser("ada");
    let doc = room(ada, { rounds: 2 });
    doc = must(addCpu(doc, golf.cpuProfiles, "Maya", golf.maxPlayers, (u) => u[0]!, T0)).doc;
    const started = must(startGame(golf, doc, 4242, T0 + 1000));
    const log = [...started.log];
    const end = play(started.doc, started.session, log);
    expect(end.doc.status).toBe("finished");

    const input = gameRecordFromRoom(end.doc, log)!;
    expect(input).toMatchObject({ id: end.doc.id, status: "finished", seed: 4242, startedAt: T0 + 1000, endedAt: end.doc.endedAt });
    expect(input.seats).toEqual([
      { seat: 0, userId: ada.id, name: ada.username, cpu: null },
      { seat: 1, userId: null, name: "Maya", cpu: "Maya" },
    ]);
    expect((await recordGame(env, input)).recorded).toBe(true);
    expect((await recordGame(env, input)).recorded).toBe(false);

    const replay = await call(`/v1/games/${end.doc.id}/replay`, { token: ada.accessToken }).then(json);
    expect(replay.frames.at(-1).state).toEqual(
      JSON.parse(JSON.stringify(golf.view(end.session.state as GolfState, { kind: "omniscient" }))),
    );
    const stats = (await call("/v1/me/stats", { token: ada.accessToken }).then(json)).stats[0];
    const result = end.doc.result!;
    expect(stats).toMatchObject({
      gamesPlayed: 1,
      gamesWon: result.winnerSeat === 0 ? 1 : 0,
      roundsPlayed: 2,
      totalPoints: result.scores[0],
    });
  });

  it("records a game that ended by forfeit, and its export imports back", async () => {
    const [ada, bob] = [await registerUser("ada"), await registerUser("bob")];
    let doc = room(ada, { rounds: 3 });
    doc = must(claimSeat(doc, { userId: bob.id, name: bob.username }, golf.maxPlayers, T0)).doc;
    const started = must(startGame(golf, doc, 99, T0 + 1000));
    const log = [...started.log];
    const mid = play(started.doc, started.session, log, (actions) => actions >= 9);
    doc = endIfForfeited(must(resign(mid.doc, bob.id)).doc, mid.now + 1000);
    expect(doc.status).toBe("finished");
    expect(doc.result).toMatchObject({ reason: "forfeit", forfeited: [1], ranks: [1, 2], winnerSeat: 0 });

    const input = gameRecordFromRoom(doc, log)!;
    expect(input.actions).toHaveLength(9);
    expect((await recordGame(env, input)).recorded).toBe(true);
    const a = (await call("/v1/me/stats", { token: ada.accessToken }).then(json)).stats[0];
    const b = (await call("/v1/me/stats", { token: bob.accessToken }).then(json)).stats[0];
    expect(a).toMatchObject({ gamesPlayed: 1, gamesWon: 1, humanGamesWon: 1, roundsPlayed: 0, bestGame: null });
    expect(b).toMatchObject({ gamesPlayed: 1, gamesWon: 0, currentStreak: 0 });
    expect(a.rating.rating).toBeGreaterThan(b.rating.rating);

    const doc2 = await call(`/v1/games/${doc.id}/export`, { token: bob.accessToken }).then(json);
    const res = await call("/v1/replays/import", { token: bob.accessToken, body: doc2 });
    expect(res.status).toBe(201);
    expect((await json(res)).game.result).toMatchObject({ reason: "forfeit", winnerSeat: 0 });
  });

  it("has nothing to record for a room that never started", async () => {
    const ada = await registerUser("ada");
    expect(gameRecordFromRoom(room(ada, {}), [])).toBeNull();
  });
});
