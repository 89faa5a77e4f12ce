/**
 * Quick-match rooms: the matchmaker hands over a group of players; the room seats all of them at
 * once and starts itself when the countdown ends, with no host action. Pure, like the rest of the
 * runtime: the Room object schedules the `auto_start` timer and persists what these return.
 */
import type { AnyGameDefinition } from "../game";
import { closeRoom, type Step, startGame } from "./machine";
import type { RoomConfig, RoomDoc } from "./model";
import { addCpu, claimSeat, newRoom } from "./seats";

export interface MatchedRoomInput {
  id: string;
  code: string;
  game: string;
  options: unknown;
  config: RoomConfig;
  /** In seat order; at least one. */
  players: { userId: string; name: string }[];
  /** CPU personalities seated after the players (a quick match filled with CPUs); such a game is unranked. */
  cpus?: string[];
  /** When the room starts itself. */
  startsAt: number;
  now: number;
}

/** A public room with every matched player seated (and ready), which no one else can join. */
export function newMatchedRoom(input: MatchedRoomInput, maxPlayers: number): RoomDoc {
  const [first, ...rest] = input.players;
  const cpus = input.cpus ?? [];
  if (!first) throw new Error("a matched room needs players");
  if (input.players.length + cpus.length > maxPlayers) throw new Error(`a matched room holds at most ${maxPlayers} players`);
  let doc = newRoom({
    id: input.id,
    code: input.code,
    game: input.game,
    visibility: "public",
    options: input.options,
    config: input.config,
    creator: first,
    now: input.now,
  });
  for (const p of rest) {
    const r = claimSeat(doc, p, maxPlayers, input.now);
    if (!r.ok) throw new Error(`cannot seat ${p.userId}: ${r.code}`);
    doc = r.doc;
  }
  for (const profile of cpus) {
    const r = addCpu(doc, cpus, profile, maxPlayers, () => profile, input.now);
    if (!r.ok) throw new Error(`cannot seat CPU ${profile}: ${r.code}`);
    doc = r.doc;
  }
  return {
    ...doc,
    seats: doc.seats.map((s) => ({ ...s, ready: true })),
    matched: true,
    autoStartAt: input.startsAt,
    ...(cpus.length > 0 ? { unranked: true } : {}),
  };
}

/**
 * The countdown ended: start the game, or close the room when too few players are left (players
 * may leave during the countdown). Null when there is nothing to do (already started or closed).
 */
export function autoStart(
  game: AnyGameDefinition,
  doc: RoomDoc,
  seed: number,
  now: number,
): { doc: RoomDoc; session?: Step["session"]; log?: Step["log"] } | null {
  if (doc.status !== "waiting" || doc.autoStartAt == null || doc.closeReason !== null) return null;
  const started = startGame(game, doc, seed, now);
  if (started.ok) return { doc: started.doc, session: started.session, log: started.log };
  return { doc: closeRoom(doc, "match_cancelled", now) };
}
