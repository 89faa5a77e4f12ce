import { describe, expect, it } from "vitest";
import { call, expectError, json, registerUser } from "../helpers/http";
import { createRoom, eventually, joinByCode, users } from "./helpers";

describe("games", () => {
  it("lists the games, with Counter only because the test config enables it", async () => {
    const res = await call("/v1/games");
    expect(res.status).toBe(200);
    const { games } = await json(res);
    const ids = games.map((g: any) => g.id);
    expect(ids).toEqual(expect.arrayContaining(["golf", "counter"]));
    const golf = games.find((g: any) => g.id === "golf");
    expect(golf).toMatchObject({ title: "Golf", minPlayers: 2, maxPlayers: 6 });
    expect(golf.cpuProfiles).toContain("Sofia");
    expect(golf.optionsSchema.properties.rounds).toBeDefined();
  });
});

describe("creating rooms", () => {
  it("creates a room with a 4-letter code and seats the creator as host", async () => {
    const [host] = await users(1);
    const room = await createRoom(host!, { game: "golf", options: { rounds: 1 }, visibility: "private" });
    expect(room.id).toMatch(/^[0-9a-f]{64}$/);
    expect(room.code).toMatch(/^[A-Z]{4}$/);
    expect(room).toMatchObject({
      game: "golf",
      status: "waiting",
      visibility: "private",
      hostUserId: host!.id,
      config: { turnSeconds: 60, timeoutPolicy: "cpu", graceSeconds: 60, maxSpectators: 50 },
      you: { userId: host!.id, seat: 0 },
    });
    expect(room.options.rounds).toBe(1);
    expect(room.seats).toEqual([expect.objectContaining({ seat: 0, userId: host!.id, kind: "human", host: true })]);

    const info = await json(await call(`/v1/rooms/${room.id}`, { token: host!.accessToken, ip: host!.ip }));
    expect(info).toMatchObject({ id: room.id, code: room.code, status: "waiting" });
    expect(info.you).toBeUndefined();
  });

  it("validates the game and its options with the game's schema", async () => {
    const [u] = await users(1);
    const unknown = await expectError(await call("/v1/rooms", { token: u!.accessToken, body: { game: "chess" } }), 400, "invalid_request");
    expect(unknown.details[0].path).toBe("game");
    const bad = await expectError(
      await call("/v1/rooms", { token: u!.accessToken, body: { game: "golf", options: { rounds: "many", flip_mode: "sometimes" } } }),
      400,
      "invalid_request",
    );
    expect(bad.details.map((d: any) => d.path).sort()).toEqual(["options.flip_mode", "options.rounds"]);
    const cfg = await expectError(
      await call("/v1/rooms", { token: u!.accessToken, body: { game: "golf", config: { turnSeconds: 1, timeoutPolicy: "pass" } } }),
      400,
      "invalid_request",
    );
    expect(cfg.details.map((d: any) => d.path).sort()).toEqual(["json.config.timeoutPolicy", "json.config.turnSeconds"]);
    await expectError(await call("/v1/rooms", { body: { game: "golf" } }), 401, "unauthorized");
  });
});

describe("joining by code", () => {
  it("joins case-insensitively, reports my active rooms, and refuses unknown codes", async () => {
    const [host, guest] = await users(2);
    const room = await createRoom(host!, { game: "golf", visibility: "private" });
    const res = await joinByCode(guest!, `  ${room.code.toLowerCase()} `);
    expect(res.status).toBe(200);
    const joined = await json(res);
    expect(joined).toMatchObject({ id: room.id, you: { userId: guest!.id, seat: 1 } });
    expect(joined.seats.map((s: any) => s.userId)).toEqual([host!.id, guest!.id]);

    // Joining again is idempotent.
    const again = await json(await joinByCode(guest!, room.code));
    expect(again.you.seat).toBe(1);
    expect(again.seats).toHaveLength(2);

    const mine = await json(await call("/v1/rooms/me/active", { token: guest!.accessToken }));
    expect(mine.rooms.map((r: any) => r.id)).toEqual([room.id]);
    await eventually(async () => {
      const rows = (await json(await call("/v1/rooms/me/active", { token: host!.accessToken }))).rooms;
      expect(rows[0]).toMatchObject({ id: room.id, seatsTaken: 2, status: "waiting" });
    });

    await expectError(await joinByCode(guest!, "ZZZZ9"), 400, "invalid_request");
    // I and O are never used in codes, so this one cannot exist.
    await expectError(await joinByCode(guest!, "IOIO"), 404, "room_not_found");
  });

  it("refuses a full room and public-only joins by id", async () => {
    const [host, a, b] = await users(3);
    const room = await createRoom(host!, { game: "counter", visibility: "private" });
    const priv = await call(`/v1/rooms/${room.id}/join`, { token: a!.accessToken, method: "POST" });
    await expectError(priv, 403, "private_room");

    const pub = await createRoom(host!, { game: "golf", visibility: "public" });
    const byId = await call(`/v1/rooms/${pub.id}/join`, { token: a!.accessToken, method: "POST" });
    expect(byId.status).toBe(200);
    await eventually(async () => {
      const lobby = await json(await call("/v1/rooms?game=golf", { token: b!.accessToken }));
      expect(lobby.rooms.find((r: any) => r.id === pub.id)).toMatchObject({ seatsTaken: 2, visibility: "public" });
    });
    await expectError(await call(`/v1/rooms/${"f".repeat(64)}`, { token: a!.accessToken }), 404, "room_not_found");
  });

  it("limits a user to 4 live rooms, atomically", async () => {
    const u = await registerUser("limit");
    const hosts = await users(2, "h");
    for (let i = 0; i < 4; i++) await createRoom(u, { game: "counter" });
    await expectError(await call("/v1/rooms", { token: u.accessToken, body: { game: "counter" } }), 409, "too_many_rooms");
    const other = await createRoom(hosts[0]!, { game: "counter" });
    await expectError(await joinByCode(u, other.code), 409, "too_many_rooms");
    // The refused join left no seat behind.
    const info = await json(await call(`/v1/rooms/${other.id}`, { token: hosts[0]!.accessToken }));
    expect(info.seats).toHaveLength(1);

    // Concurrent joins cannot both slip under the limit.
    const v = await registerUser("race");
    for (let i = 0; i < 3; i++) await createRoom(v, { game: "counter" });
    const r1 = await createRoom(hosts[0]!, { game: "counter" });
    const r2 = await createRoom(hosts[1]!, { game: "counter" });
    const [j1, j2] = await Promise.all([joinByCode(v, r1.code), joinByCode(v, r2.code)]);
    expect([j1.status, j2.status].sort()).toEqual([200, 409]);
    const active = await json(await call("/v1/rooms/me/active", { token: v.accessToken }));
    expect(active.rooms).toHaveLength(4);
  });
});
