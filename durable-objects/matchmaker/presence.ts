/**
 * Queue presence. Quick match is polled, so a player who closed the tab would otherwise wait in
 * the queue forever and be matched into a room nobody plays. Every `POST` or status poll stamps
 * `seen_at`; an entry not seen for `QUEUE_TTL_MS` is removed by the `sweep` timer, and never
 * matched meanwhile (group formation drops stale entries first).
 */
import type { Timers } from "../kit";

export const QUEUE_TTL_MS = 60_000;
export const SWEEP_KEY = "sweep";
export const SWEEP_KIND = "sweep_queue";

/** Stamps a poll; false when the user is not queued. */
export function touchQueued(sql: SqlStorage, userId: string, now: number): boolean {
  return sql.exec("UPDATE queue SET seen_at = ? WHERE user_id = ?", now, userId).rowsWritten > 0;
}

/** Removes entries not seen for the TTL; returns how many went. */
export function dropStale(sql: SqlStorage, now: number): number {
  return sql.exec("DELETE FROM queue WHERE seen_at <= ?", now - QUEUE_TTL_MS).rowsWritten;
}

/** Points the sweep at the moment the least recently seen entry goes stale (none when the queue is empty). */
export function scheduleSweep(sql: SqlStorage, timers: Timers): void {
  const oldest = sql.exec<{ at: number | null }>("SELECT MIN(seen_at) AS at FROM queue").one().at;
  if (oldest === null) timers.cancel(SWEEP_KEY);
  else if (timers.get(SWEEP_KEY)?.at !== oldest + QUEUE_TTL_MS) timers.schedule(SWEEP_KEY, oldest + QUEUE_TTL_MS, SWEEP_KIND, null);
}
