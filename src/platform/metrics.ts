/**
 * Metrics are accumulated per isolate and flushed as deltas to the Metrics object, because an
 * isolate's memory is neither shared nor durable. Durable Objects record into the same registry
 * (the hook for game counters) and flush the same way.
 */
import { objectByName } from "../lib/objects";
export const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export interface MetricDelta {
  counters: Record<string, number>;
  histograms: Record<string, { buckets: number[]; sum: number; count: number }>;
  help: Record<string, string>;
}

export function seriesKey(name: string, labels: Record<string, string | number> = {}): string {
  const parts = Object.keys(labels)
    .sort()
    .map((k) => `${k}="${String(labels[k]).replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`);
  return parts.length ? `${name}{${parts.join(",")}}` : name;
}

class Registry {
  private pending: MetricDelta = emptyDelta();
  private lastFlush = 0;
  /** Something was recorded since the last drain. */
  private dirty = false;

  inc(name: string, help: string, labels: Record<string, string | number> = {}, by = 1): void {
    this.dirty = true;
    const key = seriesKey(name, labels);
    this.pending.help[name] = help;
    this.pending.counters[key] = (this.pending.counters[key] ?? 0) + by;
  }

  observe(name: string, help: string, labels: Record<string, string | number>, seconds: number): void {
    this.dirty = true;
    const key = seriesKey(name, labels);
    this.pending.help[name] = help;
    let h = this.pending.histograms[key];
    if (!h) {
      h = { buckets: LATENCY_BUCKETS.map(() => 0), sum: 0, count: 0 };
      this.pending.histograms[key] = h;
    }
    LATENCY_BUCKETS.forEach((le, i) => {
      if (seconds <= le) h.buckets[i] = (h.buckets[i] ?? 0) + 1;
    });
    h.sum += seconds;
    h.count += 1;
  }

  /** Whether `drain` would hand something over. */
  due(now: number, intervalMs: number, force = false): boolean {
    return this.dirty && (force || now - this.lastFlush >= intervalMs);
  }

  /** Hands over what accumulated since the last flush; `force` ignores the flush interval. */
  drain(now: number, intervalMs: number, force = false): MetricDelta | null {
    if (!this.due(now, intervalMs, force)) return null;
    const out = this.pending;
    this.pending = emptyDelta();
    this.dirty = false;
    this.lastFlush = now;
    return out;
  }

  /** Puts back a delta whose delivery failed, so nothing is lost. */
  restore(delta: MetricDelta): void {
    this.dirty = true;
    for (const [k, v] of Object.entries(delta.counters)) this.pending.counters[k] = (this.pending.counters[k] ?? 0) + v;
    for (const [k, v] of Object.entries(delta.histograms)) {
      const h = this.pending.histograms[k];
      if (!h) this.pending.histograms[k] = v;
      else {
        h.buckets = h.buckets.map((b, i) => b + (v.buckets[i] ?? 0));
        h.sum += v.sum;
        h.count += v.count;
      }
    }
    Object.assign(this.pending.help, delta.help);
  }
}

function emptyDelta(): MetricDelta {
  return { counters: {}, histograms: {}, help: {} };
}

export const metrics = new Registry();

const FLUSH_INTERVAL_MS = 5000;

/**
 * `flushMetrics` in the background, only when a flush is due: called after every request and
 * room message, it costs nothing between two flushes (no promise, no `waitUntil`).
 */
export function flushMetricsSoon(ctx: { waitUntil(promise: Promise<unknown>): void }, env: Pick<Env, "METRICS">): void {
  if (metrics.due(Date.now(), FLUSH_INTERVAL_MS)) ctx.waitUntil(flushMetrics(env));
}

/** Sends pending deltas to the Metrics object, tagged so a retried batch is counted once. */
export async function flushMetrics(env: Pick<Env, "METRICS">, force = false): Promise<void> {
  const delta = metrics.drain(Date.now(), FLUSH_INTERVAL_MS, force);
  if (!delta) return;
  try {
    await objectByName(env.METRICS, "global").merge(crypto.randomUUID(), delta);
  } catch {
    metrics.restore(delta);
  }
}
