/** What the Room object observes for the idle verdict (`src/rooms/runtime/idle.ts`). */
import type { IdleSignals } from "../../src/rooms/runtime/idle";
import type { Timers } from "../kit";

export function idleSignals(ctx: DurableObjectState, timers: Timers): IdleSignals {
  let last: number | null = null;
  for (const ws of ctx.getWebSockets()) {
    const at = ctx.getWebSocketAutoResponseTimestamp(ws)?.getTime() ?? null;
    if (at !== null && (last === null || at > last)) last = at;
  }
  return { lastHeartbeatAt: last, cpuMovePending: timers.list().some((t) => t.key.startsWith("cpu:")) };
}
