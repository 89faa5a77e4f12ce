import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { call, json, registerUser } from "../helpers/http";
import { gameId, playGolf, record } from "./helpers";

/** D1's production limit on one string, BLOB or row. */
const D1_VALUE_LIMIT = 2_000_000;

async function storedSizes(id: string) {
  const row = await env.DB.prepare("SELECT length(CAST(log AS BLOB)) AS bytes FROM game_records WHERE id = ?")
    .bind(id)
    .first<{ bytes: number }>();
  const chunks = await env.DB.prepare("SELECT length(CAST(data AS BLOB)) AS bytes FROM game_log_chunks WHERE game_id = ? ORDER BY idx")
    .bind(id)
    .all<{ bytes: number }>();
  return { row: row?.bytes ?? 0, chunks: chunks.results.map((c) => c.bytes) };
}

describe("stored action logs", () => {
  it("stores logs compactly and replays them unchanged", async () => {
    const ada = await registerUser("ada");
    const g = playGolf({ seed: 5, options: { rounds: 3 }, players: [{ userId: ada.id }, { userId: null, plays: "Maya" }] });
    expect(await record(g.record)).toBe(true);
    const sizes = await storedSizes(g.record.id);
    expect(sizes.chunks).toEqual([]);
    expect(sizes.row).toBeLessThan(0.6 * JSON.stringify(g.record.actions).length);
    const exported = await json(await call(`/v1/games/${g.record.id}/export`, { token: ada.accessToken }));
    expect(exported.actions).toEqual(g.record.actions);
    const replay = await json(await call(`/v1/games/${g.record.id}/replay?from=0&limit=1`, { token: ada.accessToken }));
    expect(replay.totalFrames).toBe(g.record.actions.length + 1);
  });

  it("splits a log longer than D1's value limit into chunks and reads it back whole", async () => {
    const ada = await registerUser("ada");
    const startedAt = 1_767_225_600_000;
    const pad = "x".repeat(100);
    const actions = Array.from({ length: 30_000 }, (_, i) => ({
      seat: i % 2,
      source: "human" as const,
      action: { type: "draw_deck", note: `${pad}${i}` },
      at: startedAt + i * 10,
    }));
    const id = gameId("big");
    const stored = await record({
      id,
      game: "golf",
      options: { rounds: 1 },
      status: "abandoned",
      seed: 1,
      seats: [
        { seat: 0, userId: ada.id, name: "ada", cpu: null },
        { seat: 1, userId: null, name: "Maya", cpu: "Maya" },
      ],
      result: null,
      startedAt,
      endedAt: startedAt + 300_000,
      actions,
    });
    expect(stored).toBe(true);
    const sizes = await storedSizes(id);
    expect(sizes.chunks.length).toBeGreaterThan(1);
    for (const bytes of [sizes.row, ...sizes.chunks]) expect(bytes).toBeLessThan(D1_VALUE_LIMIT);
    const exported = await json(await call(`/v1/games/${id}/export`, { token: ada.accessToken }));
    expect(exported.actions).toHaveLength(actions.length);
    expect(exported.actions).toEqual(actions);
  });
});
