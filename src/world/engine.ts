/**
 * The text world's engine (spec §1–§9, §11.3): pure functions from (content, area state, input,
 * now, rng) to (new state, events per character, requests for the area object). Nothing here reads
 * a clock or Math.random; the area object passes both and schedules `state.timers` on its alarm.
 */
import type { Rng } from "../lib/rng";
import { combatant, deathTick, engage, regenKey, swing } from "./combat";
import { runCommand } from "./commands/dispatch";
import { applyOrder, relocate } from "./commands/gm";
import type { Content } from "./content/load";
import { expireEffect, tickEffect } from "./effects";
import { CommandError, type GmOrder, type GmOutcome, type Outgoing, type Request } from "./events";
import { disconnect, enterWorld, leaveWorld, newCharacter, type NewCharacter, reconnect } from "./lifecycle";
import { eligibleForAggro, moveNpc, wanderExits } from "./movement";
import { recomputeCollect } from "./quests";
import { decayItem, freshArea, resetArea, respawnNpc, spawnItem, updateOccupancy } from "./spawns";
import type { AreaState, Character, Timer } from "./state";
import { type CharacterSnapshot, placeArrival, removeDeparted, restoreDeparture, snapshotOf } from "./handover";
import { inCombat, maxHp, regenAmount, statBlock } from "./stats";
import { runTriggers } from "./triggers";
import { type OnlineEntry, Tx } from "./tx";
import { charactersOnline, sendRoom } from "./world";

export interface StepResult {
  state: AreaState;
  out: Outgoing[];
  requests: Request[];
}

export interface StepInput {
  content: Content;
  state: AreaState;
  now: number;
  rng: Rng;
}

function emptyArea(area: string): AreaState {
  return {
    area,
    seq: 0,
    characters: {},
    npcs: {},
    items: {},
    doors: {},
    rooms: {},
    flags: {},
    triggers: {},
    spawns: {},
    itemSpawns: {},
    occupied: false,
    permanent: { rooms: [], doors: [], flags: [] },
    timers: {},
  };
}

/**
 * Runs `body` on a private copy; afterwards settles what every step must settle: combat endings
 * (regeneration restarts), collect objectives, occupancy, and `stat_update` diffs.
 */
function step(input: StepInput, body: (tx: Tx) => void): StepResult {
  const tx = new Tx(input.content, structuredClone(input.state), input.now, input.rng);
  const before = new Map(charactersOnline(tx.state).map((c) => [c.id, statBlock(tx.content, tx.state, c)]));
  body(tx);
  settle(tx, before);
  return { state: tx.state, out: tx.out, requests: tx.requests };
}

function settle(tx: Tx, before: Map<string, Record<string, unknown>>): void {
  for (const who of [...Object.values(tx.state.characters), ...Object.values(tx.state.npcs)]) {
    const now = inCombat(tx.state, who);
    if (who.wasInCombat && !now) {
      if (who.kind === "character") who.stopped = false;
      if (who.hp > 0 && who.hp < maxHp(tx.content, tx.state, who))
        tx.schedule(regenKey(who.id), tx.now + tx.settings.regen_interval_s * 1000, "regen", { who: who.id });
    }
    who.wasInCombat = now;
  }
  for (const c of charactersOnline(tx.state)) {
    recomputeCollect(tx, c);
    const prev = before.get(c.id);
    const next = statBlock(tx.content, tx.state, c);
    if (!prev) continue;
    const diff = Object.fromEntries(Object.entries(next).filter(([k, v]) => prev[k] !== v));
    if (Object.keys(diff).length) tx.send(c.id, { type: "stat_update", full: false, stats: diff });
  }
  updateOccupancy(tx);
}

/** An area's first start: content's rooms, doors, triggers, then every spawn in content order (§1.4). */
export function createArea(content: Content, area: string, now: number, rng: Rng): AreaState {
  if (!content.areas.has(area)) throw new RangeError(`unknown area ${area}`);
  return step({ content, state: emptyArea(area), now, rng }, (tx) => freshArea(tx)).state;
}

/** A brand-new character (§1.5) placed in this area's start room and entering the world. */
export function createCharacter(input: StepInput & { character: NewCharacter; role: Character["role"] }): StepResult {
  return step(input, (tx) => {
    const c = newCharacter(tx, input.character, input.role);
    enterWorld(tx, c, input.role);
    sendWelcomeState(tx, c);
  });
}

/** An offline character owned by this area enters the world (§10.2 welcome sequence after `welcome`). */
export function enter(input: StepInput & { character: string; role: Character["role"] }): StepResult {
  return step(input, (tx) => {
    const c = tx.state.characters[input.character];
    if (!c) throw new RangeError(`character ${input.character} is not in area ${tx.state.area}`);
    if (c.status === "offline") enterWorld(tx, c, input.role);
    else if (c.status === "arriving") {
      c.status = "normal";
      tx.cancel(`stasis:${c.id}`);
      sendRoom(tx, c);
    } else reconnect(tx, c);
    sendWelcomeState(tx, c);
  });
}

function sendWelcomeState(tx: Tx, c: Character): void {
  tx.send(c.id, { type: "stat_update", full: true, stats: statBlock(tx.content, tx.state, c) });
  for (const e of c.effects) {
    const t = tx.content.effects.get(e.effect)!;
    tx.send(c.id, {
      type: "effect",
      action: "applied",
      effect: {
        id: e.effect,
        name: t.name,
        kind: t.kind,
        stacks: e.stacks,
        remaining_ms: e.expiresAt === null ? null : Math.max(0, e.expiresAt - tx.now),
      },
      amount: null,
    });
  }
}

/** A command line from a character; a refusal becomes one `error` event and changes nothing else. */
export function command(
  input: StepInput & { character: string; text: string; online?: OnlineEntry[] },
): StepResult & { error: CommandError | null } {
  let error: CommandError | null = null;
  const result = step(input, (tx) => {
    tx.online = input.online ?? null;
    const c = tx.state.characters[input.character];
    if (!c || c.status === "offline") throw new RangeError(`character ${input.character} is not in the world here`);
    const snapshot = structuredClone(tx.state);
    try {
      runCommand(tx, c, input.text);
    } catch (e) {
      if (!(e instanceof CommandError)) throw e;
      error = e;
      // An `all` form keeps its earlier moves (§6.4); the handlers validate before changing anything else.
      if (!isPartial(e)) restore(tx, snapshot, c.id, input.text);
      tx.send(c.id, { type: "error", code: e.code, message: e.message, ...(e.details === undefined ? {} : { details: e.details }) });
    }
  });
  return { ...result, error };
}

function isPartial(e: CommandError): boolean {
  return ["inventory_full", "too_heavy", "container_full", "not_allowed"].includes(e.code);
}

/** Rolls the state back to before the command, keeping only the new previous command (§6.1 step 2) and the audit. */
function restore(tx: Tx, snapshot: AreaState, characterId: string, text: string): void {
  const previous = tx.state.characters[characterId]?.previousCommand ?? null;
  Object.assign(tx.state, snapshot);
  const c = tx.state.characters[characterId];
  if (c && text.trim() !== "!") c.previousCommand = previous;
  tx.out.length = 0;
  const audits = tx.requests.filter((r) => r.kind === "audit");
  tx.requests.length = 0;
  tx.requests.push(...audits);
}

/**
 * A GM command from another area (§9, §12): applied to the named character here, checked against
 * its role here. The audit entry (keyed by the order's id) is written in this same step, whatever
 * the outcome; a refusal changes nothing else.
 */
export function order(input: StepInput & { order: GmOrder }): StepResult & { outcome: GmOutcome } {
  const o = input.order;
  let outcome: GmOutcome = { ok: false, code: "internal", message: "not applied" };
  const result = step(input, (tx) => {
    const snapshot = structuredClone(tx.state);
    try {
      outcome = { ok: true, text: applyOrder(tx, o) };
    } catch (e) {
      if (!(e instanceof CommandError)) throw e;
      Object.assign(tx.state, snapshot);
      tx.out.length = 0;
      tx.requests.length = 0;
      outcome = { ok: false, code: e.code, message: e.message };
    }
    const { id, account, role } = o.actor;
    const target = o.args.split(" ")[0] || null;
    tx.requests.push({ kind: "audit", id: o.id, actor: id, account, role, text: o.text, target, outcome: outcome.ok ? "ok" : outcome.code });
  });
  return { ...result, outcome };
}

/** The socket of an in-world character closed without quit, kick or transfer (§10.5). */
export function socketClosed(input: StepInput & { character: string }): StepResult {
  return step(input, (tx) => {
    const c = tx.state.characters[input.character];
    if (c) disconnect(tx, c);
  });
}

/** Leave the world now (kick from HTTP, replaced sockets are not this). */
export function kick(input: StepInput & { character: string }): StepResult {
  return step(input, (tx) => {
    const c = tx.state.characters[input.character];
    // A departing character belongs to its handover (§12): leaving the world here would strand it.
    if (!c || c.status === "offline" || c.status === "departing") return;
    tx.send(c.id, { type: "quit", reason: "kicked" });
    leaveWorld(tx, c, "kicked");
  });
}

/** Applies one timed event (§3). The caller has already removed it from its own timer table. */
export function fire(input: StepInput & { key: string; timer: Timer }): StepResult {
  return step(input, (tx) => {
    delete tx.state.timers[input.key];
    applyTimer(tx, input.key, input.timer);
  });
}

/** Runs every due timer in (at, key) order, the same order the area object's alarm uses; at most `limit`. */
export function advance(input: StepInput & { limit?: number }): StepResult {
  const out: Outgoing[] = [];
  const requests: Request[] = [];
  let state = input.state;
  for (let n = 0; n < (input.limit ?? 500); n++) {
    const next = Object.entries(state.timers)
      .filter(([, t]) => t.at <= input.now)
      .sort(([ka, a], [kb, b]) => a.at - b.at || (ka < kb ? -1 : 1))[0];
    if (!next) break;
    // Each event runs at its own due time, so a late catch-up computes exactly what an on-time alarm would.
    const r = fire({ ...input, state, now: next[1].at, key: next[0], timer: next[1] });
    state = r.state;
    out.push(...r.out);
    requests.push(...r.requests);
  }
  return { state, out, requests };
}

function applyTimer(tx: Tx, key: string, timer: Timer): void {
  const p = timer.payload as {
    who: string;
    effect: string;
    npc: string;
    cause: string;
    room: string;
    trigger: string;
    spawn: string;
    item: string;
    left: number;
  };
  switch (timer.kind) {
    case "swing": {
      const who = combatant(tx, p.who);
      if (who) swing(tx, who, timer.at);
      return;
    }
    case "effect_tick":
    case "effect_expire": {
      const who = combatant(tx, p.who);
      if (!who) return;
      if (timer.kind === "effect_tick") tickEffect(tx, who, p.effect);
      else expireEffect(tx, who, p.effect);
      return;
    }
    case "regen": {
      const who = combatant(tx, p.who);
      if (!who || who.hp <= 0 || inCombat(tx.state, who)) return;
      if (who.kind === "character" && (who.status === "dead" || who.status === "offline")) return;
      const max = maxHp(tx.content, tx.state, who);
      if (who.hp >= max) return;
      who.hp = Math.min(max, who.hp + regenAmount(max));
      if (who.hp < max) tx.schedule(regenKey(who.id), tx.now + tx.settings.regen_interval_s * 1000, "regen", { who: who.id });
      return;
    }
    case "aggro": {
      const npc = tx.state.npcs[p.npc];
      if (!npc || npc.hp <= 0 || inCombat(tx.state, npc)) return;
      const cause = tx.state.characters[p.cause];
      const eligible = (c: Character | undefined): c is Character => !!c && c.room === npc.room && eligibleForAggro(tx, c);
      const target = eligible(cause) ? cause : tx.present(npc.room).find((c) => eligibleForAggro(tx, c));
      if (target) engage(tx, npc, target);
      return;
    }
    case "npc_wander": {
      const npc = tx.state.npcs[p.npc];
      if (!npc) return;
      if (npc.hp > 0 && !inCombat(tx.state, npc)) {
        const exits = wanderExits(tx, npc.room);
        if (exits.length) moveNpc(tx, npc, tx.rng.pick(exits)[0]);
      }
      if (tx.state.occupied && tx.state.npcs[npc.id]) scheduleBehaviourKind(tx, npc.id, "wander");
      return;
    }
    case "npc_idle": {
      const npc = tx.state.npcs[p.npc];
      if (!npc) return;
      const idle = tx.content.npcs.get(npc.template)!.idle;
      if (idle && npc.hp > 0) tx.roomMessage(npc.room, "npc", tx.rng.pick(idle.lines));
      if (tx.state.occupied) scheduleBehaviourKind(tx, npc.id, "idle");
      return;
    }
    case "trigger_timer": {
      const trigger = tx.content.rooms.get(p.room)?.triggers.find((t) => t.id === p.trigger);
      if (!trigger || !tx.state.occupied) return;
      runTriggers(tx, p.room, "on_timer", null, { only: trigger.id });
      tx.schedule(key, timer.at + trigger.interval_s! * 1000, "trigger_timer", timer.payload);
      return;
    }
    case "npc_respawn":
      respawnNpc(tx, p.spawn);
      return;
    case "item_respawn":
      spawnItem(tx, p.spawn);
      return;
    case "item_decay":
      decayItem(tx, p.item);
      return;
    case "death": {
      const c = tx.state.characters[p.who];
      if (c) deathTick(tx, c, p.left);
      return;
    }
    case "stasis_expire": {
      const c = tx.state.characters[p.who];
      if (c && (c.status === "stasis" || c.status === "dead" || c.status === "arriving")) leaveWorld(tx, c, "stasis_expired");
      return;
    }
    case "area_reset":
      if (!tx.state.occupied) resetArea(tx);
      return;
  }
}

function scheduleBehaviourKind(tx: Tx, npcId: string, kind: "wander" | "idle"): void {
  const npc = tx.state.npcs[npcId]!;
  const t = tx.content.npcs.get(npc.template)!;
  const range = kind === "wander" ? t.wander_s : t.idle?.every_s;
  if (!range) return;
  tx.schedule(`${kind}:${npc.id}`, tx.now + tx.rng.int(range[0], range[1]) * 1000, kind === "wander" ? "npc_wander" : "npc_idle", {
    npc: npc.id,
  });
}

/** §12 step 2 at B: place an arriving character (idempotency by handover id is the object's inbox). */
export function arrive(input: StepInput & { snapshot: CharacterSnapshot; room: string }): StepResult {
  return step(input, (tx) => placeArrival(tx, input.snapshot, input.room));
}

/** §12 step 4 at A: `ok` removes the character; `rejected` restores it. */
export function departed(input: StepInput & { character: string; outcome: "ok" | "rejected" }): StepResult {
  return step(input, (tx) => (input.outcome === "ok" ? removeDeparted(tx, input.character) : restoreDeparture(tx, input.character)));
}

/** DELETE of an offline character (§10.1): its record and items leave the area. */
export function forget(input: StepInput & { character: string }): StepResult {
  return step(input, (tx) => {
    if (tx.state.characters[input.character]?.status === "offline") removeDeparted(tx, input.character);
  });
}

/**
 * The account is being deleted: a character in the world leaves it as if kicked (`quit kicked`,
 * its presence freed), then its record and items leave the area like a deleted offline one.
 */
export function erase(input: StepInput & { character: string }): StepResult {
  return step(input, (tx) => {
    const c = tx.state.characters[input.character];
    if (!c || c.status === "departing") return;
    if (c.status !== "offline") {
      tx.send(c.id, { type: "quit", reason: "kicked" });
      leaveWorld(tx, c, "kicked");
    }
    removeDeparted(tx, c.id);
  });
}

export function snapshot(content: Content, state: AreaState, character: string): CharacterSnapshot {
  return snapshotOf(new Tx(content, state, 0, null as never), character);
}

/** Admin teleport: moves an in-world character to any room (a handover when it is in another area). */
export function teleport(input: StepInput & { character: string; room: string }): StepResult {
  return step(input, (tx) => {
    const c = tx.state.characters[input.character];
    if (c && c.status !== "offline" && c.status !== "departing") relocate(tx, c, input.room);
  });
}

/** `reload` or the empty-area timer (§11.3). */
export function reset(input: StepInput): StepResult {
  return step(input, (tx) => resetArea(tx));
}
