/**
 * Publishing scores to the D1 highscore. The shard's `score|<player>` timer is the durable intent
 * to publish: scheduled in the transaction that changes the points, rescheduled by its own
 * handler before each retry, and cancelled only once D1 holds the shard's current version. So the
 * highscore converges after any number of failures, whatever the timers do with a handler error.
 */
import { retryDelayMs } from "../kit";

export const SCORE_TIMER_KIND = "score";

export interface ScoreIntent {
  playerId: string;
  /** Retries so far; older rows have none. */
  attempt?: number;
}

const SCORE_RETRY = { baseDelayMs: 30_000, maxDelayMs: 15 * 60_000 };

/** 30 s after a change, then doubling up to 15 min for as long as D1 keeps failing. */
export function scoreRetryDelay(attempt: number): number {
  return retryDelayMs(SCORE_RETRY, attempt + 1);
}
