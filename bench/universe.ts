/**
 * `npm run bench:universe`: prints JSON.
 * 1. Pure engine: production evaluations/s and due completions processed/s for a shard of 5,000 planets.
 * 2. Combat (bench/combat.ts): battles/s, ms per battle and memory for 10k, 100k and 1M units per side.
 * 3. Through `wrangler dev`: concurrent players spread over the shards; planet reads/s and build
 *    commands/s with p50/p99 latency. Auth and API rate limits are lifted for the run.
 * 4. Fleets on one workerd (bench/fleets.ts): P players over S = 1 and S = 8 shards launching
 *    transports to each other; launches/s, arrivals/s, lateness p50/p99, conservation.
 *    `--fleets-only` runs just this phase; `--fleet-players=` and `--fleet-seconds=` size it.
 */
import {
  advance,
  createEmpire,
  DEFAULT_SETTINGS,
  type Empire,
  executeCommand,
  planetProduction,
  seededRng,
  UniverseSettingsSchema,
} from "../src/universe/engine/index";
import { COMBAT_NOTE, combatBench } from "./combat";
import { fleetBench } from "./fleets";
import { machine, progress, progressDone, summarize } from "./lib/stats";
import { LOCAL_RUN_VARS, startWorkerd } from "./lib/workerd";
import { startWranglerDev } from "./lib/wrangler-dev";

const args = new Map(process.argv.slice(2).map((a) => a.replace(/^--/, "").split("=") as [string, string]));
const PLANETS = Number(args.get("planets") ?? 5000);
const PLAYERS = Number(args.get("players") ?? 40);
const SECONDS = Number(args.get("seconds") ?? 10);

function engineBench() {
  const settings = UniverseSettingsSchema.parse({ economySpeed: 1, startingResources: { metal: 1e9, crystal: 1e9, deuterium: 1e9 } });
  const rng = seededRng(7);
  const t0 = Date.now();
  let empires: Empire[] = [];
  for (let i = 0; i < PLANETS; i++) {
    let n = 0;
    const created = createEmpire(
      { playerId: `p${i}`, coords: { galaxy: 1 + (i % 9), system: 1 + (Math.floor(i / 9) % 499), position: 4 + (i % 9) } },
      { now: t0, settings, newId: () => `p${i}-${n++}`, rng },
    );
    if (!created.ok) throw new Error(created.message);
    let empire = created.empire;
    const planetId = empire.planets[0]!.id;
    for (const object of ["metal_mine", "crystal_mine", "solar_plant"]) {
      const r = executeCommand(empire, { type: "queue_building", planetId, object }, { now: t0, settings, newId: () => `p${i}-${n++}` });
      if (r.ok) empire = r.empire;
    }
    empires.push(empire);
  }

  const evalStart = performance.now();
  let evaluations = 0;
  while (performance.now() - evalStart < 2000) {
    for (const e of empires) {
      planetProduction(e.planets[0]!, e.research, settings);
      evaluations++;
    }
  }
  const evalSeconds = (performance.now() - evalStart) / 1000;

  // Each empire's queue of three completes; `advance` to a time past all of them processes every due completion.
  const later = t0 + 24 * 3600_000;
  const advStart = performance.now();
  let completions = 0;
  empires = empires.map((e) => {
    const r = advance(e, { now: later, settings });
    completions += r.events.filter((ev) => ev.type === "building_complete").length;
    return r.empire;
  });
  const advSeconds = (performance.now() - advStart) / 1000;
  return {
    planets: PLANETS,
    productionEvaluationsPerSecond: Math.round(evaluations / evalSeconds),
    dueCompletionsProcessed: completions,
    dueCompletionsPerSecond: Math.round(completions / advSeconds),
    defaults: { economySpeed: DEFAULT_SETTINGS.economySpeed },
  };
}

async function json(res: Response) {
  const body = await res.json();
  if (!res.ok) throw new Error(`${res.status} ${JSON.stringify(body)}`);
  return body as any;
}

async function serverBench() {
  const port = 8790 + Math.floor(Math.random() * 100);
  const server = await startWranglerDev(
    {
      ENVIRONMENT: "development",
      ADMIN_USERNAME: "bench_admin",
      ADMIN_PASSWORD: "bench-admin-password",
      RATE_LIMIT_AUTH_PER_MINUTE: "1000000",
      RATE_LIMIT_API_PER_MINUTE: "1000000",
      PASSWORD_ITERATIONS: "1000",
    },
    port,
  );
  try {
    const post = (path: string, body: unknown, token?: string) =>
      fetch(`${server.url}${path}`, {
        method: "POST",
        headers: { "Content-Type": "application/json", ...(token ? { Authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify(body),
      });
    const admin = (await json(await post("/v1/auth/login", { login: "bench_admin", password: "bench-admin-password" }))).accessToken;
    const universe = `bench-${Date.now()}`;
    await json(
      await post(
        "/v1/admin/universes",
        {
          id: universe,
          name: "Bench",
          settings: { economySpeed: 100, startingResources: { metal: 1e9, crystal: 1e9, deuterium: 1e9 }, shardCount: 4 },
        },
        admin,
      ),
    );
    const players: { token: string; planet: string }[] = [];
    for (let i = 0; i < PLAYERS; i++) {
      progress(`joining players ${i + 1}/${PLAYERS}`);
      const reg = await json(await post("/v1/auth/register", { username: `bench_${universe.slice(-6)}_${i}`, password: "bench-password" }));
      const joined = await json(await post(`/v1/universes/${universe}/join`, {}, reg.accessToken));
      players.push({ token: reg.accessToken, planet: joined.empire.planets[0].id });
    }
    progressDone();
    // The ceiling of the dev proxy itself at this concurrency, to read the figures below against.
    let baseline = 0;
    const baseEnd = Date.now() + 3000;
    await Promise.all(
      players.map(async () => {
        while (Date.now() < baseEnd) {
          await (await fetch(`${server.url}/healthz`)).arrayBuffer();
          baseline++;
        }
      }),
    );
    const reads: number[] = [];
    const builds: number[] = [];
    let errors = 0;
    const objects = ["metal_mine", "crystal_mine", "solar_plant", "deuterium_synthesizer", "robot_factory"];
    const end = Date.now() + SECONDS * 1000;
    const ticker = setInterval(() => progress(`load: ${reads.length} reads, ${builds.length} builds, ${errors} errors`), 500);
    await Promise.all(
      players.map(async (p, i) => {
        let k = i;
        while (Date.now() < end) {
          const headers = { Authorization: `Bearer ${p.token}` };
          const r0 = performance.now();
          const r = await fetch(`${server.url}/v1/universes/${universe}/planets/${p.planet}`, { headers });
          await r.arrayBuffer();
          if (r.ok) reads.push(performance.now() - r0);
          else errors++;
          const object = objects[k++ % objects.length];
          const b0 = performance.now();
          const b = await fetch(`${server.url}/v1/universes/${universe}/planets/${p.planet}/buildings/${object}`, {
            method: "POST",
            headers,
          });
          await b.arrayBuffer();
          // queue_full is an answered command, not an error: the queue holds five entries.
          if (b.ok || b.status === 409) builds.push(performance.now() - b0);
          else errors++;
        }
      }),
    );
    clearInterval(ticker);
    progressDone();
    return {
      server: "wrangler dev (proxy + workerd), local D1 and Durable Objects",
      players: PLAYERS,
      shards: 4,
      seconds: SECONDS,
      healthzBaselinePerSecond: Math.round(baseline / 3),
      planetReadsPerSecond: Math.round(reads.length / SECONDS),
      buildCommandsPerSecond: Math.round(builds.length / SECONDS),
      readLatencyMs: summarize(reads),
      buildLatencyMs: summarize(builds),
      errors,
    };
  } finally {
    server.close();
  }
}

/** The fleet phase at S = 1 and S = 8 on one workerd, side by side. */
async function fleetsBench() {
  progress("building the Worker and starting workerd…");
  const server = await startWorkerd({ ...LOCAL_RUN_VARS, ADMIN_USERNAME: "bench_admin", ADMIN_PASSWORD: "bench-admin-password" });
  progressDone();
  try {
    const login = await fetch(`${server.url}/v1/auth/login`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ login: "bench_admin", password: "bench-admin-password" }),
    });
    const admin = (await json(login)).accessToken as string;
    const sized = { players: Number(args.get("fleet-players") ?? 32), seconds: Number(args.get("fleet-seconds") ?? 15) };
    const runs = [];
    for (const shards of [1, 8]) runs.push(await fleetBench(server.url, admin, { ...sized, shards }));
    return { server: server.server, runs };
  } finally {
    await server.close();
  }
}

const fleetsOnly = args.has("fleets-only");
const engine = fleetsOnly ? null : engineBench();
const combat = fleetsOnly || args.get("skip-combat") ? null : { note: COMBAT_NOTE, battles: combatBench() };
const served = fleetsOnly || args.get("engine-only") ? null : await serverBench();
const fleets = args.get("engine-only") ? null : await fleetsBench();
console.log(JSON.stringify({ benchmark: "universe", machine: machine(), engine, combat, served, fleets }, null, 2));
process.exit(0);
