import { db } from "../../src/db/client";
import type { Empire, Planet } from "../../src/universe/engine/index";
import { forgetMoon, type MoonSlot, recordMoon } from "../../src/universe/moon-slots";
import { retryDelayMs, type TimedEvent, type Timers } from "../kit";

/*
 * Publishing moons to the D1 registry (docs/combat.md "Moons"), as scores are published: the
 * `moon|<id>` timer is the durable intent, scheduled in the transaction that formed, renamed or
 * removed the moon (every empire change goes through the shard's `persist`, which hands the
 * before and after here), rescheduled by its own handler before each retry, and cancelled once
 * D1 holds what it says. A rolled-back transaction leaves no intent, so D1 never learns of a
 * moon that was not committed; a replayed arrival forms the same moon id, so it is recorded once.
 */

export const MOON_SLOT_TIMER = "moon_slot";
const moonSlotKey = (moonId: string) => `moon|${moonId}`;
const RETRY = { baseDelayMs: 5_000, maxDelayMs: 15 * 60_000 };

interface MoonSlotIntent {
  moonId: string;
  /** What D1 should hold for the moon; null: forget it. */
  slot: MoonSlot | null;
  attempt: number;
}

const slotOf = (ownerId: string, m: Planet): MoonSlot => ({ ...m.coords, moonId: m.id, ownerId, name: m.name, diameter: m.diameter });

/** The moons that differ between two versions of an empire: new or renamed ones to record, gone ones to forget. */
export function moonChanges(before: Empire | null, after: Empire): { moonId: string; slot: MoonSlot | null }[] {
  const moons = (e: Empire | null) => new Map((e?.planets ?? []).filter((p) => p.type === "moon").map((p) => [p.id, p]));
  const [was, is] = [moons(before), moons(after)];
  const out: { moonId: string; slot: MoonSlot | null }[] = [];
  for (const [id, moon] of is) if (was.get(id)?.name !== moon.name) out.push({ moonId: id, slot: slotOf(after.playerId, moon) });
  for (const id of was.keys()) if (!is.has(id)) out.push({ moonId: id, slot: null });
  return out;
}

export class MoonSlots {
  /** Intents scheduled or retried since the last push: written to D1 after the commit. */
  private queued = new Set<string>();

  constructor(
    private readonly timers: Timers,
    /** Read at each push, as the shard's score pushes read `this.env`. */
    private readonly env: () => Env,
  ) {}

  /** Inside the transaction of an empire change. */
  note(before: Empire | null, after: Empire, now: number): void {
    for (const change of moonChanges(before, after)) {
      const key = moonSlotKey(change.moonId);
      this.timers.schedule(key, now + retryDelayMs(RETRY, 1), MOON_SLOT_TIMER, { ...change, attempt: 0 } satisfies MoonSlotIntent);
      this.queued.add(key);
    }
  }

  /** The intent's timer: the next retry is in place before this one is tried. */
  retry(event: TimedEvent, now: number): void {
    const intent = event.payload as MoonSlotIntent;
    const attempt = intent.attempt + 1;
    this.timers.schedule(event.key, now + retryDelayMs(RETRY, attempt + 1), MOON_SLOT_TIMER, { ...intent, attempt });
    this.queued.add(event.key);
  }

  /** After the commit: writes the queued intents that are still there, and drops those D1 now holds. */
  async push(universeId: string): Promise<void> {
    const keys = [...this.queued];
    this.queued.clear();
    for (const key of keys) {
      const intent = this.timers.get(key)?.payload as MoonSlotIntent | undefined;
      if (!intent) continue;
      try {
        if (intent.slot) await recordMoon(db(this.env()), universeId, intent.slot);
        else await forgetMoon(db(this.env()), universeId, intent.moonId);
      } catch (error) {
        console.warn(JSON.stringify({ level: "warn", msg: "moon registry write failed; will retry", key, error: String(error) }));
        continue;
      }
      // Only if no newer intent for this moon was written while this one was in flight.
      const latest = this.timers.get(key)?.payload as MoonSlotIntent | undefined;
      if (latest && JSON.stringify(latest.slot) === JSON.stringify(intent.slot)) this.timers.cancel(key);
    }
  }
}
