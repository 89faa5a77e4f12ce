/**
 * Game state (spec §5). Zones hold instance ids ("{seat}c{n}"); `cards` maps each to its card id.
 * A familiar's `id` is the instance id of its basic card, so it is stable through evolution
 * and devolution. Plain JSON, never mutated in place by the engine (it works on a clone).
 */
import { type FamiliarCard, familiar } from "./cards";
import type { RulesConfig } from "./options";

export const STATUSES = ["poisoned", "burned", "asleep", "paralyzed", "confused"] as const;
export type Status = (typeof STATUSES)[number];

export type Modifier = { kind: "hp" | "retreat"; amount: number };

export interface Familiar {
  id: string;
  /** Instance id of the top card. */
  top: string;
  /** Instance ids the top evolved from, bottom first. */
  stack: string[];
  damage: number;
  status: Status[];
  energy: string[];
  tools: string[];
  modifiers: Modifier[];
  entered_turn: number;
  evolved_turn: number;
  ability_uses: number;
}

export interface TurnFlags {
  energy_attached: boolean;
  supporters_played: number;
  stadium_played: boolean;
  retreated: boolean;
}

export interface Player {
  seat: number;
  name: string;
  /** "starter: type" or "custom": what may be said about the deck in public. */
  deck_label: string;
  deck: string[];
  hand: string[];
  active: Familiar | null;
  bench: Familiar[];
  discard: string[];
  prizes: string[];
  energy_deck: string[];
  energy_zone: string[];
  flags: TurnFlags;
  points: number;
  knockouts: number;
  /** Setup placement confirmed. */
  ready: boolean;
  /** `select_prize` actions still owed. */
  prizes_owed: number;
}

export type Phase = "setup" | "main" | "game_over";
export type EndReason = "points" | "no_familiars" | "simultaneous" | "deck_out" | "turn_limit" | "resignation";

export interface TcgState {
  rules: RulesConfig;
  phase: Phase;
  turn: number;
  current: number;
  first: number;
  players: [Player, Player];
  stadium: { card: string; owner: number } | null;
  /** Instance id → card id, for both players. */
  cards: Record<string, string>;
  /** The turn has ended and the next starts once forced actions are done (§7 step 5). */
  turn_ending: boolean;
  winner: number | null;
  end_reason: EndReason | null;
}

export type ForcedKind = "select_prize" | "select_active";
export type Forced = { seat: number; kind: ForcedKind; count: number };

export function cloneState(s: TcgState): TcgState {
  return structuredClone(s);
}

export function other(seat: number): number {
  return 1 - seat;
}

export function inPlay(p: Player): Familiar[] {
  return p.active ? [p.active, ...p.bench] : [...p.bench];
}

export function cardOf(s: TcgState, instance: string): string {
  return s.cards[instance] as string;
}

export function topCard(s: TcgState, f: Familiar): FamiliarCard {
  return familiar(cardOf(s, f.top)) as FamiliarCard;
}

export function findFamiliarOf(p: Player, id: string): Familiar | undefined {
  return inPlay(p).find((f) => f.id === id);
}

export function findFamiliar(s: TcgState, id: string): { owner: number; familiar: Familiar; active: boolean } | null {
  for (const p of s.players) {
    if (p.active?.id === id) return { owner: p.seat, familiar: p.active, active: true };
    const benched = p.bench.find((f) => f.id === id);
    if (benched) return { owner: p.seat, familiar: benched, active: false };
  }
  return null;
}

/** A player's first turn: turn 1 for the first player, turn 2 for the second (§1). */
export function isFirstTurn(s: TcgState, seat: number): boolean {
  return s.turn === (seat === s.first ? 1 : 2);
}

/**
 * Forced actions in the order of §11.2: prizes for the current player, then the other, then
 * active selections in the same order. Derived from the board, so it can never go stale.
 */
export function pendingForced(s: TcgState): Forced | null {
  if (s.phase !== "main") return null;
  const order = [s.current, other(s.current)];
  for (const seat of order) {
    const owed = (s.players[seat] as Player).prizes_owed;
    if (owed > 0) return { seat, kind: "select_prize", count: owed };
  }
  for (const seat of order) {
    const p = s.players[seat] as Player;
    if (!p.active && p.bench.length > 0) return { seat, kind: "select_active", count: 1 };
  }
  return null;
}

export function freshFlags(): TurnFlags {
  return { energy_attached: false, supporters_played: 0, stadium_played: false, retreated: false };
}
