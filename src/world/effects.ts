/**
 * Effects (spec §4) and their offline catch-up (§3 "Offline"). Ticks keep their phase: they fall at
 * applied + k × interval, and a refresh moves only the expiry. The tick key sorts before the expiry
 * key, so a tick due at the expiry instant fires first.
 */
import { damage, heal } from "./combat";
import type { Stat } from "./content/schema";
import type { Character, Combatant } from "./state";
import { d20, maxHp, mod, regenAmount, score } from "./stats";
import type { Tx } from "./tx";

const tickKey = (who: string, effect: string) => `fx:${who}:${effect}:1tick`;
const expireKey = (who: string, effect: string) => `fx:${who}:${effect}:2exp`;

export function effectView(tx: Tx, who: Combatant, effectId: string) {
  const template = tx.content.effects.get(effectId)!;
  const active = who.effects.find((e) => e.effect === effectId);
  return {
    id: effectId,
    name: template.name,
    kind: template.kind,
    stacks: active?.stacks ?? 0,
    remaining_ms: active?.expiresAt == null ? null : Math.max(0, active.expiresAt - tx.now),
  };
}

function notify(
  tx: Tx,
  who: Combatant,
  effectId: string,
  action: "applied" | "refreshed" | "tick" | "expired" | "removed",
  amount: number | null = null,
) {
  if (who.kind === "character") tx.send(who.id, { type: "effect", action, effect: effectView(tx, who, effectId), amount });
}

/** Applies or refreshes an effect; a successful save resists it entirely. Returns whether it took hold. */
export function applyEffect(tx: Tx, who: Combatant, effectId: string, save?: { stat: Stat; dc: number }): boolean {
  if (who.hp <= 0) return false;
  if (save && d20(tx.rng) + mod(score(tx.content, tx.state, who, save.stat)) >= save.dc) return false;
  const template = tx.content.effects.get(effectId)!;
  const expiresAt = template.duration_s === null ? null : tx.now + template.duration_s * 1000;
  const active = who.effects.find((e) => e.effect === effectId);
  if (active) {
    active.expiresAt = expiresAt;
    active.stacks = Math.min(template.max_stacks, active.stacks + 1);
    if (expiresAt !== null) tx.schedule(expireKey(who.id, effectId), expiresAt, "effect_expire", { who: who.id, effect: effectId });
    notify(tx, who, effectId, "refreshed");
  } else {
    const nextTickAt = template.interval_s ? tx.now + template.interval_s * 1000 : null;
    who.effects.push({ effect: effectId, stacks: 1, expiresAt, nextTickAt });
    scheduleEffect(tx, who, effectId);
    notify(tx, who, effectId, "applied");
  }
  clampHp(tx, who);
  return true;
}

function scheduleEffect(tx: Tx, who: Combatant, effectId: string): void {
  const active = who.effects.find((e) => e.effect === effectId)!;
  if (active.nextTickAt !== null)
    tx.schedule(tickKey(who.id, effectId), active.nextTickAt, "effect_tick", { who: who.id, effect: effectId });
  if (active.expiresAt !== null)
    tx.schedule(expireKey(who.id, effectId), active.expiresAt, "effect_expire", { who: who.id, effect: effectId });
}

export function tickEffect(tx: Tx, who: Combatant, effectId: string): void {
  const active = who.effects.find((e) => e.effect === effectId);
  const template = tx.content.effects.get(effectId)!;
  if (!active || active.nextTickAt === null || !template.interval_s) return;
  const amount = template.magnitude * active.stacks;
  const next = active.nextTickAt + template.interval_s * 1000;
  active.nextTickAt = active.expiresAt === null || next <= active.expiresAt ? next : null;
  if (active.nextTickAt !== null)
    tx.schedule(tickKey(who.id, effectId), active.nextTickAt, "effect_tick", { who: who.id, effect: effectId });
  notify(tx, who, effectId, "tick", amount);
  if (template.kind === "dot") {
    if (who.kind === "character") tx.message(who.id, "combat", `The ${template.name} burns you for ${amount}.`);
    damage(tx, who, amount, null);
  } else heal(tx, who, amount);
}

export function expireEffect(tx: Tx, who: Combatant, effectId: string): void {
  if (!who.effects.some((e) => e.effect === effectId)) return;
  notify(tx, who, effectId, "expired");
  dropEffect(tx, who, effectId);
}

/** Ends an effect early (death, GM): `removed`, not `expired`. */
export function removeEffect(tx: Tx, who: Combatant, effectId: string): void {
  if (!who.effects.some((e) => e.effect === effectId)) return;
  notify(tx, who, effectId, "removed");
  dropEffect(tx, who, effectId);
}

function dropEffect(tx: Tx, who: Combatant, effectId: string): void {
  who.effects = who.effects.filter((e) => e.effect !== effectId);
  tx.cancel(tickKey(who.id, effectId));
  tx.cancel(expireKey(who.id, effectId));
  clampHp(tx, who);
}

export function removeAllEffects(tx: Tx, who: Combatant): void {
  for (const e of [...who.effects]) removeEffect(tx, who, e.effect);
}

/** When max HP changes other than by a level, current HP is kept, clamped to the new max (§2). */
export function clampHp(tx: Tx, who: Combatant): void {
  who.hp = Math.min(who.hp, maxHp(tx.content, tx.state, who));
}

/** Leaving the world: the effects keep their absolute times, but their rows go (time runs on, §3). */
export function freezeEffects(tx: Tx, c: Character): void {
  tx.cancelPrefix(`fx:${c.id}:`);
  tx.cancel(`regen:${c.id}`);
}

/** Entering the world after Δ ms away (§3 "Offline", steps 1–4). */
export function thawEffects(tx: Tx, c: Character): void {
  if (c.leftAt === null) return;
  const delta = Math.max(0, tx.now - c.leftAt);
  const max = maxHp(tx.content, tx.state, c);
  let net = 0;
  for (const e of c.effects) {
    const template = tx.content.effects.get(e.effect);
    if (!template?.interval_s || e.nextTickAt === null) continue;
    const step = template.interval_s * 1000;
    const until = Math.min(tx.now, e.expiresAt ?? Number.POSITIVE_INFINITY);
    let t = e.nextTickAt;
    for (; t <= until; t += step) net += (template.kind === "dot" ? -1 : 1) * template.magnitude * e.stacks;
    e.nextTickAt = t;
  }
  const before = c.hp;
  const expired = c.effects.filter((e) => e.expiresAt !== null && e.expiresAt <= tx.now).map((e) => e.effect);
  c.effects = c.effects.filter((e) => !expired.includes(e.effect));
  c.hp = Math.min(max, Math.max(1, c.hp + net));
  c.hp = Math.min(maxHp(tx.content, tx.state, c), c.hp + Math.floor(delta / 6000) * regenAmount(maxHp(tx.content, tx.state, c)));
  for (const e of c.effects) scheduleEffect(tx, c, e.effect);
  c.leftAt = null;
  const parts = [`You were away ${Math.round(delta / 1000)} s.`];
  if (c.hp !== before) parts.push(`HP ${before} → ${c.hp}.`);
  if (expired.length) parts.push(`Worn off: ${expired.map((id) => tx.content.effects.get(id)?.name ?? id).join(", ")}.`);
  tx.message(c.id, "system", parts.join(" "));
}
