import os from "node:os";

/** Latency summary in milliseconds. */
export function summarize(samples: number[]): { count: number; p50: number; p99: number; max: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  const round = (n: number) => Math.round(n * 100) / 100;
  return { count: sorted.length, p50: round(at(0.5)), p99: round(at(0.99)), max: round(sorted.at(-1) ?? 0) };
}

/** What ran the bench: figures from different machines (or a busy one) do not compare. */
export function machine() {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() ?? "unknown",
    cores: cpus.length,
    loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100),
    node: process.version,
    platform: process.platform,
    arch: process.arch,
  };
}

/** `value / floor` to two decimals: the share of the floor's figure the project reaches (or costs). */
export function ratio(value: number, floor: number): number {
  return floor > 0 ? Math.round((value / floor) * 100) / 100 : 0;
}

export function progress(line: string): void {
  process.stderr.write(`\r\x1b[2K${line}`);
}

export function progressDone(): void {
  process.stderr.write("\n");
}

/** The middle value (the mean of the two middle ones for an even count); null for none. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Each numeric field of `rows` as its median, min and max over the rounds. */
export function overRounds<T extends Record<string, unknown>>(rows: T[]): Record<string, { median: number; min: number; max: number }> {
  const out: Record<string, { median: number; min: number; max: number }> = {};
  for (const key of Object.keys(rows[0] ?? {})) {
    const values = rows.map((r) => r[key]).filter((v): v is number => typeof v === "number");
    if (values.length !== rows.length) continue;
    out[key] = { median: Math.round((median(values) as number) * 1000) / 1000, min: Math.min(...values), max: Math.max(...values) };
  }
  return out;
}
