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
  /** A chat or GM command naming a character not in this area: the shell routes it through the directory. */
  | { kind: "remote"; from: string; command: string; target: string; text: string }
  | { kind: "broadcast"; text: string }
  | { kind: "setrole"; name: string; role: Role }
  | { kind: "reload"; area: string | null };

export class CommandError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}
