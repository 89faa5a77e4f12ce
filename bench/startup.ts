/**
 * `npm run bench:startup`: prints JSON. The Worker bundle's size (as `wrangler deploy` would
 * upload it, raw and gzipped) and the cold start on workerd: from serving the bundle on a fresh
 * workerd (Miniflare API, lib/workerd.ts) to the first answer of `/healthz`, then of `/openapi.json`
 * (which builds the whole route table). The floor (bench/floor) is measured the same way: its
 * figures are what workerd and Miniflare cost on their own.
 *
 * Flags: --runs 3
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { Args } from "../scripts/lib/args";
import { machine, progress, progressDone } from "./lib/stats";
import { type Bundle, bundleWorker, FLOOR_CONFIG, LOCAL_RUN_VARS, serveBundle } from "./lib/workerd";

const args = new Args();
const RUNS = args.number("runs", 3, 1, 20);
const unknown = args.unknown(["runs"]);
if (unknown.length) throw new Error(`unknown flags: ${unknown.map((f) => `--${f}`).join(" ")}`);

function size(bundle: Bundle) {
  const files = readdirSync(bundle.outdir).filter((f) => f.endsWith(".js"));
  const bytes = files.reduce((sum, f) => sum + statSync(join(bundle.outdir, f)).size, 0);
  const gzip = files.reduce((sum, f) => sum + gzipSync(readFileSync(join(bundle.outdir, f))).length, 0);
  return { files: files.length, kilobytes: Math.round(bytes / 1024), gzipKilobytes: Math.round(gzip / 1024) };
}

async function timed(url: string): Promise<number> {
  const t0 = performance.now();
  const res = await fetch(url);
  await res.arrayBuffer();
  if (!res.ok) throw new Error(`${url}: ${res.status}`);
  return Math.round((performance.now() - t0) * 10) / 10;
}

/** Serves the bundle on a fresh workerd RUNS times; ms to the first answers, and to a warm one. */
async function coldStarts(bundle: Bundle, vars: Record<string, string>, paths: string[]) {
  const runs: Record<string, number>[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    const served = await serveBundle(bundle, { vars, migrate: false });
    try {
      const run: Record<string, number> = { serveMs: Math.round(performance.now() - t0) };
      for (const p of paths) run[`first ${p} ms`] = await timed(`${served.url}${p}`);
      run[`warm ${paths[0]} ms`] = await timed(`${served.url}${paths[0]}`);
      runs.push(run);
    } finally {
      await served.close();
    }
  }
  const keys = Object.keys(runs[0] ?? {});
  const median = (k: string) => [...runs.map((r) => r[k] as number)].sort((a, b) => a - b)[Math.floor(runs.length / 2)];
  return { runs, median: Object.fromEntries(keys.map((k) => [k, median(k)])) };
}

async function measure(label: string, configPath: string, vars: Record<string, string>, paths: string[]) {
  progress(`${label}: bundling…`);
  const bundle = await bundleWorker(configPath);
  try {
    progress(`${label}: cold starts…`);
    return { bundle: size(bundle), coldStart: await coldStarts(bundle, vars, paths) };
  } finally {
    bundle.remove();
  }
}

const floor = await measure("floor", FLOOR_CONFIG, {}, ["/healthz"]);
const project = await measure("project", "wrangler.toml", LOCAL_RUN_VARS, ["/healthz", "/openapi.json"]);
progressDone();
console.log(
  JSON.stringify(
    {
      benchmark: "startup",
      machine: machine(),
      note: "serveMs: Miniflare starts workerd and loads the bundle; first … ms: the first request (module evaluation, route table); the floor's figures are workerd's own cost",
      floor,
      project,
    },
    null,
    2,
  ),
);
process.exit(0);
