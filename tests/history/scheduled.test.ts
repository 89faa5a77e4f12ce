import { createExecutionContext, createScheduledController, env, waitOnExecutionContext } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import worker from "../../src/index";
import { call, json, registerUser } from "../helpers/http";
import { playGolf, record } from "./helpers";

describe("scheduled housekeeping", () => {
  it("purges expired share codes on the daily cron and keeps live ones", async () => {
    const ada = await registerUser("cron");
    const g = playGolf({ seed: 31, options: { rounds: 1 }, players: [{ userId: ada.id }, { userId: null }] });
    await record(g.record);
    const share = async () => (await json(await call(`/v1/games/${g.record.id}/share`, { token: ada.accessToken, body: { expiresInDays: 7 } }))).code as string;
    const [expired, live] = [await share(), await share()];
    await env.DB.prepare("UPDATE replay_shares SET expires_at = ? WHERE code = ?").bind(Date.now() - 1000, expired).run();

    const ctx = createExecutionContext();
    await worker.scheduled(createScheduledController({ scheduledTime: Date.now(), cron: "17 3 * * *" }), env, ctx);
    await waitOnExecutionContext(ctx);

    const codes = (await env.DB.prepare("SELECT code FROM replay_shares WHERE code IN (?, ?)").bind(expired, live).all<{ code: string }>()).results;
    expect(codes.map((r) => r.code)).toEqual([live]);
  });
});
