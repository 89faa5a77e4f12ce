import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { purgeExpiredShares } from "../../src/history/shares";
import { call, expectError, json, loginAdmin, registerUser, type TestUser } from "../helpers/http";
import { playGolf, record } from "./helpers";

async function gameOf(...users: TestUser[]) {
  const g = playGolf({
    seed: 23,
    options: { rounds: 1 },
    players: [{ userId: users[0]!.id }, { userId: users[1]?.id ?? null }],
  });
  await record(g.record);
  return g.record.id;
}

async function share(user: TestUser, gameId: string, body: Record<string, unknown> = {}) {
  const res = await call(`/v1/games/${gameId}/share`, { token: user.accessToken, body });
  expect(res.status).toBe(201);
  return json(res);
}

async function expire(code: string) {
  await env.DB.prepare("UPDATE replay_shares SET expires_at = ? WHERE code = ?")
    .bind(Date.now() - 1000, code)
    .run();
}

describe("share codes", () => {
  it("only players create them; anyone with the code sees the replay, and views are counted", async () => {
    const [ada, bob, eve] = [await registerUser("ada"), await registerUser("bob"), await registerUser("eve")];
    const id = await gameOf(ada, bob);
    await expectError(await call(`/v1/games/${id}/share`, { token: eve.accessToken, body: {} }), 403, "forbidden");
    await expectError(await call("/v1/games/nope/share", { token: ada.accessToken, body: {} }), 404, "not_found");
    await expectError(
      await call(`/v1/games/${id}/share`, { token: ada.accessToken, body: { expiresInDays: 400 } }),
      400,
      "invalid_request",
    );

    const s = await share(ada, id, { expiresInDays: 7, title: "Look at this", description: "hole 1" });
    expect(s.code).toMatch(/^[A-Za-z0-9_-]{12}$/);
    expect(s).toMatchObject({ gameId: id, title: "Look at this", description: "hole 1", views: 0, url: `/v1/replays/${s.code}` });
    expect(s.expiresAt - s.createdAt).toBe(7 * 86_400_000);
    const other = await share(bob, id);
    expect(other.code).not.toBe(s.code);
    expect(other.expiresAt).toBeNull();

    // Public: no account needed.
    const first = await call(`/v1/replays/${s.code}`);
    expect(first.status).toBe(200);
    const body = await json(first);
    expect(body.share).toMatchObject({ code: s.code, views: 1 });
    expect(body.replay).toMatchObject({ gameId: id, status: "finished" });
    expect(body.replay.frames[0].index).toBe(0);
    expect((await call(`/v1/replays/${s.code}`).then(json)).share.views).toBe(2);
    // Paging through the frames is not another view.
    expect((await call(`/v1/replays/${s.code}?from=5&limit=2`).then(json)).share.views).toBe(2);

    // The code also opens the game's replay and export routes, for this game only.
    expect((await call(`/v1/games/${id}/replay?share=${s.code}`)).status).toBe(200);
    expect((await call(`/v1/games/${id}/export?share=${s.code}`)).status).toBe(200);
    expect((await call(`/v1/replays/${s.code}`).then(json)).share.views).toBe(4);
    const elsewhere = await gameOf(eve);
    await expectError(await call(`/v1/games/${elsewhere}/replay?share=${s.code}`), 403, "forbidden");
    await expectError(await call(`/v1/games/${id}`, { token: eve.accessToken }), 403, "forbidden");

    await expectError(await call("/v1/replays/AAAAAAAAAAAA"), 404, "share_not_found");
    await expectError(await call("/v1/replays/short"), 400, "invalid_request");
  });

  it("lists my live codes, and the creator or an admin revokes them", async () => {
    const [ada, bob] = [await registerUser("ada"), await registerUser("bob")];
    const id = await gameOf(ada, bob);
    const a1 = await share(ada, id, { title: "one" });
    const a2 = await share(ada, id, { title: "two" });
    const b1 = await share(bob, id);
    const mine = await call("/v1/me/shares", { token: ada.accessToken }).then(json);
    expect(mine.shares.map((s: any) => s.code).sort()).toEqual([a1.code, a2.code].sort());

    await expectError(await call(`/v1/replays/${a1.code}`, { method: "DELETE", token: bob.accessToken }), 403, "forbidden");
    await expectError(await call(`/v1/replays/${a1.code}`, { method: "DELETE" }), 401, "unauthorized");
    expect((await call(`/v1/replays/${a1.code}`, { method: "DELETE", token: ada.accessToken })).status).toBe(200);
    await expectError(await call(`/v1/replays/${a1.code}`), 404, "share_not_found");
    await expectError(await call(`/v1/games/${id}/replay?share=${a1.code}`), 404, "share_not_found");
    expect((await call(`/v1/replays/${b1.code}`, { method: "DELETE", token: await loginAdmin() })).status).toBe(200);
    await expectError(await call(`/v1/replays/${b1.code}`), 404, "share_not_found");
    const left = await call("/v1/me/shares", { token: ada.accessToken }).then(json);
    expect(left.shares.map((s: any) => s.code)).toEqual([a2.code]);
  });

  it("expired codes stop working and are purged", async () => {
    const ada = await registerUser("ada");
    const id = await gameOf(ada);
    const s = await share(ada, id, { expiresInDays: 1 });
    const kept = await share(ada, id, { expiresInDays: 30 });
    await expire(s.code);
    const err = await expectError(await call(`/v1/replays/${s.code}`), 410, "share_expired");
    expect(typeof err.details.expiredAt).toBe("number");
    // Purged on that read.
    await expectError(await call(`/v1/replays/${s.code}`), 404, "share_not_found");

    const later = await share(ada, id, { expiresInDays: 1 });
    await expire(later.code);
    const listed = await call("/v1/me/shares", { token: ada.accessToken }).then(json);
    expect(listed.shares.map((x: any) => x.code)).toEqual([kept.code]);

    const third = await share(ada, id, { expiresInDays: 2 });
    await expire(third.code);
    expect(await purgeExpiredShares(env)).toBeGreaterThanOrEqual(1);
    const row = await env.DB.prepare("SELECT code FROM replay_shares WHERE code = ?").bind(third.code).first();
    expect(row).toBeNull();
    expect((await call(`/v1/replays/${kept.code}`)).status).toBe(200);
  });
});
