import { env, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { CREATE_RETRY_MS, type Matchmaker } from "../../durable-objects/matchmaker/matchmaker";
import { createMatchedRoom } from "../../src/matchmaking/create-room";
import { breakD1, restoreD1 } from "../helpers/failing-d1";
import { registerUser } from "../helpers/http";
import { fireTimer, freshMatchmaker, tick } from "./helpers";

describe("a quick match whose room was created but whose answer was lost", () => {
  it("stands after the last failed attempt: the room keeps its index row and nobody is requeued", async () => {
    const { stub, mm } = freshMatchmaker();
    const [a, b] = [await registerUser("lost"), await registerUser("lost")];
    await mm.enqueue({ game: "golf", userId: a.id, name: a.username, rating: 1500 });
    await mm.enqueue({ game: "golf", userId: b.id, name: b.username, rating: 1500 });
    await breakD1(stub);
    await tick(stub);
    const match = (await mm.inspect()).matches[0]!;
    expect(match).toMatchObject({ state: "creating", attempts: 1 });

    // An attempt did create the room; only its answer never reached the matchmaker.
    const created = await createMatchedRoom(env, {
      roomId: match.room_id,
      game: "golf",
      players: [
        { userId: a.id, name: a.username },
        { userId: b.id, name: b.username },
      ],
      startsAt: match.starts_at,
    });
    if (!created.ok) throw new Error("not created");
    await runInDurableObject(stub, (_: Matchmaker, state) => {
      state.storage.sql.exec("UPDATE matches SET attempts = ? WHERE room_id = ?", CREATE_RETRY_MS.length - 1, match.room_id);
    });
    await fireTimer(stub, `create:${match.room_id}`);

    const after = await mm.inspect();
    expect(after.matches).toMatchObject([{ room_id: match.room_id, state: "ready", code: created.code }]);
    expect(after.queue).toEqual([]);
    expect(await mm.status("golf", a.id)).toMatchObject({ state: "matched", roomId: match.room_id, roomReady: true });
    const row = await env.DB.prepare("SELECT code FROM rooms WHERE id = ?").bind(match.room_id).first<{ code: string }>();
    expect(row?.code).toBe(created.code);
    await restoreD1(stub);
  });
});
