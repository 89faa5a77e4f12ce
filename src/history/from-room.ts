/**
 * Glue for the room: the `recordGame` input of a room's game, from the room document and its
 * event log. Call it (and `recordGame`) when the game finishes, or when a room closes while
 * playing (the game is then recorded as abandoned). A room whose game never started has nothing
 * to record (null).
 */
import type { LogEntry, SetupAction } from "../rooms/runtime/machine";
import type { RoomDoc } from "../rooms/runtime/model";
import type { GameRecordInput } from "./schemas";

export function gameRecordFromRoom(doc: RoomDoc, log: readonly LogEntry[]): GameRecordInput | null {
  if (doc.seed === null || doc.startedAt === null) return null;
  const setup = log.find((e) => e.source === "setup")?.action as SetupAction | undefined;
  const actions = log.filter((e) => e.source !== "setup");
  const finished = doc.status === "finished" && doc.result !== null;
  const r = doc.result;
  return {
    id: doc.id,
    game: doc.game,
    // What `setup` got, so a replay rebuilds the same game.
    options: (setup?.options ?? doc.options) as Record<string, unknown>,
    status: finished ? "finished" : "abandoned",
    ...(doc.unranked ? { ranked: false as const } : {}),
    ...(doc.hostWatches && doc.hostUserId !== null ? { host: doc.hostUserId } : {}),
    seed: doc.seed,
    seats: doc.seats.map((s) => {
      const info = setup?.seats[s.seat];
      return { seat: s.seat, userId: s.userId, name: info?.name ?? s.name, cpu: info ? info.cpu : s.profile };
    }),
    result:
      finished && r
        ? {
            scores: r.scores,
            ranks: r.ranks,
            winnerSeat: r.winnerSeat,
            ...(r.extra ? { extra: r.extra } : {}),
            reason: r.reason,
            forfeited: r.forfeited,
          }
        : null,
    startedAt: doc.startedAt,
    endedAt: Math.max(doc.startedAt, doc.endedAt ?? actions.at(-1)?.at ?? doc.startedAt),
    actions: actions.map((e) => ({ seat: e.seat as number, action: e.action, source: e.source as "human" | "cpu" | "timeout", at: e.at })),
  };
}
