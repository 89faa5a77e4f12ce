import { createExecutionContext, createScheduledController, env, waitOnExecutionContext } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { IMPORT_QUOTA_BYTES, IMPORT_RETENTION_MS } from "../../src/history/imports";
import worker from "../../src/index";
import { call, expectError, json, registerUser, type TestUser } from "../helpers/http";
import { playGolf, record } from "./helpers";

/** A finished game of `user`, exported, ready to import. */
async function exportedGame(user: TestUser, seed = 23) {
  const g = playGolf({ seed, options: { rounds: 2 }, players: [{ userId: user.id }, { userId: null, plays: "Maya" }] });
  expect(await record(g.record)).toBe(true);
  return { id: g.record.id, doc: await json(await call(`/v1/games/${g.record.id}/export`, { token: user.accessToken })) };
}

async function importAs(user: TestUser, doc: unknown): Promise<string> {
  const res = await call("/v1/replays/import", { token: user.accessToken, body: doc });
  expect(res.status, await res.clone().text()).toBe(201);
  return (await json(res)).game.id;
}

const del = (user: TestUser, id: string) => call(`/v1/games/${id}`, { token: user.accessToken, method: "DELETE" });

describe("imported replays", () => {
  it("can be deleted by their importer (and only imported games can)", async () => {
    const [ada, bob] = [await registerUser("ada"), await registerUser("bob")];
    const { id: original, doc } = await exportedGame(ada);
    const copy = await importAs(bob, doc);
    const share = await json(await call(`/v1/games/${copy}/share`, { token: bob.accessToken, body: {} }));

    await expectError(await del(ada, copy), 403, "forbidden");
    await expectError(await del(ada, original), 409, "not_imported");
    expect(await json(await del(bob, copy))).toEqual({ ok: true });
    await expectError(await call(`/v1/games/${copy}`, { token: bob.accessToken }), 404, "not_found");
    await expectError(await del(bob, copy), 404, "not_found");
    expect((await call(`/v1/replays/${share.code}`)).status).toBe(404);
    expect((await json(await call("/v1/me/games", { token: bob.accessToken }))).games).toEqual([]);
    // The route is declared.
    const spec = await json(await call("/openapi.json"));
    expect(spec.paths["/v1/games/{id}"].delete).toBeTruthy();
  });

  it("count against a per-user storage quota; deleting frees it", async () => {
    const ada = await registerUser("ada");
    const { doc } = await exportedGame(ada);
    const first = await importAs(ada, doc);
    await env.DB.prepare("UPDATE game_records SET log_bytes = ? WHERE id = ?")
      .bind(IMPORT_QUOTA_BYTES - 100, first)
      .run();

    const refused = await expectError(
      await call("/v1/replays/import", { token: ada.accessToken, body: doc }),
      409,
      "import_quota_exceeded",
    );
    expect(refused.details).toMatchObject({ usedBytes: IMPORT_QUOTA_BYTES - 100, limitBytes: IMPORT_QUOTA_BYTES });
    expect(refused.details.documentBytes).toBeGreaterThan(100);
    // Another user's quota is their own.
    const bob = await registerUser("bob");
    await importAs(bob, doc);

    await del(ada, first);
    await importAs(ada, doc);
  });

  it("are deleted by the daily cron once past retention; room games are kept", async () => {
    const ada = await registerUser("ada");
    const { id: original, doc } = await exportedGame(ada);
    const old = await importAs(ada, doc);
    const fresh = await importAs(ada, doc);
    await env.DB.prepare("UPDATE game_records SET recorded_at = ? WHERE id IN (?, ?)")
      .bind(Date.now() - IMPORT_RETENTION_MS - 60_000, old, original)
      .run();

    const ctx = createExecutionContext();
    await worker.scheduled(createScheduledController({ scheduledTime: Date.now(), cron: "17 3 * * *" }), env, ctx);
    await waitOnExecutionContext(ctx);

    const left = await env.DB.prepare("SELECT id FROM game_records WHERE id IN (?, ?, ?)").bind(old, fresh, original).all<{ id: string }>();
    expect(left.results.map((r) => r.id).sort()).toEqual([fresh, original].sort());
  });
});
