/**
 * A host who watches (`seat: false`): they manage the table from a spectating connection and never
 * play. A table of CPUs only is an exhibition: it plays to its end with no human seated, is never
 * ranked, and its history is the host's to read.
 */
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { GolfState } from "../../src/games/golf";
import type { TcgState } from "../../src/games/tcg/index";
import { call, json, type TestUser } from "../helpers/http";
import { assertNothingHidden } from "./golf-leaks";
import { connect, createRoom, eventually, fire, inspect, type RoomClient, users, verifyReplay } from "./helpers";
import { alwaysHidden, idsIn } from "./tcg-leaks";

/** Lets the CPUs' own timers drive the game to its end; `onStep` sees every state on the way. */
async function runToEnd(roomId: string, onStep?: (state: unknown) => void): Promise<void> {
  for (let step = 0; step < 2000; step++) {
    const { doc, state } = await inspect(roomId);
    if (doc!.status !== "playing") return;
    onStep?.(state);
    await fire(roomId, ["cpu_move"]);
  }
  throw new Error("the exhibition did not end");
}

async function d1Rows(roomId: string, userId: string) {
  const record = await env.DB.prepare("SELECT ranked, counted, status FROM game_records WHERE id = ?").bind(roomId).first();
  const stats = await env.DB.prepare("SELECT COUNT(*) AS n FROM player_stats WHERE user_id = ?").bind(userId).first<{ n: number }>();
  return { record, stats: stats?.n };
}

async function watchingHost(host: TestUser, body: Record<string, unknown>): Promise<{ room: any; client: RoomClient }> {
  const room = await createRoom(host, { ...body, seat: false });
  expect(room).toMatchObject({ hostUserId: host.id, seats: [], you: { userId: host.id, seat: null } });
  const client = await connect(room.id, host);
  const joined = await client.join();
  expect(joined.result).toMatchObject({ mode: "watch", seat: null });
  return { room, client };
}

describe("a host who watches", () => {
  it("runs a Familiars exhibition of two CPUs to game_over as a spectator; nothing hidden leaks; no rating", async () => {
    const [h, other] = await users(2, "tcg");
    const { room, client: host } = await watchingHost(h!, { game: "tcg", visibility: "private" });
    // A private room is the watching host's own: listed, readable and joinable without its code.
    expect((await call(`/v1/rooms/${room.id}`, { token: h!.accessToken })).status).toBe(200);
    const mine = await json(await call("/v1/rooms/me/active", { token: h!.accessToken }));
    expect(mine.rooms.map((r: any) => r.id)).toContain(room.id);

    await host.ok({ type: "add_cpu", profile: "tactician" });
    await host.ok({ type: "add_cpu", profile: "basic" });
    // The host watches: playing commands are still refused.
    expect(await host.request({ type: "ready", ready: true })).toMatchObject({ type: "error", code: "spectators_cannot_act" });
    await host.ok({ type: "start" });
    const start = await host.waitFor((m) => m.type === "state" && m.room.status === "playing");
    expect(start.you).toMatchObject({ mode: "watch", seat: null, canAct: false });
    expect(start.view.players.map((p: any) => p.hand)).toEqual([null, null]);
    expect(await host.request({ type: "action", action: { type: "end_turn" } })).toMatchObject({
      type: "error",
      code: "spectators_cannot_act",
    });

    await runToEnd(room.id);
    const { doc, state } = await inspect(room.id);
    expect(doc).toMatchObject({ status: "finished", unranked: true, result: { reason: "completed" } });
    const over = await host.type("game_over");
    expect(over.result).toEqual(doc!.result);
    const hidden = alwaysHidden(state as TcgState);
    expect(hidden.length).toBeGreaterThan(10);
    const seen = idsIn(host.messages);
    expect(seen.size).toBeGreaterThan(0);
    expect(hidden.filter((id) => seen.has(id))).toEqual([]);
    expect(await verifyReplay(room.id)).toMatchObject({ stateMatches: true, rngMatches: true, eventsMatch: true, error: null });

    // Recorded like any unranked game: the host reads it, nobody else does, and nobody is rated.
    const listed = await eventually(async () => {
      const games = await json(await call("/v1/me/games", { token: h!.accessToken }));
      const game = games.games.find((g: any) => g.id === room.id);
      expect(game).toBeTruthy();
      return game;
    });
    expect(listed).toMatchObject({ game: "tcg", status: "finished", mySeat: null });
    expect((await call(`/v1/games/${room.id}/replay?limit=50`, { token: h!.accessToken })).status).toBe(200);
    expect((await call(`/v1/games/${room.id}/replay?limit=50`, { token: other!.accessToken })).status).toBe(403);
    expect(await d1Rows(room.id, h!.id)).toEqual({ record: { ranked: 0, counted: 0, status: "finished" }, stats: 0 });
    const board = await json(await call("/v1/leaderboards/tcg?limit=100"));
    expect(JSON.stringify(board)).not.toContain(h!.id);
  });

  it("runs a Golf exhibition of three CPUs to game_over; no spectator payload names a face-down card", async () => {
    const [h, spec] = await users(2);
    const { room, client: host } = await watchingHost(h!, { game: "golf", options: { rounds: 1 }, visibility: "public" });
    for (const profile of ["Maya", "Marcus", "Sofia"]) await host.ok({ type: "add_cpu", profile });
    const watcher = await connect(room.id, spec!);
    await watcher.join({ mode: "watch" });
    await host.ok({ type: "start" });
    await runToEnd(room.id, (s) => {
      assertNothingHidden(host, s as GolfState);
      assertNothingHidden(watcher, s as GolfState);
    });
    const { doc } = await inspect(room.id);
    expect(doc).toMatchObject({ status: "finished", unranked: true, result: { reason: "completed" } });
    expect((await host.type("game_over")).result).toEqual(doc!.result);
    expect((await watcher.type("game_over")).result).toEqual(doc!.result);
    expect((await verifyReplay(room.id))?.stateMatches).toBe(true);
    await eventually(async () => expect((await d1Rows(room.id, h!.id)).record).toEqual({ ranked: 0, counted: 0, status: "finished" }));
    expect((await d1Rows(room.id, h!.id)).stats).toBe(0);
  });

  it("is the only spectator who may manage the table; the room stays open with no human seated", async () => {
    const [h, spec, p] = await users(3);
    const room = await createRoom(h!, { game: "golf", options: { rounds: 1 }, visibility: "public", seat: false, config: { maxSpectators: 1 } });
    const watcher = await connect(room.id, spec!);
    await watcher.join({ mode: "watch" });
    // The one spectator place is taken, but not from the host.
    const host = await connect(room.id, h!);
    expect((await host.join()).result).toMatchObject({ mode: "watch", seat: null });
    for (const cmd of [{ type: "add_cpu", profile: "Maya" }, { type: "start" }, { type: "kick", userId: h!.id }]) {
      expect(await watcher.request(cmd)).toMatchObject({ type: "error", code: "spectators_cannot_act" });
    }
    // A player who joins and leaves again leaves the room waiting: its host is still there.
    expect((await call(`/v1/rooms/${room.id}/join`, { token: p!.accessToken, body: {} })).status).toBe(200);
    expect((await call(`/v1/rooms/${room.id}/leave`, { token: p!.accessToken, body: {} })).status).toBe(200);
    expect((await inspect(room.id)).doc).toMatchObject({ status: "waiting", hostUserId: h!.id, seats: [] });
    // Not enough seats yet, then the host's own commands work from their spectating connection.
    await host.ok({ type: "add_cpu", profile: "Maya" });
    expect(await host.request({ type: "start" })).toMatchObject({ type: "error", code: "not_enough_players" });
    await host.ok({ type: "add_cpu", profile: "Marcus" });
    await host.ok({ type: "remove_cpu", profile: "Maya" });
    expect((await inspect(room.id)).doc!.seats.map((s) => s.profile)).toEqual(["Marcus"]);
    await fire(room.id, ["idle_expired"]);
  });
  it("lets the watching host leave: a waiting table closes and frees their slot; a running exhibition plays on without them", async () => {
    const [h, p] = await users(2);
    const waiting = await watchingHost(h!, { game: "golf", options: { rounds: 1 }, visibility: "public" });
    await waiting.client.ok({ type: "add_cpu", profile: "Maya" });
    await waiting.client.ok({ type: "leave" });
    expect((await inspect(waiting.room.id)).doc).toMatchObject({ status: "closed", closeReason: "no_humans", hostUserId: null });
    await eventually(async () => {
      const mine = await json(await call("/v1/rooms/me/active", { token: h!.accessToken }));
      expect(mine.rooms.map((r: any) => r.id)).not.toContain(waiting.room.id);
    });

    // A seated human becomes host when the watching host leaves a table they are on.
    const shared = await watchingHost(h!, { game: "golf", options: { rounds: 1 }, visibility: "public" });
    expect((await call(`/v1/rooms/${shared.room.id}/join`, { token: p!.accessToken, body: {} })).status).toBe(200);
    await shared.client.ok({ type: "leave" });
    expect((await inspect(shared.room.id)).doc).toMatchObject({ status: "waiting", hostUserId: p!.id });
    expect((await inspect(shared.room.id)).doc!.hostWatches).toBeUndefined();
    await fire(shared.room.id, ["idle_expired"]);

    const running = await watchingHost(h!, { game: "golf", options: { rounds: 1 }, visibility: "public" });
    for (const profile of ["Maya", "Marcus"]) await running.client.ok({ type: "add_cpu", profile });
    await running.client.ok({ type: "start" });
    await running.client.ok({ type: "leave" });
    expect((await inspect(running.room.id)).doc).toMatchObject({ status: "playing", hostUserId: null });
    await runToEnd(running.room.id);
    expect((await inspect(running.room.id)).doc).toMatchObject({ status: "finished", result: { reason: "completed" } });
    // Theirs no more: the record has no member to read it.
    await eventually(async () => expect((await d1Rows(running.room.id, h!.id)).record).toMatchObject({ status: "finished" }));
    expect((await call(`/v1/games/${running.room.id}/replay?limit=50`, { token: h!.accessToken })).status).toBe(403);
  });
});
