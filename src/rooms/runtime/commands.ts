/**
 * Room commands, from whichever door they come in (a WebSocket message or an HTTP fallback): each
 * turns the current room into a change plus the answer for the caller. Pure; randomness (the game
 * seed, a random CPU personality) is passed in.
 */
import type { AnyGameDefinition } from "../game";
import type { Failure } from "./errors";
import { RoomErrors } from "./errors";
import { closeRoom, endIfForfeited, humanAction, type LogEntry, type Session, startGame } from "./machine";
import { isMatched, isWatchingHost, type RoomDoc } from "./model";
import { addCpu, kick, leave, removeCpu, requireHost, resign, setReady, shouldClose } from "./seats";

export interface Change {
  doc: RoomDoc;
  session?: Session;
  log?: LogEntry[];
}

/** Done after the answer went out. */
export type AfterEffect = { kind: "close_user"; userId: string; code: "kicked" | "left" };

export type Answer = { ok: true; result: Record<string, unknown> } | Failure;

export interface Handled {
  answer: Answer;
  change?: Change;
  after?: AfterEffect[];
}

export type Command =
  | { type: "action"; action: unknown }
  | { type: "ready"; ready: boolean; choice?: unknown }
  | { type: "leave" }
  | { type: "resign" }
  | { type: "start" }
  | { type: "add_cpu"; profile?: string | undefined }
  | { type: "remove_cpu"; profile: string }
  | { type: "kick"; userId: string };

export interface CommandContext {
  game: AnyGameDefinition;
  doc: RoomDoc;
  session: Session | null;
  userId: string;
  /** Spectating connections may not act (a watching host may still send host commands). */
  spectator: boolean;
  now: number;
  newSeed: () => number;
  pick: (unused: string[]) => string;
}

const HOST_COMMANDS: ReadonlySet<Command["type"]> = new Set(["start", "add_cpu", "remove_cpu", "kick"]);
/** What a host who watches may send from their spectating connection: the table, and leaving it. */
const WATCHING_HOST_COMMANDS: ReadonlySet<Command["type"]> = new Set([...HOST_COMMANDS, "leave"]);

function failed(f: Failure): Handled {
  return { answer: f };
}

export function isClosed(doc: RoomDoc): boolean {
  return doc.status === "closed" || doc.closeReason !== null;
}

export function handleCommand(ctx: CommandContext, cmd: Command): Handled {
  const { game, doc, userId, now } = ctx;
  if (isClosed(doc)) return failed(RoomErrors.closed());
  if (ctx.spectator && !(WATCHING_HOST_COMMANDS.has(cmd.type) && isWatchingHost(doc, userId))) return failed(RoomErrors.spectatorsCannotAct());
  // A quick-match room's table is fixed by the matchmaker and starts on its own timer.
  if (isMatched(doc) && doc.status === "waiting" && HOST_COMMANDS.has(cmd.type)) return failed(RoomErrors.matchedRoom());
  switch (cmd.type) {
    case "action": {
      if (!ctx.session) return failed(RoomErrors.notPlaying());
      const r = humanAction(game, doc, ctx.session, userId, cmd.action, now);
      if (!r.ok) return failed(r);
      return { answer: { ok: true, result: { seq: r.doc.seq } }, change: { doc: r.doc, session: r.session, log: r.log } };
    }
    case "ready": {
      const r = setReady(ctx.game, doc, userId, cmd.ready, cmd.choice);
      return r.ok ? { answer: { ok: true, result: { ready: cmd.ready } }, change: { doc: r.doc } } : failed(r);
    }
    case "leave": {
      const r = leave(doc, userId);
      if (!r.ok) return failed(r);
      let next = endIfForfeited(r.doc, now);
      if (shouldClose(next)) next = closeRoom(next, "no_humans", now);
      return { answer: { ok: true, result: {} }, change: { doc: next }, after: [{ kind: "close_user", userId, code: "left" }] };
    }
    case "resign": {
      const r = resign(doc, userId);
      if (!r.ok) return failed(r);
      return { answer: { ok: true, result: { seat: r.seat } }, change: { doc: endIfForfeited(r.doc, now) } };
    }
    case "start": {
      const denied = requireHost(doc, userId);
      if (denied) return failed(denied);
      const r = startGame(game, doc, ctx.newSeed(), now);
      if (!r.ok) return failed(r);
      return { answer: { ok: true, result: { seq: r.doc.seq } }, change: { doc: r.doc, session: r.session, log: r.log } };
    }
    case "add_cpu": {
      const denied = requireHost(doc, userId);
      if (denied) return failed(denied);
      const r = addCpu(doc, game.cpuProfiles, cmd.profile, game.maxPlayers, ctx.pick, now);
      return r.ok ? { answer: { ok: true, result: { seat: r.seat, profile: r.profile } }, change: { doc: r.doc } } : failed(r);
    }
    case "remove_cpu": {
      const denied = requireHost(doc, userId);
      if (denied) return failed(denied);
      const r = removeCpu(doc, cmd.profile);
      return r.ok ? { answer: { ok: true, result: { profile: cmd.profile } }, change: { doc: r.doc } } : failed(r);
    }
    case "kick": {
      const denied = requireHost(doc, userId);
      if (denied) return failed(denied);
      const r = kick(doc, cmd.userId);
      if (!r.ok) return failed(r);
      return {
        answer: { ok: true, result: { userId: cmd.userId } },
        change: { doc: r.doc },
        after: [{ kind: "close_user", userId: cmd.userId, code: "kicked" }],
      };
    }
  }
}
