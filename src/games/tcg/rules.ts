/**
 * Legality (spec §8): `checkAction` returns the first rejection in the spec's order, or null;
 * `legalTcgActions` enumerates candidates and keeps those `checkAction` accepts, so the two can
 * never disagree.
 */
import { type Rejection, reject } from "../../rooms/game";
import type { TcgAction } from "./actions";
import { card, familiar, type TrainerCard } from "./cards";
import { canPayAttack } from "./combat";
import { retreatCost } from "./stats";
import { type Familiar, findFamiliarOf, inPlay, isFirstTurn, type Player, pendingForced, type TcgState, topCard } from "./state";

export function awaitingSeats(s: TcgState): number[] {
  if (s.phase === "game_over") return [];
  if (s.phase === "setup") return s.players.filter((p) => !p.ready).map((p) => p.seat);
  const forced = pendingForced(s);
  return [forced ? forced.seat : s.current];
}

const MAIN_ONLY = new Set(["evolve", "attach_energy", "play_trainer", "use_ability", "attack", "retreat"]);

/** What setup or a main-phase turn without a forced choice allows (a forced choice allows only itself). */
function phaseAllows(s: TcgState, type: TcgAction["type"]): boolean {
  if (s.phase === "setup") return type === "play_basic" || type === "end_turn";
  return MAIN_ONLY.has(type) || type === "play_basic" || type === "end_turn";
}

/** Trainers whose effect needs a chosen familiar: tools and `t=chosen_own` effects. */
function trainerNeedsTarget(t: TrainerCard): boolean {
  return t.trainer === "tool" || t.effect?.params.target === "chosen_own";
}

export function checkAction(s: TcgState, seat: number, a: TcgAction): Rejection | null {
  if (s.phase === "game_over") return reject("game_over", "The game is over");
  if (a.type === "resign") return null;
  if (!awaitingSeats(s).includes(seat)) return reject("not_your_turn", "The game is not waiting for you");
  const forced = pendingForced(s);
  if (forced) {
    if (a.type !== forced.kind) return reject("forced_action_required", `You must ${forced.kind} first`);
  } else if (!phaseAllows(s, a.type)) return reject("wrong_phase", `${a.type} is not allowed now`);
  const p = s.players[seat] as Player;
  switch (a.type) {
    case "play_basic":
      return checkPlayBasic(s, p, a.card);
    case "evolve":
      return checkEvolve(s, p, a.card, a.target);
    case "attach_energy":
      return checkAttach(s, p, a.card, a.target);
    case "play_trainer":
      return checkTrainer(s, p, a.card, a.target);
    case "use_ability":
      return checkAbility(s, p, a.familiar);
    case "attack":
      return checkAttack(s, p, a.index);
    case "retreat":
      return checkRetreat(s, p, a.to, a.energy);
    case "select_active": {
      if (!inPlay(p).some((f) => f.id === a.familiar)) return reject("card_not_found", "No such familiar of yours");
      if (!p.bench.some((f) => f.id === a.familiar)) return reject("invalid_target", "Choose a benched familiar");
      return null;
    }
    case "select_prize":
      return a.index < p.prizes.length ? null : reject("invalid_index", "No prize at that position");
    case "end_turn":
      return s.phase === "setup" && !p.active ? reject("no_active", "Place an active familiar first") : null;
  }
}

function notFound(): Rejection {
  return reject("card_not_found", "That card is not where this action takes it from");
}

function checkPlayBasic(s: TcgState, p: Player, id: string): Rejection | null {
  if (!p.hand.includes(id)) return notFound();
  if (familiar(s.cards[id] as string)?.stage !== "basic") return reject("invalid_card", "Only a basic familiar can be played");
  if (p.active && p.bench.length >= s.rules.max_bench) return reject("bench_full", "Your bench is full");
  return null;
}

function checkEvolve(s: TcgState, p: Player, id: string, targetId: string): Rejection | null {
  if (!p.hand.includes(id)) return notFound();
  const evolution = familiar(s.cards[id] as string);
  if (!evolution || evolution.stage === "basic") return reject("invalid_card", "Only a stage1 or stage2 familiar evolves");
  const target = findFamiliarOf(p, targetId);
  if (!target) return reject("invalid_target", "Evolve one of your familiars in play");
  if (evolution.evolves_from !== topCard(s, target).name)
    return reject("cannot_evolve", `${evolution.name} does not evolve from that familiar`);
  if (target.entered_turn >= s.turn || target.evolved_turn === s.turn)
    return reject("cannot_evolve", "That familiar came into play or evolved this turn");
  if (isFirstTurn(s, p.seat)) return reject("first_turn", "Nobody evolves on their first turn");
  return null;
}

function checkAttach(s: TcgState, p: Player, id: string, targetId: string): Rejection | null {
  if (!p.energy_zone.includes(id) && !p.hand.includes(id)) return notFound();
  if (card(s.cards[id] as string).kind !== "energy") return reject("invalid_card", "Only energy can be attached");
  if (!findFamiliarOf(p, targetId)) return reject("invalid_target", "Attach to one of your familiars");
  if (p.flags.energy_attached) return reject("energy_limit", "One energy per turn");
  if (s.turn === 1 && !s.rules.first_player_can_attach) return reject("first_turn", "No energy on turn 1");
  return null;
}

function checkTrainer(s: TcgState, p: Player, id: string, targetId: string | undefined): Rejection | null {
  if (!p.hand.includes(id)) return notFound();
  const t = card(s.cards[id] as string);
  if (t.kind !== "trainer") return reject("invalid_card", "Only a trainer can be played");
  const needs = trainerNeedsTarget(t);
  if (needs !== (targetId !== undefined))
    return reject("invalid_target", needs ? "This trainer needs a target" : "This trainer takes no target");
  const target = targetId === undefined ? null : findFamiliarOf(p, targetId);
  if (needs && !target) return reject("invalid_target", "Choose one of your familiars");
  if (t.trainer === "supporter" && p.flags.supporters_played >= s.rules.supporters_per_turn)
    return reject("supporter_limit", "Supporter limit reached");
  if (t.trainer === "stadium") {
    const sameName = s.stadium !== null && s.cards[s.stadium.card] === t.id && !s.rules.stadium_same_name_replace;
    if (p.flags.stadium_played || sameName) return reject("stadium_rule", "Stadium not playable now");
  }
  if (t.trainer === "tool" && (target as Familiar).tools.length >= s.rules.max_tools_per_familiar)
    return reject("tool_limit", "That familiar holds enough tools");
  return null;
}

function checkAbility(s: TcgState, p: Player, id: string): Rejection | null {
  const f = findFamiliarOf(p, id);
  if (!f) return notFound();
  const ability = topCard(s, f).ability;
  if (!ability || f.ability_uses >= ability.uses_per_turn || (ability.active_only && p.active?.id !== id)) {
    return reject("ability_unavailable", "No usable ability");
  }
  return null;
}

function blockedByStatus(f: Familiar): boolean {
  return f.status.includes("asleep") || f.status.includes("paralyzed");
}

function checkAttack(s: TcgState, p: Player, index: number): Rejection | null {
  const active = p.active as Familiar;
  const attack = topCard(s, active).attacks[index];
  if (!attack) return reject("invalid_index", "No attack at that index");
  if (s.turn === 1 && !s.rules.first_player_can_attack) return reject("first_turn", "No attack on turn 1");
  if (blockedByStatus(active)) return reject("status_prevents", "Your active cannot attack now");
  if (!canPayAttack(s, active, attack)) return reject("insufficient_energy", "Not enough energy for that attack");
  return null;
}

function checkRetreat(s: TcgState, p: Player, to: string, energy: string[] | undefined): Rejection | null {
  const active = p.active as Familiar;
  if (!p.bench.some((f) => f.id === to)) return reject("invalid_target", "Retreat to a benched familiar");
  if (blockedByStatus(active)) return reject("status_prevents", "Your active cannot retreat now");
  if (p.flags.retreated) return reject("already_retreated", "Already retreated this turn");
  const cost = retreatCost(s, active);
  if (active.energy.length < cost) return reject("insufficient_energy", "Not enough energy to retreat");
  if (energy && (new Set(energy).size !== cost || energy.length !== cost || !energy.every((e) => active.energy.includes(e)))) {
    return reject("insufficient_energy", "Discard exactly the retreat cost in attached energy");
  }
  return null;
}

/** Every legal action with concrete fields (spec §8), `resign` last. */
export function legalTcgActions(s: TcgState, seat: number): TcgAction[] {
  if (s.phase === "game_over" || !awaitingSeats(s).includes(seat)) return [];
  const p = s.players[seat] as Player;
  const own = inPlay(p).map((f) => f.id);
  const candidates: TcgAction[] = [];
  const forced = pendingForced(s);
  if (forced?.kind === "select_prize") for (const index of p.prizes.keys()) candidates.push({ type: "select_prize", index });
  else if (forced?.kind === "select_active") for (const f of p.bench) candidates.push({ type: "select_active", familiar: f.id });
  else {
    for (const id of p.hand) {
      const c = card(s.cards[id] as string);
      if (c.kind === "familiar" && c.stage === "basic") candidates.push({ type: "play_basic", card: id });
      if (s.phase !== "main") continue;
      if (c.kind === "familiar" && c.stage !== "basic") for (const target of own) candidates.push({ type: "evolve", card: id, target });
      if (c.kind === "energy") for (const target of own) candidates.push({ type: "attach_energy", card: id, target });
      if (c.kind === "trainer") {
        if (trainerNeedsTarget(c)) for (const target of own) candidates.push({ type: "play_trainer", card: id, target });
        else candidates.push({ type: "play_trainer", card: id });
      }
    }
    if (s.phase === "main") {
      for (const id of p.energy_zone) for (const target of own) candidates.push({ type: "attach_energy", card: id, target });
      for (const id of own) candidates.push({ type: "use_ability", familiar: id });
      if (p.active) for (const index of topCard(s, p.active).attacks.keys()) candidates.push({ type: "attack", index });
      for (const f of p.bench) candidates.push({ type: "retreat", to: f.id });
    }
    candidates.push({ type: "end_turn" });
  }
  return [...candidates.filter((a) => checkAction(s, seat, a) === null), { type: "resign" }];
}
