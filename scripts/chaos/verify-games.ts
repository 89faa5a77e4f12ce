/**
 * The end-of-run check of every room game that was played: its record must exist once the game
 * ended, its exported log must replay to the recorded result (the import validation of
 * `src/history/replay.ts`, run locally on the pure engine, so no import limit applies), every action
 * a room acknowledged must be in the log in order, and no seat may have more logged actions than it
 * sent.
 */
import { validateImport } from "../../src/history/replay";
import type { ReplayDocument } from "../../src/history/schemas";
import { type Api, HttpError } from "../lib/http";
import { sleep, type Tally } from "./cluster";
import type { PlayedRoom } from "./rooms";

/** How long an ended game's record may take to reach D1 (it is written by a retried timer). */
const RECORD_WAIT_MS = 30_000;

/** JSON with sorted keys, so an action compares equal however its keys were ordered. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(",")}]`;
  if (v && typeof v === "object") {
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(v);
}

async function exportOf(api: Api, room: PlayedRoom): Promise<ReplayDocument | null> {
  const deadline = Date.now() + (room.over ? RECORD_WAIT_MS : 0);
  for (;;) {
    try {
      return await api.request<ReplayDocument>("GET", `/v1/games/${room.roomId}/export`, undefined, room.reader.accessToken);
    } catch (e) {
      if (!(e instanceof HttpError && e.status === 404) || Date.now() >= deadline) {
        if (e instanceof HttpError && e.status === 404) return null;
        throw e;
      }
      await sleep(500);
    }
  }
}

export async function verifyGames(api: Api, rooms: PlayedRoom[], tally: Tally): Promise<{ verified: number; unfinished: number }> {
  let verified = 0;
  let unfinished = 0;
  for (const room of rooms) {
    let doc: ReplayDocument | null;
    try {
      doc = await exportOf(api, room);
    } catch (e) {
      tally.harness(`export of ${room.roomId}: ${String(e)}`);
      continue;
    }
    if (!doc) {
      if (room.over) tally.find("lost", `game ${room.roomId} ended but no record was stored within ${RECORD_WAIT_MS / 1000} s`);
      else unfinished++;
      continue;
    }
    try {
      validateImport(doc, "chaos-check");
    } catch (e) {
      const details = (e as { details?: unknown }).details;
      tally.find("replayMismatches", `game ${room.roomId}: ${(e as Error).message} ${JSON.stringify(details ?? null)}`);
    }
    for (const seat of room.seats) {
      const logged = doc.actions.filter((a) => a.seat === seat.seat && a.source === "human").map((a) => canonical(a.action));
      let i = 0;
      let missing = 0;
      for (const action of seat.acked.map(canonical)) {
        while (i < logged.length && logged[i] !== action) i++;
        if (i === logged.length) missing++;
        else i++;
      }
      if (missing) tally.find("lost", `game ${room.roomId} seat ${seat.seat}: ${missing} acknowledged actions missing from the log`);
      if (logged.length > seat.sent) {
        tally.find("duplicated", `game ${room.roomId} seat ${seat.seat}: ${logged.length} logged actions, ${seat.sent} sent`);
      }
    }
    verified++;
  }
  tally.gamesVerified = verified;
  return { verified, unfinished };
}
