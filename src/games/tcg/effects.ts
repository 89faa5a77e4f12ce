/**
 * Effect handlers (spec §13). Each runs on a cloned state, for a source player, optionally a
 * source familiar (attacks, abilities) and the action's target. A target that is missing or
 * already at lethal damage is skipped (§18), so a knocked-out familiar cannot be devolved.
 */
import type { GameEvent } from "../../rooms/game";
import type { Rng } from "../../lib/rng";
import type { Effect } from "./cards";
import { attackDamage } from "./combat";
import { event, ref, refs } from "./events";
import { isLethal } from "./stats";
import { type Familiar, inPlay, other, type Player, type Status, STATUSES, type TcgState, topCard } from "./state";

export interface EffectContext {
  s: TcgState;
  seat: number;
  source: Familiar | null;
  /** The action's `target` (chosen_own). */
  target: string | undefined;
  rng: Rng;
  events: GameEvent[];
}

/** Asleep, paralyzed and confused exclude each other (§10). */
const EXCLUSIVE: readonly Status[] = ["asleep", "paralyzed", "confused"];

export function flip(ctx: { rng: Rng; events: GameEvent[] }, seat: number): boolean {
  const heads = ctx.rng.next() < 0.5;
  ctx.events.push(event("coin_flip", { seat, heads }));
  return heads;
}

function player(ctx: EffectContext, which: unknown, fallback: "self" | "opponent"): Player {
  const side = which ?? fallback;
  return ctx.s.players[side === "self" ? ctx.seat : other(ctx.seat)] as Player;
}

function owner(s: TcgState, f: Familiar): number {
  return s.players.findIndex((p) => inPlay(p).some((x) => x.id === f.id));
}

/** The familiars a `target` param names; lethal ones are dropped. */
function targets(ctx: EffectContext, name: unknown, fallback = "opponent_active"): Familiar[] {
  const { s, seat } = ctx;
  const me = s.players[seat] as Player;
  const them = s.players[other(seat)] as Player;
  let found: (Familiar | null | undefined)[];
  switch (name ?? fallback) {
    case "self":
      found = [ctx.source];
      break;
    case "own_active":
      found = [me.active];
      break;
    case "opponent_active":
      found = [them.active];
      break;
    case "chosen_own":
      found = [inPlay(me).find((f) => f.id === ctx.target)];
      break;
    case "all_own":
      found = inPlay(me);
      break;
    case "all_in_play":
      found = [...inPlay(me), ...inPlay(them)];
      break;
    default:
      throw new Error(`Unknown effect target ${String(name)}`);
  }
  return found.filter((f): f is Familiar => f != null && !isLethal(s, f));
}

export function addDamage(ctx: { s: TcgState; events: GameEvent[] }, f: Familiar, amount: number, kind: string): void {
  if (amount <= 0) return;
  f.damage += amount;
  ctx.events.push(event("damage", { familiar: f.id, owner: owner(ctx.s, f), amount, kind, total: f.damage }));
}

export function draw(s: TcgState, p: Player, count: number, events: GameEvent[]): void {
  const drawn = p.deck.splice(0, Math.min(count, p.deck.length));
  p.hand.push(...drawn);
  events.push(event("drew", { seat: p.seat, count: drawn.length, cards: refs(s, drawn) }));
}

function applyStatus(ctx: { s: TcgState; events: GameEvent[] }, f: Familiar, status: Status): void {
  const p = ctx.s.players[owner(ctx.s, f)] as Player;
  if (p.active?.id !== f.id || f.status.includes(status)) return;
  const kept = EXCLUSIVE.includes(status) ? f.status.filter((x) => !EXCLUSIVE.includes(x)) : f.status;
  f.status = STATUSES.filter((x) => x === status || kept.includes(x));
  ctx.events.push(event("status_changed", { familiar: f.id, owner: p.seat, status: [...f.status] }));
}

export function removeStatus(ctx: { s: TcgState; events: GameEvent[] }, f: Familiar, statuses: readonly Status[]): void {
  const left = f.status.filter((x) => !statuses.includes(x));
  if (left.length === f.status.length) return;
  f.status = left;
  ctx.events.push(event("status_changed", { familiar: f.id, owner: owner(ctx.s, f), status: [...left] }));
}

function statusList(param: unknown): Status[] {
  return param === "all" ? [...STATUSES] : (String(param).split(",") as Status[]);
}

function discardEnergy(ctx: EffectContext, f: Familiar, count: number | "all", type: unknown): void {
  const { s } = ctx;
  const matching = f.energy.filter((id) => type === undefined || familiarEnergyType(s, id) === type);
  const chosen = matching.slice(count === "all" ? 0 : Math.max(0, matching.length - count)).reverse();
  if (chosen.length === 0) return;
  f.energy = f.energy.filter((id) => !chosen.includes(id));
  const p = s.players[owner(s, f)] as Player;
  p.discard.push(...chosen);
  ctx.events.push(event("energy_discarded", { familiar: f.id, owner: p.seat, cards: refs(s, chosen) }));
}

function familiarEnergyType(s: TcgState, id: string): string {
  return (s.cards[id] as string).replace("energy_", "");
}

/** Runs one effect. `coin_flip_damage` is part of attack resolution (§9.1 step 2), not here. */
export function runEffect(ctx: EffectContext, fx: Effect): void {
  const { s, rng, events } = ctx;
  const p = fx.params;
  switch (fx.handler) {
    case "deal_damage":
      for (const f of targets(ctx, p.target)) addDamage(ctx, f, Number(p.amount), "effect");
      return;
    case "attack_damage": {
      if (!ctx.source) return;
      for (const f of targets(ctx, p.target)) addDamage(ctx, f, attackDamage(s, ctx.source, f, Number(p.amount)), "attack");
      return;
    }
    case "heal":
      for (const f of targets(ctx, p.target)) {
        const healed = Math.min(f.damage, Number(p.amount));
        if (healed === 0) continue;
        f.damage -= healed;
        events.push(event("healed", { familiar: f.id, owner: owner(s, f), amount: healed, total: f.damage }));
      }
      return;
    case "draw_cards":
      draw(s, player(ctx, p.player, "self"), Number(p.count), events);
      return;
    case "discard_from_hand": {
      const victim = player(ctx, p.player, "opponent");
      const discarded: string[] = [];
      for (let i = 0; i < Number(p.count) && victim.hand.length > 0; i++) {
        const [id] = victim.hand.splice(rng.int(0, victim.hand.length - 1), 1) as [string];
        victim.discard.push(id);
        discarded.push(id);
      }
      if (discarded.length > 0) events.push(event("hand_discarded", { seat: victim.seat, cards: refs(s, discarded) }));
      return;
    }
    case "shuffle_deck": {
      const who = player(ctx, p.player, "self");
      if (p.hand_into_deck === true) {
        who.deck.push(...who.hand);
        who.hand = [];
      }
      who.deck = rng.shuffle(who.deck);
      events.push(event("deck_shuffled", { seat: who.seat, count: who.deck.length }));
      if (Number(p.draw ?? 0) > 0) draw(s, who, Number(p.draw), events);
      return;
    }
    case "apply_status":
      for (const f of targets(ctx, p.target)) applyStatus(ctx, f, p.status as Status);
      return;
    case "remove_status":
      for (const f of targets(ctx, p.target)) removeStatus(ctx, f, statusList(p.statuses));
      return;
    case "coin_flip_damage":
      return;
    case "bench_damage": {
      const side = String(p.side);
      const seats = side === "both" ? [ctx.seat, other(ctx.seat)] : [side === "self" ? ctx.seat : other(ctx.seat)];
      for (const seat of seats) {
        for (const f of (s.players[seat] as Player).bench) if (!isLethal(s, f)) addDamage(ctx, f, Number(p.amount), "effect");
      }
      return;
    }
    case "discard_energy":
      for (const f of targets(ctx, p.target)) discardEnergy(ctx, f, p.count === "all" ? "all" : Number(p.count), p.type);
      return;
    case "modify_hp":
    case "modify_retreat_cost":
      // Static modifiers are read off the board (stats.ts); only `turn` ones are stored.
      if (p.duration !== "turn") return;
      for (const f of targets(ctx, p.target)) {
        if (p.type !== undefined && topCard(s, f).type !== p.type) continue;
        f.modifiers.push({ kind: fx.handler === "modify_hp" ? "hp" : "retreat", amount: Number(p.amount) });
      }
      return;
    case "devolve":
      for (const f of targets(ctx, p.target)) devolve(ctx, f, String(p.to) as "hand" | "discard");
      return;
    case "attack_coin_status":
      if (flip(ctx, ctx.seat)) for (const f of targets(ctx, p.target)) applyStatus(ctx, f, p.status as Status);
      return;
  }
}

function devolve(ctx: EffectContext, f: Familiar, to: "hand" | "discard"): void {
  const { s } = ctx;
  if (f.stack.length === 0) return;
  const p = s.players[owner(s, f)] as Player;
  const removed = f.top;
  f.top = f.stack.pop() as string;
  f.status = [];
  (to === "hand" ? p.hand : p.discard).push(removed);
  ctx.events.push(event("devolved", { familiar: f.id, owner: p.seat, card: ref(s, removed), to, top: ref(s, f.top) }));
}
