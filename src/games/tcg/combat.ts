/** Damage calculation and paying costs (spec §9.2, §9.3). */
import { type Attack, type CostCode, card, type EnergyCard, TYPE_CODES } from "./cards";
import { damageBonus, damageReduction } from "./stats";
import { cardOf, type Familiar, type TcgState, topCard } from "./state";

/** §9.2 steps 1–6: the damage `attacker` deals `defender` from `base`. */
export function attackDamage(s: TcgState, attacker: Familiar, defender: Familiar, base: number): number {
  const { rules } = s;
  const type = topCard(s, attacker).type;
  const target = topCard(s, defender);
  let damage = base + damageBonus(s, attacker);
  if (target.weakness === type) {
    damage = rules.weakness_mode === "additive" ? damage + rules.weakness_bonus : damage * rules.weakness_multiplier;
  }
  if (target.resistance === type) damage -= rules.resistance_reduction;
  damage -= damageReduction(s, defender);
  return Math.max(0, damage);
}

function energyTypes(s: TcgState, energy: readonly string[]): string[] {
  return energy.map((id) => (card(cardOf(s, id)) as EnergyCard).type);
}

/**
 * Typed symbols each need a distinct energy of their type; whatever is left covers the C symbols.
 * Types are matched independently, so greedy counting is exact.
 */
function canPay(types: readonly string[], cost: readonly CostCode[]): boolean {
  const left = new Map<string, number>();
  for (const t of types) left.set(t, (left.get(t) ?? 0) + 1);
  let plain = 0;
  for (const code of cost) {
    if (code === "C") {
      plain += 1;
      continue;
    }
    const type = TYPE_CODES[code];
    const have = left.get(type) ?? 0;
    if (have === 0) return false;
    left.set(type, have - 1);
  }
  return [...left.values()].reduce((a, b) => a + b, 0) >= plain;
}

export function canPayAttack(s: TcgState, f: Familiar, attack: Attack): boolean {
  return canPay(energyTypes(s, f.energy), attack.cost);
}
