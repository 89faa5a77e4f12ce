/**
 * Turns a formed group into a quick-match room: the D1 index row (full from the start, so it never
 * shows in the lobby), each player's membership (the atomic per-user limit of live rooms), then the
 * Room object with every player seated and its `auto_start` timer. Every step is idempotent, so the
 * matchmaker retries the whole thing after any failure.
 */
import type { MatchInitInput, Room } from "../../durable-objects/room/room";
import type { RoomInfo } from "../rooms/runtime/view";
import { db } from "../db/client";
import { defaultRoomConfig, findGame } from "../rooms/games";
import { claimMembership, deleteRoomRow, findRoomRow, insertRoomRow, releaseMembership } from "../rooms/index-sync";

export interface MatchPlan {
  roomId: string;
  game: string;
  /** In seat order. */
  players: { userId: string; name: string }[];
  /** CPU personalities seated after the players: a lone player's table filled with CPUs (see cpu-fill.ts). */
  cpus?: string[];
  startsAt: number;
}

export type CreateOutcome =
  /** The room exists; `seated` are its players, `dropped` could not be seated (already in 4 live rooms). */
  | { ok: true; code: string; seated: string[]; dropped: string[] }
  /** Too few players could be seated: nothing was created; `seated` should go back to the queue. */
  | { ok: false; seated: string[]; dropped: string[] };

type RoomRpc = Pick<Room, "initMatch" | "room">;

/** The match's room if it was created and has not closed; null when it does not exist or cannot be asked. */
export async function existingRoom(env: Pick<Env, "ROOMS">, roomId: string): Promise<RoomInfo | null> {
  const stub = env.ROOMS.get(env.ROOMS.idFromString(roomId)) as unknown as RoomRpc;
  let room: RoomInfo | null;
  try {
    room = await stub.room();
  } catch {
    return null;
  }
  return room && room.status !== "closed" ? room : null;
}

/** The options a quick match is played with: the game's defaults (Golf: standard rules, 9 holes). */
export function quickMatchOptions(gameId: string): unknown {
  const game = findGame(gameId);
  if (!game) throw new Error(`unknown game ${gameId}`);
  return game.optionsSchema.parse({});
}

export async function createMatchedRoom(env: Pick<Env, "DB" | "ROOMS">, plan: MatchPlan, now = Date.now()): Promise<CreateOutcome> {
  const game = findGame(plan.game);
  if (!game) throw new Error(`unknown game ${plan.game}`);
  const first = plan.players[0];
  if (!first) throw new Error("a match needs players");
  const options = quickMatchOptions(plan.game);
  const cpus = plan.cpus ?? [];
  const seats = plan.players.length + cpus.length;
  const d = db(env);

  const existing = await findRoomRow(d, plan.roomId);
  const code =
    existing?.code ??
    (await insertRoomRow(
      d,
      {
        id: plan.roomId,
        game: game.id,
        visibility: "public",
        seatsMax: seats,
        seatsTaken: seats,
        hostUserId: first.userId,
        optionsSummary: game.summary ? game.summary(options) : null,
      },
      now,
    ));

  const seated: MatchPlan["players"] = [];
  const dropped: string[] = [];
  for (const p of plan.players) {
    if ((await claimMembership(d, plan.roomId, p.userId, now)) === "limit") dropped.push(p.userId);
    else seated.push(p);
  }
  // A table needs two humans, or one human with the CPUs filled in.
  const enough = seated.length >= (cpus.length > 0 ? 1 : 2) && seated.length + cpus.length >= game.minPlayers;
  if (!enough) {
    // Cascades to the memberships just claimed.
    await deleteRoomRow(d, plan.roomId);
    return { ok: false, seated: seated.map((p) => p.userId), dropped };
  }

  const input: MatchInitInput = {
    id: plan.roomId,
    code,
    game: game.id,
    options,
    config: defaultRoomConfig(game),
    players: seated,
    cpus,
    startsAt: plan.startsAt,
  };
  const stub = env.ROOMS.get(env.ROOMS.idFromString(plan.roomId)) as unknown as RoomRpc;
  const res = await stub.initMatch(input);
  if (!res.ok) throw new Error(`the room refused the match: ${res.code}`);
  // A retry after a lost answer finds the room as first created: its seats are the truth.
  const inRoom = new Set(res.room.seats.map((s) => s.userId));
  for (const p of seated) if (!inRoom.has(p.userId)) await releaseMembership(d, plan.roomId, p.userId);
  return {
    ok: true,
    code,
    seated: plan.players.filter((p) => inRoom.has(p.userId)).map((p) => p.userId),
    dropped: plan.players.filter((p) => !inRoom.has(p.userId)).map((p) => p.userId),
  };
}
