/**
 * Serves the Worker on ONE workerd through the Miniflare API, without the `wrangler dev` proxy
 * (which costs about 3× WebSocket throughput):
 * 1. `wrangler deploy --dry-run --outdir <tmp>` bundles the Worker exactly as it would be deployed;
 * 2. `new Miniflare(...)` serves that bundle with the bindings read from wrangler.toml: the D1
 *    database, every Durable Object binding (SQLite storage for the classes the migrations declare
 *    with `new_sqlite_classes`), and the vars with the given overrides. Storage is in memory, or
 *    on disk under `persistTo` (D1, Durable Objects and their alarms), which `npm run chaos` uses to
 *    kill workerd and serve the same storage again;
 * 3. the D1 migrations are applied by executing their SQL, statement by statement (once per storage).
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { Miniflare } from "miniflare";
import { unstable_readConfig, unstable_splitSqlQuery } from "wrangler";

export interface Workerd {
  url: string;
  /** What serves the Worker, for the report. */
  server: string;
  /** Error-level log lines the runtime printed (the Worker's request log is dropped). */
  errorLogs: string[];
  /** The bundle's source map, while it is served (`startWorkerd`): minified positions to our files. */
  sourceMap?: string;
  close(): Promise<void>;
}

/** The parts of the resolved wrangler config used here (its own type does not resolve from this package). */
export interface WranglerConfig {
  name?: string;
  compatibility_date: string;
  compatibility_flags: string[];
  vars: Record<string, unknown>;
  migrations: { tag: string; new_sqlite_classes?: string[] }[];
  durable_objects: { bindings: { name: string; class_name: string }[] };
  d1_databases: { binding: string; database_id?: string; migrations_dir?: string }[];
}

function run(cmd: string, args: string[], cwd = process.cwd()): Promise<void> {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, {
      cwd,
      stdio: ["ignore", "ignore", "pipe"],
      env: { ...process.env, CI: "true", WRANGLER_SEND_METRICS: "false" },
    });
    let err = "";
    p.stderr.on("data", (c: Buffer) => {
      err += c.toString();
    });
    p.on("error", reject);
    p.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} ${args.join(" ")} exited ${code}\n${err.slice(-2000)}`))));
  });
}

/**
 * The miniflare that wrangler itself depends on (and so the workerd that `wrangler dev` runs), not
 * whichever copy happens to be hoisted (the vitest plugin pins an older one).
 */
async function wranglersMiniflare(): Promise<{ module: typeof import("miniflare"); version: string; wrangler: string }> {
  const here = createRequire(import.meta.url);
  const wranglerPkg = here.resolve("wrangler/package.json");
  const fromWrangler = createRequire(wranglerPkg);
  const module = (await import(pathToFileURL(fromWrangler.resolve("miniflare")).href)) as typeof import("miniflare");
  const version = (fromWrangler("miniflare/package.json") as { version: string }).version;
  return { module, version, wrangler: (here(wranglerPkg) as { version: string }).version };
}

/** The Worker bundled by `wrangler deploy --dry-run`, with the wrangler config it was built from. */
export interface Bundle {
  outdir: string;
  config: WranglerConfig;
  configPath: string;
  /** Removes the bundle directory. */
  remove(): void;
}

export async function bundleWorker(configPath = "wrangler.toml"): Promise<Bundle> {
  // wrangler refuses a config whose [assets] directory is missing: build the web client once (in
  // the config's own tree, which is another checkout for `bench:profile --against`).
  const tree = dirname(resolve(configPath));
  if (existsSync(join(tree, "web", "vite.config.ts")) && !existsSync(join(tree, "dist", "web", "index.html"))) {
    await run(join(process.cwd(), "node_modules", ".bin", "vite"), ["build", "--config", "web/vite.config.ts", "--logLevel", "warn"], tree);
  }
  const outdir = mkdtempSync(join(tmpdir(), "orrery-bundle-"));
  const remove = () => rmSync(outdir, { recursive: true, force: true });
  try {
    await run(join(process.cwd(), "node_modules", ".bin", "wrangler"), ["deploy", "--dry-run", "--outdir", outdir, "--config", configPath]);
    const config = unstable_readConfig({ config: configPath }) as unknown as WranglerConfig;
    return { outdir, config, configPath, remove };
  } catch (e) {
    remove();
    throw e;
  }
}

export interface ServeOptions {
  /** Var overrides on top of wrangler.toml's. */
  vars: Record<string, string>;
  /** Keep D1 and Durable Object storage (alarms included) in this directory; in memory when absent. */
  persistTo?: string;
  /** Loopback port; 0 (the default) picks a free one. */
  port?: number;
  /** Apply the D1 migrations (a persisted database that has them already must skip this). */
  migrate?: boolean;
  /** Open the V8 inspector on this loopback port (bench:profile). */
  inspectorPort?: number;
}

/** Serves a bundle on one workerd; `close` stops it (the bundle stays). */
export async function serveBundle(bundle: Bundle, o: ServeOptions): Promise<Workerd> {
  const { config, outdir } = bundle;
  const main = join(outdir, "index.js");
  const sqliteClasses = new Set(config.migrations.flatMap((m) => m.new_sqlite_classes ?? []));
  const durableObjects = Object.fromEntries(
    config.durable_objects.bindings.map((b) => [b.name, { className: b.class_name, useSQLite: sqliteClasses.has(b.class_name) }]),
  );
  const d1 = config.d1_databases;
  const errorLogs: string[] = [];
  const { module: miniflare, version, wrangler } = await wranglersMiniflare();
  const { Miniflare, convertV4MiniflareOptions } = miniflare;
  const mf: Miniflare = new Miniflare(
    convertV4MiniflareOptions({
      host: "127.0.0.1",
      port: o.port ?? 0,
      name: config.name ?? "worker",
      modulesRoot: outdir,
      modules: [{ type: "ESModule", path: main, contents: readFileSync(main, "utf8") }],
      compatibilityDate: config.compatibility_date,
      compatibilityFlags: config.compatibility_flags,
      bindings: { ...(config.vars as Record<string, string>), ...o.vars },
      d1Databases: Object.fromEntries(d1.map((d) => [d.binding, d.database_id ?? d.binding])),
      durableObjects,
      ...(o.persistTo ? { resourcePersistencePath: o.persistTo } : {}),
      ...(o.inspectorPort ? { inspectorPort: o.inspectorPort } : {}),
      // The Worker logs every request as JSON; stdout belongs to the benchmark's report.
      handleStructuredLogs: (log) => {
        if (log.level === "error" && errorLogs.length < 20) errorLogs.push(log.message.slice(0, 500));
      },
    }),
  );
  try {
    const url = (await mf.ready).toString().replace(/\/$/, "");
    if (o.migrate ?? true) {
      for (const database of d1) {
        const db = await mf.getD1Database(database.binding);
        const dir = join(dirname(resolve(bundle.configPath)), database.migrations_dir ?? "migrations");
        for (const file of readdirSync(dir)
          .filter((f) => f.endsWith(".sql"))
          .sort()) {
          const statements = unstable_splitSqlQuery(readFileSync(join(dir, file), "utf8"));
          await db.batch(statements.map((s) => db.prepare(s)));
        }
      }
    }
    return {
      url,
      server: `Miniflare ${version} API (wrangler ${wrangler}'s own), one workerd process serving the Worker bundle from \`wrangler deploy --dry-run\`; not the wrangler dev proxy`,
      errorLogs,
      close: () => mf.dispose(),
    };
  } catch (e) {
    await mf.dispose().catch(() => {});
    throw e;
  }
}

/**
 * Vars of a local run that exercises the game, not the password hashing or the rate limits:
 * cheap password hashing, budgets no load generator reaches, and the Counter test game.
 */
export const LOCAL_RUN_VARS = {
  ENVIRONMENT: "development",
  ENABLE_COUNTER_GAME: "true",
  PASSWORD_ITERATIONS: "1000",
  RATE_LIMIT_AUTH_PER_MINUTE: "1000000",
  RATE_LIMIT_API_PER_MINUTE: "1000000",
} as const;

/** The floor's wrangler config (bench/floor): a bare Worker served the same way, for the benches' ratios. */
export const FLOOR_CONFIG = "bench/floor/wrangler.toml";

/**
 * Where the benches keep D1 and Durable Object storage. Miniflare's own "in-memory" storage is
 * SQLite files in the system's temporary directory, here on disk: every commit then waits for an
 * fsync on the isolate's thread, which a deployed object never does (its storage commits are
 * replicated while the output gate holds what it sends), so the figures would measure this
 * machine's disk. `ram` (the default where /dev/shm exists) puts the files on tmpfs; `disk`
 * (`BENCH_STORAGE=disk`) keeps Miniflare's default. Floor and project always share the setting.
 */
export function benchStorage(): "ram" | "disk" {
  const chosen = process.env.BENCH_STORAGE;
  if (chosen === "disk" || chosen === "ram") return chosen;
  return existsSync("/dev/shm") ? "ram" : "disk";
}

/** Bundles the Worker and serves it on one workerd with throwaway storage (see `benchStorage`); `close` removes both. */
export async function startWorkerd(
  vars: Record<string, string>,
  configPath = "wrangler.toml",
  options: Pick<ServeOptions, "inspectorPort"> = {},
): Promise<Workerd> {
  const bundle = await bundleWorker(configPath);
  const storage = benchStorage();
  const dir = storage === "ram" ? mkdtempSync(join("/dev/shm", "orrery-bench-")) : undefined;
  const removeDir = () => dir && rmSync(dir, { recursive: true, force: true });
  try {
    const served = await serveBundle(bundle, { vars, ...options, ...(dir ? { persistTo: dir } : {}) });
    const sourceMap = join(bundle.outdir, "index.js.map");
    return {
      ...served,
      ...(existsSync(sourceMap) ? { sourceMap } : {}),
      server: `${served.server}; storage: ${dir ? `RAM (tmpfs, ${dir})` : "Miniflare's default temporary files, on disk"}`,
      async close() {
        await served.close();
        bundle.remove();
        removeDir();
      },
    };
  } catch (e) {
    bundle.remove();
    removeDir();
    throw e;
  }
}

/** Each live process's `/proc/<pid>/<file>` as text; a process that ends meanwhile is left out. */
export function* procFiles(file: string): Generator<[number, string]> {
  for (const pid of readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
    let text: string;
    try {
      text = readFileSync(`/proc/${pid}/${file}`, "utf8");
    } catch {
      continue;
    }
    yield [Number(pid), text];
  }
}

/** The workerd processes this process started, with their /proc stat line. */
function workerdStats(): [number, string][] {
  const out: [number, string][] = [];
  for (const [pid, stat] of procFiles("stat")) {
    // "pid (comm) state ppid …": the command name may hold spaces.
    const comm = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
    const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
    if (comm.startsWith("workerd") && ppid === process.pid) out.push([pid, stat]);
  }
  return out;
}

export function workerdPids(): number[] {
  return workerdStats().map(([pid]) => pid);
}

/** CPU time (user + system, ms) of the workerd processes this process started; Linux /proc, 100 Hz ticks. */
export function workerdCpuMs(): number {
  let ticks = 0;
  for (const [, stat] of workerdStats()) {
    // Fields after the command name: state ppid … utime (12th) stime (13th).
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    ticks += Number(f[11]) + Number(f[12]);
  }
  return ticks * 10;
}
