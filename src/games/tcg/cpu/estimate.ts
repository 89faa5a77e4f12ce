/**
 * What CPUs estimate (spec §17): "expected damage" counts coin damage at half the flips heads,
 * "KO damage" at every flip tails. Both go through §9.2 against the defender as it is now.
 */
import type { Attack } from "../cards";
import { attackDamage, canPayAttack } from "../combat";
import { maxHp } from "../stats";
import { type Familiar, type TcgState, topCard } from "../state";

function base(attack: Attack, coins: "half" | "tails"): number {
  const fx = attack.effect;
  if (fx?.handler !== "coin_flip_damage" || coins === "tails") return attack.damage;
  return attack.damage + (Number(fx.params.flips) * Number(fx.params.per_heads)) / 2;
}

export function estimate(s: TcgState, attacker: Familiar, defender: Familiar, attack: Attack, coins: "half" | "tails"): number {
  const b = base(attack, coins);
  return b > 0 ? attackDamage(s, attacker, defender, b) : 0;
}

export function knocksOut(s: TcgState, attacker: Familiar, defender: Familiar, attack: Attack): boolean {
  return defender.damage + estimate(s, attacker, defender, attack, "tails") >= maxHp(s, defender);
}

/** The highest KO damage among the attacker's payable attacks (0 if none). */
export function bestKoDamage(s: TcgState, attacker: Familiar, defender: Familiar): number {
  return Math.max(
    0,
    ...topCard(s, attacker)
      .attacks.filter((a) => canPayAttack(s, attacker, a))
      .map((a) => estimate(s, attacker, defender, a, "tails")),
  );
}

export function canPayAny(s: TcgState, f: Familiar): boolean {
  return topCard(s, f).attacks.some((a) => canPayAttack(s, f, a));
}
