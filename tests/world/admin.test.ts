import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { STARTER_FILES } from "../../src/world/content/starter";
import { call, expectError, json, loginAdmin } from "../helpers/http";
import { newCharacter, openWorld } from "./helpers";

describe("world admin HTTP", () => {
  it("who is where, an area's state, teleport (here and across areas) and kick, each audited", async () => {
    const admin = await loginAdmin();
    const a = await newCharacter();
    const { inbox } = await openWorld(a.user.accessToken, a.id);
    await inbox.next((m) => m.type === "stat_update" && m.full);
    await expectError(await call("/v1/admin/world/online", { token: a.user.accessToken }), 403, "forbidden");
    const online = await json(await call("/v1/admin/world/online", { token: admin }));
    expect(online.characters).toContainEqual(expect.objectContaining({ id: a.id, area: "millbrook" }));
    const area = await json(await call("/v1/admin/world/areas/millbrook", { token: admin }));
    expect(area.characters).toContainEqual(expect.objectContaining({ id: a.id, room: "mb_square", status: "normal" }));
    expect(area.npcs).toBeGreaterThan(0);
    await expectError(await call("/v1/admin/world/areas/atlantis", { token: admin }), 404, "area_not_found");

    expect((await call(`/v1/admin/world/characters/${a.id}/teleport`, { token: admin, body: { room: "mb_smithy" } })).status).toBe(200);
    await inbox.next((m) => m.type === "room" && m.id === "mb_smithy");
    await expectError(
      await call(`/v1/admin/world/characters/${a.id}/teleport`, { token: admin, body: { room: "nowhere" } }),
      404,
      "room_not_found",
    );
    expect((await call(`/v1/admin/world/characters/${a.id}/teleport`, { token: admin, body: { room: "tw_hut" } })).status).toBe(200);
    expect(await inbox.next((m) => m.type === "transfer")).toMatchObject({ area: "thornwood", room: "tw_hut" });

    const again = await openWorld(a.user.accessToken, a.id);
    await again.inbox.next((m) => m.type === "welcome");
    expect((await call(`/v1/admin/world/characters/${a.id}/kick`, { token: admin, method: "POST" })).status).toBe(200);
    expect(await again.inbox.next((m) => m.type === "quit")).toMatchObject({ reason: "kicked" });
    await expectError(await call(`/v1/admin/world/characters/${a.id}/kick`, { token: admin, method: "POST" }), 409, "not_online");
    const audited = await env.DB.prepare("SELECT action FROM audit_log WHERE target_id = ? ORDER BY id")
      .bind(a.id)
      .all<{ action: string }>();
    expect(audited.results.map((r) => r.action)).toEqual(["world.teleport", "world.teleport", "world.kick"]);
  });

  it("validates content files: the counts, or the file, path and reason of the refusal", async () => {
    const admin = await loginAdmin();
    const ok = await json(await call("/v1/admin/world/content/validate", { token: admin, body: { files: STARTER_FILES } }));
    expect(ok).toEqual({ ok: true, areas: 2, rooms: 21, items: 14, npcs: 8 });
    const bad = structuredClone(STARTER_FILES) as Record<string, any>;
    bad["areas/thornwood.json"].rooms[0].exits.south = "tw_void";
    const res = await call("/v1/admin/world/content/validate", { token: admin, body: { files: bad } });
    expect(res.status).toBe(400);
    expect((await json(res)).error).toMatchObject({
      code: "content_invalid",
      details: { file: "areas/thornwood.json", path: "rooms[0].exits.south", reason: "exit to unknown room tw_void" },
    });
  });

  it("reload resets an area from content", async () => {
    const admin = await loginAdmin();
    const view = await json(await call("/v1/admin/world/areas/thornwood/reload", { token: admin, method: "POST" }));
    expect(view).toMatchObject({ area: "thornwood" });
    expect(view.npcs).toBeGreaterThanOrEqual(6);
  });
});
