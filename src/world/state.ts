/**
 * The state of one area (spec §1, §3, §11): plain JSON, so the area object stores it as-is and a
 * restart reloads exactly what was acknowledged. Times are absolute ms; timed events are data in
 * `timers`, which the area object mirrors onto its single alarm.
 */
import type { Role } from "./commands/table";
import type { DoorState, Slot, Stat } from "./content/schema";

export type Stats = Record<Stat, number>;

export interface ActiveEffect {
  effect: string;
  stacks: number;
  /** null = until removed. */
  expiresAt: number | null;
  /** Next tick of a dot/hot; ticks keep their phase when the effect is refreshed. */
  nextTickAt: number | null;
}

export interface QuestProgress {
  state: "active" | "complete" | "turned_in";
  progress: Record<string, number>;
}

export type CharacterStatus = "normal" | "stasis" | "dead" | "departing" | "arriving" | "offline";

interface CombatantBase {
  id: string;
  room: string;
  hp: number;
  effects: ActiveEffect[];
  target: string | null;
  /** When `target` was set: "the combatant that has targeted it longest" (§5.1) is the smallest. */
  targetSince: number;
  lastSwingAt: number | null;
  /** Arrival order in its room (§6.2 search orders, §10.3 room lists). */
  arrival: number;
  /** Whether it was in combat after the last settled step: leaving combat restarts regeneration (§2). */
  wasInCombat: boolean;
}

export interface Character extends CombatantBase {
  kind: "character";
  account: string;
  name: string;
  role: Role;
  invisible: boolean;
  stats: Stats;
  level: number;
  xp: number;
  coins: number;
  status: CharacterStatus;
  flags: Record<string, boolean>;
  quests: Record<string, QuestProgress>;
  /** `stop` was used: no retaliation until it leaves combat or attacks again (§5.2). */
  stopped: boolean;
  lastFleeAt: number | null;
  previousCommand: string | null;
  /** Last 100 messageIds answered, oldest first (§10.3). */
  messageIds: string[];
  mutedUntil: number | null;
  /** Set when it left the world (quit, stasis expiry, kick): offline catch-up runs from here (§3). */
  leftAt: number | null;
  /** XP lost at the last death, refunded by `revive` (§9). */
  deathXpLoss: number;
  /** The room it died in (`revive` rises there). */
  diedIn: string | null;
}

export interface Npc extends CombatantBase {
  kind: "npc";
  template: string;
  /** The spawn it belongs to; null for trigger or GM spawns, which never respawn. */
  spawn: string | null;
  /** Characters that damaged it, in order (XP is shared among those alive in the room, §5.3). */
  damagedBy: string[];
  killedBy: string | null;
}

export type Combatant = Character | Npc;

export type ItemLocation = { room: string } | { character: string; slot: Slot | null } | { container: string };

export interface ItemInstance {
  id: string;
  template: string;
  charges: number | null;
  decayAt: number | null;
  loc: ItemLocation;
  arrival: number;
  /** The item spawn that made it, while it still lies where it was placed. */
  spawn: string | null;
}

export interface RoomState {
  /** Current exits; content's, changed by triggers (reveal/hide/open/close). */
  exits: Record<string, { to: string; door: string | null; hidden: boolean }>;
  description: string | null;
}

export interface TriggerState {
  count: number;
  lastFiredAt: number | null;
  enabled: boolean;
}

export interface Timer {
  at: number;
  kind: TimerKind;
  payload: Record<string, unknown>;
}

export type TimerKind =
  | "swing"
  | "effect_tick"
  | "effect_expire"
  | "regen"
  | "aggro"
  | "npc_wander"
  | "npc_idle"
  | "trigger_timer"
  | "npc_respawn"
  | "item_respawn"
  | "item_decay"
  | "death"
  | "stasis_expire"
  | "area_reset";

export interface AreaState {
  area: string;
  /** Counter for instance ids and arrival order; never reused. */
  seq: number;
  characters: Record<string, Character>;
  npcs: Record<string, Npc>;
  items: Record<string, ItemInstance>;
  doors: Record<string, DoorState>;
  rooms: Record<string, RoomState>;
  flags: Record<string, boolean>;
  triggers: Record<string, TriggerState>;
  /** Spawn id → its live NPC id, or null while waiting to respawn. */
  spawns: Record<string, string | null>;
  itemSpawns: Record<string, string | null>;
  /** Holds a character (online, stasis or arriving): wander, idle and timer-trigger rows exist only then (§3). */
  occupied: boolean;
  /** Rooms and doors changed by permanent triggers: an area reset keeps them (§11.3). */
  permanent: { rooms: string[]; doors: string[]; flags: string[] };
  timers: Record<string, Timer>;
}
