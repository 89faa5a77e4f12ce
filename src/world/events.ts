/** What the engine hands back besides the new state (spec §10.3): typed events per character, and requests for the area object. */
import type { Role } from "./commands/table";

export type MessageCategory = "system" | "info" | "room" | "say" | "emote" | "tell" | "yell" | "combat" | "npc" | "quest" | "broadcast";
export type Ref = { id: string; name: string };

export type ServerEvent =
  | { type: "message"; category: MessageCategory; text: string; from?: string }
  | {
      type: "room";
      id: string;
      name: string;
      description: string;
      area: string;
      exits: { direction: string; door: null | "open" | "closed" | "locked" }[];
      characters: { id: string; name: string; status: "normal" | "fighting" | "stasis" | "dead" }[];
      npcs: { id: string; name: string; fighting: boolean }[];
      items: Ref[];
    }
  | { type: "stat_update"; full: boolean; stats: Record<string, number | boolean | null> }
  | {
      type: "combat";
      kind: "start" | "hit" | "miss" | "crit" | "death" | "flee" | "end";
      attacker: Ref | null;
      target: Ref | null;
      roll: number | null;
      total: number | null;
      damage: number | null;
      text: string;
    }
  | {
      type: "effect";
      action: "applied" | "refreshed" | "tick" | "expired" | "removed";
      effect: { id: string; name: string; kind: string; stacks: number; remaining_ms: number | null };
      amount: number | null;
    }
  | { type: "respawn_countdown"; seconds_remaining: number; respawn_room: string }
  | { type: "error"; code: string; message: string; details?: unknown }
  | { type: "quit"; reason: "quit" | "kicked" | "replaced" | "stasis_expired" };

export interface Outgoing {
  to: string;
  event: ServerEvent;
}

/** Work only the area object can do: other objects, D1, sockets. */
export type Request =
  /** §12: the character is `departing`; hand it over to `area`. */
  | { kind: "handover"; character: string; area: string; room: string }
  /** It left the world (quit, kick, stasis expiry): free its presence row, close its socket. */
  | { kind: "left_world"; character: string; reason: "quit" | "kicked" | "stasis_expired" }
  /** §9: one GM command's audit entry, recorded in the transaction of its effect; `id` is set when the command came from another area (its order id). */
  | { kind: "audit"; id?: string; actor: string; account: string; role: Role; text: string; target: string | null; outcome: string }
  /** A chat or GM command naming a character not in this area: the shell routes it through the directory (and audits `where` with its outcome; `text` is then the command's). */
  | { kind: "remote"; from: string; command: string; target: string; text: string }
  /** A GM command naming a character not in this area (§9): the shell sends it to the area the directory names. */
  | { kind: "order"; actor: GmActor; command: RoutedCommand; args: string; text: string; target: string }
  | { kind: "broadcast"; text: string }
  /** `setrole`: the shell finds the account and writes the role and the audit entry. */
  | { kind: "setrole"; actor: GmActor; name: string; role: Role; text: string }
  | { kind: "reload"; area: string | null };

/** Who gave a GM order, as the target's area needs to know it: the actor may stand in another area. */
export interface GmActor {
  id: string;
  name: string;
  account: string;
  role: Role;
  area: string;
  room: string;
}

/** The GM commands that name a character and reach it in whichever area holds it (§9, §12). */
export type RoutedCommand = "kick" | "mute" | "unmute" | "warn" | "summon" | "setstat" | "heal" | "revive";

/** One GM command for a character of another area, as that area applies it; `id` keys its delivery and its audit entry. */
export interface GmOrder {
  id: string;
  actor: GmActor;
  command: RoutedCommand;
  /** The command's arguments, parsed again (and so validated the same way) where it is applied. */
  args: string;
  /** The full text, for the audit. */
  text: string;
}

/** What the actor hears back: the confirmation, or the refusal. */
export type GmOutcome = { ok: true; text: string } | { ok: false; code: string; message: string };

export class CommandError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}
