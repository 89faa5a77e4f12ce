/**
 * Per-user limits inside one object: how many sockets a user may hold there, and how many frames
 * all of them together may send per window. The frame counters live in each socket's attachment
 * (so they survive hibernation); a user's usage is the sum over their sockets' current windows.
 */
export const SOCKET_LIMITS = {
  /** Default of `SOCKETS_PER_USER_PER_OBJECT`. */
  socketsPerUser: 5,
  /** Frames per window for objects without their own setting (rooms use `config.messagesPer10s`). */
  framesPerWindow: 30,
  windowMs: 10_000,
} as const;

export interface RateWindow {
  windowStart: number;
  count: number;
}

export type FrameDecision = { allowed: true; window: RateWindow } | { allowed: false; window: RateWindow; retryAfterMs: number };

/**
 * Counts one frame on a socket whose own window is `own`, while the user's other sockets in the
 * object hold `others`. Fixed windows per socket; refused frames count too, so flooding from a
 * second socket buys nothing.
 */
export function takeFrame(
  own: RateWindow | undefined,
  others: readonly (RateWindow | undefined)[],
  now: number,
  limit: number = SOCKET_LIMITS.framesPerWindow,
  windowMs: number = SOCKET_LIMITS.windowMs,
): FrameDecision {
  const current = (w: RateWindow | undefined): w is RateWindow => !!w && now - w.windowStart < windowMs;
  const mine = current(own) ? own : { windowStart: now, count: 0 };
  const live = [mine, ...others.filter(current)];
  const used = live.reduce((n, w) => n + w.count, 0);
  const window = { windowStart: mine.windowStart, count: mine.count + 1 };
  if (used < limit) return { allowed: true, window };
  const freesAt = Math.min(...live.filter((w) => w.count > 0).map((w) => w.windowStart + windowMs));
  return { allowed: false, window, retryAfterMs: Math.max(1, freesAt - now) };
}

/** The refusal a limited frame gets, in the error-frame shape every socket kind shares. */
export function rateLimitedFrame(retryAfterMs: number, now: number = Date.now()): string {
  return JSON.stringify({ type: "error", code: "rate_limited", message: "too many messages; slow down", retryAfterMs, serverTime: now });
}
