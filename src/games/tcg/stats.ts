/**
 * Derived figures of a familiar: max HP, retreat cost, tool damage modifiers (spec §9, §13).
 * `static` modifiers come from the board (stadium, tools) and are never stored, so removing the
 * card removes its effect; `turn` modifiers are stored on the familiar until the turn ends.
 */
import { card, type Effect, type TrainerCard } from "./cards";
import { cardOf, type Familiar, type TcgState, topCard } from "./state";

/** The static effects that reach `f`: the stadium's (all_in_play, optional type) and its own tools'. */
function staticEffects(s: TcgState, f: Familiar): Effect[] {
  const out: Effect[] = [];
  const type = topCard(s, f).type;
  if (s.stadium) {
    const stadium = card(cardOf(s, s.stadium.card)) as TrainerCard;
    const fx = stadium.effect;
    if (fx && fx.params.duration === "static" && (fx.params.type === undefined || fx.params.type === type)) out.push(fx);
  }
  for (const tool of f.tools) {
    const fx = (card(cardOf(s, tool)) as TrainerCard).effect;
    if (fx && fx.params.duration === "static") out.push(fx);
  }
  return out;
}

function staticSum(s: TcgState, f: Familiar, handler: Effect["handler"]): number {
  return staticEffects(s, f)
    .filter((fx) => fx.handler === handler)
    .reduce((sum, fx) => sum + Number(fx.params.amount), 0);
}

function storedSum(f: Familiar, kind: "hp" | "retreat"): number {
  return f.modifiers.filter((m) => m.kind === kind).reduce((sum, m) => sum + m.amount, 0);
}

export function maxHp(s: TcgState, f: Familiar): number {
  return topCard(s, f).hp + storedSum(f, "hp") + staticSum(s, f, "modify_hp");
}

export function retreatCost(s: TcgState, f: Familiar): number {
  return Math.max(0, topCard(s, f).retreat + storedSum(f, "retreat") + staticSum(s, f, "modify_retreat_cost"));
}

export function isLethal(s: TcgState, f: Familiar): boolean {
  return f.damage >= maxHp(s, f);
}

function toolSum(s: TcgState, f: Familiar, field: "damage_bonus" | "damage_reduction"): number {
  return f.tools.reduce((sum, t) => sum + ((card(cardOf(s, t)) as TrainerCard)[field] ?? 0), 0);
}

export function damageBonus(s: TcgState, f: Familiar): number {
  return toolSum(s, f, "damage_bonus");
}

export function damageReduction(s: TcgState, f: Familiar): number {
  return toolSum(s, f, "damage_reduction");
}
