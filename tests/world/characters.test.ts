import { describe, expect, it } from "vitest";
import { call, expectError, json, registerUser } from "../helpers/http";
import { characterName, newCharacter, openWorld } from "./helpers";

describe("world characters (§1.5, §10.1)", () => {
  it("creates, lists and deletes characters; names are capitalised and unique case-insensitively", async () => {
    const u = await registerUser("wch");
    const name = characterName().toLowerCase();
    const res = await call("/v1/world/characters", { token: u.accessToken, body: { name } });
    expect(res.status).toBe(201);
    const created = await json(res);
    expect(created).toMatchObject({
      name: name.charAt(0).toUpperCase() + name.slice(1),
      level: 1,
      area: "millbrook",
      inWorld: false,
      stats: { str: 15, cha: 8 },
    });
    await expectError(await call("/v1/world/characters", { token: u.accessToken, body: { name: name.toUpperCase() } }), 409, "name_taken");
    const listed = await json(await call("/v1/world/characters", { token: u.accessToken }));
    expect(listed.characters.map((c: any) => c.id)).toEqual([created.id]);
    const other = await registerUser("wch");
    await expectError(
      await call(`/v1/world/characters/${created.id}`, { method: "DELETE", token: other.accessToken }),
      404,
      "character_not_found",
    );
    expect((await call(`/v1/world/characters/${created.id}`, { method: "DELETE", token: u.accessToken })).status).toBe(200);
    expect((await call("/v1/world/characters", { token: u.accessToken, body: { name } })).status).toBe(201);
  });

  it("refuses bad names and stats, and a fourth character", async () => {
    const u = await registerUser("wch");
    await expectError(await call("/v1/world/characters", { token: u.accessToken, body: { name: "ab" } }), 400, "invalid_request");
    await expectError(await call("/v1/world/characters", { token: u.accessToken, body: { name: "look" } }), 400, "invalid_request");
    await expectError(await call("/v1/world/characters", { token: u.accessToken, body: { name: "someone" } }), 400, "invalid_request");
    await expectError(
      await call("/v1/world/characters", {
        token: u.accessToken,
        body: { name: characterName(), stats: { str: 15, dex: 15, con: 13, int: 12, wis: 10, cha: 8 } },
      }),
      400,
      "invalid_request",
    );
    for (let i = 0; i < 3; i++) await newCharacter(u);
    await expectError(
      await call("/v1/world/characters", { token: u.accessToken, body: { name: characterName() } }),
      409,
      "character_limit",
    );
  });

  it("one character per account in the world; a character in the world cannot be deleted", async () => {
    const a = await newCharacter();
    const b = await newCharacter(a.user);
    const first = await openWorld(a.user.accessToken, a.id);
    expect(first.res.status).toBe(101);
    await first.inbox.next((m) => m.type === "welcome");
    const second = await openWorld(a.user.accessToken, b.id);
    await expectError(second.res, 409, "character_in_world");
    await expectError(
      await call(`/v1/world/characters/${a.id}`, { method: "DELETE", token: a.user.accessToken }),
      409,
      "character_in_world",
    );
    first.ws.close(1000);
  });
});
