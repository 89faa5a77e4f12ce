/**
 * Leaderboards and profiles are public: read without a token, limited per IP when anonymous, and
 * a first game already shows on the provisional board.
 */
import { describe, expect, it } from "vitest";
import { call, expectError, json, registerUser, type TestUser, uniqueIp } from "../helpers/http";
import { playGolf, record } from "../history/helpers";
import { connect, createRoom, eventually, fire, inspect } from "../rooms/helpers";

let clock = 1_780_000_000_000;

/** A ranked (standard rules) Golf game the user wins or loses, recorded as a room would. */
async function golfGame(user: TestUser): Promise<void> {
  clock += 3_600_000;
  const played = playGolf({
    seed: 23,
    startedAt: clock,
    options: { rounds: 1 },
    players: [
      { userId: user.id, plays: "Sofia" },
      { userId: null, plays: "Maya" },
    ],
  });
  expect(await record(played.record)).toBe(true);
}

/** Plays a one-move Counter game in a new room and waits until the room has recorded it. */
async function counterRoomGame(user: TestUser, visibility: "public" | "private"): Promise<string> {
  const room = await createRoom(user, { game: "counter", options: { target: 1 }, visibility });
  const c = await connect(room.id, user);
  await c.join();
  await c.ok({ type: "start" });
  await c.ok({ type: "action", action: { type: "add", amount: 1 } });
  expect((await inspect(room.id)).doc!.status).toBe("finished");
  c.close();
  await fire(room.id, ["record"]);
  await eventually(async () => expect((await call(`/v1/games/${room.id}`, { token: user.accessToken })).status).toBe(200));
  return room.id;
}

const mine = (entries: { player: { id: string } }[], user: TestUser) => entries.filter((e) => e.player.id === user.id);

describe("public leaderboards and profiles", () => {
  it("shows a first game on the provisional board, and moves the player to the ranked board at 5 games", async () => {
    const ada = await registerUser("prov");
    await golfGame(ada);

    const afterOne = await json(await call("/v1/leaderboards/golf?limit=100"));
    expect(afterOne.provisional.maxGames).toBe(4);
    expect(mine(afterOne.provisional.entries, ada)).toEqual([
      expect.objectContaining({ player: { id: ada.id, username: ada.username }, gamesPlayed: 1 }),
    ]);
    expect(mine(afterOne.entries, ada)).toEqual([]);
    expect(afterOne.provisional.total).toBeGreaterThanOrEqual(1);

    for (let i = 0; i < 4; i++) await golfGame(ada);
    const afterFive = await json(await call("/v1/leaderboards/golf?limit=100"));
    expect(mine(afterFive.entries, ada)).toEqual([expect.objectContaining({ gamesPlayed: 5 })]);
    expect(mine(afterFive.provisional.entries, ada)).toEqual([]);
  });

  it("serves stats and a profile without login, listing only games of public rooms", async () => {
    const ada = await registerUser("prof");
    const open = await counterRoomGame(ada, "public");
    const hidden = await counterRoomGame(ada, "private");

    const stats = await call(`/v1/players/${ada.id}/stats?game=counter`);
    expect(stats.status).toBe(200);
    expect((await json(stats)).stats[0]).toMatchObject({ game: "counter", gamesPlayed: 2 });

    const res = await call(`/v1/players/${ada.id}`);
    expect(res.status).toBe(200);
    const profile = await json(res);
    expect(profile.player).toEqual({ id: ada.id, username: ada.username });
    expect(profile.stats).toEqual([expect.objectContaining({ game: "counter", gamesPlayed: 2, rating: expect.any(Object) })]);
    expect(profile.recentGames.map((g: { id: string }) => g.id)).toEqual([open]);
    expect(profile.recentGames[0]).toMatchObject({ game: "counter", status: "finished", mySeat: 0 });
    expect(JSON.stringify(profile)).not.toContain(hidden);

    await expectError(await call("/v1/players/nobody"), 404, "not_found");
    await expectError(await call(`/v1/players/${ada.id}?games=0`), 400, "invalid_request");
  });

  it("still checks a token when one is sent, and limits anonymous callers per IP", async () => {
    const ada = await registerUser("anon");
    await expectError(await call("/v1/leaderboards/golf", { token: "not-a-token" }), 401, "unauthorized");
    expect((await call(`/v1/players/${ada.id}`, { token: ada.accessToken })).status).toBe(200);

    // RATE_LIMIT_API_PER_MINUTE (100) per IP, as a token bucket that refills while the loop runs.
    const ip = uniqueIp();
    let last: Response | undefined;
    let calls = 0;
    for (; calls < 150; calls++) {
      last = await call("/v1/players/nobody/stats", { ip });
      if (last.status === 429) break;
      expect(last.status).toBe(404);
    }
    expect(calls).toBeGreaterThanOrEqual(100);
    await expectError(last!, 429, "rate_limited");
    // Another route draws on the same budget. The bucket refills a token every 600 ms, so one may
    // have come back since the refusal: then that call gets it and leaves the bucket empty.
    const other = await call("/v1/leaderboards/golf", { ip });
    if (other.status === 200) expect(Number(other.headers.get("X-RateLimit-Remaining"))).toBeLessThanOrEqual(1);
    else await expectError(other, 429, "rate_limited");
    const fresh = await call("/v1/leaderboards/golf", { ip: uniqueIp() });
    expect(fresh.status).toBe(200);
    expect(Number(fresh.headers.get("X-RateLimit-Remaining"))).toBeGreaterThan(90);
  });
});
