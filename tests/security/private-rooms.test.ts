import { describe, expect, it } from "vitest";
import { call, expectError, json, registerUser } from "../helpers/http";
import { createRoom, joinByCode, RoomClient } from "../rooms/helpers";
import { closeAll, upgrade } from "./helpers";

async function watch(roomId: string, token: string, code?: string): Promise<Response> {
  return upgrade(`/v1/rooms/${roomId}/ws${code === undefined ? "" : `?code=${code}`}`, token);
}

describe("private rooms", () => {
  it("are visible, with their code, to members only", async () => {
    const host = await registerUser("pvh");
    const guest = await registerUser("pvg");
    const outsider = await registerUser("pvo");
    const room = await createRoom(host, { game: "counter", visibility: "private" });

    // The leak: an outsider read the code here and then joined with it.
    await expectError(await call(`/v1/rooms/${room.id}`, { token: outsider.accessToken }), 404, "room_not_found");

    const hostView = await json(await call(`/v1/rooms/${room.id}`, { token: host.accessToken }));
    expect(hostView.code).toBe(room.code);
    expect((await joinByCode(guest, room.code)).status).toBe(200);
    const guestView = await json(await call(`/v1/rooms/${room.id}`, { token: guest.accessToken }));
    expect(guestView.code).toBe(room.code);

    // A member who left is an outsider again.
    expect((await call(`/v1/rooms/${room.id}/leave`, { method: "POST", token: guest.accessToken })).status).toBe(200);
    await expectError(await call(`/v1/rooms/${room.id}`, { token: guest.accessToken }), 404, "room_not_found");
  });

  it("refuse a non-member's socket unless it brings the code", async () => {
    const host = await registerUser("pwh");
    const outsider = await registerUser("pwo");
    const room = await createRoom(host, { game: "counter", visibility: "private" });

    await expectError(await watch(room.id, outsider.accessToken), 404, "room_not_found");
    await expectError(await watch(room.id, outsider.accessToken, room.code === "ABCD" ? "ABCE" : "ABCD"), 404, "room_not_found");

    const withCode = await watch(room.id, outsider.accessToken, room.code.toLowerCase());
    expect(withCode.status).toBe(101);
    const spectator = new RoomClient(withCode.webSocket!);
    withCode.webSocket!.accept();
    const joined = await spectator.join({ mode: "play" });
    expect(joined.result.mode).toBe("watch");
    const member = await watch(room.id, host.accessToken);
    expect(member.status).toBe(101);
    member.webSocket!.accept();
    await closeAll([outsider.id, host.id], [spectator, { close: () => member.webSocket!.close(1000, "bye") }]);
  });

  it("leave public rooms open to anyone", async () => {
    const host = await registerUser("pbh");
    const outsider = await registerUser("pbo");
    const room = await createRoom(host, { game: "counter", visibility: "public" });
    expect((await call(`/v1/rooms/${room.id}`, { token: outsider.accessToken })).status).toBe(200);
    const res = await watch(room.id, outsider.accessToken);
    expect(res.status).toBe(101);
    res.webSocket!.accept();
    await closeAll([outsider.id], [{ close: () => res.webSocket!.close(1000, "bye") }]);
  });
});
