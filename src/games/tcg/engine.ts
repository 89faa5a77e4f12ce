/** Setup (spec §6) and applying actions (§8, §9). Pure: each call returns a new state. */
import type { ApplyResult, GameEvent, SeatInfo } from "../../rooms/game";
import { createRng, type Rng } from "../../lib/rng";
import type { TcgAction } from "./actions";
import { card, type ElementType, type FamiliarCard, isBasicFamiliar, type TrainerCard, TYPES } from "./cards";
import { energyCards, STARTER_DECKS } from "./decks";
import { addDamage, type EffectContext, flip, runEffect } from "./effects";
import { event, ref, refs } from "./events";
import { type DeckChoice, deckLabel, parseTcgOptions, type TcgOptions, type TcgOptionsInput } from "./options";
import { checkAction } from "./rules";
import { retreatCost } from "./stats";
import { cloneState, type Familiar, findFamiliarOf, freshFlags, other, type Player, type TcgState, topCard } from "./state";
import { advance, endTurn, finish, knockoutsAndWinCheck, startTurn } from "./turns";

export const PLAYERS = 2;

function newFamiliar(id: string, turn: number): Familiar {
  return {
    id,
    top: id,
    stack: [],
    damage: 0,
    status: [],
    energy: [],
    tools: [],
    modifiers: [],
    entered_turn: turn,
    evolved_turn: -1,
    ability_uses: 0,
  };
}

function hasBasic(s: TcgState, hand: readonly string[]): boolean {
  return hand.some((id) => isBasicFamiliar(s.cards[id] as string));
}

/** Shuffles, numbers the cards, deals and mulligans for one seat (§6 step 3, §5.1 ids). */
function deal(s: TcgState, p: Player, main: string[], energy: string[], rng: Rng, events: GameEvent[]): number {
  let n = 0;
  const number = (cardIds: string[]): string[] =>
    cardIds.map((cardId) => {
      n += 1;
      const id = `${p.seat}c${n}`;
      s.cards[id] = cardId;
      return id;
    });
  p.deck = number(rng.shuffle(main));
  p.energy_deck = s.rules.energy_mode === "pocket" ? number(rng.shuffle(energy)) : [];
  const size = s.rules.starting_hand_size;
  let mulligans = 0;
  p.hand = p.deck.splice(0, size);
  while (!hasBasic(s, p.hand)) {
    mulligans += 1;
    events.push(event("mulligan", { seat: p.seat, cards: p.hand.map((id) => s.cards[id]) }));
    p.deck = rng.shuffle([...p.deck, ...p.hand]);
    p.hand = p.deck.splice(0, size);
  }
  events.push(event("drew", { seat: p.seat, count: p.hand.length, cards: refs(s, p.hand) }));
  return mulligans;
}

export function setupTcg(input: { seats: SeatInfo[]; options: TcgOptions; rng: Rng }): { state: TcgState; events: GameEvent[] } {
  const { seats, options, rng } = input;
  if (seats.length !== PLAYERS) throw new RangeError(`Familiars needs exactly 2 players, got ${seats.length}`);
  const rules = options.rules;
  const choices = seats.map((_, seat) => options.decks[seat] ?? { starter: TYPES[rng.int(0, 4)] as ElementType });
  const heads = rng.next() < 0.5;
  const first = heads ? 0 : 1;
  const players = seats.map(
    ({ seat, name }, i): Player => ({
      seat,
      name,
      deck_label: deckLabel(choices[i] as DeckChoice),
      deck: [],
      hand: [],
      active: null,
      bench: [],
      discard: [],
      prizes: [],
      energy_deck: [],
      energy_zone: [],
      flags: freshFlags(),
      points: 0,
      knockouts: 0,
      ready: false,
      prizes_owed: 0,
    }),
  ) as [Player, Player];
  const s: TcgState = {
    rules,
    phase: "setup",
    turn: 0,
    current: first,
    first,
    players,
    stadium: null,
    cards: {},
    turn_ending: false,
    winner: null,
    end_reason: null,
  };
  const events: GameEvent[] = [event("coin_flip", { seat: 0, heads })];
  const mulligans = players.map((p, i) => {
    const choice = choices[i] as NonNullable<TcgOptions["decks"][number]>;
    const list = "starter" in choice ? STARTER_DECKS[choice.starter] : choice;
    const energy = energyCards(list.energy);
    const main = rules.energy_mode === "classic" ? [...list.cards, ...energy] : [...list.cards];
    return deal(s, p, main, energy, rng, events);
  });
  if (rules.use_prizes) for (const p of players) p.prizes = p.deck.splice(0, rules.prize_count);
  events.unshift(event("setup_dealt", { first, mulligans }));
  return { state: s, events };
}

/** For tools, bots and tests: seats from names, options from raw input, a game rng from a seed. */
export function createTcgGame(input: { players?: string[]; options?: TcgOptionsInput; seed: number }): {
  state: TcgState;
  events: GameEvent[];
  rng: Rng;
} {
  const rng = createRng(input.seed);
  const names = input.players ?? ["P0", "P1"];
  const seats = names.map((name, seat) => ({ seat, name, cpu: null }));
  return { ...setupTcg({ seats, options: parseTcgOptions(input.options), rng }), rng };
}

export function applyTcg(state: TcgState, seat: number, action: TcgAction, rng: Rng): ApplyResult<TcgState> {
  const rejection = checkAction(state, seat, action);
  if (rejection) return rejection;
  const s = cloneState(state);
  const events: GameEvent[] = [];
  perform(s, seat, action, rng, events);
  return { ok: true, state: s, events };
}

function perform(s: TcgState, seat: number, a: TcgAction, rng: Rng, events: GameEvent[]): void {
  const p = s.players[seat] as Player;
  switch (a.type) {
    case "resign":
      finish(s, other(seat), "resignation", events);
      return;
    case "play_basic":
      playBasic(s, p, a.card, events);
      if (s.phase === "setup") return;
      break;
    case "end_turn":
      if (s.phase === "setup") {
        confirmSetup(s, p, events);
        return;
      }
      endTurn(s, rng, events);
      return;
    case "attack":
      resolveAttack(s, p, a.index, rng, events);
      if (knockoutsAndWinCheck(s, events)) return;
      endTurn(s, rng, events);
      return;
    case "evolve":
      evolve(s, p, a.card, a.target, events);
      break;
    case "attach_energy": {
      const from = p.energy_zone.includes(a.card) ? "zone" : "hand";
      if (from === "zone") p.energy_zone = p.energy_zone.filter((id) => id !== a.card);
      else p.hand = p.hand.filter((id) => id !== a.card);
      (findFamiliarOf(p, a.target) as Familiar).energy.push(a.card);
      p.flags.energy_attached = true;
      events.push(event("energy_attached", { seat, card: ref(s, a.card), target: a.target, from }));
      break;
    }
    case "play_trainer":
      playTrainer(s, p, a.card, a.target, rng, events);
      break;
    case "use_ability": {
      const f = findFamiliarOf(p, a.familiar) as Familiar;
      const ability = topCard(s, f).ability as NonNullable<FamiliarCard["ability"]>;
      f.ability_uses += 1;
      events.push(event("ability_used", { seat, familiar: f.id, ability: ability.name }));
      runEffect(ctx(s, seat, f, undefined, rng, events), ability.effect);
      break;
    }
    case "retreat":
      retreat(s, p, a.to, a.energy, events);
      break;
    case "select_active": {
      const chosen = p.bench.find((f) => f.id === a.familiar) as Familiar;
      p.bench = p.bench.filter((f) => f.id !== chosen.id);
      p.active = chosen;
      events.push(event("active_selected", { seat, familiar: chosen.id }));
      advance(s, events);
      return;
    }
    case "select_prize": {
      const [prize] = p.prizes.splice(a.index, 1) as [string];
      p.hand.push(prize);
      p.prizes_owed -= 1;
      events.push(event("prize_taken", { seat, index: a.index, card: ref(s, prize) }));
      advance(s, events);
      return;
    }
  }
  if (!knockoutsAndWinCheck(s, events)) advance(s, events);
}

function ctx(s: TcgState, seat: number, source: Familiar | null, target: string | undefined, rng: Rng, events: GameEvent[]): EffectContext {
  return { s, seat, source, target, rng, events };
}

function playBasic(s: TcgState, p: Player, id: string, events: GameEvent[]): void {
  p.hand = p.hand.filter((x) => x !== id);
  const f = newFamiliar(id, s.phase === "setup" ? 0 : s.turn);
  const spot = p.active ? "bench" : "active";
  if (p.active) p.bench.push(f);
  else p.active = f;
  const data = { seat: p.seat, card: ref(s, id), zone: spot };
  events.push(event(s.phase === "setup" ? "placed" : "played", data));
}

function confirmSetup(s: TcgState, p: Player, events: GameEvent[]): void {
  p.ready = true;
  events.push(event("placed", { seat: p.seat, confirmed: true }));
  if (!s.players.every((x) => x.ready)) return;
  events.push(
    event("setup_revealed", {
      boards: s.players.map((x) => ({
        seat: x.seat,
        active: x.active && boardRef(s, x.active),
        bench: x.bench.map((f) => boardRef(s, f)),
      })),
    }),
  );
  startTurn(s, s.first, 1, events);
}

function boardRef(s: TcgState, f: Familiar): { id: string; card: string } {
  return ref(s, f.id);
}

function evolve(s: TcgState, p: Player, id: string, targetId: string, events: GameEvent[]): void {
  const f = findFamiliarOf(p, targetId) as Familiar;
  p.hand = p.hand.filter((x) => x !== id);
  f.stack.push(f.top);
  f.top = id;
  f.status = [];
  f.evolved_turn = s.turn;
  f.ability_uses = 0;
  events.push(event("evolved", { seat: p.seat, familiar: f.id, card: ref(s, id) }));
}

function playTrainer(s: TcgState, p: Player, id: string, target: string | undefined, rng: Rng, events: GameEvent[]): void {
  const t = card(s.cards[id] as string) as TrainerCard;
  p.hand = p.hand.filter((x) => x !== id);
  events.push(event("played", { seat: p.seat, card: ref(s, id), kind: t.trainer, ...(target ? { target } : {}) }));
  switch (t.trainer) {
    case "tool":
      (findFamiliarOf(p, target as string) as Familiar).tools.push(id);
      return;
    case "stadium": {
      const replaced = s.stadium;
      if (replaced) (s.players[replaced.owner] as Player).discard.push(replaced.card);
      s.stadium = { card: id, owner: p.seat };
      p.flags.stadium_played = true;
      return;
    }
    case "supporter":
      p.flags.supporters_played += 1;
      break;
    case "item":
      break;
  }
  if (t.effect) runEffect(ctx(s, p.seat, null, target, rng, events), t.effect);
  p.discard.push(id);
}

/** §9.1 steps 1–4; the caller runs knockouts and ends the turn. */
function resolveAttack(s: TcgState, p: Player, index: number, rng: Rng, events: GameEvent[]): void {
  const attacker = p.active as Familiar;
  const attack = topCard(s, attacker).attacks[index] as FamiliarCard["attacks"][number];
  events.push(event("attack", { seat: p.seat, familiar: attacker.id, index, name: attack.name }));
  const c = ctx(s, p.seat, attacker, undefined, rng, events);
  if (attacker.status.includes("confused") && !flip(c, p.seat)) {
    addDamage(c, attacker, s.rules.confusion_damage, "confusion");
    return;
  }
  let base = attack.damage;
  const fx = attack.effect;
  if (fx?.handler === "coin_flip_damage") {
    for (let i = 0; i < Number(fx.params.flips); i++) if (flip(c, p.seat)) base += Number(fx.params.per_heads);
  }
  if (base > 0) runEffect(c, { handler: "attack_damage", params: { amount: base, target: "opponent_active" } });
  if (fx && fx.handler !== "coin_flip_damage") runEffect(c, fx);
}

/** §9.4: pay with the given energy or the most recently attached, then swap with `to`. */
function retreat(s: TcgState, p: Player, to: string, energy: string[] | undefined, events: GameEvent[]): void {
  const active = p.active as Familiar;
  const cost = retreatCost(s, active);
  const paid = energy ?? active.energy.slice(active.energy.length - cost).reverse();
  const spent = cost === 0 ? [] : paid;
  active.energy = active.energy.filter((id) => !spent.includes(id));
  p.discard.push(...spent);
  const position = p.bench.findIndex((f) => f.id === to);
  const incoming = p.bench[position] as Familiar;
  active.status = [];
  p.bench[position] = active;
  p.active = incoming;
  p.flags.retreated = true;
  events.push(event("retreated", { seat: p.seat, from: active.id, to, discarded: refs(s, spent) }));
}
