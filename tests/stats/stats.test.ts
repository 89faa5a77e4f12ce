/**
 * Stats from real Golf games: each game is played by the engine's CPUs from a fixed seed (seat 0 is
 * a "human" played by Sofia, seat 1 the CPU Maya unless noted), recorded with `recordGame` as a
 * room would, and read back over HTTP. The round results of each seed are pinned first, so the
 * expected totals below can be checked by hand.
 */
import { describe, expect, it } from "vitest";
import { GLICKO2, updateRating } from "../../src/stats/glicko2";
import { call, expectError, json, loginAdmin, registerUser, type TestUser } from "../helpers/http";
import { myStats, playGolf, record, roundsOf } from "../history/helpers";
import { twoHoleGolf } from "./helpers";

type Pinned = { scores: number[]; finisher: number | null; winners: number[] };

/** Two holes, seat 0 vs seat 1: each seed's rounds as the engine plays them. */
const SEEDS: Record<number, Pinned[]> = {
  // seat 0 loses 18–15: a 21, then a -3 after going out first.
  5: [
    { scores: [21, 10], finisher: 1, winners: [1] },
    { scores: [-3, 5], finisher: 0, winners: [0] },
  ],
  // seat 0 loses 9–8, going out first in both holes.
  7: [
    { scores: [3, -1], finisher: 0, winners: [1] },
    { scores: [6, 9], finisher: 0, winners: [0] },
  ],
  // seat 0 wins -4–18.
  23: [
    { scores: [-3, 4], finisher: 1, winners: [0] },
    { scores: [-1, 14], finisher: 0, winners: [0] },
  ],
};

let clock = 1_767_225_600_000;

/** A fresh game from a pinned seed, an hour after the previous one. */
function golfGame(seed: number, seat0: string | null, seat1: string | null = null) {
  clock += 3_600_000;
  const played = twoHoleGolf(seed, clock, seat0, seat1);
  expect(roundsOf(played.events).map(({ scores, finisher, winners }) => ({ scores, finisher, winners }))).toEqual(SEEDS[seed]);
  return played;
}

async function statsOf(user: TestUser) {
  return (await myStats(user)).stats;
}

describe("stats from recorded games", () => {
  it("adds up rounds, points, records, knockouts and streaks (hand-computed)", async () => {
    const ada = await registerUser("ada");
    const games = [golfGame(5, ada.id), golfGame(7, ada.id), golfGame(23, ada.id)];
    for (const g of games) expect(await record(g.record)).toBe(true);
    const s = await statsOf(ada);
    expect(s).toMatchObject({
      game: "golf",
      gamesPlayed: 3,
      gamesWon: 1, // only seed 23
      humanGamesPlayed: 0, // every opponent was a CPU
      humanGamesWon: 0,
      roundsPlayed: 6,
      roundsWon: 4, // 1 + 1 + 2
      totalPoints: 23, // 18 + 9 - 4
      averageScore: 23 / 6,
      bestRound: -3,
      worstRound: 21,
      bestGame: -4,
      knockouts: 4, // 1 + 2 + 1
      perfectRounds: 3, // -3; none; -3 and -1
      negativeRounds: 3,
      wolfpacks: 0,
      currentStreak: 1,
      bestStreak: 1,
      firstGameAt: games[0]!.record.endedAt,
      lastGameAt: games[2]!.record.endedAt,
      rank: null, // fewer than 5 games
    });
    expect(s.winRate).toBeCloseTo(1 / 3, 10);
    const keys = (await myStats(ada)).achievements.map((a) => a.key).sort();
    expect(keys).toEqual(["first_win", "negative_round", "perfect_round"]);
  });

  it("counts human opponents and rates both humans from the same pre-game ratings", async () => {
    const [bea, cal] = [await registerUser("bea"), await registerUser("cal")];
    expect(await record(golfGame(23, bea.id, cal.id).record)).toBe(true);
    const b = await statsOf(bea);
    const c = await statsOf(cal);
    expect(b).toMatchObject({ gamesPlayed: 1, gamesWon: 1, humanGamesPlayed: 1, humanGamesWon: 1, totalPoints: -4 });
    expect(c).toMatchObject({ gamesPlayed: 1, gamesWon: 0, humanGamesPlayed: 1, humanGamesWon: 0, totalPoints: 18, knockouts: 1 });
    const win = updateRating(GLICKO2.initial, [{ opponent: GLICKO2.initial, score: 1 }]);
    const loss = updateRating(GLICKO2.initial, [{ opponent: GLICKO2.initial, score: 0 }]);
    expect(b.rating.rating).toBeCloseTo(win.rating, 9);
    expect(b.rating.rd).toBeCloseTo(win.rd, 9);
    expect(c.rating.rating).toBeCloseTo(loss.rating, 9);
    expect(b.rating.rating - 1500).toBeCloseTo(1500 - c.rating.rating, 9);
  });

  it("rates a game against a CPU as one result against a fixed 1500/350 opponent", async () => {
    const dan = await registerUser("dan");
    await record(golfGame(23, dan.id).record);
    const s = await statsOf(dan);
    expect(s.rating.rating).toBeCloseTo(updateRating(GLICKO2.initial, [{ opponent: GLICKO2.cpu, score: 1 }]).rating, 9);
  });

  it("a tie is no win and ends the streak", async () => {
    const eve = await registerUser("eve");
    await record(golfGame(23, eve.id).record);
    const tie = playGolf({
      seed: 15,
      options: { rounds: 1 },
      players: [
        { userId: eve.id, plays: "Sofia" },
        { userId: null, plays: "Maya" },
      ],
    });
    expect(tie.record.result).toMatchObject({ scores: [0, 0], winnerSeat: null });
    await record(tie.record);
    const s = await statsOf(eve);
    expect(s).toMatchObject({ gamesPlayed: 2, gamesWon: 1, currentStreak: 0, bestStreak: 1, perfectRounds: 3, bestGame: -4 });
  });

  it("counts a wolfpack (two jack columns) in a standard two-pack game", async () => {
    const fay = await registerUser("fay");
    const g = playGolf({
      seed: 1737,
      options: { rounds: 1, decks: 2 },
      players: [
        { userId: fay.id, plays: "Priya" },
        { userId: null, plays: "Kenji" },
      ],
    });
    const [round] = roundsOf(g.events);
    expect(
      round!.hands[0]!.filter((_, i) => i < 3 && round!.hands[0]![i]!.rank === "J" && round!.hands[0]![i + 3]!.rank === "J"),
    ).toHaveLength(2);
    expect(round!.scores).toEqual([8, 6]);
    await record(g.record);
    const { stats, achievements } = await myStats(fay);
    expect(stats).toMatchObject({ gamesPlayed: 1, gamesWon: 0, wolfpacks: 1, knockouts: 1, roundsWon: 0 });
    expect(achievements.map((a) => a.key)).toEqual(["wolfpack"]);
  });

  it("recording the same game twice changes nothing", async () => {
    const gus = await registerUser("gus");
    const g = golfGame(5, gus.id);
    expect(await record(g.record)).toBe(true);
    const before = await call("/v1/me/stats", { token: gus.accessToken }).then(json);
    expect(await record(g.record)).toBe(false);
    expect(await record({ ...g.record, result: { ...g.record.result!, winnerSeat: 0 } })).toBe(false);
    const after = await call("/v1/me/stats", { token: gus.accessToken }).then(json);
    expect(after).toEqual(before);
    expect(after.stats[0].gamesPlayed).toBe(1);
    const games = await call("/v1/me/games", { token: gus.accessToken }).then(json);
    expect(games.games).toHaveLength(1);
  });

  it("concurrent recordings of different games for the same player all count", async () => {
    const hal = await registerUser("hal");
    const games = [5, 7, 23, 5, 7, 23].map((seed) => golfGame(seed, hal.id).record);
    const results = await Promise.all(games.map((g) => record(g)));
    expect(results).toEqual([true, true, true, true, true, true]);
    const s = await statsOf(hal);
    expect(s).toMatchObject({ gamesPlayed: 6, gamesWon: 2, roundsPlayed: 12, totalPoints: 46 });
  });

  it("unlocks achievements once, with the game that unlocked them", async () => {
    const ivy = await registerUser("ivy");
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) {
      const g = golfGame(23, ivy.id);
      ids.push(g.record.id);
      await record(g.record);
    }
    const { stats, achievements } = await myStats(ivy);
    expect(stats).toMatchObject({ gamesWon: 6, currentStreak: 6, bestStreak: 6 });
    const byKey = Object.fromEntries(achievements.map((a) => [a.key, a.gameId]));
    expect(Object.keys(byKey).sort()).toEqual(["first_win", "negative_round", "perfect_round", "streak_5"]);
    expect(achievements).toHaveLength(4);
    expect(byKey.first_win).toBe(ids[0]);
    expect(byKey.perfect_round).toBe(ids[0]);
    expect(byKey.streak_5).toBe(ids[4]);
  });

  it("abandoned, house-rule and imported games never count", async () => {
    const jon = await registerUser("jon");
    const abandoned = playGolf({ seed: 23, options: { rounds: 2 }, stopAfter: 12, players: [{ userId: jon.id }, { userId: null }] });
    expect(abandoned.record.status).toBe("abandoned");
    expect(await record(abandoned.record)).toBe(true);
    const houseRules = playGolf({ seed: 23, options: { rounds: 1, knock_bonus: true }, players: [{ userId: jon.id }, { userId: null }] });
    expect(await record(houseRules.record)).toBe(true);
    const res = await call("/v1/me/stats", { token: jon.accessToken });
    expect((await json(res)).stats).toEqual([]);
    const games = (await call("/v1/me/games", { token: jon.accessToken }).then(json)).games;
    expect(games.map((g: { id: string; status: string; ranked: boolean }) => [g.id, g.status, g.ranked])).toEqual([
      [houseRules.record.id, "finished", false],
      [abandoned.record.id, "abandoned", true],
    ]);
    const detail = await call(`/v1/games/${abandoned.record.id}`, { token: jon.accessToken }).then(json);
    expect(detail).toMatchObject({ status: "abandoned", result: null, counted: false, replayable: true });
  });
});

describe("leaderboards", () => {
  it("orders by each metric, needs 5 games and leaves out banned players", async () => {
    const [top, low, mid, few, banned] = await Promise.all(["top", "low", "mid", "few", "ban"].map((p) => registerUser(p)));
    const plan: [TestUser, number[]][] = [
      [top!, [23, 23, 23, 23, 23]], // 5 wins: -4 each (-2 a hole)
      [low!, [5, 5, 5, 5, 5]], // 5 losses: 18 each (9 a hole)
      [mid!, [23, 23, 23, 5, 5]], // 3 wins then 2 losses: 24 points in 10 holes
      [few!, [23, 23, 23, 23]], // only 4 games
      [banned!, [23, 23, 23, 23, 23, 23]],
    ];
    for (const [user, seeds] of plan) for (const seed of seeds) await record(golfGame(seed, user.id).record);
    const admin = await loginAdmin();
    expect((await call(`/v1/admin/users/${banned!.id}/ban`, { token: admin, body: { reason: "cheating" } })).status).toBe(200);

    const viewer = await registerUser("viewer");
    const board = async (metric: string) => {
      const res = await call(`/v1/leaderboards/golf?metric=${metric}&limit=100`, { token: viewer.accessToken });
      expect(res.status).toBe(200);
      const body = await json(res);
      expect(body).toMatchObject({ game: "golf", metric, minGames: 5 });
      const mine = new Map([top, low, mid, few, banned].map((u) => [u!.id, u!.username]));
      return body.entries.filter((e: { player: { id: string } }) => mine.has(e.player.id));
    };
    const names = (entries: { player: { username: string } }[]) => entries.map((e) => e.player.username);
    const order = [top!.username, mid!.username, low!.username];

    const rating = await board("rating");
    expect(names(rating)).toEqual(order);
    expect(rating[0].rank).toBeLessThan(rating[1].rank);
    expect(names(await board("wins"))).toEqual(order);
    expect((await board("wins")).map((e: { value: number }) => e.value)).toEqual([5, 3, 0]);
    expect((await board("win_rate")).map((e: { value: number }) => e.value)).toEqual([1, 0.6, 0]);
    const avg = await board("avg_score");
    expect(names(avg)).toEqual(order); // lower is better in Golf
    expect(avg.map((e: { value: number }) => e.value)).toEqual([-2, 2.4, 9]);
    expect((await board("streak")).map((e: { value: number }) => e.value)).toEqual([5, 3, 0]);

    const topStats = await call(`/v1/players/${top!.id}/stats?game=golf`, { token: viewer.accessToken }).then(json);
    const midStats = await call(`/v1/players/${mid!.id}/stats`, { token: viewer.accessToken }).then(json);
    expect(topStats.player).toEqual({ id: top!.id, username: top!.username });
    expect(topStats.stats[0].rank).toBe(rating[0].rank);
    expect(midStats.stats[0].rank).toBe(rating[1].rank);
    expect(topStats.stats[0].ranks.wins).toBeLessThan(midStats.stats[0].ranks.wins);
    expect(topStats.achievements.map((a: { key: string }) => a.key)).toContain("streak_5");
    const fewStats = await call(`/v1/players/${few!.id}/stats`, { token: viewer.accessToken }).then(json);
    expect(fewStats.stats[0]).toMatchObject({ gamesPlayed: 4, rank: null, ranks: null });
  });

  it("pages with limit and offset and rejects unknown games and metrics", async () => {
    const viewer = await registerUser("pager");
    const all = await call("/v1/leaderboards/golf?limit=100", { token: viewer.accessToken }).then(json);
    const page = await call("/v1/leaderboards/golf?limit=1&offset=1", { token: viewer.accessToken }).then(json);
    expect(page.total).toBe(all.total);
    if (all.entries.length > 1) expect(page.entries).toEqual([all.entries[1]]);
    await expectError(await call("/v1/leaderboards/chess", { token: viewer.accessToken }), 404, "not_found");
    await expectError(await call("/v1/leaderboards/golf?metric=elo", { token: viewer.accessToken }), 400, "invalid_request");
    expect((await call("/v1/leaderboards/golf")).status).toBe(200); // public: no token needed
    await expectError(await call("/v1/players/nobody/stats", { token: viewer.accessToken }), 404, "not_found");
  });
});
