import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { InvalidGameRecordError, recordGame } from "../../src/history/record";
import { call, expectError, json, loginAdmin, registerUser } from "../helpers/http";
import { playGolf, record } from "./helpers";

describe("game records", () => {
  it("stores the record with its players, result, holes won and duration", async () => {
    const ada = await registerUser("ada");
    const g = playGolf({ seed: 23, options: { rounds: 2 }, players: [{ userId: ada.id }, { userId: null, plays: "Maya" }] });
    expect(await record(g.record)).toBe(true);
    const res = await call(`/v1/games/${g.record.id}`, { token: ada.accessToken });
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body).toMatchObject({
      id: g.record.id,
      game: "golf",
      status: "finished",
      ranked: true,
      imported: false,
      seed: 23,
      winnerSeat: 0,
      winnerUserId: ada.id,
      holesWon: [2, 0],
      startedAt: g.record.startedAt,
      endedAt: g.record.endedAt,
      durationSeconds: (g.record.endedAt - g.record.startedAt) / 1000,
      actionCount: g.record.actions.length,
      counted: true,
      replayable: true,
      importedFrom: null,
    });
    expect(body.seats).toEqual(g.record.seats);
    expect(body.result).toMatchObject({ scores: [-4, 18], ranks: [1, 2], winnerSeat: 0, reason: "completed", forfeited: [] });
    expect(body.options).toMatchObject({ rounds: 2, decks: 1, flip_mode: "never" });
  });

  it("is readable by its players and admins only", async () => {
    const [ada, bob, eve] = [await registerUser("ada"), await registerUser("bob"), await registerUser("eve")];
    const g = playGolf({ seed: 5, options: { rounds: 1 }, players: [{ userId: ada.id }, { userId: bob.id }] });
    await record(g.record);
    for (const u of [ada, bob]) expect((await call(`/v1/games/${g.record.id}`, { token: u.accessToken })).status).toBe(200);
    await expectError(await call(`/v1/games/${g.record.id}`, { token: eve.accessToken }), 403, "forbidden");
    expect((await call(`/v1/games/${g.record.id}`, { token: await loginAdmin() })).status).toBe(200);
    await expectError(await call(`/v1/games/${g.record.id}`), 401, "unauthorized");
    await expectError(await call("/v1/games/no_such_game", { token: ada.accessToken }), 404, "not_found");
    await expectError(await call(`/v1/games/${g.record.id}/replay`, { token: eve.accessToken }), 403, "forbidden");
    await expectError(await call(`/v1/games/${g.record.id}/export`, { token: eve.accessToken }), 403, "forbidden");
    await expectError(await call(`/v1/games/${g.record.id}/replay`), 401, "unauthorized");
  });

  it("lists my games newest first in keyset pages", async () => {
    const ada = await registerUser("ada");
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const g = playGolf({
        seed: 100 + i,
        startedAt: 1_767_225_600_000 + i * 86_400_000,
        options: { rounds: 1 },
        players: [{ userId: ada.id }, { userId: null }],
      });
      ids.push(g.record.id);
      await record(g.record);
    }
    const newestFirst = [...ids].reverse();
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await call(`/v1/me/games?limit=2${cursor ? `&before=${encodeURIComponent(cursor)}` : ""}`, { token: ada.accessToken });
      expect(res.status).toBe(200);
      const page = await json(res);
      expect(page.games.length).toBeLessThanOrEqual(2);
      for (const g of page.games) {
        expect(g.mySeat).toBe(0);
        expect(g.imported).toBe(false);
        seen.push(g.id);
      }
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(newestFirst);
    const other = await call("/v1/me/games?game=counter", { token: ada.accessToken }).then(json);
    expect(other.games).toEqual([]);
    await expectError(await call("/v1/me/games?before=garbage", { token: ada.accessToken }), 400, "invalid_request");
  });

  it("stores logs that do not replay, but never counts them", async () => {
    const ada = await registerUser("ada");
    const g = playGolf({ seed: 23, options: { rounds: 1 }, players: [{ userId: ada.id }, { userId: null }] });
    const broken = { ...g.record, actions: g.record.actions.slice(1) };
    expect(await record(broken)).toBe(true);
    const detail = await call(`/v1/games/${g.record.id}`, { token: ada.accessToken }).then(json);
    expect(detail).toMatchObject({ counted: false, replayable: false });
    expect((await call("/v1/me/stats", { token: ada.accessToken }).then(json)).stats).toEqual([]);
    await expectError(await call(`/v1/games/${g.record.id}/replay`, { token: ada.accessToken }), 409, "replay_unavailable");
  });

  it("stores games of unknown ids without throwing, and rejects records that break the schema", async () => {
    const unknown = {
      ...playGolf({ seed: 1, options: { rounds: 1 }, players: [{ userId: null }, { userId: null }] }).record,
      game: "chess",
    };
    expect((await recordGame(env, unknown)).recorded).toBe(true);
    const bad = { ...unknown, id: "bad id with spaces" };
    await expect(recordGame(env, bad)).rejects.toBeInstanceOf(InvalidGameRecordError);
    const unnumbered = { ...unknown, id: `${unknown.id}x`, seats: [...unknown.seats].reverse() };
    await expect(recordGame(env, unnumbered)).rejects.toThrow(/numbered/);
    const noResult = { ...unknown, id: `${unknown.id}y`, result: null };
    await expect(recordGame(env, noResult)).rejects.toThrow(/needs a result/);
  });
});
