/**
 * A state rebuilt from one seat's view (spec §14), for clients that check legality with the
 * engine's own rules (the load-test bot, the web table): the view's public facts, and placeholders
 * of the right size for hidden zones, which no legality rule looks into.
 */
import type { Ref } from "./events";
import type { Familiar, Player, TcgState } from "./state";
import { maxHp, retreatCost } from "./stats";
import type { FamiliarView, PlayerView, TcgView } from "./view";

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
