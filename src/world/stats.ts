/** Stats and d20 rules (spec §2): pure formulas over a combatant and what it wears. */
import type { Rng } from "../lib/rng";
import type { Content } from "./content/load";
import { type ModKey, type Slot, SLOTS, STATS, type Stat } from "./content/schema";
import type { AreaState, Character, Combatant, ItemInstance } from "./state";

export const mod = (score: number): number => Math.floor((score - 10) / 2);
export const proficiency = (level: number): number => 2 + Math.floor((level - 1) / 4);
export const MAX_LEVEL = 20;
/** XP needed to reach level L: 50 × L × (L − 1). */
export const xpForLevel = (level: number): number => 50 * level * (level - 1);

export function levelForXp(xp: number): number {
  let level = 1;
  while (level < MAX_LEVEL && xp >= xpForLevel(level + 1)) level++;
  return level;
}

export function rollDice(rng: Rng, dice: string, times = 1): number {
  const [n, faces] = dice.split("d").map(Number) as [number, number];
  let sum = 0;
  for (let i = 0; i < n * times; i++) sum += rng.int(1, faces);
  return sum;
}

export const d20 = (rng: Rng): number => rng.int(1, 20);
/** A percentage chance (§2): d100 ≤ chance. */
export const chance = (rng: Rng, percent: number): boolean => rng.int(1, 100) <= percent;

export function equipped(state: AreaState, characterId: string): ItemInstance[] {
  return Object.values(state.items)
    .filter((i) => "character" in i.loc && i.loc.character === characterId && i.loc.slot !== null)
    .sort((a, b) => SLOTS.indexOf(slotOf(a)!) - SLOTS.indexOf(slotOf(b)!));
}

export function slotOf(item: ItemInstance): Slot | null {
  return "slot" in item.loc ? item.loc.slot : null;
}

export function wielded(content: Content, state: AreaState, c: Character) {
  const weapon = equipped(state, c.id).find((i) => "slot" in i.loc && i.loc.slot === "weapon");
  return weapon ? content.items.get(weapon.template)! : null;
}

/** Σ of one modifier over active effects (scaled by stacks) and, for characters, equipment. */
export function modSum(content: Content, state: AreaState, who: Combatant, key: ModKey): number {
  let sum = 0;
  for (const e of who.effects) sum += (content.effects.get(e.effect)?.mods[key] ?? 0) * e.stacks;
  if (who.kind === "character") for (const i of equipped(state, who.id)) sum += content.items.get(i.template)?.mods[key] ?? 0;
  return sum;
}

function baseScore(content: Content, who: Combatant, stat: Stat): number {
  return who.kind === "character" ? who.stats[stat] : content.npcs.get(who.template)![stat];
}

export function score(content: Content, state: AreaState, who: Combatant, stat: Stat): number {
  return Math.min(30, Math.max(1, baseScore(content, who, stat) + modSum(content, state, who, stat)));
}

export function levelOf(content: Content, who: Combatant): number {
  return who.kind === "character" ? who.level : content.npcs.get(who.template)!.level;
}

export function maxHp(content: Content, state: AreaState, who: Combatant): number {
  const bonus = modSum(content, state, who, "max_hp");
  if (who.kind === "npc") return Math.max(1, content.npcs.get(who.template)!.max_hp + bonus);
  const con = mod(score(content, state, who, "con"));
  return Math.max(1, 10 + con + (who.level - 1) * Math.max(1, 6 + con) + bonus);
}

export function armorClass(content: Content, state: AreaState, who: Combatant): number {
  const effects = modSum(content, state, who, "ac");
  if (who.kind === "npc") return content.npcs.get(who.template)!.ac + effects;
  const worn = equipped(state, who.id).reduce((sum, i) => sum + (content.items.get(i.template)?.ac ?? 0), 0);
  return 10 + mod(score(content, state, who, "dex")) + worn + effects;
}

export interface AttackProfile {
  dice: string;
  abilityMod: number;
  speedMs: number;
}

export function attackProfile(content: Content, state: AreaState, who: Combatant): AttackProfile {
  if (who.kind === "npc") {
    const attack = content.npcs.get(who.template)!.attack ?? { dice: "1d3", ability: "str" as const, speed_ms: 2000 };
    return { dice: attack.dice, abilityMod: mod(score(content, state, who, attack.ability)), speedMs: attack.speed_ms };
  }
  const weapon = wielded(content, state, who);
  const str = mod(score(content, state, who, "str"));
  if (!weapon) return { dice: "1d3", abilityMod: str, speedMs: 2000 };
  const abilityMod = weapon.finesse ? Math.max(str, mod(score(content, state, who, "dex"))) : str;
  return { dice: weapon.dice!, abilityMod, speedMs: weapon.speed_ms! };
}

export function attackBonus(content: Content, state: AreaState, who: Combatant): number {
  return proficiency(levelOf(content, who)) + attackProfile(content, state, who).abilityMod + modSum(content, state, who, "attack");
}

/** The `stat_update` fields of a character (§10.3). */
export function statBlock(content: Content, state: AreaState, c: Character): Record<string, number | boolean | null> {
  const block: Record<string, number | boolean | null> = {
    hp: c.hp,
    max_hp: maxHp(content, state, c),
    ac: armorClass(content, state, c),
    level: c.level,
    xp: c.xp,
    xp_next: c.level >= MAX_LEVEL ? null : xpForLevel(c.level + 1),
  };
  for (const s of STATS) block[s] = score(content, state, c, s);
  block.attack_bonus = attackBonus(content, state, c);
  block.coins = c.coins;
  block.in_combat = inCombat(state, c);
  return block;
}

/** In combat while it has a target or is targeted (§5.1). */
export function inCombat(state: AreaState, who: Combatant): boolean {
  if (who.target) return true;
  return attackersOf(state, who.id).length > 0;
}

export function attackersOf(state: AreaState, id: string): Combatant[] {
  const all: Combatant[] = [...Object.values(state.characters), ...Object.values(state.npcs)];
  return all.filter((x) => x.target === id).sort((a, b) => a.targetSince - b.targetSince || a.arrival - b.arrival);
}

export function regenAmount(max: number): number {
  return Math.max(1, Math.floor(max / 10));
}
