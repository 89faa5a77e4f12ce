/**
 * Familiars (tcg) on the platform Golf already uses, over HTTP and WebSocket: the lobby (which never
 * shows a seat's deck list), quick match, export and import, share codes and the leaderboard.
 */
import { describe, expect, it } from "vitest";
import { STARTER_DECKS, type TcgState, tcg } from "../../src/games/tcg/index";
import { createRng } from "../../src/lib/rng";
import { call, expectError, json, type TestUser } from "../helpers/http";
import { age, fireTimer, matchmakerStub, queue, statusOf, tick } from "../matchmaking/helpers";
import { connect, createRoom, eventually, fire, inspect, users } from "./helpers";

/** A ranked tcg game of `user` against the `basic` CPU, played to the end (the user's seat by the CPU's choices). */
async function finishedGame(user: TestUser): Promise<string> {
  const room = await createRoom(user, { game: "tcg", config: { messagesPer10s: 10_000 } });
  const human = await connect(room.id, user);
  await human.join();
  await human.ok({ type: "add_cpu", profile: "basic" });
  await human.ok({ type: "start" });
  const rng = createRng(5);
  for (let step = 0; step < 600; step++) {
    const { doc, state } = await inspect(room.id);
    if (doc!.status !== "playing") break;
    const s = state as TcgState;
    if (tcg.awaiting(s).includes(0)) await human.ok({ type: "action", action: tcg.cpuMove(s, 0, "basic", rng) });
    else await fire(room.id, ["cpu_move"]);
  }
  expect((await inspect(room.id)).doc!.status).toBe("finished");
  human.close();
  await fire(room.id);
  await eventually(async () => expect((await call(`/v1/games/${room.id}`, { token: user.accessToken })).status).toBe(200));
  return room.id;
}

describe("Familiars on the platform", () => {
  it("the lobby lists a waiting tcg room without any seat's deck list", async () => {
    const [h, viewer] = await users(2, "tcglobby");
    const cards = [...STARTER_DECKS.ember.cards.slice(0, 39), "sproutle"];
    const saved = await json(
      await call("/v1/tcg/decks", { token: h!.accessToken, body: { name: "Secret", cards, energy: { ember: 12, grove: 8 } } }),
    );
    const room = await createRoom(h!, { game: "tcg", visibility: "public" });
    const host = await connect(room.id, h!);
    await host.join();
    await host.ok({ type: "ready", choice: { deck: saved.id } });
    const lobby = await eventually(async () => {
      const page = await json(await call("/v1/lobby/tcg?limit=100", { token: viewer!.accessToken }));
      const listed = page.rooms.find((r: any) => r.id === room.id);
      expect(listed).toMatchObject({ game: "tcg", code: room.code, players: 1, seats: 2, openSeats: 1 });
      return page;
    });
    const text = JSON.stringify(lobby);
    expect(text).not.toContain("sproutle");
    expect(text).not.toContain(saved.id);
    expect(text).not.toContain("cinderkit");
    host.close();
    await fire(room.id);
  });

  it("quick match pairs two tcg players in one room", async () => {
    const [a, b] = await users(2, "tcgqm");
    for (const u of [a!, b!]) expect((await queue(u, "tcg")).status).toBe(200);
    await tick(matchmakerStub("tcg"));
    const sa = await statusOf(a!, "tcg");
    expect(sa).toMatchObject({ state: "matched", game: "tcg", roomReady: true, cpus: [] });
    expect(await statusOf(b!, "tcg")).toMatchObject({ state: "matched", roomId: sa.roomId });
    const room = await json(await call(`/v1/rooms/${sa.roomId}`, { token: a!.accessToken }));
    expect(room.game).toBe("tcg");
    const ca = await connect(sa.roomId, a!);
    expect((await ca.join()).result).toMatchObject({ mode: "play", seat: 0 });
    ca.close();
    await fire(sa.roomId);
  });

  it("quick match gives a tcg player waiting alone a room with a CPU opponent", async () => {
    const [u] = await users(1, "tcgfill");
    expect((await queue(u!, "tcg")).status).toBe(200);
    await age(matchmakerStub("tcg"), 31_000);
    await fireTimer(matchmakerStub("tcg"), "cpu_fill");
    const matched = await statusOf(u!, "tcg");
    expect(matched).toMatchObject({ state: "matched", roomReady: true, ranked: false });
    expect(matched.cpus).toHaveLength(1);
    const c = await connect(matched.roomId, u!);
    await c.join();
    const seats = c.messages.find((m) => m.type === "state")!.room.seats;
    expect(seats.map((s: any) => s.kind)).toEqual(["human", "cpu"]);
    expect(["basic", "tactician"]).toContain(seats[1].name);
    c.close();
    await fire(matched.roomId);
  });

  it("a finished game exports, imports and verifies; a share code opens its replay; the leaderboard lists its player", async () => {
    const [p, other] = await users(2, "tcghist");
    const id = await finishedGame(p!);

    const doc = await json(await call(`/v1/games/${id}/export`, { token: p!.accessToken }));
    expect(doc).toMatchObject({ format: "orrery-replay", game: { id, game: "tcg", status: "finished" } });
    const imported = await call("/v1/replays/import", { token: other!.accessToken, body: doc });
    expect(imported.status, await imported.clone().text()).toBe(201);
    const copy = (await json(imported)).game;
    expect(copy).toMatchObject({ game: "tcg" });
    // The import re-simulates through the tcg engine: a tampered result does not verify.
    const tampered = structuredClone(doc);
    tampered.game.result.scores = doc.game.result.scores.map((x: number) => x + 1);
    await expectError(await call("/v1/replays/import", { token: other!.accessToken, body: tampered }), 422, "replay_mismatch");
    const copyReplay = await json(await call(`/v1/games/${copy.id}/replay?limit=500`, { token: other!.accessToken }));
    expect(copyReplay.frames.length).toBeGreaterThan(0);

    const share = await json(await call(`/v1/games/${id}/share`, { token: p!.accessToken, body: {} }));
    const opened = await call(`/v1/replays/${share.code}`);
    expect(opened.status).toBe(200);
    const body = await json(opened);
    expect(body.replay).toMatchObject({ gameId: id, status: "finished" });
    expect(body.replay.frames.length).toBeGreaterThan(0);

    // One rated game: the player is on the provisional board (the ranked one starts at 5 games).
    const board = await eventually(async () => {
      const b = await json(await call("/v1/leaderboards/tcg?limit=100"));
      const entry = b.provisional.entries.find((e: any) => e.player.id === p!.id);
      expect(entry).toMatchObject({ player: { id: p!.id, username: p!.username }, gamesPlayed: 1 });
      return b;
    });
    // Rated: the rating's deviation fell from the new player's 350 (the rating itself stays 1500 on a draw).
    const entry = board.provisional.entries.find((e: any) => e.player.id === p!.id);
    expect(entry.ratingDeviation).toBeLessThan(350);
    const mine = await json(await call("/v1/me/stats?game=tcg", { token: p!.accessToken }));
    expect(mine.stats[0].rating.rating).toBe(entry.rating);
  });
});
