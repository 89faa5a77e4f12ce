/**
 * Per-viewer projections (spec §14). Hidden: deck, prizes and energy deck (counts only, even to
 * their owner), the opponent's hand, and setup placements until both seats confirm. Omniscient
 * viewers (replays after the end) see everything. Events are projected by one rule per type, and
 * anything not listed passes unchanged because it only names public cards.
 */
import type { GameEvent, Viewer } from "../../rooms/game";
import { type Ref, refs } from "./events";
import type { RulesConfig } from "./options";
import { maxHp, retreatCost } from "./stats";
import { type Familiar, pendingForced, type Player, type TcgState, type TurnFlags } from "./state";

export type FamiliarView = {
  id: string;
  card: string;
  stack: Ref[];
  damage: number;
  max_hp: number;
  retreat_cost: number;
  status: string[];
  energy: Ref[];
  tools: Ref[];
  entered_turn: number;
  evolved_turn: number;
  ability_uses: number;
};

export type PlayerView = {
  seat: number;
  name: string;
  deck_label: string;
  points: number;
  knockouts: number;
  ready: boolean;
  hand: Ref[] | null;
  hand_count: number;
  deck_count: number;
  discard: Ref[];
  prizes_count: number;
  energy_deck_count: number;
  energy_zone: Ref[];
  active: FamiliarView | null;
  bench: FamiliarView[];
  turn_flags: TurnFlags;
  deck?: Ref[];
  prizes?: Ref[];
  energy_deck?: Ref[];
};

export type TcgView = {
  phase: TcgState["phase"];
  turn: number;
  current: number;
  first: number;
  rules: RulesConfig;
  forced: { seat: number; kind: string; count: number } | null;
  stadium: { card: Ref; owner: number } | null;
  winner: number | null;
  end_reason: string | null;
  players: PlayerView[];
};

function seesHand(viewer: Viewer, seat: number): boolean {
  return viewer.kind === "omniscient" || (viewer.kind === "seat" && viewer.seat === seat);
}

function familiarView(s: TcgState, f: Familiar): FamiliarView {
  return {
    id: f.id,
    card: s.cards[f.top] as string,
    stack: refs(s, f.stack),
    damage: f.damage,
    max_hp: maxHp(s, f),
    retreat_cost: retreatCost(s, f),
    status: [...f.status],
    energy: refs(s, f.energy),
    tools: refs(s, f.tools),
    entered_turn: f.entered_turn,
    evolved_turn: f.evolved_turn,
    ability_uses: f.ability_uses,
  };
}

function playerView(s: TcgState, p: Player, viewer: Viewer): PlayerView {
  const own = seesHand(viewer, p.seat);
  const boardHidden = s.phase === "setup" && !own;
  return {
    seat: p.seat,
    name: p.name,
    deck_label: p.deck_label,
    points: p.points,
    knockouts: p.knockouts,
    ready: p.ready,
    hand: own ? refs(s, p.hand) : null,
    hand_count: p.hand.length,
    deck_count: p.deck.length,
    discard: refs(s, p.discard),
    prizes_count: p.prizes.length,
    energy_deck_count: p.energy_deck.length,
    energy_zone: refs(s, p.energy_zone),
    active: boardHidden || !p.active ? null : familiarView(s, p.active),
    bench: boardHidden ? [] : p.bench.map((f) => familiarView(s, f)),
    turn_flags: { ...p.flags },
    ...(viewer.kind === "omniscient" ? { deck: refs(s, p.deck), prizes: refs(s, p.prizes), energy_deck: refs(s, p.energy_deck) } : {}),
  };
}

export function viewTcg(s: TcgState, viewer: Viewer): TcgView {
  const forced = pendingForced(s);
  return {
    phase: s.phase,
    turn: s.turn,
    current: s.current,
    first: s.first,
    rules: s.rules,
    forced: forced ? { ...forced } : null,
    stadium: s.stadium ? { card: refs(s, [s.stadium.card])[0] as Ref, owner: s.stadium.owner } : null,
    winner: s.winner,
    end_reason: s.end_reason,
    players: s.players.map((p) => playerView(s, p, viewer)),
  };
}

export function projectTcgEvent(e: GameEvent, viewer: Viewer): GameEvent | null {
  if (viewer.kind === "omniscient") return e;
  const seat = e.data.seat as number;
  switch (e.type) {
    case "placed":
      return seesHand(viewer, seat) ? e : null;
    case "drew":
      return seesHand(viewer, seat) ? e : { type: e.type, data: { seat, count: e.data.count } };
    case "prize_taken":
      return seesHand(viewer, seat) ? e : { type: e.type, data: { seat, index: e.data.index } };
    default:
      return e;
  }
}
