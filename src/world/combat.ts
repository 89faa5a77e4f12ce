/** Real-time combat (spec §5): engagement, swings on timers, retaliation, deaths. */
import { applyEffect, removeAllEffects } from "./effects";
import type { Ref } from "./events";
import { moveNpc, respawnCharacter, wanderExits } from "./movement";
import { progressKill } from "./quests";
import type { Character, Combatant, ItemInstance, Npc } from "./state";
import {
  armorClass,
  attackBonus,
  attackersOf,
  attackProfile,
  chance,
  d20,
  inCombat,
  levelForXp,
  MAX_LEVEL,
  maxHp,
  rollDice,
  xpForLevel,
} from "./stats";
import { cap, type Tx } from "./tx";
import { isSafe, Name, nameOf, The } from "./world";

const swingKey = (id: string) => `swing:${id}`;
export const regenKey = (id: string) => `regen:${id}`;

export function combatant(tx: Tx, id: string): Combatant | null {
  return tx.state.characters[id] ?? tx.state.npcs[id] ?? null;
}

const ref = (tx: Tx, who: Combatant): Ref => ({ id: who.id, name: nameOf(tx, who) });

function alive(who: Combatant): boolean {
  if (who.kind === "npc") return who.hp > 0;
  return who.status !== "dead" && who.status !== "offline" && who.status !== "departing";
}

/** `attacker` targets `target`; the first swing is due at max(now, last swing + speed) and resolves at once if due now. */
export function engage(tx: Tx, attacker: Combatant, target: Combatant): void {
  const wasTargetInCombat = inCombat(tx.state, target);
  const wasInCombat = inCombat(tx.state, attacker);
  const switching = attacker.target !== null && !!tx.state.timers[swingKey(attacker.id)];
  attacker.target = target.id;
  attacker.targetSince = tx.now;
  if (attacker.kind === "character") attacker.stopped = false;
  if (!wasInCombat) {
    tx.toRoom(attacker.room, {
      type: "combat",
      kind: "start",
      attacker: ref(tx, attacker),
      target: ref(tx, target),
      roll: null,
      total: null,
      damage: null,
      text: `${Name(tx, attacker)} attacks ${nameOf(tx, target)}!`,
    });
  }
  tx.cancel(regenKey(attacker.id));
  if (!wasTargetInCombat && target.kind === "npc") callForHelp(tx, target, attacker);
  if (switching) return; // switching targets keeps the schedule
  const speed = attackProfile(tx.content, tx.state, attacker).speedMs;
  const due = Math.max(tx.now, (attacker.lastSwingAt ?? Number.NEGATIVE_INFINITY) + speed);
  if (due <= tx.now) swing(tx, attacker, tx.now);
  else tx.schedule(swingKey(attacker.id), due, "swing", { who: attacker.id });
}

function callForHelp(tx: Tx, npc: Npc, opponent: Combatant): void {
  const template = tx.content.npcs.get(npc.template)!;
  if (!template.behaviours.includes("calls_for_help")) return;
  const helpers = new Set(template.helpers ?? [npc.template]);
  const coming = Object.values(tx.state.npcs).filter(
    (n) =>
      n.id !== npc.id &&
      n.room === npc.room &&
      n.hp > 0 &&
      helpers.has(n.template) &&
      !inCombat(tx.state, n) &&
      !tx.content.npcs.get(n.template)!.flags.includes("no_attack"),
  );
  tx.roomMessage(npc.room, "combat", `${The(tx, npc)} howls for help!`);
  for (const helper of coming) {
    helper.target = opponent.id;
    helper.targetSince = tx.now;
    tx.schedule(swingKey(helper.id), tx.now + attackProfile(tx.content, tx.state, helper).speedMs, "swing", { who: helper.id });
  }
}

/** One attack (§5.1), due at `due`; the next is scheduled at due + speed while the fight goes on. */
export function swing(tx: Tx, attacker: Combatant, due: number): void {
  const target = attacker.target ? combatant(tx, attacker.target) : null;
  if (!target || !alive(target) || target.room !== attacker.room || !alive(attacker)) {
    retarget(tx, attacker);
    return;
  }
  const profile = attackProfile(tx.content, tx.state, attacker);
  attacker.lastSwingAt = due;
  const roll = d20(tx.rng);
  const total = roll + attackBonus(tx.content, tx.state, attacker);
  const hit = roll === 20 || (roll !== 1 && total >= armorClass(tx.content, tx.state, target));
  const crit = roll === 20;
  let dealt: number | null = null;
  if (hit) {
    const dice = rollDice(tx.rng, profile.dice, crit ? 2 : 1);
    const bonus = profile.abilityMod + sumEffectMod(tx, attacker, "damage");
    dealt = Math.max(1, dice + bonus);
  }
  const verb = crit ? "critically hits" : hit ? "hits" : "misses";
  tx.toRoom(attacker.room, {
    type: "combat",
    kind: crit ? "crit" : hit ? "hit" : "miss",
    attacker: ref(tx, attacker),
    target: ref(tx, target),
    roll,
    total,
    damage: dealt,
    text: `${Name(tx, attacker)} ${verb} ${nameOf(tx, target)}${dealt === null ? "" : ` for ${dealt}`}.`,
  });
  const next = due + attackProfile(tx.content, tx.state, attacker).speedMs;
  tx.schedule(swingKey(attacker.id), next, "swing", { who: attacker.id });
  retaliate(tx, target, attacker);
  if (dealt !== null) {
    damage(tx, target, dealt, attacker);
    const onHit = attacker.kind === "npc" ? tx.content.npcs.get(attacker.template)!.on_hit : undefined;
    if (onHit && target.hp > 0 && alive(target) && chance(tx.rng, onHit.chance)) applyEffect(tx, target, onHit.effect, onHit.save);
  }
}

function sumEffectMod(tx: Tx, who: Combatant, key: "damage"): number {
  return who.effects.reduce((sum, e) => sum + (tx.content.effects.get(e.effect)?.mods[key] ?? 0) * e.stacks, 0);
}

/** §5.1 retaliation: a combatant without a target that is attacked targets the attacker. */
function retaliate(tx: Tx, target: Combatant, attacker: Combatant): void {
  if (target.target || !alive(target)) return;
  if (target.kind === "character" && (target.stopped || target.status === "dead")) return;
  if (target.kind === "npc" && !tx.content.npcs.get(target.template)!.attack) return;
  target.target = attacker.id;
  target.targetSince = tx.now;
  tx.cancel(regenKey(target.id));
  tx.schedule(swingKey(target.id), tx.now + attackProfile(tx.content, tx.state, target).speedMs, "swing", { who: target.id });
}

/** Damage from a swing, a dot or a trigger; `source` null for effects and triggers. */
export function damage(tx: Tx, victim: Combatant, amount: number, source: Combatant | null): void {
  if (!alive(victim)) return;
  victim.hp -= amount;
  if (victim.kind === "npc" && source?.kind === "character" && !victim.damagedBy.includes(source.id)) victim.damagedBy.push(source.id);
  tx.schedule(regenKey(victim.id), tx.now + tx.settings.regen_interval_s * 1000, "regen", { who: victim.id });
  if (victim.hp <= 0) {
    if (victim.kind === "npc") npcDies(tx, victim, source);
    else characterDies(tx, victim);
    return;
  }
  if (victim.kind === "npc") maybeCower(tx, victim);
}

export function heal(tx: Tx, who: Combatant, amount: number): number {
  if (!alive(who)) return 0;
  const before = who.hp;
  who.hp = Math.min(maxHp(tx.content, tx.state, who), who.hp + amount);
  return who.hp - before;
}

function maybeCower(tx: Tx, npc: Npc): void {
  const template = tx.content.npcs.get(npc.template)!;
  if (!template.behaviours.includes("cowardly")) return;
  if (!(npc.hp > 0 && npc.hp * 4 <= maxHp(tx.content, tx.state, npc))) return;
  const exits = wanderExits(tx, npc.room);
  if (exits.length === 0) return;
  const [dir] = tx.rng.pick(exits);
  endAllTargeting(tx, npc);
  tx.roomMessage(npc.room, "combat", `${The(tx, npc)} flees ${dir}!`);
  moveNpc(tx, npc, dir, { silentDeparture: true });
}

/** Clears `who`'s own target and swings; everyone targeting it retargets (§5.1). */
export function endAllTargeting(tx: Tx, who: Combatant): void {
  who.target = null;
  tx.cancel(swingKey(who.id));
  for (const a of attackersOf(tx.state, who.id)) retarget(tx, a, who.id);
}

export function stopOwnTarget(tx: Tx, who: Combatant): void {
  who.target = null;
  tx.cancel(swingKey(who.id));
}

/** At once, the combatant in the room that has targeted it longest, else none. */
export function retarget(tx: Tx, who: Combatant, excluding: string | null = null): void {
  const next = attackersOf(tx.state, who.id).find((a) => a.id !== excluding && a.room === who.room && alive(a));
  if (next && alive(who)) {
    who.target = next.id;
    who.targetSince = tx.now;
    if (!tx.state.timers[swingKey(who.id)]) {
      const due = Math.max(tx.now, (who.lastSwingAt ?? Number.NEGATIVE_INFINITY) + attackProfile(tx.content, tx.state, who).speedMs);
      tx.schedule(swingKey(who.id), due, "swing", { who: who.id });
    }
  } else stopOwnTarget(tx, who);
}

/** §5.3, in order: message, XP, kill objectives, loot, coins, respawn timer. */
function npcDies(tx: Tx, npc: Npc, killer: Combatant | null): void {
  const template = tx.content.npcs.get(npc.template)!;
  npc.hp = 0;
  npc.killedBy = killer?.id ?? null;
  tx.toRoom(npc.room, {
    type: "combat",
    kind: "death",
    attacker: killer ? ref(tx, killer) : null,
    target: ref(tx, npc),
    roll: null,
    total: null,
    damage: null,
    text: `${Name(tx, npc)} dies.`,
  });
  const earners = npc.damagedBy.map((id) => tx.state.characters[id]).filter((c): c is Character => !!c && c.room === npc.room && alive(c));
  if (earners.length && template.xp > 0) {
    const share = Math.max(1, Math.floor(template.xp / earners.length));
    for (const c of earners) {
      tx.message(c.id, "combat", `You gain ${share} XP.`);
      gainXp(tx, c, share);
    }
  }
  for (const c of earners) progressKill(tx, c, npc.template);
  for (const loot of template.loot) {
    if (!chance(tx.rng, loot.chance)) continue;
    for (let i = 0; i < loot.qty; i++) {
      const item = placeItem(tx, loot.item, { room: npc.room }, true);
      tx.roomMessage(npc.room, "combat", `${Name(tx, npc)} drops ${nameOf(tx, item)}.`);
    }
  }
  if (killer?.kind === "character") {
    const coins = tx.rng.int(template.coins[0], template.coins[1]);
    if (coins > 0) {
      killer.coins += coins;
      tx.message(killer.id, "combat", `You take ${coins} coin${coins === 1 ? "" : "s"}.`);
    }
  }
  removeNpc(tx, npc);
}

/** Takes an NPC out of the world (death, despawn, reset); its spawn's respawn timer starts. */
export function removeNpc(tx: Tx, npc: Npc): void {
  endAllTargeting(tx, npc);
  tx.cancelPrefix(`fx:${npc.id}:`);
  for (const k of [`regen:${npc.id}`, `aggro:${npc.id}`, `wander:${npc.id}`, `idle:${npc.id}`]) tx.cancel(k);
  delete tx.state.npcs[npc.id];
  if (npc.spawn && tx.state.spawns[npc.spawn] === npc.id) {
    tx.state.spawns[npc.spawn] = null;
    const area = tx.content.areas.get(tx.state.area)!;
    const spawn = area.spawns.find((s) => s.id === npc.spawn)!;
    const seconds = spawn.respawn_s ?? area.default_respawn_s ?? tx.settings.default_npc_respawn_s;
    tx.schedule(`respawn:${spawn.id}`, tx.now + seconds * 1000, "npc_respawn", { spawn: spawn.id });
  }
}

export function placeItem(
  tx: Tx,
  template: string,
  loc: { room: string } | { character: string; slot: null } | { container: string },
  decays: boolean,
): ItemInstance {
  const id = tx.newId("it");
  const t = tx.content.items.get(template)!;
  const decayAt = decays && "room" in loc && !t.flags.includes("no_decay") ? tx.now + tx.settings.ground_decay_s * 1000 : null;
  const item = { id, template, charges: t.use?.charges ?? null, decayAt, loc, arrival: tx.nextSeq(), spawn: null };
  tx.state.items[id] = item;
  if (decayAt !== null) tx.schedule(`decay:${id}`, decayAt, "item_decay", { item: id });
  return item;
}

export function gainXp(tx: Tx, c: Character, amount: number): void {
  c.xp += amount;
  const target = Math.min(MAX_LEVEL, levelForXp(c.xp));
  while (c.level < target) {
    const before = maxHp(tx.content, tx.state, c);
    c.level += 1;
    c.hp += maxHp(tx.content, tx.state, c) - before;
    tx.message(c.id, "system", `You have reached level ${c.level}!`);
  }
}

/** §5.4: HP 0, dead, targeting and effects end, XP lost down to the level's threshold, countdown. */
export function characterDies(tx: Tx, c: Character): void {
  c.hp = 0;
  endAllTargeting(tx, c);
  c.status = "dead";
  removeAllEffects(tx, c);
  tx.cancel(regenKey(c.id));
  const loss = Math.min(10 * c.level, c.xp - xpForLevel(c.level));
  c.xp -= loss;
  c.deathXpLoss = loss;
  c.diedIn = c.room;
  tx.message(c.id, "combat", "You die.");
  tx.roomMessage(c.room, "combat", `${cap(c.name)} dies.`, c.id);
  const seconds = tx.settings.respawn_countdown_s;
  const entry = tx.content.areas.get(tx.state.area)!.entry_room;
  tx.send(c.id, { type: "respawn_countdown", seconds_remaining: seconds, respawn_room: entry });
  tx.schedule(`death:${c.id}`, tx.now + 1000, "death", { who: c.id, left: seconds - 1 });
}

export function deathTick(tx: Tx, c: Character, left: number): void {
  if (c.status !== "dead") return;
  const entry = tx.content.areas.get(tx.state.area)!.entry_room;
  if (left > 0) {
    tx.send(c.id, { type: "respawn_countdown", seconds_remaining: left, respawn_room: entry });
    tx.schedule(`death:${c.id}`, tx.now + 1000, "death", { who: c.id, left: left - 1 });
    return;
  }
  respawnCharacter(tx, c, entry, Math.ceil(maxHp(tx.content, tx.state, c) / 2));
}

/** Entering a safe room ends all its targeting both ways (§5.5). */
export function enterSafety(tx: Tx, who: Combatant): void {
  if (isSafe(tx, who.room)) endAllTargeting(tx, who);
}
