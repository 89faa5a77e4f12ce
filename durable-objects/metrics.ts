import { DurableObject } from "cloudflare:workers";
import { LATENCY_BUCKETS, type MetricDelta } from "../src/platform/metrics";
import { applyOnce, KIT_MIGRATIONS, migrate } from "./kit";

interface Totals {
  counters: Record<string, number>;
  histograms: Record<string, { buckets: number[]; sum: number; count: number }>;
  help: Record<string, string>;
}

/** Aggregates metric deltas from every isolate and object, and renders Prometheus text. */
export class Metrics extends DurableObject<Env> {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    migrate(ctx.storage, KIT_MIGRATIONS);
  }

  private totals(): Totals {
    return this.ctx.storage.kv.get<Totals>("totals") ?? { counters: {}, histograms: {}, help: {} };
  }

  merge(batchId: string, delta: MetricDelta): void {
    applyOnce(this.ctx.storage, `batch:${batchId}`, () => {
      const t = this.totals();
      for (const [k, v] of Object.entries(delta.counters)) t.counters[k] = (t.counters[k] ?? 0) + v;
      for (const [k, v] of Object.entries(delta.histograms)) {
        const h = t.histograms[k] ?? { buckets: LATENCY_BUCKETS.map(() => 0), sum: 0, count: 0 };
        h.buckets = h.buckets.map((b, i) => b + (v.buckets[i] ?? 0));
        h.sum += v.sum;
        h.count += v.count;
        t.histograms[k] = h;
      }
      Object.assign(t.help, delta.help);
      this.ctx.storage.kv.put("totals", t);
      return true;
    });
    // Batch ids only need to outlive a client's retry window.
    this.ctx.storage.sql.exec("DELETE FROM _inbox WHERE received_at < ?", Date.now() - 3_600_000);
  }

  render(): string {
    const t = this.totals();
    const names = new Set<string>();
    for (const k of [...Object.keys(t.counters), ...Object.keys(t.histograms)]) names.add(k.split("{")[0] ?? k);
    const lines: string[] = [];
    for (const name of [...names].sort()) {
      const isHist = Object.keys(t.histograms).some((k) => k.split("{")[0] === name);
      lines.push(`# HELP ${name} ${t.help[name] ?? name}`);
      lines.push(`# TYPE ${name} ${isHist ? "histogram" : "counter"}`);
      if (!isHist) {
        for (const [k, v] of Object.entries(t.counters)) if (k.split("{")[0] === name) lines.push(`${k} ${v}`);
        continue;
      }
      for (const [k, h] of Object.entries(t.histograms)) {
        if (k.split("{")[0] !== name) continue;
        const labels = k.includes("{") ? k.slice(k.indexOf("{") + 1, -1) : "";
        const join = (extra: string) => `{${[labels, extra].filter(Boolean).join(",")}}`;
        LATENCY_BUCKETS.forEach((le, i) => {
          lines.push(`${name}_bucket${join(`le="${le}"`)} ${h.buckets[i] ?? 0}`);
        });
        lines.push(`${name}_bucket${join('le="+Inf"')} ${h.count}`);
        lines.push(`${name}_sum${labels ? `{${labels}}` : ""} ${h.sum}`);
        lines.push(`${name}_count${labels ? `{${labels}}` : ""} ${h.count}`);
      }
    }
    return `${lines.join("\n")}\n`;
  }
}
