/**
 * A Familiars player that plays uniformly random legal moves from what its seat sees. Rather than
 * mirror some thirty event types, it re-reads its view with `sync` whenever events arrived since
 * its last view and the game may be waiting for it: its own turn (or setup), a forced choice
 * pending (settling it hands the move back), or after a `turn_start`, a `forced` or a knockout. Legality
 * comes from the engine itself, run on a state rebuilt from the view: hidden zones become
 * placeholders of the right size, which no legality rule looks into.
 */
import {
  type Familiar,
  legalTcgActions,
  maxHp,
  type Player,
  retreatCost,
  type TcgAction,
  type TcgState,
  type TcgView,
} from "../../src/games/tcg/index";
import type { FamiliarView, PlayerView } from "../../src/games/tcg/view";
import { createRng, type Rng } from "../../src/lib/rng";
import type { GameMirror } from "./bots";
import type { GameEventMsg } from "./protocol";

type Ref = { id: string; card: string };

/** A state with this view's public facts and placeholders for the hidden ones (for legality only). */
export function stateFromView(v: TcgView): TcgState {
  const cards: Record<string, string> = {};
  const ids = (rs: readonly Ref[]) =>
    rs.map((r) => {
      cards[r.id] = r.card;
      return r.id;
    });
  const hidden = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `?${prefix}${i}`);
  const familiar = (f: FamiliarView): Familiar => {
    const stack = ids(f.stack);
    // Unevolved, the top card is the basic whose id the familiar carries; evolved, its id is not shown.
    const top = stack.length === 0 ? f.id : `${f.id}@top`;
    cards[top] = f.card;
    return {
      id: f.id,
      top,
      stack,
      damage: f.damage,
      status: f.status as Familiar["status"],
      energy: ids(f.energy),
      tools: ids(f.tools),
      modifiers: [],
      entered_turn: f.entered_turn,
      evolved_turn: f.evolved_turn,
      ability_uses: f.ability_uses,
    };
  };
  const player = (p: PlayerView): Player => ({
    seat: p.seat,
    name: p.name,
    deck_label: p.deck_label,
    deck: hidden(`${p.seat}d`, p.deck_count),
    hand: p.hand ? ids(p.hand) : hidden(`${p.seat}h`, p.hand_count),
    active: p.active ? familiar(p.active) : null,
    bench: p.bench.map(familiar),
    discard: ids(p.discard),
    prizes: hidden(`${p.seat}p`, p.prizes_count),
    energy_deck: hidden(`${p.seat}e`, p.energy_deck_count),
    energy_zone: ids(p.energy_zone),
    flags: { ...p.turn_flags },
    points: p.points,
    knockouts: p.knockouts,
    ready: p.ready,
    prizes_owed: v.forced?.kind === "select_prize" && v.forced.seat === p.seat ? v.forced.count : 0,
  });
  const s: TcgState = {
    rules: v.rules,
    phase: v.phase,
    turn: v.turn,
    current: v.current,
    first: v.first,
    players: [player(v.players[0] as PlayerView), player(v.players[1] as PlayerView)],
    stadium: v.stadium ? { card: ids([v.stadium.card])[0] as string, owner: v.stadium.owner } : null,
    cards,
    turn_ending: false,
    winner: v.winner,
    end_reason: v.end_reason as TcgState["end_reason"],
  };
  // Turn modifiers are not shown, only their sums: restore them as one modifier each.
  v.players.forEach((pv, seat) => {
    const p = s.players[seat] as Player;
    const shown = pv.active ? [pv.active, ...pv.bench] : pv.bench;
    const built = p.active ? [p.active, ...p.bench] : p.bench;
    built.forEach((f, i) => {
      const fv = shown[i] as FamiliarView;
      const hp = fv.max_hp - maxHp(s, f);
      if (hp !== 0) f.modifiers.push({ kind: "hp", amount: hp });
      const retreat = fv.retreat_cost - retreatCost(s, f);
      if (retreat !== 0) f.modifiers.push({ kind: "retreat", amount: retreat });
    });
  });
  return s;
}

function awaits(v: TcgView, seat: number): boolean {
  if (v.phase === "game_over") return false;
  if (v.phase === "setup") return !(v.players[seat] as PlayerView).ready;
  return (v.forced ? v.forced.seat : v.current) === seat;
}

export class TcgMirror implements GameMirror {
  private v: TcgView | null = null;
  /** Events arrived since the view. */
  private stale = false;
  /** One of them may have handed the move to this seat. */
  private mayBeMine = false;
  private ended = false;
  private readonly rng: Rng;

  constructor(seed = 1) {
    this.rng = createRng(seed);
  }

  reset(view: unknown): void {
    if (!view) return;
    this.v = view as TcgView;
    this.stale = false;
    this.mayBeMine = false;
    this.ended = this.v.phase === "game_over";
  }

  apply(e: GameEventMsg): void {
    this.stale = true;
    if (e.type === "game_over") this.ended = true;
    // Cheaper to re-read once per turn change than to track which seat each one names.
    else if (e.type === "turn_start" || e.type === "forced" || e.type === "knocked_out") this.mayBeMine = true;
  }

  /** The seat's view may be out of date at a moment it must act: ask the room for a fresh one. */
  needsSync(seat: number): boolean {
    if (!this.v || this.ended || !this.stale) return false;
    // While someone owes a forced choice, the event that settles it may hand the move back.
    return this.mayBeMine || this.v.forced !== null || awaits(this.v, seat);
  }

  over(): boolean {
    return this.ended;
  }

  choose(seat: number): TcgAction | null {
    if (!this.v || this.ended || this.stale || !awaits(this.v, seat)) return null;
    // Resigning would end the game at once: never chosen (it is always listed last).
    const legal = legalTcgActions(stateFromView(this.v), seat).filter((a) => a.type !== "resign");
    return legal.length > 0 ? this.rng.pick(legal) : null;
  }
}
