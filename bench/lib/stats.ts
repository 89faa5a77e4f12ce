/** Latency summary in milliseconds. */
export function summarize(samples: number[]): { count: number; p50: number; p99: number; max: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  const round = (n: number) => Math.round(n * 100) / 100;
  return { count: sorted.length, p50: round(at(0.5)), p99: round(at(0.99)), max: round(sorted.at(-1) ?? 0) };
}

export function machine() {
  return { node: process.version, platform: process.platform, arch: process.arch };
}

export function progress(line: string): void {
  process.stderr.write(`\r\x1b[2K${line}`);
}

export function progressDone(): void {
  process.stderr.write("\n");
}
