import { describe, expect, it } from "vitest";
import { expectError, registerUser, type TestUser } from "../helpers/http";
import { connect, createRoom, type RoomClient } from "../rooms/helpers";
import { createUniverse, joined } from "../universe/helpers";
import { closeAll, open, type Socket, sleep, upgrade } from "./helpers";

const CAP = 5;

async function refusedSixth(path: string, user: TestUser, opened: { close(): void }[]) {
  const err = await expectError(await upgrade(path, user.accessToken), 409, "too_many_sockets");
  expect(err.details).toEqual({ limit: CAP });
  // Closing one frees a place.
  opened[0]!.close();
  const deadline = Date.now() + 3000;
  for (;;) {
    const res = await upgrade(path, user.accessToken);
    if (res.status === 101) {
      res.webSocket!.accept();
      res.webSocket!.close(1000, "bye");
      break;
    }
    expect(res.status).toBe(409);
    if (Date.now() > deadline) throw new Error("no place freed after a close");
    await sleep(25);
  }
  await closeAll([user.id], opened);
}

describe("sockets per user per object", () => {
  it("refuses a 6th room socket of one user with 409 too_many_sockets", async () => {
    const u = await registerUser("cap");
    const other = await registerUser("cap");
    const room = await createRoom(u, { game: "counter", visibility: "public" });
    const sockets: RoomClient[] = [];
    for (let i = 0; i < CAP; i++) sockets.push(await connect(room.id, u));
    // Another user is not affected by this user's sockets.
    await closeAll([other.id], [await connect(room.id, other)]);
    await refusedSixth(`/v1/rooms/${room.id}/ws`, u, sockets);
  });

  it("caps parallel upgrades too", async () => {
    const u = await registerUser("capp");
    const room = await createRoom(u, { game: "counter" });
    const results = await Promise.all(Array.from({ length: 8 }, () => upgrade(`/v1/rooms/${room.id}/ws`, u.accessToken)));
    expect(results.filter((r) => r.status === 101)).toHaveLength(CAP);
    expect(results.filter((r) => r.status === 409)).toHaveLength(8 - CAP);
    const accepted = results.flatMap((r) => (r.webSocket ? [r.webSocket] : []));
    for (const ws of accepted) ws.accept();
    await closeAll(
      [u.id],
      accepted.map((ws) => ({ close: () => ws.close(1000, "bye") })),
    );
  });

  it("applies to the universe shard and the echo socket", async () => {
    const universe = await createUniverse();
    const u = await registerUser("capu");
    await joined(u, universe);
    const shard: Socket[] = [];
    for (let i = 0; i < CAP; i++) shard.push(await open(`/v1/universes/${universe}/ws`, u.accessToken));
    await refusedSixth(`/v1/universes/${universe}/ws`, u, shard);

    const echo: Socket[] = [];
    for (let i = 0; i < CAP; i++) echo.push(await open("/v1/ws/echo", u.accessToken));
    await refusedSixth("/v1/ws/echo", u, echo);
  });
});

describe("message rate per user per object", () => {
  it("shares the room's limit across all sockets of one user", async () => {
    const u = await registerUser("rate");
    const other = await registerUser("rate");
    const room = await createRoom(u, { game: "counter", visibility: "public", config: { messagesPer10s: 5 } });
    const a = await connect(room.id, u);
    const b = await connect(room.id, u);
    const c = await connect(room.id, other);
    for (let i = 0; i < 3; i++) a.send({ type: "ping", messageId: `a${i}` });
    for (let i = 0; i < 3; i++) b.send({ type: "ping", messageId: `b${i}` });
    await b.waitFor((m) => m.type === "error" && m.code === "rate_limited");
    const pongs = [...a.messages, ...b.messages].filter((m) => m.type === "pong");
    expect(pongs).toHaveLength(5);
    // Someone else's budget is their own.
    for (let i = 0; i < 5; i++) c.send({ type: "ping", messageId: `c${i}` });
    for (let i = 0; i < 5; i++) await c.waitFor((m) => m.type === "pong" && m.messageId === `c${i}`);
    await closeAll([u.id, other.id], [a, b, c]);
  });

  it("shares the echo socket's limit (30 per 10 s) across sockets", async () => {
    const u = await registerUser("ratee");
    const a = await open("/v1/ws/echo", u.accessToken);
    const b = await open("/v1/ws/echo", u.accessToken);
    for (let i = 0; i < 20; i++) a.trySend(`a${i}`);
    for (let i = 0; i < 20; i++) b.trySend(`b${i}`);
    const deadline = Date.now() + 5000;
    const count = (type: string) => [...a.json(), ...b.json()].filter((m) => m.type === type).length;
    while (count("echo") + count("error") < 40 && Date.now() < deadline) await sleep(10);
    expect(count("echo")).toBe(30);
    expect([...a.json(), ...b.json()].filter((m) => m.type === "error").every((m) => m.code === "rate_limited")).toBe(true);
    expect(count("error")).toBe(10);
    await closeAll([u.id], [a, b]);
  });
});
