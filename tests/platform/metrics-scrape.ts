import { call } from "../helpers/http";

/** The METRICS_TOKEN vitest.config.ts gives the Worker (tests run with ENVIRONMENT=production). */
export const METRICS_TOKEN = "test-metrics-token";

export async function scrape(): Promise<string> {
  const res = await call("/metrics", { token: METRICS_TOKEN });
  if (res.status !== 200) throw new Error(`/metrics answered ${res.status}`);
  return res.text();
}

/** The value of one counter series (0 when it has not been recorded yet); labels as Prometheus prints them. */
export async function counter(name: string, labels = ""): Promise<number> {
  const series = labels ? `${name}{${labels}}` : name;
  const line = (await scrape()).split("\n").find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}
