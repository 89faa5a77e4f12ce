import { describe, expect, it } from "vitest";
import { golf } from "../../src/games/golf/index";
import { call, expectError, json, registerUser, type TestUser } from "../helpers/http";
import { type PlayedGolf, playGolf, record } from "./helpers";

async function playedBy(user: TestUser, seed = 23, rounds = 2): Promise<PlayedGolf> {
  const g = playGolf({ seed, options: { rounds }, players: [{ userId: user.id }, { userId: null, plays: "Maya" }] });
  expect(await record(g.record)).toBe(true);
  return g;
}

const omniscient = (state: unknown) => JSON.parse(JSON.stringify(golf.view(state as never, { kind: "omniscient" })));

describe("replays", () => {
  it("frames are the states reached by applying the log step by step", async () => {
    const ada = await registerUser("ada");
    const g = await playedBy(ada);
    const res = await call(`/v1/games/${g.record.id}/replay`, { token: ada.accessToken });
    expect(res.status).toBe(200);
    const replay = await json(res);
    expect(replay).toMatchObject({
      gameId: g.record.id,
      game: "golf",
      status: "finished",
      from: 0,
      totalFrames: g.record.actions.length + 1,
    });
    expect(replay.frames).toHaveLength(g.states.length);
    replay.frames.forEach((frame: any, i: number) => {
      expect(frame.index).toBe(i);
      expect(frame.state).toEqual(omniscient(g.states[i]));
      if (i === 0) {
        expect(frame).toMatchObject({ seat: null, source: "setup", action: null, elapsed: 0 });
      } else {
        const a = g.record.actions[i - 1]!;
        expect(frame).toMatchObject({ seat: a.seat, source: a.source, action: a.action, elapsed: (a.at - g.record.startedAt) / 1000 });
      }
    });
    expect(replay.frames.flatMap((f: any) => f.events)).toEqual(JSON.parse(JSON.stringify(g.events)));
    // The game is over: the last frame shows every card and the result.
    const last = replay.frames.at(-1).state;
    expect(last.phase).toBe("game_over");
    expect(last.players[0].hand.every((c: any) => typeof c.rank === "string")).toBe(true);
    expect(last.result).toMatchObject({ scores: [-4, 18], winnerSeat: 0 });
  });

  it("pages frames with from and limit", async () => {
    const ada = await registerUser("ada");
    const g = await playedBy(ada, 23, 1);
    const page = await call(`/v1/games/${g.record.id}/replay?from=3&limit=4`, { token: ada.accessToken }).then(json);
    expect(page.frames.map((f: any) => f.index)).toEqual([3, 4, 5, 6]);
    expect(page.frames[0].state).toEqual(omniscient(g.states[3]));
    await expectError(await call(`/v1/games/${g.record.id}/replay?limit=0`, { token: ada.accessToken }), 400, "invalid_request");
  });

  it("replays abandoned games up to where they stopped", async () => {
    const ada = await registerUser("ada");
    const g = playGolf({ seed: 9, options: { rounds: 2 }, stopAfter: 7, players: [{ userId: ada.id }, { userId: null }] });
    await record(g.record);
    const replay = await call(`/v1/games/${g.record.id}/replay`, { token: ada.accessToken }).then(json);
    expect(replay).toMatchObject({ status: "abandoned", result: null, totalFrames: 8 });
    expect(replay.frames.at(-1).state).toEqual(omniscient(g.final));
  });
});

describe("export and import", () => {
  async function exported(user: TestUser, g: PlayedGolf) {
    const res = await call(`/v1/games/${g.record.id}/export`, { token: user.accessToken });
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Disposition")).toContain(".orrery-replay.json");
    return json(res);
  }

  const importDoc = (user: TestUser, doc: unknown) => call("/v1/replays/import", { token: user.accessToken, body: doc });

  it("exports a versioned document and imports it back as a new, uncounted game", async () => {
    const [ada, bob] = [await registerUser("ada"), await registerUser("bob")];
    const g = await playedBy(ada);
    const doc = await exported(ada, g);
    expect(doc).toMatchObject({
      format: "orrery-replay",
      version: 1,
      game: {
        id: g.record.id,
        game: "golf",
        seed: 23,
        status: "finished",
        startedAt: g.record.startedAt,
        endedAt: g.record.endedAt,
        seats: [
          { seat: 0, name: "human0", cpu: null },
          { seat: 1, name: "Maya", cpu: "Maya" },
        ],
      },
    });
    expect(doc.game.seats[0]).not.toHaveProperty("userId");
    expect(doc.actions).toEqual(g.record.actions.map(({ seat, source, action, at }) => ({ seat, source, action, at })));

    const res = await importDoc(bob, doc);
    expect(res.status).toBe(201);
    const { game } = await json(res);
    expect(game.id).not.toBe(g.record.id);
    expect(game).toMatchObject({ imported: true, importedFrom: g.record.id, counted: false, replayable: true, status: "finished" });
    expect(game.seats.every((s: any) => s.userId === null)).toBe(true);
    expect(game.result).toEqual(doc.game.result);

    // The importer can read, replay and re-export it; it is in their history; it counts for nobody.
    const mine = await call("/v1/me/games", { token: bob.accessToken }).then(json);
    expect(mine.games.map((x: any) => [x.id, x.mySeat, x.imported])).toEqual([[game.id, null, true]]);
    const original = await call(`/v1/games/${g.record.id}/replay`, { token: ada.accessToken }).then(json);
    const copy = await call(`/v1/games/${game.id}/replay`, { token: bob.accessToken }).then(json);
    expect(copy.frames).toEqual(original.frames);
    const again = await exported(bob, { ...g, record: { ...g.record, id: game.id } });
    expect(again.actions).toEqual(doc.actions);
    expect((await call("/v1/me/stats", { token: bob.accessToken }).then(json)).stats).toEqual([]);
    await expectError(await call(`/v1/games/${game.id}`, { token: ada.accessToken }), 403, "forbidden");
  });

  it("round-trips an abandoned game", async () => {
    const ada = await registerUser("ada");
    const g = playGolf({ seed: 9, options: { rounds: 2 }, stopAfter: 7, players: [{ userId: ada.id }, { userId: null }] });
    await record(g.record);
    const res = await importDoc(ada, await exported(ada, g));
    expect(res.status).toBe(201);
    expect((await json(res)).game).toMatchObject({ status: "abandoned", result: null, imported: true });
  });

  it("rejects tampered documents with specific codes", async () => {
    const ada = await registerUser("ada");
    const g = await playedBy(ada);
    const doc = await exported(ada, g);
    const clone = () => JSON.parse(JSON.stringify(doc));

    const badVersion = { ...clone(), version: 2 };
    expect((await expectError(await importDoc(ada, badVersion), 422, "unsupported_replay_version")).details).toMatchObject({ version: 2 });
    await expectError(await importDoc(ada, { ...clone(), format: "pgn" }), 422, "unsupported_replay_version");
    const { format: _f, version: _v, ...bare } = clone();
    await expectError(await importDoc(ada, bare), 422, "unsupported_replay_version");

    const unknownGame = clone();
    unknownGame.game.game = "chess";
    await expectError(await importDoc(ada, unknownGame), 422, "unknown_game");

    // An action the engine refuses: discarding instead of the first flip.
    const illegal = clone();
    illegal.actions[0].action = { type: "discard" };
    const e1 = await expectError(await importDoc(ada, illegal), 422, "replay_invalid");
    expect(e1.details).toMatchObject({ index: 0 });

    // A legal-looking change later on: another position for a swap breaks the rest of the log or the result.
    const swapAt = doc.actions.findIndex((a: any) => a.action.type === "swap");
    const changed = clone();
    changed.actions[swapAt].action.position = (doc.actions[swapAt].action.position + 1) % 6;
    const res = await importDoc(ada, changed);
    expect(res.status).toBe(422);
    expect(["replay_invalid", "replay_mismatch"]).toContain((await json(res)).error.code);

    // Not an action of this game at all.
    const alien = clone();
    alien.actions[3].action = { type: "castle" };
    expect((await expectError(await importDoc(ada, alien), 422, "replay_invalid")).details).toMatchObject({
      index: 3,
      reason: "invalid_action",
    });

    // A wrong seat.
    const seat = clone();
    seat.actions[5].seat = 7;
    await expectError(await importDoc(ada, seat), 422, "replay_invalid");

    const score = clone();
    score.game.result.scores[1] = 3;
    const e2 = await expectError(await importDoc(ada, score), 422, "replay_mismatch");
    expect(e2.details).toMatchObject({ field: "scores", claimed: [-4, 3], actual: [-4, 18] });

    const winner = clone();
    winner.game.result.winnerSeat = 1;
    expect((await expectError(await importDoc(ada, winner), 422, "replay_mismatch")).details.field).toBe("winnerSeat");

    const holes = clone();
    holes.game.result.extra.holesWon = [1, 1];
    expect((await expectError(await importDoc(ada, holes), 422, "replay_mismatch")).details.field).toBe("extra.holesWon");

    const truncated = clone();
    truncated.actions.pop();
    expect((await expectError(await importDoc(ada, truncated), 422, "replay_mismatch")).details.field).toBe("result");

    const seed = clone();
    seed.game.seed += 1;
    const res2 = await importDoc(ada, seed);
    expect(res2.status).toBe(422);
    expect(["replay_invalid", "replay_mismatch"]).toContain((await json(res2)).error.code);

    await expectError(await importDoc(ada, { format: "orrery-replay", version: 1, game: {} }), 400, "invalid_request");
    await expectError(await call("/v1/replays/import", { token: ada.accessToken, rawBody: "{not json" }), 400, "invalid_json");
    await expectError(await call("/v1/replays/import", { body: doc }), 401, "unauthorized");

    // Nothing of the above was stored.
    const mine = await call("/v1/me/games", { token: ada.accessToken }).then(json);
    expect(mine.games).toHaveLength(1);
  });

  it("accepts documents above the global body limit and refuses those above 1 MiB", async () => {
    const ada = await registerUser("ada");
    const g = await playedBy(ada);
    const doc = await exported(ada, g);
    const padded = { ...doc, note: "x".repeat(200 * 1024) };
    expect((await importDoc(ada, padded)).status).toBe(201);
    const huge = { ...doc, note: "x".repeat(1024 * 1024) };
    const err = await expectError(await importDoc(ada, huge), 413, "payload_too_large");
    expect(err.details).toMatchObject({ limitBytes: 1024 * 1024 });
    // Every other route keeps the global limit.
    await expectError(
      await call(`/v1/games/${g.record.id}/share`, { token: ada.accessToken, body: { title: "x".repeat(70 * 1024) } }),
      413,
      "payload_too_large",
    );
  });
});
