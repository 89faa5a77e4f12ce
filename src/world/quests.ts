/** Quests (spec §8): availability, progress by kind, completion, turn-in. */
import { gainXp } from "./combat";
import type { Quest } from "./content/schema";
import type { Character, QuestProgress } from "./state";
import type { Tx } from "./tx";
import { allOn } from "./world";
import { giveOrDrop } from "./triggers";

export function isAvailable(c: Character, q: Quest): boolean {
  if (c.quests[q.id]) return false;
  if (c.level < q.min_level) return false;
  return q.prerequisites.every((p) => c.quests[p]?.state === "turned_in");
}

function progressOf(tx: Tx, c: Character, type: "kill" | "visit" | "talk", target: string): void {
  for (const [id, qp] of Object.entries(c.quests)) {
    if (qp.state !== "active") continue;
    const quest = tx.content.quests.get(id);
    if (!quest) continue;
    let changed = false;
    for (const o of quest.objectives) {
      if (o.type !== type || o.target !== target) continue;
      const now = qp.progress[o.id] ?? 0;
      if (now >= o.count) continue;
      qp.progress[o.id] = now + 1;
      tx.message(c.id, "quest", `${o.text} ${qp.progress[o.id]}/${o.count}`);
      changed = true;
    }
    if (changed) checkComplete(tx, c, quest, qp);
  }
}

export const progressKill = (tx: Tx, c: Character, template: string) => progressOf(tx, c, "kill", template);
export const progressVisit = (tx: Tx, c: Character, room: string) => progressOf(tx, c, "visit", room);
export const progressTalk = (tx: Tx, c: Character, npcTemplate: string) => progressOf(tx, c, "talk", npcTemplate);

function met(quest: Quest, qp: QuestProgress): boolean {
  return quest.objectives.every((o) => (qp.progress[o.id] ?? 0) >= o.count);
}

function checkComplete(tx: Tx, c: Character, quest: Quest, qp: QuestProgress): void {
  if (qp.state === "active" && met(quest, qp)) {
    qp.state = "complete";
    tx.message(c.id, "quest", `Quest complete: ${quest.name}.`);
  } else if (qp.state === "complete" && !met(quest, qp)) {
    qp.state = "active";
    tx.message(c.id, "quest", `Quest no longer complete: ${quest.name}.`);
  }
}

/** `collect` objectives follow the carried count, so they can fall (recomputed after every step). */
export function recomputeCollect(tx: Tx, c: Character): void {
  for (const [id, qp] of Object.entries(c.quests)) {
    if (qp.state === "turned_in") continue;
    const quest = tx.content.quests.get(id);
    if (!quest) continue;
    let changed = false;
    for (const o of quest.objectives) {
      if (o.type !== "collect") continue;
      const count = Math.min(o.count, allOn(tx.state, c.id).filter((i) => i.template === o.target).length);
      if (count !== (qp.progress[o.id] ?? 0)) {
        qp.progress[o.id] = count;
        tx.message(c.id, "quest", `${o.text} ${count}/${o.count}`);
        changed = true;
      }
    }
    if (changed) checkComplete(tx, c, quest, qp);
  }
}

export function accept(tx: Tx, c: Character, quest: Quest): void {
  c.quests[quest.id] = { state: "active", progress: {} };
  tx.message(c.id, "quest", `Quest accepted: ${quest.name}.`);
  recomputeCollect(tx, c);
}

export function turnIn(tx: Tx, c: Character, quest: Quest): void {
  const qp = c.quests[quest.id]!;
  for (const o of quest.objectives) {
    if (o.type !== "collect") continue;
    for (const item of allOn(tx.state, c.id)
      .filter((i) => i.template === o.target)
      .slice(0, o.count))
      delete tx.state.items[item.id];
  }
  qp.state = "turned_in";
  tx.message(c.id, "quest", `Quest turned in: ${quest.name}. You receive ${quest.rewards.xp} XP and ${quest.rewards.coins} coins.`);
  c.coins += quest.rewards.coins;
  for (const item of quest.rewards.items) giveOrDrop(tx, c, item);
  gainXp(tx, c, quest.rewards.xp);
}

export function journalLines(tx: Tx, c: Character): string[] {
  const lines: string[] = [];
  for (const [id, qp] of Object.entries(c.quests)) {
    if (qp.state === "turned_in") continue;
    const quest = tx.content.quests.get(id);
    if (!quest) continue;
    lines.push(`${quest.name}${qp.state === "complete" ? " (complete)" : ""}`);
    for (const o of quest.objectives) lines.push(`  ${o.text} ${qp.progress[o.id] ?? 0}/${o.count}`);
  }
  return lines.length ? lines : ["You have no active quests."];
}
